// From RDB entries to keys: how loaded entries become keys again (the way out is snapshot.ts), and
// which access hint a file carries. File framing lives in rdb-file.ts, value bytes in rdb-value*.ts.
import type { Db } from '../keyspace/db.js'
import { setAccessHint } from '../keyspace/lru.js'
import { fromRdbValue } from './rdb-value-keyspace.js'
import { RdbFileError, readRdbFile, type RdbVisitor } from './rdb-file.js'

/** Which access hint a key carries in a file, by maxmemory-policy (rdbSaveKeyValuePair). */
export type AccessHint = 'idle' | 'freq' | 'none'

export interface LoadOptions {
  now: number
  /** A master drops keys that expired while the file sat on disk; a replica keeps them for its master's DEL. */
  dropExpired: boolean
  /** DEBUG RELOAD MERGE: a loaded key replaces one already there instead of being an error. */
  merge?: boolean
  /** Sees the AUX fields (a replica reads repl-stream-db from a full-sync payload). */
  aux?: (key: string, value: string) => void
  /** Told of each key dropped as expired (a master starting up feeds their DELs to its backlog). */
  onExpired?: (db: number, key: string) => void
  /** rdbchecksum: false leaves the trailer unchecked, as Redis does then. */
  verifyChecksum?: boolean
}

export interface LoadResult {
  keys: number
  expiredSkipped: number
  emptySkipped: number
}

/**
 * Loads a whole file into the databases. A key that is already there is an error unless merging (Redis
 * panics there; the caller decides what an error means: at start-up, exit 1).
 */
export function loadRdb(buf: Buffer, dbs: readonly Db[], opts: LoadOptions): LoadResult {
  const { visitor, result } = loadingVisitor(dbs, opts)
  readRdbFile(buf, visitor, dbs.length, opts.verifyChecksum ?? true)
  return result
}

/** What loadRdb does with each entry, for a reader of the caller's choosing (a replica's RdbStreamReader). */
export function loadingVisitor(dbs: readonly Db[], opts: LoadOptions): { visitor: RdbVisitor; result: LoadResult } {
  const result: LoadResult = { keys: 0, expiredSkipped: 0, emptySkipped: 0 }
  // keys inserted in bulk take their access time from here (Db.insertLoaded)
  for (const db of dbs) db.lruBase = db.lruClock
  const visitor: RdbVisitor = {
    aux: opts.aux,
    entry: (e) => {
      if (opts.dropExpired && e.expireAt !== null && e.expireAt < opts.now) {
        result.expiredSkipped++
        opts.onExpired?.(e.db, e.key)
        return
      }
      const db = dbs[e.db]
      // a key that was already there shows as a size that did not grow: one Map operation per key
      // instead of two; the overwrite is what MERGE wants, and without it the load fails anyway
      const size = db.size
      if (opts.merge === true) db.set(e.key, fromRdbValue(e.value, db.limits))
      else db.insertLoaded(e.key, fromRdbValue(e.value, db.limits))
      if (db.size === size && opts.merge !== true) throw new RdbFileError(`RDB has duplicated key '${e.key}' in DB ${e.db}`, -1, 'duplicate')
      if (e.expireAt !== null) db.setExpire(e.key, e.expireAt)
      setAccessHint(db, e.key, e.idle, e.freq)
      result.keys++
    },
    skippedEmpty: () => { result.emptySkipped++ },
  }
  return { visitor, result }
}
