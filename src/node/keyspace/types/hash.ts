// HashValue: a field -> value Map with the listpack/hashtable encoding Redis 7.0 would report.
// A JS Map keeps insertion order and updates in place, exactly like a listpack, so small hashes list
// their fields in Redis's order. Commands live in commands/hashes*.ts.
import type { EncodingLimits } from '../limits.js'
import type { RObject } from '../value.js'
import type { ScanOrder, ScanOrderHolder } from './scan-order.js'

export class HashValue implements RObject, ScanOrderHolder {
  readonly type = 'hash' as const
  readonly map = new Map<string, string>()
  /** True while Redis would hold a listpack. One-way: past a limit it stays "hashtable". */
  private compact = true
  /** Field names for O(1) random picks (HRANDFIELD); dropped whenever a field is added or removed. */
  private fieldArray: string[] | null = null
  scanOrder: ScanOrder | null = null

  /** An empty hash; `limits` is its server's object, read whenever the hash grows. */
  constructor(private readonly limits: EncodingLimits) {}

  /** A hash with these entries, encoded as Redis would encode it under `limits`. */
  static fromEntries(entries: Iterable<[string, string]>, limits: EncodingLimits): HashValue {
    const h = new HashValue(limits)
    for (const [field, value] of entries) h.set(field, value)
    return h
  }

  /** A hash loaded from a listpack payload: it stays one while its count fits (rdbLoadObject's rule). */
  static fromListpack(entries: Iterable<[string, string]>, limits: EncodingLimits): HashValue {
    const h = new HashValue(limits)
    for (const [field, value] of entries) h.map.set(field, value)
    h.compact = h.map.size <= limits.hashMaxListpackEntries
    return h
  }

  encoding(): string { return this.compact ? 'listpack' : 'hashtable' }

  /** True while encoded as a listpack (HSCAN returns it whole; HRANDFIELD samples it in order). */
  get isListpack(): boolean { return this.compact }

  size(): number { return this.map.size }

  clone(): HashValue {
    const h = new HashValue(this.limits)
    for (const [f, v] of this.map) h.map.set(f, v)
    h.compact = this.compact
    return h
  }

  entries(): IterableIterator<[string, string]> { return this.map.entries() }

  get(field: string): string | undefined { return this.map.get(field) }

  has(field: string): boolean { return this.map.has(field) }

  /**
   * hashTypeSet(): stores a field, converting to a hashtable when the field or value is longer than
   * hash-max-listpack-value or the count passes hash-max-listpack-entries, which is checked on an update
   * too (the limit may have been lowered by CONFIG SET since). True when the field is new.
   */
  set(field: string, value: string): boolean {
    const map = this.map
    if (this.compact) {
      const max = this.limits.hashMaxListpackValue
      if (field.length > max || value.length > max) this.compact = false
    }
    const before = map.size
    map.set(field, value)
    if (this.compact && map.size > this.limits.hashMaxListpackEntries) this.compact = false
    if (map.size === before) return false
    this.fieldArray = null
    return true
  }

  /** Removes a field; false when absent. */
  delete(field: string): boolean {
    if (!this.map.delete(field)) return false
    this.fieldArray = null
    return true
  }

  /** Field names in iteration order, shared until the next add or delete: do not modify. */
  fields(): readonly string[] {
    let a = this.fieldArray
    if (a === null) this.fieldArray = a = Array.from(this.map.keys())
    return a
  }

  /** A uniformly random field name (the hash must not be empty). */
  randomField(): string {
    const a = this.fields()
    return a[Math.floor(Math.random() * a.length)]
  }
}
