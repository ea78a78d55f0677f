// Helpers the list command files share: typed lookups, LEFT/RIGHT tokens, and popping with the
// notifications and empty-key deletion every list pop performs.
import { SYNTAX, WRONGTYPE, err } from '../resp/errors.js'
import { ListValue } from '../keyspace/types/list.js'
import { parseIntStrict } from '../util/int.js'
import { deleteIfEmpty } from './empty-key.js'
import type { CommandContext } from './core/types.js'

export const NUMKEYS_ERR = err('numkeys should be greater than 0')
export const COUNT_ERR = err('count should be greater than 0')

/** A list for a read command (counts a keyspace hit/miss); throws WRONGTYPE. */
export function readList(ctx: CommandContext, key: string): ListValue | undefined {
  const v = ctx.db.lookupRead(key)
  if (v === undefined) return undefined
  if (v instanceof ListValue) return v
  throw WRONGTYPE
}

/** A list for a write command (lookupKeyWrite: no hit/miss counting); throws WRONGTYPE. */
export function writeList(ctx: CommandContext, key: string): ListValue | undefined {
  const v = ctx.db.get(key)
  if (v === undefined) return undefined
  if (v instanceof ListValue) return v
  throw WRONGTYPE
}

/** LEFT -> true (head), RIGHT -> false (tail); anything else is a syntax error. */
export function readWhere(s: string): boolean {
  if (s.length === 4 && s.toLowerCase() === 'left') return true
  if (s.length === 5 && s.toLowerCase() === 'right') return false
  throw SYNTAX
}

/** A positive count (COUNT of LMPOP/BLMPOP): 1..LONG_MAX, else "count should be greater than 0". */
export function readMpopCount(s: string): number {
  const n = parseIntStrict(s)
  if (n === null || n <= 0) throw COUNT_ERR
  return n
}

/** Pops up to `n` elements from one end, in pop order. */
export function popMany(l: ListValue, head: boolean, n: number): string[] {
  const count = Math.min(n, l.size())
  const out = new Array<string>(count)
  for (let i = 0; i < count; i++) out[i] = (head ? l.popHead() : l.popTail()) as string
  return out
}

/** After a pop: the lpop/rpop event, then "del" and removal when the list emptied (popGenericCommand order). */
export function afterPop(ctx: CommandContext, key: string, l: ListValue, head: boolean): void {
  ctx.modified(key, 'l', head ? 'lpop' : 'rpop')
  deleteIfEmpty(ctx, key, l)
}

/** Pushes onto `key`, creating the list when missing; fires lpush/rpush. `dst` was looked up by the caller. */
export function pushOne(ctx: CommandContext, key: string, dst: ListValue | undefined, v: string, head: boolean): void {
  if (dst === undefined) {
    dst = new ListValue()
    ctx.db.set(key, dst)
  }
  if (head) dst.pushHead(v)
  else dst.pushTail(v)
  ctx.modified(key, 'l', head ? 'lpush' : 'rpush')
}
