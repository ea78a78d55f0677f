// INCRBYFLOAT / HINCRBYFLOAT arithmetic, bit-exact with Redis on x86-64: values are parsed like
// string2ld (strtold into an 80-bit long double), added with long double rounding, and printed like
// ld2string's human mode ("%.17Lf", trailing zeros trimmed). Long doubles are emulated with BigInt.

/** A finite x87 extended value: (-1)^neg * m * 2^e, m < 2^64, e >= MIN_EXP; or an infinity (m = -1n). */
export interface LongDouble {
  neg: boolean
  m: bigint
  e: number
}

const MANT_BITS = 64
/** Exponent of the smallest subnormal: 2^-16445. */
const MIN_EXP = -16445
/** Largest finite value is (2^64 - 1) * 2^16320. */
const MAX_EXP = 16320
const MAX_LONG_DOUBLE_CHARS = 5 * 1024
const INF = -1n

/** string2ld(): null when Redis would say "value is not a valid float". */
export function parseLongDouble(input: string): LongDouble | null {
  // strtold would stop at a NUL byte; Redis checks that it read the whole string, so a NUL anywhere
  // makes the value invalid
  if (input.length === 0 || input.length >= MAX_LONG_DOUBLE_CHARS || input.includes('\0')) return null
  let i = 0
  let neg = false
  const c0 = input.charCodeAt(0)
  if (c0 === 43 /* + */ || c0 === 45 /* - */) { neg = c0 === 45; i = 1 }
  const rest = input.slice(i).toLowerCase()
  if (rest === 'inf' || rest === 'infinity') return { neg, m: INF, e: 0 }
  const r = rest.startsWith('0x') ? parseHex(rest) : parseDecimal(rest)
  if (r === null) return null
  if (r === 0) return { neg, m: 0n, e: 0 }
  // ERANGE with a zero or infinite result is rejected; subnormal results are accepted
  if (r.m === INF || r.m === 0n) return null
  return { neg, m: r.m, e: r.e }
}

/** 0 for an exact zero, null for a syntax error, m = INF on overflow and m = 0 on underflow (both rejected). */
function parseDecimal(s: string): LongDouble | 0 | null {
  let digits = ''
  let exp10 = 0
  let i = 0
  let seen = false
  for (; i < s.length; i++) {
    const c = s.charCodeAt(i)
    if (c < 48 || c > 57) break
    digits += s[i]; seen = true
  }
  if (i < s.length && s.charCodeAt(i) === 46 /* . */) {
    for (i++; i < s.length; i++) {
      const c = s.charCodeAt(i)
      if (c < 48 || c > 57) break
      digits += s[i]; exp10--; seen = true
    }
  }
  if (!seen) return null
  if (i < s.length) {
    if (s.charCodeAt(i) !== 101 /* e */) return null
    const e = readExponent(s, i + 1)
    if (e === null) return null
    exp10 += e
  }
  const d = BigInt(digits)
  if (d === 0n) return 0
  const sig = d.toString().length
  if (sig + exp10 > 4940) return { neg: false, m: INF, e: 0 }
  if (sig + exp10 < -4960) return underflow()
  return exp10 >= 0 ? roundRational(d * 10n ** BigInt(exp10), 1n) : roundRational(d, 10n ** BigInt(-exp10))
}

/** C99 hex float: 0x<hex>[.<hex>][p<dec>]. */
function parseHex(s: string): LongDouble | 0 | null {
  let h = ''
  let exp2 = 0
  let i = 2
  for (; i < s.length && isHex(s.charCodeAt(i)); i++) h += s[i]
  if (i < s.length && s.charCodeAt(i) === 46) {
    for (i++; i < s.length && isHex(s.charCodeAt(i)); i++) { h += s[i]; exp2 -= 4 }
  }
  if (h.length === 0) return null
  if (i < s.length) {
    if (s.charCodeAt(i) !== 112 /* p */) return null
    const e = readExponent(s, i + 1)
    if (e === null) return null
    exp2 += e
  }
  const d = BigInt('0x' + h)
  if (d === 0n) return 0
  const bits = d.toString(2).length
  if (bits + exp2 > 16400) return { neg: false, m: INF, e: 0 }
  if (bits + exp2 < -16500) return underflow()
  return exp2 >= 0 ? roundRational(d << BigInt(exp2), 1n) : roundRational(d, 1n << BigInt(-exp2))
}

/** A nonzero literal too small for any long double: strtold flags ERANGE and returns 0, which Redis rejects. */
function underflow(): LongDouble { return { neg: false, m: 0n, e: 0 } }

/** Decimal exponent digits after 'e'/'p'; clamps absurd magnitudes (they over/underflow anyway). */
function readExponent(s: string, i: number): number | null {
  let sign = 1
  const c = s.charCodeAt(i)
  if (c === 43 || c === 45) { sign = c === 45 ? -1 : 1; i++ }
  if (i >= s.length) return null
  let e = 0
  for (; i < s.length; i++) {
    const d = s.charCodeAt(i) - 48
    if (d < 0 || d > 9) return null
    if (e < 1e6) e = e * 10 + d
  }
  return sign * e
}

const isHex = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 97 && c <= 102)

const bitLength = (n: bigint): number => (n === 0n ? 0 : n.toString(2).length)

/** Rounds num/den (> 0) to the nearest long double, ties to even. INF on overflow, m = 0 on underflow. */
function roundRational(num: bigint, den: bigint): LongDouble {
  let e = bitLength(num) - bitLength(den) - MANT_BITS
  if (e < MIN_EXP) e = MIN_EXP
  for (;;) {
    const [n, d] = e >= 0 ? [num, den << BigInt(e)] : [num << BigInt(-e), den]
    let q = n / d
    if (q >= 1n << 64n) { e++; continue }
    if (q < 1n << 63n && e > MIN_EXP) { e--; continue }
    const twice = (n - q * d) * 2n
    if (twice > d || (twice === d && (q & 1n) === 1n)) q++
    if (q === 1n << 64n) { q >>= 1n; e++ }
    if (e > MAX_EXP) return { neg: false, m: INF, e: 0 }
    return { neg: false, m: q, e }
  }
}

/** Long double addition with round-to-nearest-even; an infinity input or result yields m = INF. */
export function addLongDouble(a: LongDouble, b: LongDouble): LongDouble {
  if (a.m === INF || b.m === INF) return { neg: false, m: INF, e: 0 }
  const e = Math.min(a.e, b.e)
  const sa = (a.neg ? -a.m : a.m) << BigInt(a.e - e)
  const sb = (b.neg ? -b.m : b.m) << BigInt(b.e - e)
  const sum = sa + sb
  if (sum === 0n) return { neg: false, m: 0n, e: 0 }
  const neg = sum < 0n
  const mag = neg ? -sum : sum
  const extra = bitLength(mag) - MANT_BITS
  if (extra <= 0) return { neg, m: mag, e }
  // drop `extra` low bits, ties to even; a carry out of the top bit costs one more
  const den = 1n << BigInt(extra)
  let q = mag >> BigInt(extra)
  const twice = (mag - (q << BigInt(extra))) * 2n
  if (twice > den || (twice === den && (q & 1n) === 1n)) q++
  let fe = e + extra
  if (q === 1n << 64n) { q >>= 1n; fe++ }
  if (fe > MAX_EXP) return { neg: false, m: INF, e: 0 }
  return { neg, m: q, e: fe }
}

export const isInfinite = (v: LongDouble): boolean => v.m === INF

/** ld2string(LD_STR_HUMAN): "%.17Lf", trailing zeros and a bare '.' removed, "-0" printed as "0". */
export function formatLongDoubleHuman(v: LongDouble): string {
  if (v.m === INF) return v.neg ? '-inf' : 'inf'
  const scale = 10n ** 17n
  let fixed: bigint
  if (v.e >= 0) fixed = (v.m << BigInt(v.e)) * scale
  else {
    const den = 1n << BigInt(-v.e)
    const n = v.m * scale
    fixed = n / den
    const twice = (n - fixed * den) * 2n
    if (twice > den || (twice === den && (fixed & 1n) === 1n)) fixed++
  }
  if (fixed === 0n) return '0'
  const digits = fixed.toString().padStart(18, '0')
  const intPart = digits.slice(0, digits.length - 17)
  let frac = digits.slice(digits.length - 17)
  let end = frac.length
  while (end > 0 && frac.charCodeAt(end - 1) === 48) end--
  frac = frac.slice(0, end)
  return (v.neg ? '-' : '') + intPart + (frac.length !== 0 ? '.' + frac : '')
}

/**
 * The whole INCRBYFLOAT step: current value (undefined = missing key, read as 0) plus increment.
 * Returns the new stored text, 'float' when either is not a valid float, 'naninf' when the sum is not finite.
 */
export function incrByFloatText(current: string | undefined, incr: string): string | 'float' | 'naninf' {
  const a = current === undefined ? { neg: false, m: 0n, e: 0 } : parseLongDouble(current)
  const b = parseLongDouble(incr)
  if (a === null || b === null) return 'float'
  const sum = addLongDouble(a, b)
  if (sum.m === INF) return 'naninf'
  return formatLongDoubleHuman(sum)
}
