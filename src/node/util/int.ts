// Strict integer parsing with Redis's string2ll rules: optional '-', no '+', no leading zeros,
// no spaces, within the signed 64-bit range. Shared by the RESP decoder and argument readers.

const INT64_MAX = 9223372036854775807n
const INT64_MIN = -9223372036854775808n
const SAFE_DIGITS = 15

/** True when `s` is exactly the canonical decimal form of a signed 64-bit integer. */
export function isInt64String(s: string): boolean {
  return parseInt64(s) !== null
}

/** Parses like string2ll. Returns a bigint for exactness; null when `s` is not a valid int64. */
export function parseInt64(s: string): bigint | null {
  const n = s.length
  if (n === 0 || n > 20) return null
  let i = 0
  if (s.charCodeAt(0) === 45 /* - */) { if (n === 1) return null; i = 1 }
  const first = s.charCodeAt(i)
  if (first === 48 /* 0 */) return n === 1 ? 0n : null
  if (first < 49 || first > 57) return null
  for (let j = i + 1; j < n; j++) {
    const c = s.charCodeAt(j)
    if (c < 48 || c > 57) return null
  }
  const v = BigInt(s)
  return v > INT64_MAX || v < INT64_MIN ? null : v
}

/**
 * Parses like string2ll into a JS number. Values beyond 2^53 lose precision, which is fine for
 * counts, indexes and timeouts; use parseInt64 where exact 64-bit arithmetic matters (INCR).
 */
export function parseIntStrict(s: string): number | null {
  const n = s.length
  if (n === 0) return null
  if (n <= SAFE_DIGITS) {
    let i = 0
    let neg = false
    if (s.charCodeAt(0) === 45) { if (n === 1) return null; neg = true; i = 1 }
    const first = s.charCodeAt(i)
    if (first === 48) return n === 1 ? 0 : null
    if (first < 49 || first > 57) return null
    let v = 0
    for (; i < n; i++) {
      const c = s.charCodeAt(i)
      if (c < 48 || c > 57) return null
      v = v * 10 + (c - 48)
    }
    return neg ? -v : v
  }
  const big = parseInt64(s)
  return big === null ? null : Number(big)
}

export function fitsInt64(v: bigint): boolean {
  return v <= INT64_MAX && v >= INT64_MIN
}

export { INT64_MAX, INT64_MIN }
