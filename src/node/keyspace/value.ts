// What a key can hold. Strings are plain latin1 JS strings (no wrapper: per-key memory is the budget);
// every other type is an object whose class lives in keyspace/types/ and carries its `type` tag.

export type ObjectType = 'list' | 'hash' | 'set' | 'zset' | 'stream'
export type ValueType = 'string' | ObjectType

/** Shape every non-string value class implements. */
export interface RObject {
  readonly type: ObjectType
  /** OBJECT ENCODING answer under the current thresholds ("listpack", "quicklist", ...). */
  encoding(): string
  /** Number of elements (used by lazy-free decisions, MEMORY USAGE estimates, SCAN). */
  size(): number
}

export type Value = string | RObject

export function typeOf(v: Value): ValueType {
  return typeof v === 'string' ? 'string' : v.type
}
