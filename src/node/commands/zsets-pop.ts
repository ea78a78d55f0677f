// Sorted-set pops: ZPOPMIN/ZPOPMAX, ZMPOP and the blocking BZPOPMIN/BZPOPMAX/BZMPOP. Mirrors
// genericZpopCommand(): reply shapes differ per command and protocol; pops replicate as ZPOPMIN/ZPOPMAX.
import { SYNTAX, err } from '../resp/errors.js'
import { DoubleReply, EMPTY_ARRAY, NULL_ARRAY, type Reply } from '../resp/types.js'
import type { ZSetValue } from '../keyspace/types/zset.js'
import { parseIntStrict } from '../util/int.js'
import { readTimeoutDeadline } from './core/args.js'
import { isToken, writeZSet } from './zsets-args.js'
import { Blocked, type CommandContext } from './core/types.js'

const COUNT_NOT_POSITIVE = err('value is out of range, must be positive')
const NUMKEYS_ERR = err('numkeys should be greater than 0')
const COUNT_ERR = err('count should be greater than 0')

/** How a pop answers: flat (ZPOPMIN), key + flat (BZPOPMIN) or key + nested pairs (ZMPOP). */
interface PopShape {
  emitKey: boolean
  nested: boolean
  /** Reply for "nothing to pop": ZMPOP answers a null array, the others an empty array. */
  nilWhenEmpty: boolean
}

/** ZPOPMIN key [count] */
export function zpopminCommand(ctx: CommandContext, argv: string[]): Reply { return zpopCommand(ctx, argv, false) }
/** ZPOPMAX key [count] */
export function zpopmaxCommand(ctx: CommandContext, argv: string[]): Reply { return zpopCommand(ctx, argv, true) }

function zpopCommand(ctx: CommandContext, argv: string[], max: boolean): Reply {
  if (argv.length > 3) throw SYNTAX
  let count = -1
  if (argv.length === 3) {
    const n = parseIntStrict(argv[2])
    if (n === null || n < 0) throw COUNT_NOT_POSITIVE
    count = n
  }
  // RESP3 nests [member, score] pairs only when a count was given
  const shape: PopShape = { emitKey: false, nested: ctx.client.resp === 3 && count !== -1, nilWhenEmpty: false }
  return zpopGeneric(ctx, [argv[1]], max, count, shape, false)
}

/** ZMPOP numkeys key [key ...] MIN|MAX [COUNT count] */
export function zmpopCommand(ctx: CommandContext, argv: string[]): Reply {
  const { keys, max, count } = readMpopArgs(argv, 1)
  return zpopGeneric(ctx, keys, max, count, { emitKey: true, nested: true, nilWhenEmpty: true }, false)
}

/** BZPOPMIN key [key ...] timeout */
export function bzpopminCommand(ctx: CommandContext, argv: string[]): Reply | Blocked { return bzpopCommand(ctx, argv, false) }
/** BZPOPMAX key [key ...] timeout */
export function bzpopmaxCommand(ctx: CommandContext, argv: string[]): Reply | Blocked { return bzpopCommand(ctx, argv, true) }

function bzpopCommand(ctx: CommandContext, argv: string[], max: boolean): Reply | Blocked {
  const deadline = readTimeoutDeadline(argv[argv.length - 1], ctx.server.clock.now())
  const keys = argv.slice(1, -1)
  const shape: PopShape = { emitKey: true, nested: false, nilWhenEmpty: false }
  return zpopGeneric(ctx, keys, max, -1, shape, true) ?? new Blocked(keys, deadline, NULL_ARRAY)
}

/** BZMPOP timeout numkeys key [key ...] MIN|MAX [COUNT count] */
export function bzmpopCommand(ctx: CommandContext, argv: string[]): Reply | Blocked {
  const { keys, max, count } = readMpopArgs(argv, 2)
  const deadline = readTimeoutDeadline(argv[1], ctx.server.clock.now())
  const shape: PopShape = { emitKey: true, nested: true, nilWhenEmpty: true }
  return zpopGeneric(ctx, keys, max, count, shape, true) ?? new Blocked(keys, deadline, NULL_ARRAY)
}

/** zmpopGenericCommand()'s argument checks: numkeys, MIN|MAX, then an optional COUNT once. */
function readMpopArgs(argv: string[], numkeysIdx: number): { keys: string[]; max: boolean; count: number } {
  const numkeys = parseIntStrict(argv[numkeysIdx])
  if (numkeys === null || numkeys < 1) throw NUMKEYS_ERR
  const whereIdx = numkeysIdx + numkeys + 1
  if (whereIdx >= argv.length) throw SYNTAX
  let max: boolean
  if (isToken(argv[whereIdx], 'min')) max = false
  else if (isToken(argv[whereIdx], 'max')) max = true
  else throw SYNTAX
  let count = -1
  for (let j = whereIdx + 1; j < argv.length; j++) {
    if (count !== -1 || !isToken(argv[j], 'count') || j + 1 >= argv.length) throw SYNTAX
    const n = parseIntStrict(argv[++j])
    if (n === null || n < 1) throw COUNT_ERR
    count = n
  }
  return { keys: argv.slice(numkeysIdx + 1, whereIdx), max, count: count === -1 ? 1 : count }
}

/**
 * Pops from the first non-empty key. In blocking mode returns undefined when there is nothing to pop,
 * and a re-run after waking skips keys that now hold another type (Redis keeps such clients blocked).
 */
function zpopGeneric(ctx: CommandContext, keys: string[], max: boolean, count: number, shape: PopShape, blocking: true): Reply | undefined
function zpopGeneric(ctx: CommandContext, keys: string[], max: boolean, count: number, shape: PopShape, blocking: false): Reply
function zpopGeneric(ctx: CommandContext, keys: string[], max: boolean, count: number, shape: PopShape, blocking: boolean): Reply | undefined {
  const retry = blocking && ctx.client.blocked
  for (const key of keys) {
    let z: ZSetValue | undefined
    try {
      z = writeZSet(ctx, key)
    } catch (e) {
      if (retry) continue
      throw e
    }
    if (z === undefined || z.size() === 0) continue
    if (count === 0) return EMPTY_ARRAY
    return popFrom(ctx, key, z, max, count, shape, blocking)
  }
  if (blocking) return undefined
  return shape.nilWhenEmpty ? NULL_ARRAY : EMPTY_ARRAY
}

function popFrom(ctx: CommandContext, key: string, z: ZSetValue, max: boolean, count: number, shape: PopShape, blocking: boolean): Reply {
  const n = count === -1 ? 1 : Math.min(count, z.size())
  const items: Reply[] = []
  // read the n elements from the popped end, then cut them off in one range removal
  for (let i = 0, c = max ? z.tree.last() : z.tree.first(); i < n; i++, max ? c.prev() : c.next()) {
    const score = new DoubleReply(c.score)
    if (shape.nested) items.push([c.member, score])
    else items.push(c.member, score)
  }
  if (max) z.deleteRankRange(z.size() - n, z.size() - 1)
  else z.deleteRankRange(0, n - 1)
  const emptied = z.size() === 0
  if (emptied) ctx.db.delete(key)
  ctx.modified(key, 'z', max ? 'zpopmax' : 'zpopmin')
  ctx.server.dirty += n - 1
  if (emptied) ctx.notify('g', 'del', key)
  // blocking pops and ZMPOP replicate as the plain pop they performed: BZPOPMIN/MAX as a pop of one,
  // ZMPOP/BZMPOP with the number of elements actually popped
  const cmd = max ? 'ZPOPMAX' : 'ZPOPMIN'
  if (shape.nilWhenEmpty) ctx.propagateAs = [[cmd, key, String(n)]]
  else if (blocking) ctx.propagateAs = [[cmd, key]]
  if (!shape.emitKey) return items
  return shape.nested ? [key, items] : [key, ...items]
}

