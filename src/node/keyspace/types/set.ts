// SetValue: a set as Redis 7.0 encodes it. "intset": a sorted array of canonical int64 strings (kept in
// numeric order, so SMEMBERS lists it ascending, as Redis does). "hashtable": a dense member array plus a
// member -> position Map, so random picks (SPOP, SRANDMEMBER) are O(1). Commands live in commands/sets*.ts.
import type { EncodingLimits } from '../limits.js'
import type { RObject } from '../value.js'
import type { ScanOrder, ScanOrderHolder } from './scan-order.js'

const INT64_MAX_DIGITS = '9223372036854775807'
const INT64_MIN_DIGITS = '9223372036854775808'

/** string2ll() acceptance: an optional '-', no leading zeros (except "0"), no '+', within int64. */
export function isCanonicalInt(s: string): boolean {
  const n = s.length
  if (n === 0 || n > 20) return false
  const neg = s.charCodeAt(0) === 45
  const start = neg ? 1 : 0
  const digits = n - start
  if (digits === 0) return false
  const first = s.charCodeAt(start)
  if (first === 48) return digits === 1 && !neg
  if (first < 49 || first > 57) return false
  for (let i = start + 1; i < n; i++) {
    const c = s.charCodeAt(i)
    if (c < 48 || c > 57) return false
  }
  if (digits < 19) return true
  if (digits > 19) return false
  return (neg ? s.slice(1) : s) <= (neg ? INT64_MIN_DIGITS : INT64_MAX_DIGITS)
}

/** Numeric order of two canonical integer strings, without converting them. */
export function compareCanonicalInts(a: string, b: string): number {
  const an = a.charCodeAt(0) === 45
  const bn = b.charCodeAt(0) === 45
  if (an !== bn) return an ? -1 : 1
  let c: number
  if (a.length !== b.length) c = a.length - b.length
  else c = a < b ? -1 : a > b ? 1 : 0
  return an ? -c : c
}

export class SetValue implements RObject, ScanOrderHolder {
  readonly type = 'set' as const
  /** Intset: sorted ascending. Hashtable: dense, in no particular order. */
  private items: string[] = []
  /** null while the set is an intset. */
  private index: Map<string, number> | null = null
  scanOrder: ScanOrder | null = null

  /** An empty intset; `limits` is its server's object, read whenever the set grows. */
  constructor(private readonly limits: EncodingLimits) {}

  /** An empty set in the encoding setTypeCreate() picks for its first member. */
  static forFirstMember(member: string, limits: EncodingLimits): SetValue {
    const s = new SetValue(limits)
    if (!isCanonicalInt(member)) s.index = new Map()
    return s
  }

  /** A set with these members (duplicates allowed), encoded as Redis would under `limits`. */
  static fromMembers(members: Iterable<string>, limits: EncodingLimits): SetValue {
    const s = new SetValue(limits)
    const unique = new Set(members)
    let allInts = unique.size <= limits.setMaxIntsetEntries
    if (allInts) for (const m of unique) if (!isCanonicalInt(m)) { allInts = false; break }
    if (allInts) {
      s.items = Array.from(unique).sort(compareCanonicalInts)
    } else {
      s.index = new Map()
      for (const m of unique) { s.index.set(m, s.items.length); s.items.push(m) }
    }
    return s
  }

  encoding(): string { return this.index === null ? 'intset' : 'hashtable' }

  /** True while encoded as an intset (SSCAN returns it whole). */
  get isIntset(): boolean { return this.index === null }

  size(): number { return this.items.length }

  clone(): SetValue {
    const s = new SetValue(this.limits)
    s.items = this.items.slice()
    if (this.index !== null) s.index = new Map(this.index)
    return s
  }

  members(): readonly string[] { return this.items }

  /** Members in iteration order, shared with the set: copy before changing the set while walking it. */
  toArray(): readonly string[] { return this.items }

  has(member: string): boolean {
    if (this.index !== null) return this.index.has(member)
    return isCanonicalInt(member) && this.intsetFind(member) >= 0
  }

  /** setTypeAdd(): true when the member is new. May convert an intset to a hashtable. */
  add(member: string): boolean {
    const index = this.index
    if (index !== null) {
      if (index.has(member)) return false
      index.set(member, this.items.length)
      this.items.push(member)
      return true
    }
    if (!isCanonicalInt(member)) {
      this.toHashtable()
      return this.add(member)
    }
    const pos = this.intsetFind(member)
    if (pos >= 0) return false
    this.items.splice(-pos - 1, 0, member)
    if (this.items.length > this.limits.setMaxIntsetEntries) this.toHashtable()
    return true
  }

  /** setTypeRemove(): false when absent. */
  remove(member: string): boolean {
    const index = this.index
    if (index === null) {
      if (!isCanonicalInt(member)) return false
      const pos = this.intsetFind(member)
      if (pos < 0) return false
      this.items.splice(pos, 1)
      return true
    }
    const pos = index.get(member)
    if (pos === undefined) return false
    this.removeAt(pos)
    return true
  }

  /** A uniformly random member (the set must not be empty). */
  random(): string {
    return this.items[Math.floor(Math.random() * this.items.length)]
  }

  /** Removes and returns a uniformly random member (the set must not be empty). */
  popRandom(): string {
    const pos = Math.floor(Math.random() * this.items.length)
    const m = this.items[pos]
    if (this.index === null) this.items.splice(pos, 1)
    else this.removeAt(pos)
    return m
  }

  /** Removes `count` (< size) distinct random members and returns them in random order. */
  popRandomMany(count: number): string[] {
    if (this.index !== null || count < 8) {
      const out: string[] = new Array(count)
      for (let i = 0; i < count; i++) out[i] = this.popRandom()
      return out
    }
    // intset: choose positions with a partial shuffle, then rebuild once instead of splicing each
    const n = this.items.length
    const pos = new Uint32Array(n)
    for (let i = 0; i < n; i++) pos[i] = i
    const gone = new Uint8Array(n)
    const out: string[] = new Array(count)
    for (let i = 0; i < count; i++) {
      const j = i + Math.floor(Math.random() * (n - i))
      const p = pos[j]; pos[j] = pos[i]; pos[i] = p
      gone[p] = 1
      out[i] = this.items[p]
    }
    this.items = this.items.filter((_, i) => gone[i] === 0)
    return out
  }

  /** Position in the intset, or -(insertion point) - 1 when absent. */
  private intsetFind(member: string): number {
    const items = this.items
    let lo = 0
    let hi = items.length - 1
    while (lo <= hi) {
      const mid = (lo + hi) >>> 1
      const c = compareCanonicalInts(items[mid], member)
      if (c === 0) return mid
      if (c < 0) lo = mid + 1
      else hi = mid - 1
    }
    return -lo - 1
  }

  /** Hashtable removal by position: the last member fills the hole. */
  private removeAt(pos: number): void {
    const items = this.items
    const index = this.index as Map<string, number>
    index.delete(items[pos])
    const last = items.pop() as string
    if (pos < items.length) {
      items[pos] = last
      index.set(last, pos)
    }
  }

  private toHashtable(): void {
    const index = new Map<string, number>()
    for (let i = 0; i < this.items.length; i++) index.set(this.items[i], i)
    this.index = index
  }
}
