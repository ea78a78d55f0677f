// Set algebra: SINTER, SINTERCARD, SUNION, SDIFF and the STORE forms. Results are built the way Redis
// builds them (an empty intset that converts as members arrive), so their encoding and their reply
// order (ascending for intsets) match. Table rows are in sets.ts.
import type { EncodingLimits } from '../keyspace/limits.js'
import { SetValue } from '../keyspace/types/set.js'
import { err, SYNTAX, WRONGTYPE } from '../resp/errors.js'
import { EMPTY_ARRAY, SetReply, type Reply } from '../resp/types.js'
import { parseIntStrict } from '../util/int.js'
import type { CommandContext } from './core/types.js'

const NUMKEYS = err('numkeys should be greater than 0')
const TOO_MANY_KEYS = err("Number of keys can't be greater than number of args")
const LIMIT_NEGATIVE = err("LIMIT can't be negative")

type MaybeSet = SetValue | undefined

/**
 * The sets named by argv[from..to), every key type-checked (a missing key is undefined). Reads count
 * keyspace hits/misses; the STORE forms look their sources up as writes, which do not.
 */
function loadSets(ctx: CommandContext, argv: string[], from: number, to: number, forWrite: boolean): MaybeSet[] {
  const sets: MaybeSet[] = []
  for (let i = from; i < to; i++) {
    const v = forWrite ? ctx.db.get(argv[i]) : ctx.db.lookupRead(argv[i])
    if (v !== undefined && (typeof v === 'string' || v.type !== 'set')) throw WRONGTYPE
    sets.push(v as MaybeSet)
  }
  return sets
}

/**
 * Members of the intersection, walking the smallest set (the first of equal sizes) in its own order.
 * Stops after `limit` members when limit > 0. Empty when any set is missing.
 */
function intersect(sets: MaybeSet[], limit: number): string[] {
  if (sets.some((s) => s === undefined)) return []
  const sorted = (sets as SetValue[]).slice().sort((a, b) => a.size() - b.size())
  const first = sorted[0]
  const out: string[] = []
  outer: for (const m of first.toArray()) {
    for (let j = 1; j < sorted.length; j++) {
      if (sorted[j] !== first && !sorted[j].has(m)) continue outer
    }
    out.push(m)
    if (out.length === limit) break
  }
  return out
}

function union(sets: MaybeSet[], limits: EncodingLimits): SetValue {
  const result = new SetValue(limits)
  for (const s of sets) if (s !== undefined) for (const m of s.toArray()) result.add(m)
  return result
}

/**
 * The first set minus the others, with Redis's choice between its two algorithms (it shows in the
 * result's encoding): filter the first set, or copy it whole and remove the others' members.
 */
function difference(sets: MaybeSet[], limits: EncodingLimits): SetValue {
  const result = new SetValue(limits)
  const first = sets[0]
  if (first === undefined) return result
  if (sets.some((s, j) => j > 0 && s === first)) return result
  let filterWork = 0
  let removeWork = 0
  for (const s of sets) {
    if (s === undefined) continue
    filterWork += first.size()
    removeWork += s.size()
  }
  if (Math.floor(filterWork / 2) <= removeWork) {
    outer: for (const m of first.toArray()) {
      for (let j = 1; j < sets.length; j++) if (sets[j]?.has(m)) continue outer
      result.add(m)
    }
    return result
  }
  for (const m of first.toArray()) result.add(m)
  for (let j = 1; j < sets.length && result.size() !== 0; j++) {
    const s = sets[j]
    if (s === undefined) continue
    for (const m of s.toArray()) result.remove(m)
  }
  return result
}

/** Stores a computed set at `dst` (replacing any value and TTL), or deletes `dst` when it is empty. */
function storeResult(ctx: CommandContext, dst: string, result: SetValue, event: string): Reply {
  if (result.size() === 0) {
    if (ctx.db.delete(dst)) ctx.modified(dst, 'g', 'del')
    return 0
  }
  ctx.db.set(dst, result)
  ctx.modified(dst, 's', event)
  return result.size()
}

const setReply = (s: SetValue): Reply => new SetReply(s.size() === 0 ? EMPTY_ARRAY : s.toArray().slice())

/** SINTER key [key ...] */
export function sinterCommand(ctx: CommandContext, argv: string[]): Reply {
  return new SetReply(intersect(loadSets(ctx, argv, 1, argv.length, false), 0))
}

/** SINTERSTORE destination key [key ...] */
export function sinterstoreCommand(ctx: CommandContext, argv: string[]): Reply {
  const members = intersect(loadSets(ctx, argv, 2, argv.length, true), 0)
  const result = new SetValue(ctx.db.limits)
  for (const m of members) result.add(m)
  return storeResult(ctx, argv[1], result, 'sinterstore')
}

/** SINTERCARD numkeys key [key ...] [LIMIT limit] */
export function sintercardCommand(ctx: CommandContext, argv: string[]): Reply {
  const numkeys = parseIntStrict(argv[1])
  if (numkeys === null || numkeys < 1) throw NUMKEYS
  if (numkeys > argv.length - 2) throw TOO_MANY_KEYS
  let limit = 0
  for (let i = 2 + numkeys; i < argv.length; i += 2) {
    if (argv[i].toLowerCase() !== 'limit' || i + 1 >= argv.length) throw SYNTAX
    const n = parseIntStrict(argv[i + 1])
    if (n === null || n < 0) throw LIMIT_NEGATIVE
    limit = n
  }
  return intersect(loadSets(ctx, argv, 2, 2 + numkeys, false), limit).length
}

/** SUNION key [key ...] */
export function sunionCommand(ctx: CommandContext, argv: string[]): Reply {
  return setReply(union(loadSets(ctx, argv, 1, argv.length, false), ctx.db.limits))
}

/** SUNIONSTORE destination key [key ...] */
export function sunionstoreCommand(ctx: CommandContext, argv: string[]): Reply {
  return storeResult(ctx, argv[1], union(loadSets(ctx, argv, 2, argv.length, true), ctx.db.limits), 'sunionstore')
}

/** SDIFF key [key ...] */
export function sdiffCommand(ctx: CommandContext, argv: string[]): Reply {
  return setReply(difference(loadSets(ctx, argv, 1, argv.length, false), ctx.db.limits))
}

/** SDIFFSTORE destination key [key ...] */
export function sdiffstoreCommand(ctx: CommandContext, argv: string[]): Reply {
  return storeResult(ctx, argv[1], difference(loadSets(ctx, argv, 2, argv.length, true), ctx.db.limits), 'sdiffstore')
}
