// Random sampling shared by HRANDFIELD and SRANDMEMBER: the count argument's range and errors, and
// picking distinct elements from an array.
import { err, NOT_INTEGER } from '../resp/errors.js'
import { parseIntStrict } from '../util/int.js'

const COUNT_RANGE = err('value is out of range, value must between -9223372036854775807 and 9223372036854775807')

/**
 * Replies to a negative count (picks with repetition) longer than this many elements are refused
 * with Redis's range error rather than built: Redis would stream them into its output buffer, while
 * here the whole reply is an array in V8's heap, and HRANDFIELD -134217728 WITHVALUES exhausted it
 * and killed the process (the CVE-2023-22458/CVE-2023-25155 family: a small count, unbounded cost).
 */
export const MAX_RANDOM_REPLY_ELEMENTS = 1 << 24
const OUT_OF_RANGE = err('value is out of range')

/**
 * The count of SRANDMEMBER / HRANDFIELD: any int64 but the minimum (its negation would not fit).
 * Exact only up to 2^53, which no reply could reach anyway.
 */
export function readRandomCount(s: string): number {
  const n = parseIntStrict(s)
  if (n === null) throw NOT_INTEGER
  // the only canonical spelling of INT64_MIN; every other int64 has a representable negation
  if (s === '-9223372036854775808') throw COUNT_RANGE
  return n
}

/** Refuses a count whose reply (`perPick` elements per pick: 2 with values or scores) would be too long. */
export function checkRepeatedPicks(count: number, perPick: number): void {
  if (count < 0 && -count * perPick > MAX_RANDOM_REPLY_ELEMENTS) throw OUT_OF_RANGE
}

/** `count` (< pool length) distinct random elements, in random order. */
export function sampleDistinct(pool: readonly string[], count: number): string[] {
  const n = pool.length
  const out: string[] = new Array(count)
  if (count * 3 > n) {
    const copy = pool.slice()
    for (let i = 0; i < count; i++) {
      const j = i + Math.floor(Math.random() * (n - i))
      const t = copy[j]; copy[j] = copy[i]; copy[i] = t
      out[i] = t
    }
    return out
  }
  const taken = new Set<number>()
  for (let i = 0; i < count;) {
    const j = Math.floor(Math.random() * n)
    if (taken.has(j)) continue
    taken.add(j)
    out[i++] = pool[j]
  }
  return out
}
