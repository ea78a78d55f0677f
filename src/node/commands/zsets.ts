// Sorted-set family: the command table for the whole group, plus ZADD/ZINCRBY and the point
// lookups (ZCARD ZSCORE ZMSCORE ZRANK ZREVRANK ZREM). Ranges, stores, pops and scans live in zsets-*.ts.
import { SYNTAX, err } from '../resp/errors.js'
import { DoubleReply, type Reply } from '../resp/types.js'
import { ZSetValue } from '../keyspace/types/zset.js'
import { NAN_SCORE, isToken, readScore, readZSet, writeZSet } from './zsets-args.js'
import { numkeysKeyPositions } from './core/numkeys.js'
import { bzmpopCommand, bzpopmaxCommand, bzpopminCommand, zmpopCommand, zpopmaxCommand, zpopminCommand } from './zsets-pop.js'
import { zrandmemberCommand, zscanCommand } from './zsets-random.js'
import {
  zcountCommand, zlexcountCommand, zrangeCommand, zrangebylexCommand, zrangebyscoreCommand, zrangestoreCommand,
  zremrangebylexCommand, zremrangebyrankCommand, zremrangebyscoreCommand, zrevrangeCommand, zrevrangebylexCommand,
  zrevrangebyscoreCommand,
} from './zsets-range.js'
import {
  zdiffCommand, zdiffstoreCommand, zinterCommand, zintercardCommand, zinterstoreCommand, zunionCommand, zunionstoreCommand,
} from './zsets-store.js'
import type { CommandContext, CommandSpec } from './core/types.js'

const G = 'sorted-set' as const
/** ZUNIONSTORE/ZINTERSTORE/ZDIFFSTORE destination numkeys key [key ...] */
const storeKeys = (argv: string[]): number[] => numkeysKeyPositions(argv, 2, 1)
/** ZUNION/ZINTER/ZDIFF/ZINTERCARD/ZMPOP numkeys key [key ...] */
const sourceKeys = (argv: string[]): number[] => numkeysKeyPositions(argv, 1)
/** BZMPOP timeout numkeys key [key ...] */
const bzmpopKeys = (argv: string[]): number[] => numkeysKeyPositions(argv, 2)

export const zsetCommands: CommandSpec[] = [
  { name: 'zadd', arity: -4, flags: ['write', 'denyoom', 'fast'], keys: [1, 1, 1], handler: zaddCommand, group: G, since: '1.2.0', summary: 'Adds members with scores to a sorted set, or updates their scores' },
  { name: 'zincrby', arity: 4, flags: ['write', 'denyoom', 'fast'], keys: [1, 1, 1], handler: zincrbyCommand, group: G, since: '1.2.0', summary: 'Adds an increment to the score of a member' },
  { name: 'zcard', arity: 2, flags: ['readonly', 'fast'], keys: [1, 1, 1], handler: zcardCommand, group: G, since: '1.2.0', summary: 'Returns the number of members' },
  { name: 'zscore', arity: 3, flags: ['readonly', 'fast'], keys: [1, 1, 1], handler: zscoreCommand, group: G, since: '1.2.0', summary: 'Returns the score of a member' },
  { name: 'zmscore', arity: -3, flags: ['readonly', 'fast'], keys: [1, 1, 1], handler: zmscoreCommand, group: G, since: '6.2.0', summary: 'Returns the scores of several members' },
  { name: 'zrank', arity: 3, flags: ['readonly', 'fast'], keys: [1, 1, 1], handler: zrankCommand, group: G, since: '2.0.0', summary: 'Returns the position of a member by ascending score' },
  { name: 'zrevrank', arity: 3, flags: ['readonly', 'fast'], keys: [1, 1, 1], handler: zrevrankCommand, group: G, since: '2.0.0', summary: 'Returns the position of a member by descending score' },
  { name: 'zrem', arity: -3, flags: ['write', 'fast'], keys: [1, 1, 1], handler: zremCommand, group: G, since: '1.2.0', summary: 'Removes members; deletes the key when it empties' },
  { name: 'zcount', arity: 4, flags: ['readonly', 'fast'], keys: [1, 1, 1], handler: zcountCommand, group: G, since: '2.0.0', summary: 'Counts members with a score in a range' },
  { name: 'zlexcount', arity: 4, flags: ['readonly', 'fast'], keys: [1, 1, 1], handler: zlexcountCommand, group: G, since: '2.8.9', summary: 'Counts members in a lexicographical range' },
  { name: 'zrange', arity: -4, flags: ['readonly'], keys: [1, 1, 1], handler: zrangeCommand, group: G, since: '1.2.0', summary: 'Returns members in a range of ranks, scores or lex values' },
  { name: 'zrangestore', arity: -5, flags: ['write', 'denyoom'], keys: [1, 2, 1], handler: zrangestoreCommand, group: G, since: '6.2.0', summary: 'Stores a range of members in another key' },
  { name: 'zrangebyscore', arity: -4, flags: ['readonly'], keys: [1, 1, 1], handler: zrangebyscoreCommand, group: G, since: '1.0.5', summary: 'Returns members with a score in a range' },
  { name: 'zrangebylex', arity: -4, flags: ['readonly'], keys: [1, 1, 1], handler: zrangebylexCommand, group: G, since: '2.8.9', summary: 'Returns members in a lexicographical range' },
  { name: 'zrevrange', arity: -4, flags: ['readonly'], keys: [1, 1, 1], handler: zrevrangeCommand, group: G, since: '1.2.0', summary: 'Returns members in a range of ranks, highest score first' },
  { name: 'zrevrangebyscore', arity: -4, flags: ['readonly'], keys: [1, 1, 1], handler: zrevrangebyscoreCommand, group: G, since: '2.2.0', summary: 'Returns members with a score in a range, highest first' },
  { name: 'zrevrangebylex', arity: -4, flags: ['readonly'], keys: [1, 1, 1], handler: zrevrangebylexCommand, group: G, since: '2.8.9', summary: 'Returns members in a lexicographical range, in reverse' },
  { name: 'zremrangebyrank', arity: 4, flags: ['write'], keys: [1, 1, 1], handler: zremrangebyrankCommand, group: G, since: '2.0.0', summary: 'Removes members in a range of ranks' },
  { name: 'zremrangebyscore', arity: 4, flags: ['write'], keys: [1, 1, 1], handler: zremrangebyscoreCommand, group: G, since: '1.2.0', summary: 'Removes members with a score in a range' },
  { name: 'zremrangebylex', arity: 4, flags: ['write'], keys: [1, 1, 1], handler: zremrangebylexCommand, group: G, since: '2.8.9', summary: 'Removes members in a lexicographical range' },
  { name: 'zunion', arity: -3, flags: ['readonly'], keys: [0, 0, 0], getKeys: sourceKeys, handler: zunionCommand, group: G, since: '6.2.0', summary: 'Returns the union of sorted sets' },
  { name: 'zinter', arity: -3, flags: ['readonly'], keys: [0, 0, 0], getKeys: sourceKeys, handler: zinterCommand, group: G, since: '6.2.0', summary: 'Returns the intersection of sorted sets' },
  { name: 'zdiff', arity: -3, flags: ['readonly'], keys: [0, 0, 0], getKeys: sourceKeys, handler: zdiffCommand, group: G, since: '6.2.0', summary: 'Returns the members of the first sorted set missing from the others' },
  { name: 'zunionstore', arity: -4, flags: ['write', 'denyoom'], keys: [1, 1, 1], getKeys: storeKeys, handler: zunionstoreCommand, group: G, since: '2.0.0', summary: 'Stores the union of sorted sets' },
  { name: 'zinterstore', arity: -4, flags: ['write', 'denyoom'], keys: [1, 1, 1], getKeys: storeKeys, handler: zinterstoreCommand, group: G, since: '2.0.0', summary: 'Stores the intersection of sorted sets' },
  { name: 'zdiffstore', arity: -4, flags: ['write', 'denyoom'], keys: [1, 1, 1], getKeys: storeKeys, handler: zdiffstoreCommand, group: G, since: '6.2.0', summary: 'Stores the difference of sorted sets' },
  { name: 'zintercard', arity: -3, flags: ['readonly'], keys: [0, 0, 0], getKeys: sourceKeys, handler: zintercardCommand, group: G, since: '7.0.0', summary: 'Counts the members of the intersection' },
  { name: 'zpopmin', arity: -2, flags: ['write', 'fast'], keys: [1, 1, 1], handler: zpopminCommand, group: G, since: '5.0.0', summary: 'Removes and returns the lowest-scored members' },
  { name: 'zpopmax', arity: -2, flags: ['write', 'fast'], keys: [1, 1, 1], handler: zpopmaxCommand, group: G, since: '5.0.0', summary: 'Removes and returns the highest-scored members' },
  { name: 'zmpop', arity: -4, flags: ['write'], keys: [0, 0, 0], getKeys: sourceKeys, handler: zmpopCommand, group: G, since: '7.0.0', summary: 'Pops members from the first non-empty sorted set' },
  { name: 'bzpopmin', arity: -3, flags: ['write', 'noscript', 'blocking', 'fast'], keys: [1, -2, 1], handler: bzpopminCommand, group: G, since: '5.0.0', summary: 'Pops the lowest-scored member, blocking until one exists' },
  { name: 'bzpopmax', arity: -3, flags: ['write', 'noscript', 'blocking', 'fast'], keys: [1, -2, 1], handler: bzpopmaxCommand, group: G, since: '5.0.0', summary: 'Pops the highest-scored member, blocking until one exists' },
  { name: 'bzmpop', arity: -5, flags: ['write', 'blocking'], keys: [0, 0, 0], getKeys: bzmpopKeys, handler: bzmpopCommand, group: G, since: '7.0.0', summary: 'Pops members from the first non-empty sorted set, blocking until one exists' },
  { name: 'zrandmember', arity: -2, flags: ['readonly'], keys: [1, 1, 1], handler: zrandmemberCommand, group: G, since: '6.2.0', summary: 'Returns random members' },
  { name: 'zscan', arity: -3, flags: ['readonly'], keys: [1, 1, 1], handler: zscanCommand, group: G, since: '2.8.0', summary: 'Iterates members and scores' },
]

const XX_AND_NX = err('XX and NX options at the same time are not compatible')
const GT_LT_NX = err('GT, LT, and/or NX options at the same time are not compatible')
const INCR_PAIR = err('INCR option supports a single increment-element pair')

const ZADD_NX = 1
const ZADD_XX = 2
const ZADD_GT = 4
const ZADD_LT = 8
const ZADD_CH = 16
const ZADD_INCR = 32

// Outcome bits of zsetAddOne().
const OUT_ADDED = 1
const OUT_UPDATED = 2
const OUT_NOP = 4

// Scratch for the parsed scores (all are validated before anything changes) and zsetAddOne's result.
const scores: number[] = []
let newScore = 0

function zaddFlag(a: string): number {
  if (a.length === 2) {
    if (isToken(a, 'nx')) return ZADD_NX
    if (isToken(a, 'xx')) return ZADD_XX
    if (isToken(a, 'gt')) return ZADD_GT
    if (isToken(a, 'lt')) return ZADD_LT
    if (isToken(a, 'ch')) return ZADD_CH
  } else if (a.length === 4 && isToken(a, 'incr')) {
    return ZADD_INCR
  }
  return 0
}

/** ZADD key [NX|XX] [GT|LT] [CH] [INCR] score member [score member ...] */
function zaddCommand(ctx: CommandContext, argv: string[]): Reply {
  let flags = 0
  let i = 2
  for (let f; i < argv.length && (f = zaddFlag(argv[i])) !== 0; i++) flags |= f
  return zaddGeneric(ctx, argv, flags, i)
}

/** ZINCRBY key increment member */
function zincrbyCommand(ctx: CommandContext, argv: string[]): Reply {
  return zaddGeneric(ctx, argv, ZADD_INCR, 2)
}

/** zaddGenericCommand(): validate options and every score, then apply the pairs in order. */
function zaddGeneric(ctx: CommandContext, argv: string[], flags: number, scoreIdx: number): Reply {
  const elements = argv.length - scoreIdx
  if (elements === 0 || elements % 2 !== 0) throw SYNTAX
  const nx = (flags & ZADD_NX) !== 0
  const gtlt = flags & (ZADD_GT | ZADD_LT)
  const incr = (flags & ZADD_INCR) !== 0
  if (nx && (flags & ZADD_XX) !== 0) throw XX_AND_NX
  if ((nx && gtlt !== 0) || gtlt === (ZADD_GT | ZADD_LT)) throw GT_LT_NX
  if (incr && elements > 2) throw INCR_PAIR
  scores.length = 0
  for (let j = scoreIdx; j < argv.length; j += 2) scores.push(readScore(argv[j]))

  const key = argv[1]
  let z = writeZSet(ctx, key)
  if (z === undefined) {
    if ((flags & ZADD_XX) !== 0) return incr ? null : 0
    z = new ZSetValue(ctx.db.limits)
    ctx.db.set(key, z)
  }
  let added = 0
  let updated = 0
  let processed = 0
  let score = 0
  try {
    for (let j = 0; j < scores.length; j++) {
      const out = zsetAddOne(z, argv[scoreIdx + 1 + 2 * j], scores[j], flags)
      if (out & OUT_ADDED) added++
      if (out & OUT_UPDATED) updated++
      if (!(out & OUT_NOP)) { processed++; score = newScore }
    }
  } finally {
    if (added + updated !== 0) {
      ctx.modified(key, 'z', incr ? 'zincr' : 'zadd')
      ctx.server.dirty += added + updated - 1
    }
  }
  if (incr) return processed !== 0 ? new DoubleReply(score) : null
  return (flags & ZADD_CH) !== 0 ? added + updated : added
}

/** zsetAdd(): one member under the NX/XX/GT/LT/INCR rules; the resulting score goes to newScore. */
function zsetAddOne(z: ZSetValue, member: string, score: number, flags: number): number {
  const cur = z.dict.get(member)
  if (cur === undefined) {
    if ((flags & ZADD_XX) !== 0) return OUT_NOP
    z.insert(member, score)
    newScore = score
    return OUT_ADDED
  }
  if ((flags & ZADD_NX) !== 0) return OUT_NOP
  if ((flags & ZADD_INCR) !== 0) {
    score += cur
    if (Number.isNaN(score)) throw NAN_SCORE
  }
  if (((flags & ZADD_LT) !== 0 && score >= cur) || ((flags & ZADD_GT) !== 0 && score <= cur)) return OUT_NOP
  newScore = score
  if (score === cur) return 0
  z.update(member, cur, score)
  return OUT_UPDATED
}

/** ZCARD key */
function zcardCommand(ctx: CommandContext, argv: string[]): Reply {
  return readZSet(ctx, argv[1])?.size() ?? 0
}

/** ZSCORE key member */
function zscoreCommand(ctx: CommandContext, argv: string[]): Reply {
  const score = readZSet(ctx, argv[1])?.score(argv[2])
  return score === undefined ? null : new DoubleReply(score)
}

/** ZMSCORE key member [member ...] */
function zmscoreCommand(ctx: CommandContext, argv: string[]): Reply {
  const z = readZSet(ctx, argv[1])
  const out: Reply[] = []
  for (let i = 2; i < argv.length; i++) {
    const score = z?.score(argv[i])
    out.push(score === undefined ? null : new DoubleReply(score))
  }
  return out
}

/** ZRANK key member */
function zrankCommand(ctx: CommandContext, argv: string[]): Reply {
  return rankReply(ctx, argv, false)
}

/** ZREVRANK key member */
function zrevrankCommand(ctx: CommandContext, argv: string[]): Reply {
  return rankReply(ctx, argv, true)
}

function rankReply(ctx: CommandContext, argv: string[], reverse: boolean): Reply {
  const z = readZSet(ctx, argv[1])
  if (z === undefined) return null
  const r = z.rank(argv[2], reverse)
  return r < 0 ? null : r
}

/** ZREM key member [member ...] */
function zremCommand(ctx: CommandContext, argv: string[]): Reply {
  const key = argv[1]
  const z = writeZSet(ctx, key)
  if (z === undefined) return 0
  let deleted = 0
  let keyRemoved = false
  for (let i = 2; i < argv.length; i++) {
    if (!z.remove(argv[i])) continue
    deleted++
    if (z.size() === 0) {
      ctx.db.delete(key)
      keyRemoved = true
      break
    }
  }
  if (deleted !== 0) {
    ctx.modified(key, 'z', 'zrem')
    ctx.server.dirty += deleted - 1
    if (keyRemoved) ctx.notify('g', 'del', key)
  }
  return deleted
}
