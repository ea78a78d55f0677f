// Counter commands on string values: INCR, DECR, INCRBY, DECRBY (exact signed 64-bit arithmetic) and
// INCRBYFLOAT (x87 long double arithmetic, see keyspace/string-float.ts).
import { NOT_FLOAT, NOT_INTEGER, OVERFLOW, WRONGTYPE, err } from '../resp/errors.js'
import type { Reply } from '../resp/types.js'
import { markNoInt } from '../keyspace/string-encoding.js'
import { incrByFloatText } from '../keyspace/string-float.js'
import { INT64_MAX, INT64_MIN, parseInt64, parseIntStrict } from '../util/int.js'
import type { CommandContext } from './core/types.js'

/** Below this magnitude both operands and their sum are exact doubles: no BigInt needed. */
const FAST_LIMIT = 2 ** 52
const INT64_MIN_TEXT = '-9223372036854775808'

/** INCR key */
export function incrCommand(ctx: CommandContext, argv: string[]): Reply {
  return incrDecr(ctx, argv[1], 1)
}

/** DECR key */
export function decrCommand(ctx: CommandContext, argv: string[]): Reply {
  return incrDecr(ctx, argv[1], -1)
}

/** INCRBY key increment */
export function incrbyCommand(ctx: CommandContext, argv: string[]): Reply {
  return incrDecr(ctx, argv[1], readInt64(argv[2]))
}

/** DECRBY key decrement */
export function decrbyCommand(ctx: CommandContext, argv: string[]): Reply {
  const by = readInt64(argv[2])
  // negating INT64_MIN has no int64 result
  if (argv[2] === INT64_MIN_TEXT) throw err('decrement would overflow')
  return incrDecr(ctx, argv[1], typeof by === 'number' ? -by : -by)
}

/** An int64 argument: a number when small (the common case), a bigint otherwise. */
function readInt64(s: string): number | bigint {
  const v = parseSmallOrBig(s)
  if (v === null) throw NOT_INTEGER
  return v
}

/** string2ll: canonical decimal int64 text; values that fit a double exactly come back as numbers. */
function parseSmallOrBig(s: string): number | bigint | null {
  return s.length > 15 ? parseInt64(s) : parseIntStrict(s)
}

/** incrDecrCommand(): the stored value must be an int64 string; the sum must stay in range. TTL is kept. */
function incrDecr(ctx: CommandContext, key: string, by: number | bigint): Reply {
  const db = ctx.db
  const cur = db.get(key)
  let value: number | bigint = 0
  if (cur !== undefined) {
    if (typeof cur !== 'string') throw WRONGTYPE
    const v = parseSmallOrBig(cur)
    if (v === null) throw NOT_INTEGER
    value = v
  }
  let result: number | bigint
  if (typeof value === 'number' && typeof by === 'number' && value < FAST_LIMIT && value > -FAST_LIMIT && by < FAST_LIMIT && by > -FAST_LIMIT) {
    result = value + by
  } else {
    result = BigInt(value) + BigInt(by)
    if (result > INT64_MAX || result < INT64_MIN) throw OVERFLOW
  }
  db.set(key, String(result), true)
  ctx.modified(key, '$', 'incrby')
  return result
}

/** INCRBYFLOAT key increment */
export function incrbyfloatCommand(ctx: CommandContext, argv: string[]): Reply {
  const key = argv[1]
  const db = ctx.db
  const cur = db.get(key)
  if (cur !== undefined && typeof cur !== 'string') throw WRONGTYPE
  const text = incrByFloatText(cur, argv[2])
  if (text === 'float') throw NOT_FLOAT
  if (text === 'naninf') throw err('increment would produce NaN or Infinity')
  db.set(key, text, true)
  // the result is built from formatted text, so Redis never int-encodes it
  markNoInt(db, key)
  ctx.modified(key, '$', 'incrbyfloat')
  // replicas and the AOF get the final value, so float formatting can never make them drift
  ctx.propagateAs = [['SET', key, text, 'KEEPTTL']]
  return text
}
