// Sorted-set range commands: ZRANGE and its BYSCORE/BYLEX/REV/LIMIT forms, the legacy Z[REV]RANGE*
// aliases, ZRANGESTORE, ZCOUNT, ZLEXCOUNT and ZREMRANGEBY{RANK,SCORE,LEX}. Mirrors zrangeGenericCommand().
import { SYNTAX, err } from '../resp/errors.js'
import { EMPTY_ARRAY, type Reply } from '../resp/types.js'
import type { LexRange, ScoreRange, ZNode } from '../keyspace/types/skiplist.js'
import { lexGteMin, lexLteMax, scoreGteMin, scoreLteMax } from '../keyspace/types/skiplist.js'
import { ZSetValue } from '../keyspace/types/zset.js'
import { isToken, nodesReply, readLexRange, readScoreRange, readZSet, writeZSet } from './zsets-args.js'
import { readInt } from './args.js'
import type { CommandContext } from './types.js'

const LIMIT_NEEDS_BY = err('syntax error, LIMIT is only supported in combination with either BYSCORE or BYLEX')
const WITHSCORES_BYLEX = err('syntax error, WITHSCORES not supported in combination with BYLEX')

// Range kinds; AUTO means "the command did not fix it, options may".
const AUTO = 0
const RANK = 1
const SCORE = 2
const LEX = 3

interface RangeRequest {
  type: number
  /** 0 = not fixed by the command, 1 = forward, -1 = reverse. */
  dir: number
  withScores: boolean
  offset: number
  /** -1 = no LIMIT given (or unlimited). */
  limit: number
}

/** ZRANGE key start stop [BYSCORE|BYLEX] [REV] [LIMIT offset count] [WITHSCORES] */
export function zrangeCommand(ctx: CommandContext, argv: string[]): Reply {
  return zrangeGeneric(ctx, argv, 1, null, AUTO, 0)
}

/** ZRANGESTORE dst src min max [BYSCORE|BYLEX] [REV] [LIMIT offset count] */
export function zrangestoreCommand(ctx: CommandContext, argv: string[]): Reply {
  return zrangeGeneric(ctx, argv, 2, argv[1], AUTO, 0)
}

/** ZRANGEBYSCORE key min max [WITHSCORES] [LIMIT offset count] */
export function zrangebyscoreCommand(ctx: CommandContext, argv: string[]): Reply {
  return zrangeGeneric(ctx, argv, 1, null, SCORE, 1)
}

/** ZREVRANGEBYSCORE key max min [WITHSCORES] [LIMIT offset count] */
export function zrevrangebyscoreCommand(ctx: CommandContext, argv: string[]): Reply {
  return zrangeGeneric(ctx, argv, 1, null, SCORE, -1)
}

/** ZRANGEBYLEX key min max [LIMIT offset count] */
export function zrangebylexCommand(ctx: CommandContext, argv: string[]): Reply {
  return zrangeGeneric(ctx, argv, 1, null, LEX, 1)
}

/** ZREVRANGEBYLEX key max min [LIMIT offset count] */
export function zrevrangebylexCommand(ctx: CommandContext, argv: string[]): Reply {
  return zrangeGeneric(ctx, argv, 1, null, LEX, -1)
}

/** ZREVRANGE key start stop [WITHSCORES] */
export function zrevrangeCommand(ctx: CommandContext, argv: string[]): Reply {
  return zrangeGeneric(ctx, argv, 1, null, RANK, -1)
}

/** Reads the options after "<src> <min> <max>"; a token the command already fixed is a syntax error. */
function readRangeOptions(argv: string[], from: number, store: boolean, req: RangeRequest): void {
  for (let j = from; j < argv.length; j++) {
    const a = argv[j]
    const left = argv.length - j - 1
    if (!store && isToken(a, 'withscores')) {
      req.withScores = true
    } else if (isToken(a, 'limit') && left >= 2) {
      req.offset = readInt(argv[j + 1])
      req.limit = readInt(argv[j + 2])
      j += 2
    } else if (req.dir === 0 && isToken(a, 'rev')) {
      req.dir = -1
    } else if (req.type === AUTO && isToken(a, 'bylex')) {
      req.type = LEX
    } else if (req.type === AUTO && isToken(a, 'byscore')) {
      req.type = SCORE
    } else {
      throw SYNTAX
    }
  }
  if (req.dir === 0) req.dir = 1
  if (req.type === AUTO) req.type = RANK
  if (req.limit !== -1 && req.type === RANK) throw LIMIT_NEEDS_BY
  if (req.withScores && req.type === LEX) throw WITHSCORES_BYLEX
}

function zrangeGeneric(ctx: CommandContext, argv: string[], at: number, dst: string | null, type: number, dir: number): Reply {
  const req: RangeRequest = { type, dir, withScores: false, offset: 0, limit: -1 }
  readRangeOptions(argv, at + 3, dst !== null, req)
  const rev = req.dir < 0
  // the by-score and by-lex forms take the range as max, min when reversed
  const swap = rev && req.type !== RANK
  const minArg = argv[swap ? at + 2 : at + 1]
  const maxArg = argv[swap ? at + 1 : at + 2]
  let start = 0
  let end = 0
  let scoreRange: ScoreRange | null = null
  let lexRange: LexRange | null = null
  if (req.type === RANK) { start = readInt(minArg); end = readInt(maxArg) }
  else if (req.type === SCORE) scoreRange = readScoreRange(minArg, maxArg)
  else lexRange = readLexRange(minArg, maxArg)

  const z = readZSet(ctx, argv[at])
  if (z === undefined) return dst === null ? EMPTY_ARRAY : storeRange(ctx, dst, [], -1)
  const limit = req.limit < 0 ? Infinity : req.limit
  let nodes: ZNode[]
  if (scoreRange !== null) nodes = scoreNodes(z, scoreRange, rev, req.offset, limit)
  else if (lexRange !== null) nodes = lexNodes(z, lexRange, rev, req.offset, limit)
  else nodes = rankNodes(z, start, end, rev)
  if (dst !== null) return storeRange(ctx, dst, nodes, req.type === RANK ? nodes.length : -1)
  return nodesReply(nodes, req.withScores, ctx.client.resp === 3)
}

/** Clamps Redis-style start/stop indexes (negative = from the end); null when the range is empty. */
function clampRanks(len: number, start: number, end: number): [number, number] | null {
  if (start < 0) start += len
  if (end < 0) end += len
  if (start < 0) start = 0
  if (start > end || start >= len) return null
  if (end >= len) end = len - 1
  return [start, end]
}

function rankNodes(z: ZSetValue, start: number, end: number, rev: boolean): ZNode[] {
  const len = z.size()
  const r = clampRanks(len, start, end)
  if (r === null) return []
  const out: ZNode[] = []
  let n = r[1] - r[0] + 1
  let x = z.zsl.byRank(rev ? len - r[0] : r[0] + 1)
  for (; x !== null && n > 0; n--) {
    out.push(x)
    x = rev ? x.backward : x.next
  }
  return out
}

/** Moves `offset` places from a node found at zsl.foundRank; null when that leaves the set. */
function skip(z: ZSetValue, x: ZNode, offset: number, rev: boolean): ZNode | null {
  if (offset === 0) return x
  const rank = rev ? z.zsl.foundRank - offset : z.zsl.foundRank + offset
  return rank < 1 || rank > z.size() ? null : z.zsl.byRank(rank)
}

function scoreNodes(z: ZSetValue, r: ScoreRange, rev: boolean, offset: number, limit: number): ZNode[] {
  const out: ZNode[] = []
  // a negative offset skips past every element in Redis
  if (offset < 0) return out
  let x = rev ? z.zsl.lastInScoreRange(r) : z.zsl.firstInScoreRange(r)
  if (x !== null) x = skip(z, x, offset, rev)
  for (; x !== null && out.length < limit; x = rev ? x.backward : x.next) {
    if (rev ? !scoreGteMin(x.score, r) : !scoreLteMax(x.score, r)) break
    out.push(x)
  }
  return out
}

function lexNodes(z: ZSetValue, r: LexRange, rev: boolean, offset: number, limit: number): ZNode[] {
  const out: ZNode[] = []
  if (offset < 0) return out
  let x = rev ? z.zsl.lastInLexRange(r) : z.zsl.firstInLexRange(r)
  if (x !== null) x = skip(z, x, offset, rev)
  for (; x !== null && out.length < limit; x = rev ? x.backward : x.next) {
    if (rev ? !lexGteMin(x.member, r) : !lexLteMax(x.member, r)) break
    out.push(x)
  }
  return out
}

/** ZRANGESTORE's result: a new key (encoding by size, as Redis builds it) or the destination deleted. */
function storeRange(ctx: CommandContext, dst: string, nodes: ZNode[], lengthHint: number): Reply {
  if (nodes.length === 0) {
    if (ctx.db.delete(dst)) ctx.modified(dst, 'g', 'del')
    return 0
  }
  const z = ZSetValue.forLength(lengthHint)
  for (const n of nodes) z.insert(n.member, n.score)
  ctx.db.set(dst, z)
  ctx.modified(dst, 'z', 'zrangestore')
  return nodes.length
}

/** ZCOUNT key min max */
export function zcountCommand(ctx: CommandContext, argv: string[]): Reply {
  const r = readScoreRange(argv[2], argv[3])
  const z = readZSet(ctx, argv[1])
  if (z === undefined || z.zsl.firstInScoreRange(r) === null) return 0
  const first = z.zsl.foundRank
  z.zsl.lastInScoreRange(r)
  return z.zsl.foundRank - first + 1
}

/** ZLEXCOUNT key min max */
export function zlexcountCommand(ctx: CommandContext, argv: string[]): Reply {
  const r = readLexRange(argv[2], argv[3])
  const z = readZSet(ctx, argv[1])
  if (z === undefined || z.zsl.firstInLexRange(r) === null) return 0
  const first = z.zsl.foundRank
  if (z.zsl.lastInLexRange(r) === null) return 0
  return Math.max(0, z.zsl.foundRank - first + 1)
}

/** ZREMRANGEBYRANK key start stop */
export function zremrangebyrankCommand(ctx: CommandContext, argv: string[]): Reply {
  const start = readInt(argv[2])
  const end = readInt(argv[3])
  const z = writeZSet(ctx, argv[1])
  if (z === undefined) return 0
  const r = clampRanks(z.size(), start, end)
  if (r === null) return 0
  return afterRemove(ctx, argv[1], z, z.deleteRankRange(r[0], r[1]), 'zremrangebyrank')
}

/** ZREMRANGEBYSCORE key min max */
export function zremrangebyscoreCommand(ctx: CommandContext, argv: string[]): Reply {
  const r = readScoreRange(argv[2], argv[3])
  const z = writeZSet(ctx, argv[1])
  if (z === undefined) return 0
  return afterRemove(ctx, argv[1], z, z.deleteScoreRange(r), 'zremrangebyscore')
}

/** ZREMRANGEBYLEX key min max */
export function zremrangebylexCommand(ctx: CommandContext, argv: string[]): Reply {
  const r = readLexRange(argv[2], argv[3])
  const z = writeZSet(ctx, argv[1])
  if (z === undefined) return 0
  return afterRemove(ctx, argv[1], z, z.deleteLexRange(r), 'zremrangebylex')
}

/** Notifications, dirty count and key deletion after a ZREMRANGE*. */
function afterRemove(ctx: CommandContext, key: string, z: ZSetValue, deleted: number, event: string): Reply {
  if (deleted === 0) return 0
  const emptied = z.size() === 0
  if (emptied) ctx.db.delete(key)
  ctx.modified(key, 'z', event)
  ctx.server.dirty += deleted - 1
  if (emptied) ctx.notify('g', 'del', key)
  return deleted
}
