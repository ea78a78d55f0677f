// Sorted-set argument readers and reply helpers: strtod-exact score parsing, score/lex range items,
// numkeys key positions, and the WITHSCORES reply shapes (flat in RESP2, pairs in RESP3).
import { NOT_FLOAT, WRONGTYPE, err } from '../resp/errors.js'
import { DoubleReply, type Reply, type ReplyError } from '../resp/types.js'
import type { TreeCursor } from '../keyspace/types/score-cursor.js'
import type { LexRange, ScoreRange } from '../keyspace/types/zrange.js'
import { ZSetValue } from '../keyspace/types/zset.js'
import type { CommandContext } from './core/types.js'

export const NAN_SCORE = err('resulting score is not a number (NaN)')
export const SCORE_RANGE_ERR = err('min or max is not a float')
export const LEX_RANGE_ERR = err('min or max not valid string range item')

// Result slots of strtodAt(), module-level so the hot path allocates nothing.
let parsedValue = 0
let parsedOverflow = false
let parsedUnderflow = false

const isSpace = (c: number): boolean => c === 32 || (c >= 9 && c <= 13)
const isDigit = (c: number): boolean => c >= 48 && c <= 57
const hexValue = (c: number): number =>
  c >= 48 && c <= 57 ? c - 48 : c >= 97 && c <= 102 ? c - 87 : c >= 65 && c <= 70 ? c - 55 : -1

function matchWord(s: string, i: number, word: string): boolean {
  if (s.length - i < word.length) return false
  for (let k = 0; k < word.length; k++) if ((s.charCodeAt(i + k) | 0x20) !== word.charCodeAt(k)) return false
  return true
}

/**
 * C strtod() from index `i`: returns the index after the number, or `i` when nothing converts. The
 * value goes to parsedValue; parsedOverflow/parsedUnderflow stand in for errno == ERANGE.
 */
function strtodAt(s: string, i: number): number {
  const start = i
  parsedOverflow = parsedUnderflow = false
  while (i < s.length && isSpace(s.charCodeAt(i))) i++
  const signAt = i
  let c = s.charCodeAt(i)
  if (c === 43 || c === 45) c = s.charCodeAt(++i)
  const neg = s.charCodeAt(signAt) === 45
  if (matchWord(s, i, 'inf')) {
    parsedValue = neg ? -Infinity : Infinity
    return matchWord(s, i + 3, 'inity') ? i + 8 : i + 3
  }
  if (matchWord(s, i, 'nan')) { parsedValue = NaN; return nanSuffix(s, i + 3) }
  if (c === 48 && (s.charCodeAt(i + 1) | 0x20) === 120) {
    const end = hexFloatAt(s, i + 2, neg)
    if (end > 0) return end
  }
  let digits = 0
  let nonZero = false
  for (; isDigit(c = s.charCodeAt(i)); i++) { digits++; if (c !== 48) nonZero = true }
  if (c === 46) for (i++; isDigit(c = s.charCodeAt(i)); i++) { digits++; if (c !== 48) nonZero = true }
  if (digits === 0) return start
  if ((c | 0x20) === 101) {
    let j = i + 1
    const e = s.charCodeAt(j)
    if (e === 43 || e === 45) j++
    if (isDigit(s.charCodeAt(j))) { while (isDigit(s.charCodeAt(j))) j++; i = j }
  }
  const text = signAt === 0 && i === s.length ? s : s.slice(signAt, i)
  parsedValue = Number(text)
  if (!Number.isFinite(parsedValue)) parsedOverflow = true
  else if (parsedValue === 0 && nonZero) parsedUnderflow = true
  return i
}

/** strtod accepts "nan(chars)" as well as "nan". */
function nanSuffix(s: string, i: number): number {
  if (s.charCodeAt(i) !== 40) return i
  for (let j = i + 1; j < s.length; j++) {
    const c = s.charCodeAt(j)
    if (c === 41) return j + 1
    if (!(isDigit(c) || (c | 0x20) >= 97 && (c | 0x20) <= 122 || c === 95)) return i
  }
  return i
}

/** Hex float after "0x" ("0x1.8p3"); returns the end index, or 0 when no hex digit follows. */
function hexFloatAt(s: string, i: number, neg: boolean): number {
  let mant = 0n
  let digits = 0
  let fracDigits = 0
  let h: number
  for (; (h = hexValue(s.charCodeAt(i))) >= 0; i++) { mant = mant * 16n + BigInt(h); digits++ }
  if (s.charCodeAt(i) === 46) {
    for (i++; (h = hexValue(s.charCodeAt(i))) >= 0; i++) { mant = mant * 16n + BigInt(h); digits++; fracDigits++ }
  }
  if (digits === 0) return 0
  let exp = -4 * fracDigits
  if ((s.charCodeAt(i) | 0x20) === 112) {
    let j = i + 1
    const sign = s.charCodeAt(j)
    if (sign === 43 || sign === 45) j++
    if (isDigit(s.charCodeAt(j))) {
      let e = 0
      while (isDigit(s.charCodeAt(j))) { e = Math.min(e * 10 + s.charCodeAt(j) - 48, 1e6); j++ }
      exp += sign === 45 ? -e : e
      i = j
    }
  }
  const half = Math.trunc(exp / 2)
  const v = Number(mant) * 2 ** half * 2 ** (exp - half)
  parsedValue = neg ? -v : v
  parsedOverflow = !Number.isFinite(v)
  parsedUnderflow = v === 0 && mant !== 0n
  return i
}

/**
 * A score, increment or weight, read like Redis's getDoubleFromObject: the whole string must be a
 * number, no leading space, no NaN, no overflow or underflow to zero.
 */
export function readScore(s: string, error: ReplyError = NOT_FLOAT): number {
  const small = smallInteger(s)
  if (small !== null) return small
  if (s.length === 0 || isSpace(s.charCodeAt(0))) throw error
  const end = strtodAt(s, 0)
  if (end !== s.length || parsedOverflow || parsedUnderflow || Number.isNaN(parsedValue)) throw error
  return parsedValue
}

/**
 * Most scores are short integers: read those digit by digit (exact below 2^53), leaving everything
 * else (fractions, exponents, inf, hex, signs with no digits) to strtod. Null when not that simple.
 */
function smallInteger(s: string): number | null {
  const n = s.length
  if (n === 0 || n > 15) return null
  let i = s.charCodeAt(0) === 45 ? 1 : 0
  if (i === n) return null
  let v = 0
  for (; i < n; i++) {
    const c = s.charCodeAt(i) - 48
    if (c < 0 || c > 9) return null
    v = v * 10 + c
  }
  return s.charCodeAt(0) === 45 ? -v : v
}

/** One bound of a score range: "(" makes it exclusive; the rest is read by strtod up to a NUL. */
function readScoreBound(s: string, isMin: boolean, r: ScoreRange): boolean {
  const nul = s.indexOf('\0')
  if (nul >= 0) s = s.slice(0, nul)
  const ex = s.charCodeAt(0) === 40
  const from = ex ? 1 : 0
  let value = 0
  if (from < s.length) {
    if (strtodAt(s, from) !== s.length || Number.isNaN(parsedValue)) return false
    value = parsedValue
  }
  if (isMin) { r.min = value; r.minex = ex } else { r.max = value; r.maxex = ex }
  return true
}

/** zslParseRange(): throws "min or max is not a float". */
export function readScoreRange(min: string, max: string): ScoreRange {
  const r: ScoreRange = { min: 0, max: 0, minex: false, maxex: false }
  if (!readScoreBound(min, true, r) || !readScoreBound(max, false, r)) throw SCORE_RANGE_ERR
  return r
}

/** One bound of a lex range: "-", "+", "(value" or "[value". */
function readLexBound(s: string, isMin: boolean, r: LexRange): boolean {
  const c = s.charCodeAt(0)
  let inf = 0
  let ex = true
  let value = ''
  if (c === 43 || c === 45) {
    if (s.length > 1 && s.charCodeAt(1) !== 0) return false
    inf = c === 43 ? 1 : -1
  } else if (c === 40 || c === 91) {
    ex = c === 40
    value = s.slice(1)
  } else {
    return false
  }
  if (isMin) { r.min = value; r.minex = ex; r.minInf = inf } else { r.max = value; r.maxex = ex; r.maxInf = inf }
  return true
}

/** zslParseLexRange(): throws "min or max not valid string range item". */
export function readLexRange(min: string, max: string): LexRange {
  const r: LexRange = { min: '', max: '', minex: false, maxex: false, minInf: 0, maxInf: 0 }
  if (!readLexBound(min, true, r) || !readLexBound(max, false, r)) throw LEX_RANGE_ERR
  return r
}

/** Case-insensitive match of an option token without allocating for the common mismatch. */
export function isToken(arg: string, lowerWord: string): boolean {
  return arg.length === lowerWord.length && matchWord(arg, 0, lowerWord)
}

/** The sorted set at `key` for a read (counts a keyspace hit/miss), or undefined. */
export function readZSet(ctx: CommandContext, key: string): ZSetValue | undefined {
  const v = ctx.db.lookupRead(key)
  if (v === undefined) return undefined
  if (typeof v === 'string' || v.type !== 'zset') throw WRONGTYPE
  return v as ZSetValue
}

/** The sorted set at `key` for a write (lookupKeyWrite: no hit/miss accounting), or undefined. */
export function writeZSet(ctx: CommandContext, key: string): ZSetValue | undefined {
  return ctx.db.getObject<ZSetValue>(key, 'zset')
}

/** Appends one element: RESP2 flat member, score; RESP3 a [member, score] pair. */
export function pushScored(out: Reply[], member: string, score: number, withScores: boolean, resp3: boolean): void {
  if (!withScores) out.push(member)
  else if (resp3) out.push([member, new DoubleReply(score)])
  else out.push(member, new DoubleReply(score))
}

/** Elements taken from a sorted set in reply order: parallel member and score lists. */
export class Picked {
  readonly members: string[] = []
  readonly scores: number[] = []
  get length(): number { return this.members.length }
  /** Appends the element under `c` (a valid cursor). */
  take(c: TreeCursor): void {
    this.members.push(c.member)
    this.scores.push(c.score)
  }
}

/** Picked elements as a reply array (see pushScored). */
export function pickedReply(p: Picked, withScores: boolean, resp3: boolean): Reply[] {
  const out: Reply[] = []
  for (let i = 0; i < p.members.length; i++) pushScored(out, p.members[i], p.scores[i], withScores, resp3)
  return out
}
