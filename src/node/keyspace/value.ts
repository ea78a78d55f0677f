// What a key can hold. Strings are plain latin1 JS strings (no wrapper: per-key memory is the budget);
// every other type is an object whose class lives in keyspace/types/ and carries its `type` tag.
//
// Contracts the type classes keep, so DUMP/RESTORE, DEBUG DIGEST, COPY and (later) RDB can build and walk
// any value without knowing its internals:
//   ListValue  (types/list.ts):  static fromArray(items: string[]): ListValue; toArray(): string[]
//   HashValue  (types/hash.ts):  static fromEntries(e, limits): HashValue; entries(): Iterable<[string, string]>
//   SetValue   (types/set.ts):   static fromMembers(m, limits): SetValue; members(): Iterable<string>
//   ZSetValue  (types/zset.ts):  static fromEntries(e, limits): ZSetValue; entries(): Iterable<[string, number]> (score order)
// Each `from*` picks the encoding Redis would for that content under the given server's EncodingLimits
// (limits.ts), which the value keeps and reads again whenever it grows.

export type ObjectType = 'list' | 'hash' | 'set' | 'zset' | 'stream'
export type ValueType = 'string' | ObjectType

/** Shape every non-string value class implements. */
export interface RObject {
  readonly type: ObjectType
  /** OBJECT ENCODING answer: the encoding Redis 7.0 would hold ("listpack", "quicklist", ...). */
  encoding(): string
  /** Number of elements. */
  size(): number
  /** A deep copy with the same encoding (COPY, snapshots). */
  clone(): RObject
}

export type Value = string | RObject

export function typeOf(v: Value): ValueType {
  return typeof v === 'string' ? 'string' : v.type
}
