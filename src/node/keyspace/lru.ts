// Per-key access tracking behind OBJECT IDLETIME and OBJECT FREQ: the LRU clock (seconds, 24 bits, as
// Redis keeps in robj->lru) or, under an LFU maxmemory-policy, Redis's logarithmic access counter packed
// with a minutes timestamp. Values live in Db.lru (one small integer per key, no per-key objects).
import type { Db } from './db.js'

/** Redis wraps its LRU clock at 24 bits (LRU_CLOCK_MAX); idle times are computed modulo that. */
export const LRU_CLOCK_MAX = (1 << 24) - 1
/** Counter a new key starts with under LFU, so it is not evicted before it had a chance to be used. */
export const LFU_INIT_VAL = 5
const LFU_COUNTER_MAX = 255
const LFU_MINUTES_MASK = 65535

/** LFU parameters shared by every db of a server (lfu-log-factor, lfu-decay-time, and the clock). */
export interface LfuState {
  logFactor: number
  decayTime: number
  /** Unix time in minutes, low 16 bits, refreshed by the cron. */
  minutes: number
}

/** The LRU clock for a wall-clock time in ms. */
export function lruClockOf(ms: number): number {
  return Math.floor(ms / 1000) & LRU_CLOCK_MAX
}

/** Seconds since `key` was last accessed (OBJECT IDLETIME); 0 when nothing was recorded. */
/** What the idle-time and frequency readers need: a Db, or a snapshot's frozen view of one. */
export type AccessView = Pick<Db, 'lru' | 'lruClock' | 'lfu' | 'lruBase'>

export function idleSeconds(db: AccessView, key: string): number {
  const at = db.lru.get(key) ?? db.lruBase
  const now = db.lruClock
  return now >= at ? now - at : now + (LRU_CLOCK_MAX - at)
}

/** The decayed LFU counter of `key` (OBJECT FREQ), without recording an access. */
export function lfuFrequency(db: AccessView, key: string): number {
  const packed = db.lru.get(key)
  if (packed === undefined || db.lfu === null) return 0
  return decayedCounter(packed, db.lfu)
}

/**
 * objectSetLRUOrLFU: records a key's access from an idle time or an LFU counter (RESTORE's
 * IDLETIME/FREQ, RDB's IDLE/FREQ). FREQ applies under an LFU policy, an idle time otherwise.
 */
export function setAccessHint(db: Db, key: string, idle: number | null, freq: number | null): void {
  if (db.lfu !== null) {
    if (freq !== null) db.lru.set(key, (db.lfu.minutes << 8) | freq)
    return
  }
  if (idle === null) return
  let at = db.lruClock - idle
  // the LRU clock wraps: an idle time reaching before its start lands half a cycle ahead instead
  if (at < 0) at = (db.lruClock + Math.floor(LRU_CLOCK_MAX / 2)) % LRU_CLOCK_MAX
  db.lru.set(key, at)
}

/** A new key under LFU: the initial counter stamped with the current minute. */
export function lfuInit(db: Db, key: string, lfu: LfuState): void {
  db.lru.set(key, (lfu.minutes << 8) | LFU_INIT_VAL)
}

/** An access under LFU (updateLFU): decay by elapsed periods, then a probabilistic increment. */
export function lfuTouch(db: Db, key: string, lfu: LfuState): void {
  const packed = db.lru.get(key)
  let counter = packed === undefined ? LFU_INIT_VAL : decayedCounter(packed, lfu)
  counter = logIncrement(counter, lfu.logFactor)
  db.lru.set(key, (lfu.minutes << 8) | counter)
}

/** LFUDecrAndReturn(): one decrement per lfu-decay-time minutes elapsed since the stamp. */
function decayedCounter(packed: number, lfu: LfuState): number {
  const stamp = packed >>> 8
  const counter = packed & 255
  const now = lfu.minutes
  const elapsed = now >= stamp ? now - stamp : LFU_MINUTES_MASK - stamp + now
  const periods = lfu.decayTime > 0 ? Math.floor(elapsed / lfu.decayTime) : 0
  return periods > counter ? 0 : counter - periods
}

/** LFULogIncr(): the busier a key already is, the less likely an access bumps its counter. */
function logIncrement(counter: number, logFactor: number): number {
  if (counter >= LFU_COUNTER_MAX) return LFU_COUNTER_MAX
  const base = Math.max(0, counter - LFU_INIT_VAL)
  const p = 1 / (base * logFactor + 1)
  return Math.random() < p ? counter + 1 : counter
}

/** The piece of the server this module needs (kept structural to avoid an import cycle with server.ts). */
export interface LruHost {
  readonly dbs: Db[]
  readonly clock: { now(): number }
  readonly cronJobs: Array<(now: number) => void>
  readonly config: {
    directive(name: string): unknown
    get(name: string): string
    onChange(name: string, fn: (value: string) => void): void
  }
}

const LFU_POLICIES = new Set(['allkeys-lfu', 'volatile-lfu'])
const LRU_POLICIES = new Set(['allkeys-lru', 'volatile-lru'])

/** maxmemory-policy as configured, or "noeviction" while the directive does not exist yet. */
export function maxmemoryPolicy(host: LruHost): string {
  return host.config.directive('maxmemory-policy') ? host.config.get('maxmemory-policy') : 'noeviction'
}

export const isLfuPolicy = (policy: string): boolean => LFU_POLICIES.has(policy)
export const isLruPolicy = (policy: string): boolean => LRU_POLICIES.has(policy)

/**
 * Keeps every db's LRU clock current from the server cron (Redis's server.lruclock), and switches the
 * dbs between LRU and LFU tracking when maxmemory-policy changes. lfu-log-factor / lfu-decay-time are
 * read when those directives exist (defaults 10 and 1 otherwise).
 */
export function installLruClock(host: LruHost): void {
  const lfu: LfuState = { logFactor: 10, decayTime: 1, minutes: 0 }
  const tick = (now: number): void => {
    const clock = lruClockOf(now)
    lfu.minutes = Math.floor(now / 60000) & LFU_MINUTES_MASK
    for (const db of host.dbs) db.lruClock = clock
  }
  const applyPolicy = (): void => {
    const on = isLfuPolicy(maxmemoryPolicy(host))
    for (const db of host.dbs) db.lfu = on ? lfu : null
  }
  const bindNumber = (name: string, field: 'logFactor' | 'decayTime'): void => {
    if (!host.config.directive(name)) return
    lfu[field] = Number(host.config.get(name))
    host.config.onChange(name, (v) => { lfu[field] = Number(v) })
  }
  bindNumber('lfu-log-factor', 'logFactor')
  bindNumber('lfu-decay-time', 'decayTime')
  if (host.config.directive('maxmemory-policy')) host.config.onChange('maxmemory-policy', applyPolicy)
  tick(host.clock.now())
  applyPolicy()
  host.cronJobs.push(tick)
}
