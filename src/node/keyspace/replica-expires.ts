// Keys that clients of a writable replica (replica-read-only no) gave a TTL on the replica itself, which
// the replica must expire on its own since its master never heard of them: Redis's slaveKeysWithExpire
// and expireSlaveKeys(). Keys with a TTL from the master are not here; they go by the master's DEL.
import type { Db } from './db.js'

/** Redis keeps the dbs of a name as bits of a 64-bit word: keys of higher dbs are never tracked. */
const MAX_TRACKED_DB = 63
/** Stop a pass after finding this many tracked keys that still have time left (expireSlaveKeys: > 3). */
const ENOUGH_UNEXPIRED = 3
/** Check the clock every this many keys; stop past the budget. */
const KEYS_PER_CLOCK_CHECK = 64
const BUDGET_MS = 1

export class ReplicaKeysWithExpire {
  /** Key name -> the ids of the dbs where a client of this replica gave it a TTL. */
  private readonly keys = new Map<string, Set<number>>()
  /** Where the last pass stopped (Redis picks keys at random; a resumable walk visits them all in turn). */
  private walk: IterableIterator<[string, Set<number>]> = this.keys.entries()

  /** slave_expires_tracked_keys: names tracked, whatever the count of their dbs. */
  get size(): number { return this.keys.size }

  /** rememberSlaveKeyWithExpire(): a client of this writable replica set a TTL on `key` in db `dbId`. */
  remember(dbId: number, key: string): void {
    if (dbId > MAX_TRACKED_DB) return
    const dbs = this.keys.get(key)
    if (dbs === undefined) this.keys.set(key, new Set([dbId]))
    else dbs.add(dbId)
  }

  /**
   * flushSlaveKeysWithExpireList(): every db was emptied (FLUSHALL, a full sync); keys that come back
   * under these names are the master's and must not be expired here.
   */
  flush(): void {
    this.keys.clear()
    this.walk = this.keys.entries()
  }

  /**
   * expireSlaveKeys(), from the cron: visits tracked names, removing through `db.deleteExpired` (counted,
   * notified, written to the AOF as DEL) those whose time has come, and forgetting names that no longer
   * have a TTL in a db. Stops after a few that still have time left, or when the budget is spent.
   */
  expire(dbs: readonly Db[], now: () => number): void {
    const start = now()
    let unexpired = 0
    let visited = 0
    while (this.keys.size > 0) {
      const [key, ids] = this.next()
      for (const id of ids) {
        const db = dbs[id]
        const when = db?.expires.get(key)
        if (when !== undefined && when < start) db.deleteExpired(key)
        else if (when !== undefined) { unexpired++; continue }
        ids.delete(id)
      }
      if (ids.size === 0) this.keys.delete(key)
      if (unexpired > ENOUGH_UNEXPIRED) break
      if (++visited % KEYS_PER_CLOCK_CHECK === 0 && now() - start > BUDGET_MS) break
    }
  }

  /** The next tracked name, starting the walk over at the end; the caller has checked the map is not empty. */
  private next(): [string, Set<number>] {
    let step = this.walk.next()
    if (step.done === true) {
      this.walk = this.keys.entries()
      step = this.walk.next()
    }
    return step.value as [string, Set<number>]
  }
}
