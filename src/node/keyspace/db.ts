// One logical database: the key -> value Map, the expires Map (absolute ms), lazy expiry on access,
// and the optional per-slot index. Knows nothing of clients or replies except the WRONGTYPE error.
import { WRONGTYPE } from '../resp/errors.js'
import type { Clock } from '../util/clock.js'
import type { EncodingLimits } from './limits.js'
import { lfuInit, lfuTouch, lruClockOf, type LfuState } from './lru.js'
import { SlotIndex } from './slot-index.js'
import type { RObject, Value, ObjectType } from './value.js'

/** What the keyspace tells the rest of the server; implemented in server.ts. */
export interface KeyspaceHooks {
  clock: Clock
  /** The server's encoding thresholds: the values built in this db keep and obey them. */
  readonly encodingLimits: EncodingLimits
  /** A key was removed by expiry (lazy or active): notify "expired", propagate DEL. */
  onExpired(db: Db, key: string): void
  /** True on a replica: expired keys read as missing but are deleted only by the master's DEL. */
  readonly expiresDeferred: boolean
  /** True while an AOF command or our master's runs: no key is expired, they all read as live. */
  readonly replaying?: boolean
  /** A TTL was set on a key (a writable replica remembers the ones its own clients set). */
  onExpireSet?(db: Db, key: string): void
}

/**
 * Told before a key may change while a point-in-time snapshot is being written (persistence/snapshot.ts):
 * before set, delete, expiry changes, and before an object value is handed out, since the caller may
 * change it in place. Being told about a key that then does not change is harmless.
 */
export interface ChangeGuard {
  beforeChange(db: Db, key: string): void
}

export class Db {
  data = new Map<string, Value>()
  expires = new Map<string, number>()
  slotIndex: SlotIndex | null = null
  /** OBJECT ENCODING hints for string keys whose encoding their content alone can't tell (string-encoding.ts). */
  stringHints = new Map<string, number>()
  /** Last access per key: LRU clock seconds, or the packed LFU counter under an LFU policy (lru.ts). */
  lru = new Map<string, number>()
  /** The LRU clock (seconds, 24 bits), refreshed by the cron installed in lru.ts. */
  lruClock: number
  /** Access time of keys with no entry in `lru`: those loaded in bulk from a dump (insertLoaded). */
  lruBase: number
  /** Non-null under an LFU maxmemory-policy: accesses bump a log counter instead of stamping the clock. */
  lfu: LfuState | null = null
  /** Keys whose expiry the active cycle visited last; resumable iteration state lives in expire.ts. */
  avgTtl = 0
  /** Non-null while a snapshot is being written; every change is announced to it first. */
  guard: ChangeGuard | null = null
  hits = 0
  misses = 0
  /** The server's encoding thresholds, for the hashes, sets and sorted sets created in this db. */
  readonly limits: EncodingLimits

  constructor(readonly id: number, private readonly hooks: KeyspaceHooks) {
    this.limits = hooks.encodingLimits
    this.lruClock = lruClockOf(hooks.clock.now())
    this.lruBase = this.lruClock
  }

  /**
   * A key read from a dump, into a db being filled: one Map operation instead of setKey()'s two, because
   * a second Map insert per key was half the cost of loading 1M keys. Its access time is lruBase, the
   * load's (as Redis stamps every loaded object then). Falls back to set() where that shortcut is not true.
   */
  insertLoaded(key: string, value: Value): void {
    if (this.guard !== null || this.slotIndex !== null || this.lfu !== null || this.lru.has(key)) return this.set(key, value)
    this.data.set(key, value)
  }

  get size(): number { return this.data.size }

  enableSlotIndex(): void {
    if (this.slotIndex) return
    this.slotIndex = new SlotIndex()
    for (const k of this.data.keys()) this.slotIndex.add(k)
  }

  /** Value of a live key, expiring it first if its time has come. */
  get(key: string): Value | undefined {
    const v = this.data.get(key)
    if (v === undefined) return undefined
    if (this.expires.size !== 0 && this.expireIfNeeded(key)) return undefined
    if (this.guard !== null && typeof v !== 'string') this.guard.beforeChange(this, key)
    this.touch(key)
    return v
  }

  /** Like get() but records no access (LOOKUP_NOTOUCH: TYPE, TTL, EXISTS, OBJECT). */
  peek(key: string): Value | undefined {
    const v = this.data.get(key)
    if (v === undefined) return undefined
    if (this.expires.size !== 0 && this.expireIfNeeded(key)) return undefined
    if (this.guard !== null && typeof v !== 'string') this.guard.beforeChange(this, key)
    return v
  }

  /** Records an access for OBJECT IDLETIME / FREQ (the LRU/LFU update in lookupKey). */
  touch(key: string): void {
    if (this.lfu === null) this.lru.set(key, this.lruClock)
    else lfuTouch(this, key, this.lfu)
  }

  /** lookupKeyRead(): like get(), and counts a keyspace hit or miss for INFO. */
  lookupRead(key: string): Value | undefined {
    const v = this.get(key)
    if (v === undefined) this.misses++
    else this.hits++
    return v
  }

  has(key: string): boolean {
    return this.get(key) !== undefined
  }

  /** String value or undefined (counted as a read); throws WRONGTYPE for other types. */
  getString(key: string): string | undefined {
    const v = this.lookupRead(key)
    if (v === undefined || typeof v === 'string') return v
    throw WRONGTYPE
  }

  /** Object of the given type or undefined; throws WRONGTYPE for other types. */
  getObject<T extends RObject>(key: string, type: ObjectType): T | undefined {
    const v = this.get(key)
    if (v === undefined) return undefined
    if (typeof v === 'string' || v.type !== type) throw WRONGTYPE
    return v as T
  }

  /** setKey(): stores a value, dropping any TTL unless keepTtl. */
  set(key: string, value: Value, keepTtl = false): void {
    if (this.guard !== null) this.guard.beforeChange(this, key)
    // hot path: two Map operations; knowing whether the key existed costs a third, so only the
    // slot index and LFU (which keep an overwritten key's counter) ask for it
    if (this.slotIndex !== null || this.lfu !== null) return this.setTracked(key, value, keepTtl)
    this.data.set(key, value)
    if (!keepTtl && this.expires.size !== 0) this.expires.delete(key)
    // a new value is a new object in Redis: fresh LRU stamp
    this.lru.set(key, this.lruClock)
    if (this.stringHints.size !== 0) this.stringHints.delete(key)
  }

  private setTracked(key: string, value: Value, keepTtl: boolean): void {
    // the Map's size tells whether the key was new, sparing a second hash lookup on every write
    const before = this.data.size
    this.data.set(key, value)
    const had = this.data.size === before
    if (!had) this.slotIndex?.add(key)
    else if (!keepTtl && this.expires.size !== 0) this.expires.delete(key)
    if (this.lfu === null) this.lru.set(key, this.lruClock)
    else if (!had) lfuInit(this, key, this.lfu)
    if (this.stringHints.size !== 0) this.stringHints.delete(key)
  }

  /** Removes a key (and its TTL). True when it existed. Does not check expiry. */
  delete(key: string): boolean {
    if (this.guard !== null) this.guard.beforeChange(this, key)
    if (!this.data.delete(key)) return false
    if (this.expires.size !== 0) this.expires.delete(key)
    this.lru.delete(key)
    if (this.stringHints.size !== 0) this.stringHints.delete(key)
    this.slotIndex?.remove(key)
    return true
  }

  /** Absolute expiry in ms, or -1 when the key has none. */
  getExpire(key: string): number {
    return this.expires.get(key) ?? -1
  }

  setExpire(key: string, whenMs: number): void {
    if (this.guard !== null) this.guard.beforeChange(this, key)
    this.expires.set(key, whenMs)
    this.hooks.onExpireSet?.(this, key)
  }

  /** Removes the TTL; true when there was one. */
  persist(key: string): boolean {
    if (this.guard !== null) this.guard.beforeChange(this, key)
    return this.expires.delete(key)
  }

  /**
   * True (and the key deleted, unless on a replica) when the key's TTL has passed; always false while
   * replaying (keyIsExpired/expireIfNeeded: the one place that decides whether a lookup expires a key).
   */
  /**
   * Whether `key` exists and is not past its TTL, touching nothing (no expiry, LRU, stats or events):
   * cluster routing's lookup with LOOKUP_NOTOUCH|NOSTATS|NONOTIFY|NOEXPIRE.
   */
  existsQuietly(key: string): boolean {
    if (!this.data.has(key)) return false
    const when = this.expires.get(key)
    return when === undefined || when > this.hooks.clock.now() || this.hooks.replaying === true
  }

  expireIfNeeded(key: string): boolean {
    const when = this.expires.get(key)
    if (when === undefined || when > this.hooks.clock.now()) return false
    if (this.hooks.replaying === true) return false
    if (this.hooks.expiresDeferred) return true
    this.deleteExpired(key)
    return true
  }

  /** deleteExpiredKeyAndPropagate(): removes an expired key and has it counted, notified and propagated. */
  deleteExpired(key: string): void {
    this.delete(key)
    this.hooks.onExpired(this, key)
  }

  /** True when the key exists in the Map but its TTL has passed (no side effects). */
  isLogicallyExpired(key: string, now: number): boolean {
    const when = this.expires.get(key)
    return when !== undefined && when <= now
  }

  clear(): number {
    const n = this.data.size
    if (this.guard !== null) {
      // a snapshot may still be walking these maps: leave them to it, frozen, and start afresh
      this.data = new Map()
      this.expires = new Map()
      this.lru = new Map()
      this.stringHints = new Map()
    } else {
      this.data.clear()
      this.expires.clear()
      this.lru.clear()
      this.stringHints.clear()
    }
    this.slotIndex?.clear()
    return n
  }

  /** A uniformly-ish random live key, or undefined (RANDOMKEY). Bounded: gives up after 100 expired picks. */
  randomKey(): string | undefined {
    for (let attempt = 0; attempt < 100 && this.data.size > 0; attempt++) {
      const target = Math.floor(Math.random() * this.data.size)
      let i = 0
      for (const k of this.data.keys()) {
        if (i++ === target) {
          if (!this.expireIfNeeded(k)) return k
          break
        }
      }
    }
    return undefined
  }

  /** SWAPDB: exchanges the whole contents (keys, TTLs, slot index) with another db in O(1). */
  swapContents(other: Db): void {
    const { data, expires, slotIndex } = this
    this.data = other.data; this.expires = other.expires; this.slotIndex = other.slotIndex
    other.data = data; other.expires = expires; other.slotIndex = slotIndex
    const lru = this.lru
    this.lru = other.lru
    other.lru = lru
    const base = this.lruBase
    this.lruBase = other.lruBase
    other.lruBase = base
    const hints = this.stringHints
    this.stringHints = other.stringHints
    other.stringHints = hints
  }
}
