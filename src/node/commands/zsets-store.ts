// Sorted-set algebra: ZUNION/ZINTER/ZDIFF, their STORE forms and ZINTERCARD. Inputs may be sets (every
// member scores 1). Mirrors zunionInterDiffGenericCommand(): inputs ordered by size, NaN products -> 0.
import { NOT_INTEGER, SYNTAX, WRONGTYPE, err } from '../resp/errors.js'
import type { Reply } from '../resp/types.js'
import type { RObject } from '../keyspace/value.js'
import { ZSetValue } from '../keyspace/types/zset.js'
import { parseIntStrict } from '../util/int.js'
import { isToken, pushScored, readScore } from './zsets-args.js'
import type { CommandContext } from './core/types.js'

const WEIGHT_NOT_FLOAT = err('weight value is not a float')
const LIMIT_NEGATIVE = err("LIMIT can't be negative")

const UNION = 0
const INTER = 1
const DIFF = 2

const SUM = 0
const MIN = 1
const MAX = 2

/** What a plain set offers (types/set.ts); `has` is used when present. */
interface SetLike extends RObject {
  members(): Iterable<string>
  has?(member: string): boolean
}

/** One input: a sorted set, a set, or nothing (missing key). */
class Source {
  private memberSet: Set<string> | null = null
  weight = 1
  constructor(readonly z: ZSetValue | null, readonly set: SetLike | null) {}

  get size(): number { return this.z ? this.z.size() : this.set ? this.set.size() : 0 }

  /** Score of `member` in this input, or undefined (zuiFind). */
  find(member: string): number | undefined {
    if (this.z !== null) return this.z.score(member)
    if (this.set === null) return undefined
    if (typeof this.set.has === 'function') return this.set.has(member) ? 1 : undefined
    this.memberSet ??= new Set(this.set.members())
    return this.memberSet.has(member) ? 1 : undefined
  }

  /** Calls fn for every (member, score), sorted sets from the highest score down as zuiNext() does. */
  forEach(fn: (member: string, score: number) => boolean | void): void {
    if (this.z !== null) {
      for (const c = this.z.tree.last(); c.valid; c.prev()) if (fn(c.member, c.score) === false) return
    } else if (this.set !== null) {
      for (const m of this.set.members()) if (fn(m, 1) === false) return
    }
  }
}

/** ZUNION numkeys key [key ...] [WEIGHTS weight ...] [AGGREGATE SUM|MIN|MAX] [WITHSCORES] */
export function zunionCommand(ctx: CommandContext, argv: string[]): Reply { return zsetAlgebra(ctx, argv, null, 1, UNION) }
/** ZINTER numkeys key [key ...] [WEIGHTS weight ...] [AGGREGATE SUM|MIN|MAX] [WITHSCORES] */
export function zinterCommand(ctx: CommandContext, argv: string[]): Reply { return zsetAlgebra(ctx, argv, null, 1, INTER) }
/** ZDIFF numkeys key [key ...] [WITHSCORES] */
export function zdiffCommand(ctx: CommandContext, argv: string[]): Reply { return zsetAlgebra(ctx, argv, null, 1, DIFF) }
/** ZUNIONSTORE destination numkeys key [key ...] [WEIGHTS weight ...] [AGGREGATE SUM|MIN|MAX] */
export function zunionstoreCommand(ctx: CommandContext, argv: string[]): Reply { return zsetAlgebra(ctx, argv, argv[1], 2, UNION) }
/** ZINTERSTORE destination numkeys key [key ...] [WEIGHTS weight ...] [AGGREGATE SUM|MIN|MAX] */
export function zinterstoreCommand(ctx: CommandContext, argv: string[]): Reply { return zsetAlgebra(ctx, argv, argv[1], 2, INTER) }
/** ZDIFFSTORE destination numkeys key [key ...] */
export function zdiffstoreCommand(ctx: CommandContext, argv: string[]): Reply { return zsetAlgebra(ctx, argv, argv[1], 2, DIFF) }

/** ZINTERCARD numkeys key [key ...] [LIMIT limit] */
export function zintercardCommand(ctx: CommandContext, argv: string[]): Reply {
  const src = readSources(ctx, argv, 1)
  let limit = 0
  for (let j = 2 + src.length; j < argv.length; j += 2) {
    if (!isToken(argv[j], 'limit') || j + 1 >= argv.length) throw SYNTAX
    const n = parseIntStrict(argv[j + 1])
    if (n === null || n < 0) throw LIMIT_NEGATIVE
    limit = n
  }
  let count = 0
  intersect(src, SUM, () => ++count !== limit)
  return count
}

/** Reads numkeys and looks every input up (WRONGTYPE before any option is parsed, as Redis does). */
function readSources(ctx: CommandContext, argv: string[], numkeysIdx: number): Source[] {
  const n = parseIntStrict(argv[numkeysIdx])
  if (n === null) throw NOT_INTEGER
  if (n < 1) throw err(`at least 1 input key is needed for '${argv[0].toLowerCase()}' command`)
  if (n > argv.length - numkeysIdx - 1) throw SYNTAX
  const out: Source[] = []
  for (let i = numkeysIdx + 1; i <= numkeysIdx + n; i++) {
    const v = ctx.db.lookupRead(argv[i])
    if (v === undefined) out.push(new Source(null, null))
    else if (typeof v === 'string') throw WRONGTYPE
    else if (v.type === 'zset') out.push(new Source(v as ZSetValue, null))
    else if (v.type === 'set') out.push(new Source(null, v as SetLike))
    else throw WRONGTYPE
  }
  return out
}

/** WEIGHTS / AGGREGATE / WITHSCORES after the keys; returns the aggregate and whether WITHSCORES came. */
function readAlgebraOptions(argv: string[], from: number, src: Source[], op: number, store: boolean): [number, boolean] {
  let aggregate = SUM
  let withScores = false
  for (let j = from; j < argv.length;) {
    const left = argv.length - j
    const a = argv[j]
    if (op !== DIFF && left > src.length && isToken(a, 'weights')) {
      for (let i = 0; i < src.length; i++) src[i].weight = readScore(argv[j + 1 + i], WEIGHT_NOT_FLOAT)
      j += 1 + src.length
    } else if (op !== DIFF && left >= 2 && isToken(a, 'aggregate')) {
      const f = argv[j + 1]
      if (isToken(f, 'sum')) aggregate = SUM
      else if (isToken(f, 'min')) aggregate = MIN
      else if (isToken(f, 'max')) aggregate = MAX
      else throw SYNTAX
      j += 2
    } else if (!store && isToken(a, 'withscores')) {
      withScores = true
      j++
    } else {
      throw SYNTAX
    }
  }
  return [aggregate, withScores]
}

function combine(acc: number, value: number, aggregate: number): number {
  if (aggregate === SUM) {
    const s = acc + value
    return Number.isNaN(s) ? 0 : s
  }
  if (aggregate === MIN) return value < acc ? value : acc
  return value > acc ? value : acc
}

/** Inputs from smallest to largest; a stable sort, like the merge sort glibc's qsort uses. */
function bySize(src: Source[]): Source[] {
  return src.map((s, i) => [s, i] as const).sort((a, b) => a[0].size - b[0].size || a[1] - b[1]).map((p) => p[0])
}

/** Calls emit(member, score) for members in every input; emit returning false stops early. */
function intersect(src: Source[], aggregate: number, emit: (m: string, s: number) => boolean | void): void {
  const sorted = bySize(src)
  const first = sorted[0]
  if (first.size === 0) return
  first.forEach((member, s0) => {
    let score = first.weight * s0
    if (Number.isNaN(score)) score = 0
    for (let j = 1; j < sorted.length; j++) {
      const v = sorted[j].find(member)
      if (v === undefined) return true
      score = combine(score, v * sorted[j].weight, aggregate)
    }
    return emit(member, score)
  })
}

function union(src: Source[], aggregate: number): Map<string, number> {
  const acc = new Map<string, number>()
  for (const s of bySize(src)) {
    s.forEach((member, raw) => {
      let score = s.weight * raw
      if (Number.isNaN(score)) score = 0
      const prev = acc.get(member)
      acc.set(member, prev === undefined ? score : combine(prev, score, aggregate))
    })
  }
  return acc
}

/** Members of the first input missing from all the others, with their first-input scores. */
function diff(src: Source[]): Map<string, number> {
  const out = new Map<string, number>()
  src[0].forEach((member, score) => {
    for (let j = 1; j < src.length; j++) if (src[j].find(member) !== undefined) return
    out.set(member, score)
  })
  return out
}

function zsetAlgebra(ctx: CommandContext, argv: string[], dst: string | null, numkeysIdx: number, op: number): Reply {
  const src = readSources(ctx, argv, numkeysIdx)
  const [aggregate, withScores] = readAlgebraOptions(argv, numkeysIdx + 1 + src.length, src, op, dst !== null)
  const result = new ZSetValue(ctx.db.limits)
  let maxLen = 0
  const add = (member: string, score: number): void => {
    result.addRaw(member, score)
    if (member.length > maxLen) maxLen = member.length
  }
  if (op === INTER) intersect(src, aggregate, add)
  else for (const [m, s] of op === UNION ? union(src, aggregate) : diff(src)) add(m, s)
  if (dst !== null) return storeResult(ctx, dst, result, maxLen, op)
  const resp3 = ctx.client.resp === 3
  const out: Reply[] = []
  for (const c = result.tree.first(); c.valid; c.next()) pushScored(out, c.member, c.score, withScores, resp3)
  return out
}

function storeResult(ctx: CommandContext, dst: string, result: ZSetValue, maxLen: number, op: number): Reply {
  if (result.size() === 0) {
    if (ctx.db.delete(dst)) ctx.modified(dst, 'g', 'del')
    return 0
  }
  result.settleEncoding(maxLen)
  ctx.db.set(dst, result)
  ctx.modified(dst, 'z', op === UNION ? 'zunionstore' : op === INTER ? 'zinterstore' : 'zdiffstore')
  return result.size()
}
