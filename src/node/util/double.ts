// Number formatting exactly as Redis 7.0 prints doubles: "%.17g" for replies, and the
// long-double "human friendly" form (%.17Lf, trailing zeros trimmed) used by INCRBYFLOAT/HINCRBYFLOAT.

/** printf("%.17g", x) — what Redis 7.0's addReplyDouble writes (so 1.1 prints as 1.1000000000000001). */
export function formatG17(x: number): string {
  return formatG(x, 17)
}

/** printf("%.<precision>g", x). */
export function formatG(x: number, precision: number): string {
  if (Number.isNaN(x)) return 'nan'
  if (x === Infinity) return 'inf'
  if (x === -Infinity) return '-inf'
  if (x === 0) return Object.is(x, -0) ? '-0' : '0'
  const exp = Math.floor(Math.log10(Math.abs(x)))
  let s = x.toExponential(precision - 1)
  let e = Number(s.slice(s.indexOf('e') + 1))
  // toExponential already rounded; the exponent it chose is authoritative
  if (e < -4 || e >= precision) {
    let mant = s.slice(0, s.indexOf('e'))
    if (mant.includes('.')) mant = mant.replace(/0+$/, '').replace(/\.$/, '')
    const sign = e < 0 ? '-' : '+'
    const digits = String(Math.abs(e)).padStart(2, '0')
    return `${mant}e${sign}${digits}`
  }
  void exp
  s = x.toFixed(Math.max(0, precision - 1 - e))
  if (s.includes('.')) s = s.replace(/0+$/, '').replace(/\.$/, '')
  return s
}

/**
 * The string INCRBYFLOAT stores: fixed notation with up to 17 fractional digits, trailing zeros removed
 * (Redis uses "%.17Lf" on a long double, then trims). Exponent forms are never produced.
 */
export function formatHumanDouble(x: number): string {
  if (x === Infinity) return 'inf'
  if (x === -Infinity) return '-inf'
  // Redis's long double has more precision than ours; the shortest round-trip form is what it prints
  // for any value that started as a double literal, so use it and expand exponents.
  let s = String(x)
  if (s.includes('e')) s = expandExponent(x)
  if (s === '-0') s = '0'
  return s
}

function expandExponent(x: number): string {
  const neg = x < 0
  const [mant, expStr] = Math.abs(x).toExponential().split('e')
  const exp = Number(expStr)
  const [ip, fp = ''] = mant.split('.')
  let digits = ip + fp
  let point = ip.length + exp
  if (point <= 0) { digits = '0'.repeat(1 - point) + digits; point = 1 }
  if (point >= digits.length) digits = digits + '0'.repeat(point - digits.length)
  let out = digits.slice(0, point) + (point < digits.length ? '.' + digits.slice(point) : '')
  if (out.includes('.')) out = out.replace(/0+$/, '').replace(/\.$/, '')
  return (neg ? '-' : '') + out
}
