// Hash commands with more to them than a lookup: the counters (HINCRBY, HINCRBYFLOAT with Redis's
// long double arithmetic), HRANDFIELD's sampling cases and HSCAN's paging. Table rows are in hashes.ts.
import { scanOrderFor } from '../keyspace/types/scan-order.js'
import type { HashValue } from '../keyspace/types/hash.js'
import { addLongDouble, formatLongDoubleHuman, isInfinite, parseLongDouble } from '../keyspace/string-float.js'
import { err, NOT_FLOAT, OVERFLOW, SYNTAX } from '../resp/errors.js'
import { EMPTY_ARRAY, type Reply } from '../resp/types.js'
import { fitsInt64, parseInt64 } from '../util/int.js'
import { readBigInt } from './core/args.js'
import { readHash, writableHash } from './hashes-common.js'
import { checkRepeatedPicks, readRandomCount, sampleDistinct } from './sampling.js'
import { readScanCursor, readScanOptions, scanMatches } from './scan-args.js'
import type { CommandContext } from './core/types.js'

const HASH_NOT_INTEGER = err('hash value is not an integer')
const HASH_NOT_FLOAT = err('hash value is not a float')
const NAN_OR_INF = err('value is NaN or Infinity')
const WOULD_BE_NAN_OR_INF = err('increment would produce NaN or Infinity')
const OUT_OF_RANGE = err('value is out of range')
/** HRANDFIELD WITHVALUES: count * 2 replies must fit a long, so |count| is capped at LONG_MAX / 2. */
const HALF_LONG_MAX = 4611686018427387903n

/** HINCRBY key field increment */
export function hincrbyCommand(ctx: CommandContext, argv: string[]): Reply {
  const [, key, field] = argv
  const incr = readBigInt(argv[3])
  const current = ctx.db.getObject<HashValue>(key, 'hash')?.get(field)
  let value = 0n
  if (current !== undefined) {
    const parsed = parseInt64(current)
    if (parsed === null) throw HASH_NOT_INTEGER
    value = parsed
  }
  const result = value + incr
  if (!fitsInt64(result)) throw OVERFLOW
  writableHash(ctx, key).set(field, result.toString())
  ctx.modified(key, 'h', 'hincrby')
  return result
}

/** HINCRBYFLOAT key field increment — propagated as HSET with the resulting text. */
export function hincrbyfloatCommand(ctx: CommandContext, argv: string[]): Reply {
  const [, key, field] = argv
  const incr = parseLongDouble(argv[3])
  if (incr === null) throw NOT_FLOAT
  if (isInfinite(incr)) throw NAN_OR_INF
  const current = ctx.db.getObject<HashValue>(key, 'hash')?.get(field)
  let sum = incr
  if (current !== undefined) {
    const value = parseLongDouble(current)
    if (value === null) throw HASH_NOT_FLOAT
    sum = addLongDouble(value, incr)
  }
  if (isInfinite(sum)) throw WOULD_BE_NAN_OR_INF
  const text = formatLongDoubleHuman(sum)
  writableHash(ctx, key).set(field, text)
  ctx.modified(key, 'h', 'hincrbyfloat')
  ctx.propagateAs = [['HSET', key, field, text]]
  return text
}

/** HRANDFIELD key [count [WITHVALUES]] */
export function hrandfieldCommand(ctx: CommandContext, argv: string[]): Reply {
  if (argv.length === 2) {
    const h = readHash(ctx, argv[1])
    return h === undefined ? null : h.randomField()
  }
  // as in Redis: the count first, then the syntax, then the range, then the key
  const count = readRandomCount(argv[2])
  if (argv.length > 4 || (argv.length === 4 && argv[3].toLowerCase() !== 'withvalues')) throw SYNTAX
  const withValues = argv.length === 4
  if (withValues && (BigInt(argv[2]) > HALF_LONG_MAX || BigInt(argv[2]) < -HALF_LONG_MAX)) throw OUT_OF_RANGE
  const h = readHash(ctx, argv[1])
  if (h === undefined || count === 0) return EMPTY_ARRAY
  checkRepeatedPicks(count, withValues ? 2 : 1)
  const fields = pickFields(h, count)
  if (!withValues) return fields
  return withValuesReply(ctx, h, fields)
}

/** The sampling cases of hrandfieldWithCountCommand (reply order follows them). */
function pickFields(h: HashValue, count: number): string[] {
  const size = h.size()
  const out: string[] = []
  if (count < 0) {
    for (let i = 0; i < -count; i++) out.push(h.randomField())
    return out
  }
  if (count >= size) return Array.from(h.map.keys())
  if (h.isListpack) {
    // a listpack is sampled in one ordered pass: the picks come out in field order
    let need = count
    let left = size
    for (const f of h.map.keys()) {
      if (Math.random() * left < need) { out.push(f); need-- }
      left--
      if (need === 0) break
    }
    return out
  }
  return sampleDistinct(h.fields(), count)
}

/** RESP3: an array of [field, value] pairs; RESP2: one flat array. */
function withValuesReply(ctx: CommandContext, h: HashValue, fields: string[]): Reply {
  const out: Reply[] = []
  const pairs = ctx.client.resp === 3
  for (const f of fields) {
    const v = h.get(f) as string
    if (pairs) out.push([f, v])
    else out.push(f, v)
  }
  return out
}

/** HSCAN key cursor [MATCH pattern] [COUNT count] */
export function hscanCommand(ctx: CommandContext, argv: string[]): Reply {
  const cursor = readScanCursor(argv[2])
  const h = readHash(ctx, argv[1])
  if (h === undefined) return ['0', EMPTY_ARRAY]
  const opts = readScanOptions(argv, 3, false)
  const items: Reply[] = []
  if (h.isListpack) {
    // Redis returns a listpack whole in one reply, whatever the cursor
    for (const [f, v] of h.map) if (scanMatches(opts, f)) items.push(f, v)
    return ['0', items]
  }
  const order = scanOrderFor(h, cursor, h.map.keys(), h.size())
  const page = order.page(cursor, opts.count)
  for (const f of page.names) {
    const v = h.get(f)
    if (v !== undefined && scanMatches(opts, f)) items.push(f, v)
  }
  if (page.next === 0) h.scanOrder = null
  return [String(page.next), items]
}
