// WATCH bookkeeping: which clients watch which keys, and marking them dirty when a key changes
// (signalModifiedKey -> touchWatchedKey in Redis).
import type { ClientState } from '../net/client.js'

const watchId = (dbIndex: number, key: string): string => `${dbIndex}\0${key}`

export class WatchRegistry {
  private readonly watchers = new Map<string, Set<ClientState>>()

  get size(): number { return this.watchers.size }

  watch(client: ClientState, dbIndex: number, key: string): void {
    const id = watchId(dbIndex, key)
    if (client.watched.has(id)) return
    client.watched.add(id)
    let set = this.watchers.get(id)
    if (!set) this.watchers.set(id, (set = new Set()))
    set.add(client)
  }

  unwatchAll(client: ClientState): void {
    for (const id of client.watched) {
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
}
