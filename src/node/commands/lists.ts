// List family: the command table, and the commands that work on one list in place (push, pop, index,
// range, trim, remove, insert, search). Moves, LMPOP and the blocking commands live in lists-blocking.ts.
import { INDEX_OUT_OF_RANGE, NO_SUCH_KEY, SYNTAX, arity, err } from '../resp/errors.js'
import { EMPTY_ARRAY, NULL_ARRAY, OK, type Reply } from '../resp/types.js'
import { ListValue } from '../keyspace/types/list.js'
import { parseIntStrict } from '../util/int.js'
import { readInt } from './core/args.js'
import { afterPop, popMany, readList, writeList } from './lists-common.js'
import {
  blmoveCommand, blmpopCommand, blpopCommand, brpopCommand, brpoplpushCommand, lmoveCommand, lmpopCommand,
  lmpopKeys, blmpopKeys, rpoplpushCommand,
} from './lists-blocking.js'
import { lposCommand } from './lists-pos.js'
import { deleteIfEmpty } from './empty-key.js'
import type { CommandContext, CommandSpec } from './core/types.js'

const G = { group: 'list' } as const
const K1: [number, number, number] = [1, 1, 1]
const K12: [number, number, number] = [1, 2, 1]

export const listCommands: CommandSpec[] = [
  { name: 'lpush', arity: -3, flags: ['write', 'denyoom', 'fast'], keys: K1, handler: lpushCommand, ...G, since: '1.0.0', summary: 'Prepends elements to a list, creating it when missing', complexity: 'O(1) per element' },
  { name: 'rpush', arity: -3, flags: ['write', 'denyoom', 'fast'], keys: K1, handler: rpushCommand, ...G, since: '1.0.0', summary: 'Appends elements to a list, creating it when missing', complexity: 'O(1) per element' },
  { name: 'lpushx', arity: -3, flags: ['write', 'denyoom', 'fast'], keys: K1, handler: lpushxCommand, ...G, since: '2.2.0', summary: 'Prepends elements to a list only when it exists', complexity: 'O(1) per element' },
  { name: 'rpushx', arity: -3, flags: ['write', 'denyoom', 'fast'], keys: K1, handler: rpushxCommand, ...G, since: '2.2.0', summary: 'Appends elements to a list only when it exists', complexity: 'O(1) per element' },
  { name: 'lpop', arity: -2, flags: ['write', 'fast'], keys: K1, handler: lpopCommand, ...G, since: '1.0.0', summary: 'Removes and returns the first elements of a list', complexity: 'O(N) where N is the number of elements returned' },
  { name: 'rpop', arity: -2, flags: ['write', 'fast'], keys: K1, handler: rpopCommand, ...G, since: '1.0.0', summary: 'Removes and returns the last elements of a list', complexity: 'O(N) where N is the number of elements returned' },
  { name: 'llen', arity: 2, flags: ['readonly', 'fast'], keys: K1, handler: llenCommand, ...G, since: '1.0.0', summary: 'Returns the length of a list', complexity: 'O(1)' },
  { name: 'lindex', arity: 3, flags: ['readonly'], keys: K1, handler: lindexCommand, ...G, since: '1.0.0', summary: 'Returns the element at an index of a list', complexity: 'O(1)' },
  { name: 'lset', arity: 4, flags: ['write', 'denyoom'], keys: K1, handler: lsetCommand, ...G, since: '1.0.0', summary: 'Replaces the element at an index of a list', complexity: 'O(1)' },
  { name: 'lrange', arity: 4, flags: ['readonly'], keys: K1, handler: lrangeCommand, ...G, since: '1.0.0', summary: 'Returns a range of elements of a list', complexity: 'O(S+N) where S is the start offset and N the number of elements returned' },
  { name: 'ltrim', arity: 4, flags: ['write'], keys: K1, handler: ltrimCommand, ...G, since: '1.0.0', summary: 'Keeps only a range of elements of a list', complexity: 'O(N) where N is the number of elements removed' },
  { name: 'lrem', arity: 4, flags: ['write'], keys: K1, handler: lremCommand, ...G, since: '1.0.0', summary: 'Removes elements equal to a value from a list', complexity: 'O(N+M) where N is the length of the list and M the number of elements removed' },
  { name: 'linsert', arity: 5, flags: ['write', 'denyoom'], keys: K1, handler: linsertCommand, ...G, since: '2.2.0', summary: 'Inserts an element before or after another element of a list', complexity: 'O(N) where N is the number of elements before the pivot' },
  { name: 'lpos', arity: -3, flags: ['readonly'], keys: K1, handler: lposCommand, ...G, since: '6.0.6', summary: 'Returns the positions of elements equal to a value in a list', complexity: 'O(N) where N is the number of elements in the list' },
  { name: 'rpoplpush', arity: 3, flags: ['write', 'denyoom'], keys: K12, handler: rpoplpushCommand, ...G, since: '1.2.0', summary: 'Moves the last element of a list to the head of another (deprecated by LMOVE)', complexity: 'O(1)' },
  { name: 'lmove', arity: 5, flags: ['write', 'denyoom'], keys: K12, handler: lmoveCommand, ...G, since: '6.2.0', summary: 'Moves an element from one end of a list to an end of another', complexity: 'O(1)' },
  { name: 'lmpop', arity: -4, flags: ['write'], getKeys: lmpopKeys, handler: lmpopCommand, ...G, since: '7.0.0', summary: 'Pops elements from the first non-empty list among several keys', complexity: 'O(N+M) where N is the number of keys and M the number of elements returned' },
  { name: 'blpop', arity: -3, flags: ['write', 'noscript', 'blocking'], keys: [1, -2, 1], handler: blpopCommand, ...G, since: '2.0.0', summary: 'Pops the first element of the first non-empty list, waiting for one when all are empty', complexity: 'O(N) where N is the number of keys' },
  { name: 'brpop', arity: -3, flags: ['write', 'noscript', 'blocking'], keys: [1, -2, 1], handler: brpopCommand, ...G, since: '2.0.0', summary: 'Pops the last element of the first non-empty list, waiting for one when all are empty', complexity: 'O(N) where N is the number of keys' },
  { name: 'brpoplpush', arity: 4, flags: ['write', 'denyoom', 'noscript', 'blocking'], keys: K12, handler: brpoplpushCommand, ...G, since: '2.2.0', summary: 'Blocking RPOPLPUSH (deprecated by BLMOVE)', complexity: 'O(1)' },
  { name: 'blmove', arity: 6, flags: ['write', 'denyoom', 'noscript', 'blocking'], keys: K12, handler: blmoveCommand, ...G, since: '6.2.0', summary: 'Blocking LMOVE: waits for the source list to have an element', complexity: 'O(1)' },
  { name: 'blmpop', arity: -5, flags: ['write', 'blocking'], getKeys: blmpopKeys, handler: blmpopCommand, ...G, since: '7.0.0', summary: 'Blocking LMPOP: waits for one of the lists to have elements', complexity: 'O(N+M) where N is the number of keys and M the number of elements returned' },
]

/** LPUSH key element [element ...] */
function lpushCommand(ctx: CommandContext, argv: string[]): Reply { return pushGeneric(ctx, argv, true, false) }
/** RPUSH key element [element ...] */
function rpushCommand(ctx: CommandContext, argv: string[]): Reply { return pushGeneric(ctx, argv, false, false) }
/** LPUSHX key element [element ...] */
function lpushxCommand(ctx: CommandContext, argv: string[]): Reply { return pushGeneric(ctx, argv, true, true) }
/** RPUSHX key element [element ...] */
function rpushxCommand(ctx: CommandContext, argv: string[]): Reply { return pushGeneric(ctx, argv, false, true) }

function pushGeneric(ctx: CommandContext, argv: string[], head: boolean, onlyExisting: boolean): Reply {
  const key = argv[1]
  let l = writeList(ctx, key)
  if (l === undefined) {
    if (onlyExisting) return 0
    l = new ListValue()
    ctx.db.set(key, l)
  }
  const n = argv.length
  if (head) for (let i = 2; i < n; i++) l.pushHead(argv[i])
  else for (let i = 2; i < n; i++) l.pushTail(argv[i])
  ctx.modified(key, 'l', head ? 'lpush' : 'rpush')
  // Redis counts one change per element pushed
  if (n > 3) ctx.server.dirty += n - 3
  return l.size()
}

const COUNT_NOT_POSITIVE = err('value is out of range, must be positive')

/** LPOP key [count] */
function lpopCommand(ctx: CommandContext, argv: string[]): Reply { return popGeneric(ctx, argv, true) }
/** RPOP key [count] */
function rpopCommand(ctx: CommandContext, argv: string[]): Reply { return popGeneric(ctx, argv, false) }

function popGeneric(ctx: CommandContext, argv: string[], head: boolean): Reply {
  if (argv.length > 3) throw arity(head ? 'lpop' : 'rpop')
  let count = -1
  if (argv.length === 3) {
    const n = parseIntStrict(argv[2])
    if (n === null || n < 0) throw COUNT_NOT_POSITIVE
    count = n
  }
  const key = argv[1]
  const l = writeList(ctx, key)
  if (l === undefined) return count === -1 ? null : NULL_ARRAY
  if (count === -1) {
    const v = head ? l.popHead() : l.popTail()
    afterPop(ctx, key, l, head)
    return v as string
  }
  if (count === 0) return EMPTY_ARRAY
  const out = popMany(l, head, count)
  afterPop(ctx, key, l, head)
  return out
}

/** LLEN key */
function llenCommand(ctx: CommandContext, argv: string[]): Reply {
  return readList(ctx, argv[1])?.size() ?? 0
}

/** LINDEX key index */
function lindexCommand(ctx: CommandContext, argv: string[]): Reply {
  const l = readList(ctx, argv[1])
  if (l === undefined) return null
  return l.at(readInt(argv[2])) ?? null
}

/** LSET key index element */
function lsetCommand(ctx: CommandContext, argv: string[]): Reply {
  const l = writeList(ctx, argv[1])
  if (l === undefined) throw NO_SUCH_KEY
  if (!l.setAt(readInt(argv[2]), argv[3])) throw INDEX_OUT_OF_RANGE
  ctx.modified(argv[1], 'l', 'lset')
  return OK
}

/** Clamps Redis start/stop indexes against `len`: [start, end] inclusive, or null when empty. */
function clampRange(start: number, end: number, len: number): [number, number] | null {
  if (start < 0) start += len
  if (end < 0) end += len
  if (start < 0) start = 0
  if (start > end || start >= len) return null
  return [start, end >= len ? len - 1 : end]
}

/** LRANGE key start stop */
function lrangeCommand(ctx: CommandContext, argv: string[]): Reply {
  const start = readInt(argv[2])
  const end = readInt(argv[3])
  const l = readList(ctx, argv[1])
  if (l === undefined) return EMPTY_ARRAY
  const r = clampRange(start, end, l.size())
  return r === null ? EMPTY_ARRAY : l.range(r[0], r[1])
}

/** LTRIM key start stop */
function ltrimCommand(ctx: CommandContext, argv: string[]): Reply {
  const start = readInt(argv[2])
  const end = readInt(argv[3])
  const key = argv[1]
  const l = writeList(ctx, key)
  if (l === undefined) return OK
  const r = clampRange(start, end, l.size())
  if (r === null) l.trim(1, 0)
  else if (r[0] !== 0 || r[1] !== l.size() - 1) l.trim(r[0], r[1])
  ctx.modified(key, 'l', 'ltrim')
  deleteIfEmpty(ctx, key, l)
  return OK
}

/** LREM key count element */
function lremCommand(ctx: CommandContext, argv: string[]): Reply {
  const count = readInt(argv[2])
  const key = argv[1]
  const l = writeList(ctx, key)
  if (l === undefined) return 0
  const removed = l.removeMatching(argv[3], count)
  if (removed === 0) return 0
  ctx.modified(key, 'l', 'lrem')
  deleteIfEmpty(ctx, key, l)
  return removed
}

/** LINSERT key BEFORE | AFTER pivot element */
function linsertCommand(ctx: CommandContext, argv: string[]): Reply {
  const where = argv[2].toLowerCase()
  if (where !== 'before' && where !== 'after') throw SYNTAX
  const key = argv[1]
  const l = writeList(ctx, key)
  if (l === undefined) return 0
  const at = l.indexOf(argv[3])
  if (at < 0) return -1
  l.insertAt(where === 'before' ? at : at + 1, argv[4])
  ctx.modified(key, 'l', 'linsert')
  return l.size()
}
