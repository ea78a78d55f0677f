// OBJECT ENCODING for string values. Strings are stored as plain latin1 JS strings, so the encoding Redis
// would report is derived from the content, except for keys a command left in a form the content can't
// tell: those carry a hint in Db.stringHints, which db.set()/delete()/clear() drop.
import type { Db } from './db.js'

/** The value was built in place (APPEND/SETRANGE/SETBIT/BITFIELD on an existing key, BITOP): always "raw". */
export const HINT_RAW = 1
/** The value was made from a number formatted as text (INCRBYFLOAT): embstr or raw, never "int". */
export const HINT_NO_INT = 2
/** An "int" string in an object of its own, never one of Redis's shared integers (COPY duplicates the object). */
export const HINT_UNSHARED = 3

/** OBJECT ENCODING longer than this is "raw" (OBJ_ENCODING_EMBSTR_SIZE_LIMIT). */
const EMBSTR_SIZE_LIMIT = 44

export type StringEncoding = 'int' | 'embstr' | 'raw'

/** Marks `key` (just stored) as raw whatever its content. */
export function markRaw(db: Db, key: string): void {
  db.stringHints.set(key, HINT_RAW)
}

/** Marks `key` (just stored) as never int-encoded. */
export function markNoInt(db: Db, key: string): void {
  db.stringHints.set(key, HINT_NO_INT)
}

/** Carries a key's hint to another name (RENAME/MOVE/COPY keep Redis's object, and so its encoding). */
export function copyStringHint(from: Db, fromKey: string, to: Db, toKey: string): void {
  const hint = from.stringHints.get(fromKey)
  if (hint !== undefined) to.stringHints.set(toKey, hint)
}

/** COPY: the copy keeps the encoding but is a new object (dupStringObject), so an integer is no longer shared. */
export function copyStringHintAsDuplicate(from: Db, fromKey: string, to: Db, toKey: string): void {
  const hint = from.stringHints.get(fromKey)
  to.stringHints.set(toKey, hint === HINT_RAW || hint === HINT_NO_INT ? hint : HINT_UNSHARED)
}

/** True when the string at `key` is one of Redis's shared integer objects if small enough (not a COPY). */
export function mayBeShared(db: Db, key: string): boolean {
  return db.stringHints.size === 0 || db.stringHints.get(key) !== HINT_UNSHARED
}

/** What Redis 7.0 reports for the string `value` stored at `key`. */
export function stringEncoding(db: Db, key: string, value: string): StringEncoding {
  const hint = db.stringHints.size === 0 ? undefined : db.stringHints.get(key)
  if (hint === HINT_RAW) return 'raw'
  if ((hint === undefined || hint === HINT_UNSHARED) && isCanonicalLong(value)) return 'int'
  return value.length <= EMBSTR_SIZE_LIMIT ? 'embstr' : 'raw'
}

/** tryObjectEncoding's test: the canonical decimal form of a signed 64-bit integer, at most 20 chars. */
function isCanonicalLong(s: string): boolean {
  const n = s.length
  if (n === 0 || n > 20) return false
  let i = 0
  if (s.charCodeAt(0) === 45 /* - */) {
    if (n === 1) return false
    i = 1
  }
  const first = s.charCodeAt(i)
  if (first === 48 /* 0 */) return n === 1
  if (first < 49 || first > 57) return false
  for (let j = i + 1; j < n; j++) {
    const c = s.charCodeAt(j)
    if (c < 48 || c > 57) return false
  }
  if (n - i < 19) return true
  const v = BigInt(s)
  return v <= 9223372036854775807n && v >= -9223372036854775808n
}
