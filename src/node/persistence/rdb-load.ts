// Reading an RDB into the keyspace at start-up (the dump, or the RDB base of an AOF) the way Redis's
// rdbLoad() paces it: what it logs of the AUX fields, key-load-delay after each key, and a pause for
// clients each time another loading-process-events-interval-bytes have been read. The file format is
// rdb-file.ts's business; what becomes of each entry is keyspace-rdb.ts's.
import type { Server } from '../server.js'
import { loadingVisitor, type LoadResult } from './keyspace-rdb.js'
import { keyLoadDelay, loadPacing, type LoadSteps } from './loading.js'
import { RdbFileCursor, type RdbVisitor } from './rdb-file.js'

export interface SlicedRdbLoad {
  /** Bytes of the files loaded before this one: progress counts on from there. */
  baseOffset: number
  /** A master drops keys that expired while the file sat on disk. */
  dropExpired: boolean
  /** Sees each AUX field after it is logged (the dump's repl-* fields). */
  aux?: (key: string, value: string) => void
  /** Told of each key dropped as expired (a master starting up feeds their DELs to its backlog). */
  onExpired?: (db: number, key: string) => void
}

/**
 * Loads `buf` into the server's dbs in slices, pausing between them (see LoadSteps); INFO's loading
 * figures and rdb_last_load_keys_* follow along. Throws RdbFileError for a damaged file.
 */
export function* rdbLoadSteps(server: Server, buf: Buffer, job: SlicedRdbLoad): LoadSteps<LoadResult> {
  const pacing = loadPacing(server.config)
  const { visitor, result } = loadingVisitor(server.dbs, { now: server.clock.now(), dropExpired: job.dropExpired, aux: auxLogger(server, job.aux), onExpired: job.onExpired })
  const cursor = new RdbFileCursor(buf, withKeyDelay(visitor, pacing.keyDelayUs), server.dbs.length, server.config.getBool('rdbchecksum'))
  const interval = pacing.intervalBytes
  const loading = server.loading
  const lastLoad = server.rdb.lastLoad
  for (;;) {
    const done = cursor.readUntil((Math.floor(cursor.offset / interval) + 1) * interval)
    loading.loadedBytes = job.baseOffset + cursor.offset
    lastLoad.loaded = result.keys
    lastLoad.expired = result.expiredSkipped
    if (done !== null) return result
    yield
  }
}

/** The line rdbLoad() ends with; empty aggregates it skipped make it a warning that counts them. */
export function logDoneLoading(server: Server, r: LoadResult): void {
  if (r.emptySkipped > 0) server.log.warning(`Done loading RDB, keys loaded: ${r.keys}, keys expired: ${r.expiredSkipped}, empty keys skipped: ${r.emptySkipped}.`)
  else server.log.notice(`Done loading RDB, keys loaded: ${r.keys}, keys expired: ${r.expiredSkipped}.`)
}

/** key-load-delay after every key read, whether it is kept or dropped as expired (as rdbLoad() does). */
function withKeyDelay(visitor: RdbVisitor, delayUs: number): RdbVisitor {
  if (delayUs === 0) return visitor
  return { ...visitor, entry: (e) => { visitor.entry(e); keyLoadDelay(delayUs) } }
}

/** C's strtoll() of an AUX value: its leading integer, 0 when there is none. */
function leadingInteger(value: string): number {
  const m = /^\s*([+-]?\d+)/.exec(value)
  return m === null ? 0 : Number(m[1])
}

/** What rdbLoad() logs of the AUX fields it knows, before passing each on to `next`. */
export function auxLogger(server: Server, next?: (key: string, value: string) => void): (key: string, value: string) => void {
  return (key, value) => {
    logAuxField(server, key, value)
    next?.(key, value)
  }
}

function logAuxField(server: Server, key: string, value: string): void {
  const log = server.log
  switch (key) {
    case 'redis-ver': log.notice(`Loading RDB produced by version ${value}`); return
    case 'ctime': {
      const age = Math.max(0, Math.floor(server.clock.now() / 1000) - leadingInteger(value))
      log.notice(`RDB age ${age} seconds`)
      return
    }
    case 'used-mem': {
      const bytes = leadingInteger(value)
      server.loading.rdbUsedMem = bytes
      log.notice(`RDB memory usage when created ${(bytes / (1024 * 1024)).toFixed(2)} Mb`)
      return
    }
    case 'aof-preamble': if (leadingInteger(value) !== 0) log.notice('RDB has an AOF tail'); return
    case 'aof-base': if (leadingInteger(value) !== 0) log.notice('RDB is base AOF'); return
    case 'redis-bits': case 'repl-stream-db': case 'repl-id': case 'repl-offset': case 'lua': return
    default: log.debug(`Unrecognized RDB AUX field: '${key}'`)
  }
}
