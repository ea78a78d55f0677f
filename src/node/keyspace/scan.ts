// Keyspace SCAN cursors. A cursor number names a live iterator over a db's key Map: JS Map iterators
// keep their place across deletions and inserts, so every key present for the whole iteration is
// returned (exactly once, unless a key is deleted and re-added), at no per-key cost. Unknown or
// forgotten cursors restart from the beginning: duplicates are allowed by SCAN's contract, misses are not.
import type { Value } from './value.js'

/** Cursors kept at most; the least recently used is forgotten first (its client would restart). */
const MAX_OPEN_CURSORS = 4096
/** Cursors idle longer than this are forgotten: an abandoned iterator pins old hash tables of the Map. */
const CURSOR_IDLE_MS = 10 * 60 * 1000

interface OpenCursor {
  map: Map<string, Value>
  it: IterableIterator<string>
  /** A key taken from the iterator to learn whether the walk had ended; served first next time. */
  pending: string | undefined
  lastUsed: number
}

const UINT64_MOD = 1n << 64n

/**
 * Parses a cursor like Redis (strtoul): optional sign, decimal digits, leading zeros allowed, no
 * surrounding spaces, at most 2^64-1; a minus sign wraps modulo 2^64; "" is 0. null = invalid cursor.
 * strtoul reads a C string, so a NUL byte ends the cursor ("5\0x" is 5, "\0..." is 0).
 */
export function parseScanCursor(arg: string): bigint | null {
  const nul = arg.indexOf('\0')
  const s = nul < 0 ? arg : arg.slice(0, nul)
  if (s.length === 0) return 0n
  let i = 0
  const sign = s[0]
  if (sign === '+' || sign === '-') i = 1
  if (i === s.length) return null
  for (let j = i; j < s.length; j++) {
    const c = s.charCodeAt(j)
    if (c < 48 || c > 57) return null
  }
  const v = BigInt(s.slice(i))
  if (v >= UINT64_MOD) return null
  return sign === '-' && v !== 0n ? UINT64_MOD - v : v
}

/** The open keyspace cursors of one server. */
export class KeyspaceCursors {
  private readonly open = new Map<string, OpenCursor>()
  private nextId = 1

  get size(): number { return this.open.size }

  /**
   * Advances the iteration named by `cursor` over `map` by up to `count` keys, calling `visit` for each
   * key still present (visit may delete keys, e.g. lazy expiry). Returns the next cursor, "0" at the end.
   */
  step(map: Map<string, Value>, cursor: bigint, count: number, now: number, visit: (key: string) => void): string {
    const id = cursor.toString()
    let c = cursor === 0n ? undefined : this.open.get(id)
    if (c !== undefined) this.open.delete(id)
    // unknown cursor, or the db's Map was replaced (SWAPDB, FLUSHALL ASYNC): start a fresh walk
    if (c === undefined || c.map !== map) c = { map, it: map.keys(), pending: undefined, lastUsed: now }
    let n = 0
    if (c.pending !== undefined) {
      if (map.has(c.pending)) visit(c.pending)
      c.pending = undefined
      n++
    }
    for (; n < count; n++) {
      const r = c.it.next()
      if (r.done) return '0'
      visit(r.value)
    }
    const peek = c.it.next()
    if (peek.done) return '0'
    c.pending = peek.value
    c.lastUsed = now
    return this.remember(c, now)
  }

  private remember(c: OpenCursor, now: number): string {
    const id = String(this.nextId++)
    this.open.set(id, c)
    // Map order is least recently used first, because every step re-inserts under a new id
    for (const [oldId, old] of this.open) {
      if (this.open.size <= MAX_OPEN_CURSORS && now - old.lastUsed <= CURSOR_IDLE_MS) break
      this.open.delete(oldId)
    }
    return id
  }

  /** Forgets every cursor (e.g. when the whole keyspace is replaced by a load). */
  clear(): void {
    this.open.clear()
  }
}

const perServer = new WeakMap<object, KeyspaceCursors>()

/** The cursor table of `server` (created on first use). */
export function keyspaceCursors(server: object): KeyspaceCursors {
  let t = perServer.get(server)
  if (t === undefined) perServer.set(server, (t = new KeyspaceCursors()))
  return t
}
