// Validation of one directive value by type: words in, canonical string (what CONFIG GET prints) or
// Redis's reason text out. Numbers are bigint so 64-bit memory values stay exact.
import { parseInt64 } from '../util/int.js'
import type { Directive, SetContext } from './types.js'

const U64 = 1n << 64n
const U64_MAX = U64 - 1n
const MEMORY_UNITS: Record<string, bigint> = {
  '': 1n, b: 1n, k: 1000n, kb: 1024n, m: 1000n * 1000n, mb: 1024n * 1024n, g: 1000n * 1000n * 1000n, gb: 1024n * 1024n * 1024n,
}

/**
 * Parses "100mb", "1gb", "2k" like Redis's memtoull: digits then an optional unit (k=1000, kb=1024,
 * m, mb, g, gb, b; any case). No sign; "" counts as 0; too many digits saturate like strtoull.
 */
export function parseMemory(s: string): bigint | null {
  const m = /^(\d*)([a-zA-Z]*)$/.exec(s)
  if (!m || m[1].length >= 128) return null
  const mul = MEMORY_UNITS[m[2].toLowerCase()]
  if (mul === undefined) return null
  let v = m[1] === '' ? 0n : BigInt(m[1])
  if (v > U64_MAX) v = U64_MAX
  return (v * mul) % U64
}

/** Formats bytes the way CONFIG REWRITE writes them: 1gb, 512mb, 4kb or plain bytes. */
export function formatMemory(bytes: bigint): string {
  const units: Array<[bigint, string]> = [[1024n * 1024n * 1024n, 'gb'], [1024n * 1024n, 'mb'], [1024n, 'kb']]
  if (bytes !== 0n) for (const [n, u] of units) if (bytes % n === 0n) return `${bytes / n}${u}`
  return String(bytes)
}

const I64_MAX = (1n << 63n) - 1n
const I64_MIN = -(1n << 63n)

/**
 * Parses like C's strtoll(s, &end, base) followed by a `*end == '\0'` check: leading blanks, a sign
 * and leading zeros are fine, "" is 0. Out of range: null, or clamped when `saturate` (no errno check).
 */
export function strtoll(s: string, base: 8 | 10, saturate = false): bigint | null {
  if (s === '') return 0n
  const m = (base === 8 ? /^[\t\n\v\f\r ]*([+-]?)([0-7]+)$/ : /^[\t\n\v\f\r ]*([+-]?)(\d+)$/).exec(s)
  if (!m) return null
  let v = BigInt(base === 8 ? '0o' + m[2] : m[2])
  if (m[1] === '-') v = -v
  if (v >= I64_MIN && v <= I64_MAX) return v
  return saturate ? (v > 0n ? I64_MAX : I64_MIN) : null
}

/** Canonical value for `args` under `d`, or an Error carrying Redis's reason. */
export function canonicalValue(d: Directive, args: string[], ctx: SetContext): string | Error {
  if (d.type === 'special') return d.parse ? d.parse(args, ctx) : new Error('wrong number of arguments')
  if (d.type === 'flags') return flagsValue(d, args)
  if (args.length !== 1) return new Error('wrong number of arguments')
  const v = args[0]
  switch (d.type) {
    case 'bool': {
      const l = v.toLowerCase()
      return l === 'yes' || l === 'no' ? l : new Error("argument must be 'yes' or 'no'")
    }
    case 'int': case 'memory': return numericValue(d, v)
    case 'enum': {
      const found = d.values?.find((x) => x === v.toLowerCase())
      return found ?? new Error(`argument(s) must be one of the following: ${(d.values ?? []).join(', ')}`)
    }
    default: return v
  }
}

/** Redis's numericParseString + numericBoundaryCheck + numericConfigGet, in one pass. */
function numericValue(d: Directive, s: string): string | Error {
  let n = parseNumeric(d, s)
  if (n instanceof Error) return n
  n = d.unsigned ? BigInt.asUintN(64, n) : BigInt.asIntN(64, n)
  const min = d.min ?? I64_MIN
  const max = d.max ?? I64_MAX
  if (d.percent && n < 0n) {
    if (n < min) return new Error(`percentage argument must be less or equal to ${-min}`)
    return `${-n}%`
  }
  if (n < min || n > max) {
    const f = (x: bigint): string => (d.octal ? x.toString(8) : String(x))
    return new Error(`argument must be between ${f(min)} and ${f(max)} inclusive`)
  }
  if (d.type === 'memory') return String(BigInt.asUintN(64, n))
  return d.octal ? n.toString(8) : String(n)
}

function parseNumeric(d: Directive, s: string): bigint | Error {
  if (d.type === 'memory') {
    const m = parseMemory(s)
    if (m !== null) return m
  }
  if (d.percent && s.length > 1 && s.endsWith('%')) {
    const p = parseInt64(s.slice(0, -1))
    if (p !== null && p >= 0n) return -p
  }
  if (d.octal) {
    const o = strtoll(s, 8)
    if (o !== null) return o
  }
  if (d.type === 'int' && !d.octal) {
    const i = parseInt64(s)
    if (i !== null) return i
  }
  if (d.type === 'memory') return new Error(d.percent ? 'argument must be a memory or percent value' : 'argument must be a memory value')
  return new Error(d.octal ? "argument couldn't be parsed as an octal number" : "argument couldn't be parsed into an integer")
}

/** Bit-flag enums (shutdown-on-sigint): several words, "default" alone is 0, printed in table order. */
function flagsValue(d: Directive, args: string[]): string | Error {
  const values = d.values ?? []
  const bad = new Error(`argument(s) must be one of the following: ${values.join(', ')}`)
  if (args.length === 0) return bad
  const on = new Set<string>()
  for (const a of args) {
    const w = a.toLowerCase()
    if (!values.includes(w)) return bad
    if (w !== values[0]) on.add(w)
  }
  const invalid = d.validate?.([...on].join(' '))
  if (invalid) return new Error(invalid)
  return on.size === 0 ? values[0] : values.filter((w) => on.has(w)).join(' ')
}

/** The numeric value of a canonical string ("10%" -> -10), for CONFIG REWRITE and consumers. */
export function numericOf(d: Directive, canonical: string): bigint {
  if (d.percent && canonical.endsWith('%')) return -BigInt(canonical.slice(0, -1))
  return d.octal ? BigInt('0o' + canonical) : BigInt(canonical)
}
