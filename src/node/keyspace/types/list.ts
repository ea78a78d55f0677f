// ListValue: a list as a growable ring buffer of latin1 strings (O(1) push/pop at both ends, O(1) index).
// Redis 7.0 always holds lists as a quicklist (listpack nodes), so that is the only encoding reported.
// Commands live in commands/lists*.ts.
import type { RObject } from '../value.js'

const MIN_CAPACITY = 8
/** Below this capacity the buffer never shrinks: small lists keep their slots. */
const SHRINK_FLOOR = 64

export class ListValue implements RObject {
  readonly type = 'list' as const
  /** Capacity is always a power of two so positions wrap with `& mask`. */
  private buf: Array<string | undefined>
  private mask: number
  private head = 0
  private len = 0

  constructor(capacity = MIN_CAPACITY) {
    let cap = MIN_CAPACITY
    while (cap < capacity) cap *= 2
    this.buf = new Array<string | undefined>(cap).fill(undefined)
    this.mask = cap - 1
  }

  /** A list holding `items` in order (DUMP/RESTORE, RDB, COPY). */
  static fromArray(items: readonly string[]): ListValue {
    const l = new ListValue(items.length)
    for (let i = 0; i < items.length; i++) l.buf[i] = items[i]
    l.len = items.length
    return l
  }

  encoding(): string { return 'quicklist' }

  size(): number { return this.len }

  /** Slots of the ring buffer, and the slot of the first element (DEBUG QUICKLIST shows them). */
  get capacity(): number { return this.buf.length }
  get headSlot(): number { return this.head }

  clone(): ListValue { return ListValue.fromArray(this.toArray()) }

  toArray(): string[] { return this.range(0, this.len - 1) }

  pushHead(v: string): void {
    if (this.len === this.buf.length) this.resize(this.buf.length * 2)
    this.head = (this.head - 1) & this.mask
    this.buf[this.head] = v
    this.len++
  }

  pushTail(v: string): void {
    if (this.len === this.buf.length) this.resize(this.buf.length * 2)
    this.buf[(this.head + this.len) & this.mask] = v
    this.len++
  }

  popHead(): string | undefined {
    if (this.len === 0) return undefined
    const v = this.buf[this.head]
    this.buf[this.head] = undefined
    this.head = (this.head + 1) & this.mask
    this.len--
    this.maybeShrink()
    return v
  }

  popTail(): string | undefined {
    if (this.len === 0) return undefined
    const pos = (this.head + this.len - 1) & this.mask
    const v = this.buf[pos]
    this.buf[pos] = undefined
    this.len--
    this.maybeShrink()
    return v
  }

  /** Element at a Redis index (negative counts from the tail), or undefined when out of range. */
  at(index: number): string | undefined {
    if (index < 0) index += this.len
    if (index < 0 || index >= this.len) return undefined
    return this.buf[(this.head + index) & this.mask]
  }

  /** Replaces the element at a Redis index; false when out of range. */
  setAt(index: number, v: string): boolean {
    if (index < 0) index += this.len
    if (index < 0 || index >= this.len) return false
    this.buf[(this.head + index) & this.mask] = v
    return true
  }

  /** Elements start..end inclusive; the caller has clamped both into 0..size-1. */
  range(start: number, end: number): string[] {
    const n = end - start + 1
    if (n <= 0) return []
    const out = new Array<string>(n)
    const { buf, mask } = this
    const base = this.head + start
    for (let i = 0; i < n; i++) out[i] = buf[(base + i) & mask] as string
    return out
  }

  /** Position of the first element equal to `v` (0-based from the head), or -1. */
  indexOf(v: string): number {
    const { buf, mask, head } = this
    for (let i = 0; i < this.len; i++) if (buf[(head + i) & mask] === v) return i
    return -1
  }

  /** Inserts `v` so that it ends up at position `index` (0..size), moving the shorter side. */
  insertAt(index: number, v: string): void {
    if (index === 0) return this.pushHead(v)
    if (index === this.len) return this.pushTail(v)
    if (this.len === this.buf.length) this.resize(this.buf.length * 2)
    const { buf, mask } = this
    if (index < this.len / 2) {
      this.head = (this.head - 1) & mask
      for (let i = 0; i < index; i++) buf[(this.head + i) & mask] = buf[(this.head + i + 1) & mask]
    } else {
      for (let i = this.len; i > index; i--) buf[(this.head + i) & mask] = buf[(this.head + i - 1) & mask]
    }
    buf[(this.head + index) & mask] = v
    this.len++
  }

  /** Keeps only elements start..end inclusive (clamped by the caller; start > end empties the list). */
  trim(start: number, end: number): void {
    const kept = start > end ? [] : this.range(start, end)
    this.replaceWith(kept)
  }

  /**
   * LREM: removes up to `count` elements equal to `v` scanning from the head (count > 0), from the
   * tail (count < 0), or all of them (count 0). Returns how many went.
   */
  removeMatching(v: string, count: number): number {
    const items = this.toArray()
    const limit = count === 0 ? Infinity : Math.abs(count)
    const drop = new Uint8Array(items.length)
    let removed = 0
    const fromTail = count < 0
    for (let k = 0; k < items.length && removed < limit; k++) {
      const i = fromTail ? items.length - 1 - k : k
      if (items[i] === v) { drop[i] = 1; removed++ }
    }
    if (removed === 0) return 0
    const kept: string[] = []
    for (let i = 0; i < items.length; i++) if (drop[i] === 0) kept.push(items[i])
    this.replaceWith(kept)
    return removed
  }

  private replaceWith(items: string[]): void {
    let cap = MIN_CAPACITY
    while (cap < items.length) cap *= 2
    const buf = new Array<string | undefined>(cap).fill(undefined)
    for (let i = 0; i < items.length; i++) buf[i] = items[i]
    this.buf = buf
    this.mask = cap - 1
    this.head = 0
    this.len = items.length
  }

  // amortised: halves only when a quarter full, so a push right after cannot trigger a regrow
  private maybeShrink(): void {
    const cap = this.buf.length
    if (cap > SHRINK_FLOOR && this.len < cap >>> 2) this.resize(cap >>> 1)
  }

  private resize(cap: number): void {
    const buf = new Array<string | undefined>(cap).fill(undefined)
    const { buf: old, mask, head } = this
    for (let i = 0; i < this.len; i++) buf[i] = old[(head + i) & mask]
    this.buf = buf
    this.mask = cap - 1
    this.head = 0
  }
}
