// String commands that read or rewrite part of a value: APPEND, SETRANGE, GETRANGE/SUBSTR, STRLEN.
// Values are latin1 strings, so one char is one byte and slicing is byte-exact.
import { constants } from 'node:buffer'
import { NOT_INTEGER, STRING_TOO_LONG, WRONGTYPE, err } from '../resp/errors.js'
import type { Reply } from '../resp/types.js'
import { markRaw } from '../keyspace/string-encoding.js'
import { parseIntStrict } from '../util/int.js'
import type { CommandContext } from './core/types.js'

const MAX_STRING_LENGTH = constants.MAX_STRING_LENGTH

/**
 * checkStringLength(): a string may not grow past proto-max-bulk-len, nor past the longest string V8 can
 * hold (a few bytes under 512 MB), which Redis itself would allow.
 */
export function checkStringLength(ctx: CommandContext, size: number, append: number): void {
  const total = size + append
  if (total > ctx.server.config.numbers.protoMaxBulkLen || total > MAX_STRING_LENGTH) throw STRING_TOO_LONG
}

/** getLongLongFromObjectOrReply() as a JS number (exact below 2^53, which is all a string index needs). */
export function readIndex(s: string): number {
  const n = parseIntStrict(s)
  if (n === null) throw NOT_INTEGER
  return n
}

/** APPEND key value */
export function appendCommand(ctx: CommandContext, argv: string[]): Reply {
  const key = argv[1]
  const tail = argv[2]
  const db = ctx.db
  const cur = db.get(key)
  let total: number
  if (cur === undefined) {
    db.set(key, tail)
    total = tail.length
  } else {
    if (typeof cur !== 'string') throw WRONGTYPE
    checkStringLength(ctx, cur.length, tail.length)
    const next = cur + tail
    db.set(key, next, true)
    // Redis grows the existing object in place, which leaves it raw-encoded even when short
    markRaw(db, key)
    total = next.length
  }
  ctx.modified(key, '$', 'append')
  return total
}

/** SETRANGE key offset value */
export function setrangeCommand(ctx: CommandContext, argv: string[]): Reply {
  const key = argv[1]
  const patch = argv[3]
  const offset = readIndex(argv[2])
  if (offset < 0) throw err('offset is out of range')
  const db = ctx.db
  const cur = db.get(key)
  if (cur !== undefined && typeof cur !== 'string') throw WRONGTYPE
  // writing nothing changes nothing, not even the length limit is checked
  if (patch.length === 0) return cur === undefined ? 0 : cur.length
  checkStringLength(ctx, offset, patch.length)
  const next = overwrite(cur ?? '', offset, patch)
  db.set(key, next, true)
  markRaw(db, key)
  ctx.modified(key, '$', 'setrange')
  return next.length
}

/** `s` with `patch` written at `offset`, zero-padded when the offset lies past the end. */
function overwrite(s: string, offset: number, patch: string): string {
  if (offset > s.length) return s + '\0'.repeat(offset - s.length) + patch
  const end = offset + patch.length
  return end >= s.length ? s.slice(0, offset) + patch : s.slice(0, offset) + patch + s.slice(end)
}

/** GETRANGE key start end (SUBSTR key start end) */
export function getrangeCommand(ctx: CommandContext, argv: string[]): Reply {
  let start = readIndex(argv[2])
  let end = readIndex(argv[3])
  const s = ctx.db.getString(argv[1])
  if (s === undefined) return ''
  const len = s.length
  if (start < 0 && end < 0 && start > end) return ''
  if (start < 0) start = Math.max(0, len + start)
  if (end < 0) end = Math.max(0, len + end)
  if (end >= len) end = len - 1
  if (start > end || len === 0) return ''
  return start === 0 && end === len - 1 ? s : s.slice(start, end + 1)
}

/** STRLEN key */
export function strlenCommand(ctx: CommandContext, argv: string[]): Reply {
  const s = ctx.db.getString(argv[1])
  return s === undefined ? 0 : s.length
}
