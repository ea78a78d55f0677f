// WATCH bookkeeping: which clients watch which keys, and marking them dirty when a key changes
// (signalModifiedKey -> touchWatchedKey in Redis).
import type { ClientState } from '../net/client.js'

const watchId = (dbIndex: number, key: string): string => `${dbIndex}\0${key}`

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

  touch(dbIndex: number, key: string): void {
    const set = this.watchers.get(watchId(dbIndex, key))
    if (set) for (const c of set) c.dirtyCas = true
  }

  /** FLUSHDB/FLUSHALL/SWAPDB: every watcher of a key in `dbIndex` (that exists, when `exists` is given). */
  touchDb(dbIndex: number, exists?: (key: string) => boolean): void {
    const prefix = `${dbIndex}\0`
    for (const [id, set] of this.watchers) {
      if (!id.startsWith(prefix)) continue
      if (exists && !exists(id.slice(prefix.length))) continue
      for (const c of set) c.dirtyCas = true
    }
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
