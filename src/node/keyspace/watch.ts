// WATCH bookkeeping: which clients watch which keys, and marking them dirty when a key changes
// (signalModifiedKey -> touchWatchedKey in Redis).
import type { ClientState } from '../client/state.js'

const watchId = (dbIndex: number, key: string): string => `${dbIndex}\0${key}`

/** The database SWAPDB moves into a db's place: whether it holds a key, and whether that key's TTL has passed. */
export interface DbReplacement {
  has(key: string): boolean
  expired(key: string): boolean
}

export class WatchRegistry {
  private readonly watchers = new Map<string, Set<ClientState>>()

  get size(): number { return this.watchers.size }

  /** Number of distinct watched keys (INFO watching_clients / total_watched_keys). */
  get keyCount(): number { return this.watchers.size }

  /** `expiredNow`: the key is already logically expired (its later expiry must not abort EXEC). */
  watch(client: ClientState, dbIndex: number, key: string, expiredNow: boolean): void {
    const id = watchId(dbIndex, key)
    if (client.watched.has(id)) return
    client.watched.set(id, expiredNow)
    let set = this.watchers.get(id)
    if (!set) this.watchers.set(id, (set = new Set()))
    set.add(client)
  }

  unwatchAll(client: ClientState): void {
    for (const id of client.watched.keys()) {
      const set = this.watchers.get(id)
      if (!set) continue
      set.delete(client)
      if (set.size === 0) this.watchers.delete(id)
    }
    client.watched.clear()
    client.dirtyCas = false
  }

  /**
   * touchWatchedKey(): the key's watchers turn dirty, except one that WATCHed it already expired while
   * the key is now gone: its expiry only made the deletion visible, no logical change (the flag clears).
   */
  touch(dbIndex: number, key: string, existsNow: boolean): void {
    const id = watchId(dbIndex, key)
    const set = this.watchers.get(id)
    if (!set) return
    for (const c of set) {
      if (c.watched.get(id) === true && !existsNow) c.watched.set(id, false)
      else c.dirtyCas = true
    }
  }

  /**
   * touchAllWatchedKeysInDb(): FLUSHDB/FLUSHALL empty `dbIndex`, SWAPDB also refills it from
   * `replacement`. Watchers of a key present before or after turn dirty, but a key watched already
   * expired that is now gone, or still expired, counts as unchanged (and a missing key replaced by an
   * expired one becomes "watched expired"). Without `inEmptied` every watched key counts as present.
   */
  touchDb(dbIndex: number, inEmptied?: (key: string) => boolean, replacement?: DbReplacement): void {
    const prefix = `${dbIndex}\0`
    for (const [id, set] of this.watchers) {
      if (!id.startsWith(prefix)) continue
      const key = id.slice(prefix.length)
      const here = inEmptied ? inEmptied(key) : true
      const there = replacement?.has(key) ?? false
      if (!here && !there) continue
      for (const c of set) this.touchForDb(c, id, key, here, there, replacement)
    }
  }

  private touchForDb(c: ClientState, id: string, key: string, here: boolean, there: boolean, replacement?: DbReplacement): void {
    if (c.watched.get(id) === true) {
      if (!there) { c.watched.set(id, false); return }
      if (replacement?.expired(key)) return
    } else if (!here && replacement?.expired(key)) {
      c.watched.set(id, true)
      return
    }
    c.dirtyCas = true
  }

  /**
   * isWatchedKeyExpired(): a key that was live when WATCHed but has passed its TTL by EXEC time counts
   * as modified, even though nothing deleted it yet.
   */
  expiredSinceWatch(client: ClientState, isExpired: (dbIndex: number, key: string) => boolean): boolean {
    for (const [id, expiredAtWatch] of client.watched) {
      if (expiredAtWatch) continue
      const sep = id.indexOf('\0')
      if (isExpired(Number(id.slice(0, sep)), id.slice(sep + 1))) return true
    }
    return false
  }
}
