// Sorted-set range commands: ZRANGE and its BYSCORE/BYLEX/REV/LIMIT forms, the legacy Z[REV]RANGE*
// aliases, ZRANGESTORE, ZCOUNT, ZLEXCOUNT and ZREMRANGEBY{RANK,SCORE,LEX}. Mirrors zrangeGenericCommand().
import { SYNTAX, err } from '../resp/errors.js'
import { EMPTY_ARRAY, type Reply } from '../resp/types.js'
import type { TreeCursor } from '../keyspace/types/score-cursor.js'
import { lexGteMin, lexLteMax, scoreGteMin, scoreLteMax, type LexRange, type ScoreRange } from '../keyspace/types/zrange.js'
import { ZSetValue } from '../keyspace/types/zset.js'
import { Picked, isToken, pickedReply, readLexRange, readScoreRange, readZSet, writeZSet } from './zsets-args.js'
import { readInt } from './core/args.js'
import type { CommandContext } from './core/types.js'

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
  if (z === undefined) return dst === null ? EMPTY_ARRAY : storeRange(ctx, dst, new Picked(), -1)
  const limit = req.limit < 0 ? Infinity : req.limit
  let picked: Picked
  if (scoreRange !== null) picked = scorePick(z, scoreRange, rev, req.offset, limit)
  else if (lexRange !== null) picked = lexPick(z, lexRange, rev, req.offset, limit)
  else picked = rankPick(z, start, end, rev)
  if (dst !== null) return storeRange(ctx, dst, picked, req.type === RANK ? picked.length : -1)
  return pickedReply(picked, req.withScores, ctx.client.resp === 3)
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

function rankPick(z: ZSetValue, start: number, end: number, rev: boolean): Picked {
  const out = new Picked()
  const len = z.size()
  const r = clampRanks(len, start, end)
  if (r === null) return out
  let n = r[1] - r[0] + 1
  for (const c = z.tree.cursorAt(rev ? len - 1 - r[0] : r[0]); c.valid && n > 0; n--) {
    out.take(c)
    if (rev) c.prev(); else c.next()
  }
  return out
}

/** Moves a cursor `offset` places (by rank, one descent); it ends invalid when that leaves the set. */
function skip(z: ZSetValue, c: TreeCursor, offset: number, rev: boolean): TreeCursor {
  return offset === 0 ? c : z.tree.cursorAt(rev ? c.rank - offset : c.rank + offset)
}

function scorePick(z: ZSetValue, r: ScoreRange, rev: boolean, offset: number, limit: number): Picked {
  const out = new Picked()
  // a negative offset skips past every element in Redis
  if (offset < 0) return out
  const found = rev ? z.tree.lastInScoreRange(r) : z.tree.firstInScoreRange(r)
  if (found === null) return out
  for (const c = skip(z, found, offset, rev); c.valid && out.length < limit; rev ? c.prev() : c.next()) {
    if (rev ? !scoreGteMin(c.score, r) : !scoreLteMax(c.score, r)) break
    out.take(c)
  }
  return out
}

function lexPick(z: ZSetValue, r: LexRange, rev: boolean, offset: number, limit: number): Picked {
  const out = new Picked()
  if (offset < 0) return out
  const found = rev ? z.lastInLexRange(r) : z.firstInLexRange(r)
  if (found === null) return out
  for (const c = skip(z, found, offset, rev); c.valid && out.length < limit; rev ? c.prev() : c.next()) {
    if (rev ? !lexGteMin(c.member, r) : !lexLteMax(c.member, r)) break
    out.take(c)
  }
  return out
}

/** ZRANGESTORE's result: a new key (encoding by size, as Redis builds it) or the destination deleted. */
function storeRange(ctx: CommandContext, dst: string, picked: Picked, lengthHint: number): Reply {
  if (picked.length === 0) {
    if (ctx.db.delete(dst)) ctx.modified(dst, 'g', 'del')
    return 0
  }
  const z = ZSetValue.forLength(lengthHint, ctx.db.limits)
  for (let i = 0; i < picked.length; i++) z.insert(picked.members[i], picked.scores[i])
  ctx.db.set(dst, z)
  ctx.modified(dst, 'z', 'zrangestore')
  return picked.length
}

/** ZCOUNT key min max */
export function zcountCommand(ctx: CommandContext, argv: string[]): Reply {
  const r = readScoreRange(argv[2], argv[3])
  const z = readZSet(ctx, argv[1])
  const first = z?.tree.firstInScoreRange(r)
  if (z === undefined || first == null) return 0
  const last = z.tree.lastInScoreRange(r) as TreeCursor
  return last.rank - first.rank + 1
}

/** ZLEXCOUNT key min max */
export function zlexcountCommand(ctx: CommandContext, argv: string[]): Reply {
  const r = readLexRange(argv[2], argv[3])
  const z = readZSet(ctx, argv[1])
  const first = z?.firstInLexRange(r)
  if (z === undefined || first == null) return 0
  if (z.isListpack) {
    // a listpack counts by walking on from the first match while members stay below max
    let n = 0
    for (const c = first; c.valid && lexLteMax(c.member, r); c.next()) n++
    return n
  }
  const last = z.lastInLexRange(r)
  return last === null ? 0 : Math.max(0, last.rank - first.rank + 1)
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
