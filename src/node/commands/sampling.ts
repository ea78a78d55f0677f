// Random sampling shared by HRANDFIELD and SRANDMEMBER: the count argument's range and errors, and
// picking distinct elements from an array.
import { err, NOT_INTEGER } from '../resp/errors.js'
import { parseIntStrict } from '../util/int.js'

const COUNT_RANGE = err('value is out of range, value must between -9223372036854775807 and 9223372036854775807')

/** Replies longer than this are refused rather than built (Redis would try, and run out of memory). */
export const MAX_REPEATED_PICKS = 1 << 27

/**
 * The count of SRANDMEMBER / HRANDFIELD: any int64 but the minimum (its negation would not fit).
 * Exact only up to 2^53, which no reply could reach anyway.
 */
export function readRandomCount(s: string): number {
  const n = parseIntStrict(s)
  if (n === null) throw NOT_INTEGER
  // the only canonical spelling of INT64_MIN; every other int64 has a representable negation
  if (s === '-9223372036854775808') throw COUNT_RANGE
  if (-n > MAX_REPEATED_PICKS) throw err('value is out of range')
  return n
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
