// Generic commands that reach beyond the selected db: COPY, MOVE, SWAPDB, FLUSHDB, FLUSHALL.
// Their rows are in keys.ts. Errors and event names follow Redis 7.0's db.c.
import type { Db } from '../keyspace/db.js'
import type { DbReplacement } from '../keyspace/watch.js'
import { copyStringHintAsDuplicate } from '../keyspace/string-encoding.js'
import type { Value } from '../keyspace/value.js'
import { err, OUT_OF_RANGE_DB, SYNTAX } from '../resp/errors.js'
import { OK, type Reply } from '../resp/types.js'
import type { Server } from '../server.js'
import { clusterEnabled, readInt32, readTouch, relocateKey, replacedKey, signalIn } from './keys-common.js'
import type { CommandContext } from './core/types.js'

const SAME_OBJECT = err('source and destination objects are the same')

/** The db at `index`, or the "DB index is out of range" error. */
function dbAt(server: Server, index: number): Db {
  if (index < 0 || index >= server.dbs.length) throw OUT_OF_RANGE_DB
  return server.dbs[index]
}

/** COPY source destination [DB destination-db] [REPLACE] */
export function copyCommand(ctx: CommandContext, argv: string[]): Reply {
  const src = ctx.db
  let dst = src
  let replace = false
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j].toLowerCase()
    if (opt === 'replace') replace = true
    else if (opt === 'db' && j + 1 < argv.length) {
      dst = dbAt(ctx.server, readInt32(argv[++j]))
    } else throw SYNTAX
  }
  if (clusterEnabled(ctx.server) && (src.id !== 0 || dst.id !== 0)) {
    throw err('Copying to another database is not allowed in cluster mode')
  }
  const [, key, newkey] = argv
  if (src === dst && key === newkey) throw SAME_OBJECT
  const value = readTouch(ctx, key)
  if (value === undefined) return 0
  const expire = src.getExpire(key)
  if (dst.get(newkey) !== undefined) {
    if (!replace) return 0
    dst.delete(newkey)
    replacedKey(ctx.server, dst, newkey)
  }
  dst.set(newkey, copyValue(value))
  if (expire !== -1) dst.setExpire(newkey, expire)
  if (typeof value === 'string') copyStringHintAsDuplicate(src, key, dst, newkey)
  ctx.server.dirty++
  signalIn(ctx.server, dst, newkey, 'g', 'copy_to')
  return 1
}

/** Strings are immutable JS strings and can be shared; other values are deep-copied. */
function copyValue(v: Value): Value {
  return typeof v === 'string' ? v : v.clone()
}

/** MOVE key db */
export function moveCommand(ctx: CommandContext, argv: string[]): Reply {
  const server = ctx.server
  if (clusterEnabled(server)) throw err('MOVE is not allowed in cluster mode')
  const src = ctx.db
  const dst = dbAt(server, readInt32(argv[2]))
  if (src === dst) throw SAME_OBJECT
  const key = argv[1]
  const value = src.get(key)
  if (value === undefined) return 0
  if (dst.get(key) !== undefined) return 0
  relocateKey(src, key, value, dst, key)
  server.dirty++
  server.signalModifiedKey(src.id, key)
  server.signalModifiedKey(dst.id, key)
  if (server.notifications.enabled) {
    server.notifications.notify('g', 'move_from', key, src.id)
    server.notifications.notify('g', 'move_to', key, dst.id)
  }
  return 1
}

/** SWAPDB index1 index2 */
export function swapdbCommand(ctx: CommandContext, argv: string[]): Reply {
  const server = ctx.server
  if (clusterEnabled(server)) throw err('SWAPDB is not allowed in cluster mode')
  const id1 = readInt32(argv[1], err('invalid first DB index'))
  const id2 = readInt32(argv[2], err('invalid second DB index'))
  const db1 = dbAt(server, id1)
  const db2 = dbAt(server, id2)
  if (db1 !== db2) swapDatabases(server, db1, db2)
  server.dirty++
  return OK
}

/**
 * dbSwapDatabases(): watchers of a key that exists on either side see their transaction fail, and
 * clients blocked on a key that now exists are retried.
 */
function swapDatabases(server: Server, db1: Db, db2: Db): void {
  if (server.watch.size !== 0) {
    const now = server.clock.now()
    const replacedBy = (db: Db): DbReplacement => ({ has: (k) => db.data.has(k), expired: (k) => db.isLogicallyExpired(k, now) })
    server.watch.touchDb(db1.id, (k) => db1.data.has(k), replacedBy(db2))
    server.watch.touchDb(db2.id, (k) => db2.data.has(k), replacedBy(db1))
  }
  db1.swapContents(db2)
  const tmp = db1.avgTtl
  db1.avgTtl = db2.avgTtl
  db2.avgTtl = tmp
  server.blocking.signalDb(db1.id, (k) => db1.data.has(k))
  server.blocking.signalDb(db2.id, (k) => db2.data.has(k))
}

/** The optional ASYNC|SYNC argument of FLUSHDB/FLUSHALL (both run synchronously here). */
function checkFlushArgs(argv: string[]): void {
  if (argv.length > 2) throw SYNTAX
  if (argv.length === 2) {
    const mode = argv[1].toLowerCase()
    if (mode !== 'async' && mode !== 'sync') throw SYNTAX
  }
}

/** emptyData() for one db: WATCHers of existing keys are dirtied first (signalFlushedDb). */
export function flushDb(server: Server, db: Db): number {
  if (server.watch.size !== 0 && db.size !== 0) server.watch.touchDb(db.id, (k) => db.data.has(k))
  server.blocking.flushedDb(db.id)
  db.avgTtl = 0
  return db.clear()
}

/** FLUSHDB [ASYNC|SYNC] */
export function flushdbCommand(ctx: CommandContext, argv: string[]): Reply {
  checkFlushArgs(argv)
  ctx.server.dirty += flushDb(ctx.server, ctx.db)
  ctx.propagateAs = [argv] // replicated even when the db was already empty
  return OK
}

/** FLUSHALL [ASYNC|SYNC] */
export function flushallCommand(ctx: CommandContext, argv: string[]): Reply {
  checkFlushArgs(argv)
  const server = ctx.server
  for (const db of server.dbs) server.dirty += flushDb(server, db)
  server.replicaKeysWithExpire.flush()
  // a save in flight would bring the old data back; with save points the empty set is saved at once
  server.rdb.afterFlushAll()
  ctx.propagateAs = [argv]
  return OK
}
