// Small helpers the generic keyspace and expire families share: Redis's lookup variants that the core
// Db does not spell out (no-touch reads with stats and "keymiss"), cross-db change signals, and the
// cluster-mode check for the commands cluster mode forbids.
import type { Db } from '../keyspace/db.js'
import { copyStringHint } from '../keyspace/string-encoding.js'
import type { Value } from '../keyspace/value.js'
import { err, NOT_INTEGER } from '../resp/errors.js'
import type { ReplyError } from '../resp/types.js'
import type { Server } from '../server.js'
import { parseIntStrict } from '../util/int.js'
import type { NotifyClass } from '../keyspace/notify.js'
import type { CommandContext } from './core/types.js'

/**
 * lookupKeyReadWithFlags(LOOKUP_NOTOUCH): lazy expiry, keyspace hit/miss stats and the "keymiss"
 * event, but the key's idle time is left alone (EXISTS, TYPE, TTL...).
 */
export function readNoTouch(ctx: CommandContext, key: string): Value | undefined {
  const db = ctx.db
  const v = db.peek(key)
  if (v === undefined) {
    db.misses++
    ctx.notify('m', 'keymiss', key)
  } else db.hits++
  return v
}

/** lookupKeyRead(): like Db.lookupRead, plus the "keymiss" event Redis sends on a miss. */
export function readTouch(ctx: CommandContext, key: string): Value | undefined {
  const v = ctx.db.lookupRead(key)
  if (v === undefined) ctx.notify('m', 'keymiss', key)
  return v
}

/** signalModifiedKey + notifyKeyspaceEvent for a key of any db, without counting a change. */
export function signalIn(server: Server, db: Db, key: string, type: NotifyClass, event: string): void {
  server.signalModifiedKey(db.id, key)
  if (server.notifications.enabled) server.notifications.notify(type, event, key, db.id)
}

/** True when the node runs in cluster mode (cluster-enabled yes at start-up). */
export function clusterEnabled(server: Server): boolean {
  return server.mode === 'cluster'
}

/**
 * RENAME, COPY ... REPLACE and RESTORE ... REPLACE drop the target and add it anew (dbDelete + dbAdd), so
 * for clients blocked on it the new value is a created key, which wakes them (an overwrite would not).
 */
export function replacedKey(server: Server, db: Db, key: string): void {
  server.blocking.signal(db.id, key, null)
}

const INT_RANGE = err('value is out of range, value must between -2147483648 and 2147483647')

/** getIntFromObjectOrReply(): a 32-bit integer; `invalid` replaces the generic error text when given. */
export function readInt32(s: string, invalid?: ReplyError): number {
  const n = parseIntStrict(s)
  if (n === null) throw invalid ?? NOT_INTEGER
  if (n < -2147483648 || n > 2147483647) throw invalid ?? INT_RANGE
  return n
}

/**
 * Moves a live key to `dstKey` in `dst` (same db for RENAME, another for MOVE) with everything that
 * belongs to it: TTL, access time and string-encoding hint. The target must be free.
 */
export function relocateKey(src: Db, srcKey: string, value: Value, dst: Db, dstKey: string): void {
  const expire = src.getExpire(srcKey)
  const lru = src.lru.get(srcKey) ?? src.lruBase
  dst.set(dstKey, value)
  if (expire !== -1) dst.setExpire(dstKey, expire)
  if (lru !== undefined) dst.lru.set(dstKey, lru)
  copyStringHint(src, srcKey, dst, dstKey)
  src.delete(srcKey)
}
