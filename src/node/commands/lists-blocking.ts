// List commands that take from one list and give to another key or wait: LMOVE, RPOPLPUSH, LMPOP and
// the blocking BLPOP, BRPOP, BLMOVE, BRPOPLPUSH, BLMPOP. Served pops replicate as their non-blocking
// forms (LPOP/RPOP [count], LMOVE, RPOPLPUSH), as Redis rewrites them.
import { SYNTAX } from '../resp/errors.js'
import { NULL_ARRAY, type Reply } from '../resp/types.js'
import { ListValue } from '../keyspace/types/list.js'
import { parseIntStrict } from '../util/int.js'
import { readTimeoutDeadline } from './core/args.js'
import { numkeysKeyPositions } from './core/numkeys.js'
import { NUMKEYS_ERR, afterPop, popMany, pushOne, readMpopCount, readWhere, writeList } from './lists-common.js'
import { Blocked, type CommandContext } from './core/types.js'

/**
 * The list a parked command may be served from. On a re-run a key that now holds another type is
 * simply not ready (Redis serves only lists from a ready list key); on a first run it is WRONGTYPE.
 */
function sourceList(ctx: CommandContext, key: string): ListValue | undefined {
  if (!ctx.client.blocked) return writeList(ctx, key)
  const v = ctx.db.get(key)
  return v instanceof ListValue ? v : undefined
}

/** The key whose change woke this re-run, or null on a first run. */
function readyKey(ctx: CommandContext): string | null {
  return ctx.client.blocked ? ctx.server.blocking.servingKey : null
}

/** Moves one element from `s` (the list at `src`) to `dst`; WRONGTYPE when `dst` holds something else. */
function moveOne(ctx: CommandContext, src: string, s: ListValue, dst: string, fromHead: boolean, toHead: boolean): string {
  const d = writeList(ctx, dst)
  const v = (fromHead ? s.popHead() : s.popTail()) as string
  // lmoveHandlePush() runs before the source's pop event and its deletion
  pushOne(ctx, dst, d, v, toHead)
  afterPop(ctx, src, s, fromHead)
  return v
}

/** RPOPLPUSH source destination */
export function rpoplpushCommand(ctx: CommandContext, argv: string[]): Reply {
  const s = writeList(ctx, argv[1])
  return s === undefined ? null : moveOne(ctx, argv[1], s, argv[2], false, true)
}

/** LMOVE source destination LEFT | RIGHT LEFT | RIGHT */
export function lmoveCommand(ctx: CommandContext, argv: string[]): Reply {
  const fromHead = readWhere(argv[3])
  const toHead = readWhere(argv[4])
  const s = writeList(ctx, argv[1])
  return s === undefined ? null : moveOne(ctx, argv[1], s, argv[2], fromHead, toHead)
}

/** BRPOPLPUSH source destination timeout */
export function brpoplpushCommand(ctx: CommandContext, argv: string[]): Reply | Blocked {
  return blmoveGeneric(ctx, argv, false, true, argv[3], ['RPOPLPUSH', argv[1], argv[2]])
}

/** BLMOVE source destination LEFT | RIGHT LEFT | RIGHT timeout */
export function blmoveCommand(ctx: CommandContext, argv: string[]): Reply | Blocked {
  const fromHead = readWhere(argv[3])
  const toHead = readWhere(argv[4])
  return blmoveGeneric(ctx, argv, fromHead, toHead, argv[5], ['LMOVE', argv[1], argv[2], argv[3], argv[4]])
}

function blmoveGeneric(ctx: CommandContext, argv: string[], fromHead: boolean, toHead: boolean, timeout: string, asCommand: string[]): Reply | Blocked {
  const deadline = readTimeoutDeadline(timeout, ctx.server.clock.now())
  const src = argv[1]
  const s = sourceList(ctx, src)
  if (s !== undefined) {
    const v = moveOne(ctx, src, s, argv[2], fromHead, toHead)
    ctx.propagateAs = [asCommand]
    return v
  }
  // inside MULTI/EXEC the "would block" answer is a null bulk; a real timeout answers a null array
  return new Blocked([src], deadline, ctx.inExec ? null : NULL_ARRAY)
}

/** BLPOP key [key ...] timeout */
export function blpopCommand(ctx: CommandContext, argv: string[]): Reply | Blocked { return bpopGeneric(ctx, argv, true) }
/** BRPOP key [key ...] timeout */
export function brpopCommand(ctx: CommandContext, argv: string[]): Reply | Blocked { return bpopGeneric(ctx, argv, false) }

function bpopGeneric(ctx: CommandContext, argv: string[], head: boolean): Reply | Blocked {
  const last = argv.length - 1
  const deadline = readTimeoutDeadline(argv[last], ctx.server.clock.now())
  const ready = readyKey(ctx)
  if (ready !== null) {
    const l = sourceList(ctx, ready)
    if (l !== undefined) return popOneWithKey(ctx, ready, l, head)
  } else {
    // first non-empty key in argument order; a wrong type before it is an error
    for (let i = 1; i < last; i++) {
      const l = sourceList(ctx, argv[i])
      if (l !== undefined) return popOneWithKey(ctx, argv[i], l, head)
    }
  }
  return new Blocked(argv.slice(1, last), deadline, NULL_ARRAY)
}

function popOneWithKey(ctx: CommandContext, key: string, l: ListValue, head: boolean): Reply {
  const v = (head ? l.popHead() : l.popTail()) as string
  afterPop(ctx, key, l, head)
  ctx.propagateAs = [[head ? 'LPOP' : 'RPOP', key]]
  return [key, v]
}

interface MpopArgs { first: number; last: number; head: boolean; count: number }

/** numkeys key [key ...] LEFT | RIGHT [COUNT count], numkeys at argv[at]; mirrors lmpopGenericCommand() checks. */
function readMpopArgs(argv: string[], at: number): MpopArgs {
  const numkeys = parseIntStrict(argv[at])
  if (numkeys === null || numkeys <= 0) throw NUMKEYS_ERR
  const whereAt = at + numkeys + 1
  if (whereAt >= argv.length) throw SYNTAX
  const head = readWhere(argv[whereAt])
  let count = -1
  for (let j = whereAt + 1; j < argv.length; j++) {
    if (count === -1 && j + 1 < argv.length && argv[j].toLowerCase() === 'count') count = readMpopCount(argv[++j])
    else throw SYNTAX
  }
  return { first: at + 1, last: whereAt - 1, head, count: count === -1 ? 1 : count }
}

/** LMPOP numkeys key [key ...] LEFT | RIGHT [COUNT count] */
export function lmpopCommand(ctx: CommandContext, argv: string[]): Reply {
  const a = readMpopArgs(argv, 1)
  for (let i = a.first; i <= a.last; i++) {
    const l = writeList(ctx, argv[i])
    if (l !== undefined) return popManyWithKey(ctx, argv[i], l, a)
  }
  return NULL_ARRAY
}

/** BLMPOP timeout numkeys key [key ...] LEFT | RIGHT [COUNT count] */
export function blmpopCommand(ctx: CommandContext, argv: string[]): Reply | Blocked {
  // the timeout is read after every other argument, as blmpopCommand() does
  const a = readMpopArgs(argv, 2)
  const deadline = readTimeoutDeadline(argv[1], ctx.server.clock.now())
  const ready = readyKey(ctx)
  if (ready !== null) {
    const l = sourceList(ctx, ready)
    if (l !== undefined) return popManyWithKey(ctx, ready, l, a)
  } else {
    for (let i = a.first; i <= a.last; i++) {
      const l = sourceList(ctx, argv[i])
      if (l !== undefined) return popManyWithKey(ctx, argv[i], l, a)
    }
  }
  return new Blocked(argv.slice(a.first, a.last + 1), deadline, NULL_ARRAY)
}

function popManyWithKey(ctx: CommandContext, key: string, l: ListValue, a: MpopArgs): Reply {
  const items = popMany(l, a.head, a.count)
  afterPop(ctx, key, l, a.head)
  ctx.propagateAs = [[a.head ? 'LPOP' : 'RPOP', key, String(items.length)]]
  return [key, items]
}

/** Key positions of LMPOP (numkeys at argv[1]). */
export function lmpopKeys(argv: string[]): number[] { return numkeysKeyPositions(argv, 1) }
/** Key positions of BLMPOP (numkeys at argv[2]). */
export function blmpopKeys(argv: string[]): number[] { return numkeysKeyPositions(argv, 2) }
