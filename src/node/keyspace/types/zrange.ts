// Score and lex intervals of the sorted-set range commands, and the bound tests every ordered walk
// over a sorted set shares (score-tree.ts, commands/zsets-range.ts).

/** An inclusive/exclusive score interval (ZRANGEBYSCORE min max, "(" = exclusive). */
export interface ScoreRange {
  min: number
  max: number
  minex: boolean
  maxex: boolean
}

/**
 * A lex interval. `minInf`/`maxInf` encode the "-" and "+" bounds: -1 = below every string,
 * +1 = above every string, 0 = the bound is `min`/`max`.
 */
export interface LexRange {
  min: string
  max: string
  minex: boolean
  maxex: boolean
  minInf: number
  maxInf: number
}

export const scoreGteMin = (v: number, r: ScoreRange): boolean => (r.minex ? v > r.min : v >= r.min)
export const scoreLteMax = (v: number, r: ScoreRange): boolean => (r.maxex ? v < r.max : v <= r.max)

/** Latin1 member strings compare in JS order exactly as their bytes compare with memcmp. */
export function lexGteMin(v: string, r: LexRange): boolean {
  if (r.minInf !== 0) return r.minInf < 0
  return r.minex ? v > r.min : v >= r.min
}

export function lexLteMax(v: string, r: LexRange): boolean {
  if (r.maxInf !== 0) return r.maxInf > 0
  return r.maxex ? v < r.max : v <= r.max
}

/** True when no value can satisfy the range (min above max, or equal bounds with one exclusive). */
export function scoreRangeEmpty(r: ScoreRange): boolean {
  return r.min > r.max || (r.min === r.max && (r.minex || r.maxex))
}

export function lexRangeEmpty(r: LexRange): boolean {
  let cmp = r.minInf - r.maxInf
  if (cmp === 0 && r.minInf === 0) cmp = r.min < r.max ? -1 : r.min > r.max ? 1 : 0
  return cmp > 0 || (cmp === 0 && (r.minex || r.maxex))
}
