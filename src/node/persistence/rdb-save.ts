// SAVE and start-up loading for rcl-node: the keyspace to and from `dir/dbfilename`. The AUX fields
// are the ones Redis 7.0 writes on a server without replication.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { isLfuPolicy, isLruPolicy } from '../keyspace/lru.js'
import { usedMemory } from '../info/sampler.js'
import type { Server } from '../server.js'
import { REDIS_VERSION } from '../version.js'
import { loadRdb, type AccessHint, type LoadResult } from './keyspace-rdb.js'
import { writeFileAtomically } from './rdb-disk.js'
import { auxLogger, logDoneLoading } from './rdb-load.js'
import { KeyspaceSnapshot } from './snapshot.js'

export function rdbPath(server: Server): string {
  return join(server.config.get('dir'), server.config.get('dbfilename'))
}

function accessHint(server: Server): AccessHint {
  const policy = server.config.get('maxmemory-policy')
  return isLruPolicy(policy) ? 'idle' : isLfuPolicy(policy) ? 'freq' : 'none'
}

export interface SnapshotPurpose {
  /** The base file of a rewritten AOF: an RDB marked aof-base 1, or commands without the preamble. */
  aofBase?: boolean
  /** A full-sync payload: the stream's db, id and offset go in the repl-* AUX fields. */
  repl?: { streamDb: number; replid: string; offset: number }
}

/** A snapshot of the keyspace as it is now, with this server's header and file options; not yet watching. */
export function newSnapshot(server: Server, purpose: SnapshotPurpose = {}): KeyspaceSnapshot {
  const now = server.clock.now()
  const aofBase = purpose.aofBase === true
  // a plain dump carries the replication state when there is one, so a restart can continue partially
  const repl = purpose.repl ?? (aofBase ? null : server.replication.saveInfo()) ?? undefined
  const replAux: Array<[string, string]> = repl === undefined ? [] : [['repl-stream-db', String(repl.streamDb)], ['repl-id', repl.replid], ['repl-offset', String(repl.offset)]]
  return new KeyspaceSnapshot(server.dbs, {
    compress: server.config.getBool('rdbcompression'),
    checksum: server.config.getBool('rdbchecksum'),
    limits: server.encodingLimits,
    hint: accessHint(server),
    format: aofBase && !server.config.getBool('aof-use-rdb-preamble') ? 'aof' : 'rdb',
    timestamp: aofBase && server.config.getBool('aof-timestamp-enabled') ? Math.floor(now / 1000) : undefined,
    aux: [['redis-ver', REDIS_VERSION], ['redis-bits', '64'], ['ctime', String(Math.floor(now / 1000))], ['used-mem', String(usedMemory())], ...replAux, ['aof-base', aofBase ? '1' : '0']],
  })
}

/** Every piece of a snapshot taken now, at once (nothing changes meanwhile, so nothing is watched). */
export function drain(snap: KeyspaceSnapshot): Buffer[] {
  const chunks: Buffer[] = []
  for (let c = snap.next(Infinity, 1024); c !== null; c = snap.next(Infinity, 1024)) chunks.push(c)
  return chunks
}

/** The whole keyspace as RDB file bytes, produced at once. */
export function snapshotChunks(server: Server): Buffer[] {
  return drain(newSnapshot(server))
}

/**
 * Writes the dump synchronously (SAVE, DEBUG RELOAD, FLUSHALL, SHUTDOWN). False, with the reason logged,
 * when it cannot.
 */
export function saveSync(server: Server): boolean {
  try {
    writeFileAtomically(server.config.get('dir'), server.config.get('dbfilename'), snapshotChunks(server))
  } catch (e) {
    server.log.warning(`Failed saving the DB: ${(e as Error).message}`)
    return false
  }
  server.rdb.saved(server.clock.now())
  server.log.notice('DB saved on disk')
  return true
}

/**
 * Loads `dir/dbfilename` into the keyspace at once (DEBUG RELOAD; start-up loads in slices, see
 * startup-load.ts). Returns null when there is no such file; throws RdbFileError when the file cannot
 * be loaded (keys read before the fault stay). The file itself is only read.
 */
export function loadDump(server: Server, merge = false, onAux?: (key: string, value: string) => void, onExpired?: (db: number, key: string) => void): LoadResult | null {
  let buf: Buffer
  try {
    buf = readFileSync(rdbPath(server))
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw e
  }
  const started = server.clock.now()
  // a replica keeps expired keys for its master's DEL, as Redis drops them only when it is a master
  const dropExpired = server.config.get('replicaof') === ''
  const result = loadRdb(buf, server.dbs, {
    now: started, dropExpired, merge, aux: auxLogger(server, onAux), verifyChecksum: server.config.getBool('rdbchecksum'), onExpired,
  })
  server.rdb.lastLoad.loaded = result.keys
  server.rdb.lastLoad.expired = result.expiredSkipped
  logDoneLoading(server, result)
  server.log.notice(`DB loaded from disk: ${((server.clock.now() - started) / 1000).toFixed(3)} seconds`)
  return result
}
