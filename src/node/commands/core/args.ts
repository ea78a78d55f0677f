// Argument readers shared by command families: integers, floats and blocking timeouts with Redis's
// exact error texts. Family-specific option tables stay in the family files.
import { NOT_FLOAT, NOT_INTEGER, TIMEOUT_INVALID, TIMEOUT_NEGATIVE, err } from '../../resp/errors.js'
import { parseInt64, parseIntStrict } from '../../util/int.js'

/** A signed 64-bit integer argument as a JS number (exact up to 2^53); throws ERR value is not an integer. */
export function readInt(s: string): number {
  const n = parseIntStrict(s)
  if (n === null) throw NOT_INTEGER
  return n
}

/** A signed 64-bit integer argument, exact (INCRBY and friends). */
export function readBigInt(s: string): bigint {
  const n = parseInt64(s)
  if (n === null) throw NOT_INTEGER
  return n
}

/** An integer that must be > 0; `what` names it in the error ("count", "numkeys"). */
export function readPositive(s: string, what: string): number {
  const n = readInt(s)
  if (n <= 0) throw err(`${what} should be greater than 0`)
  return n
}

/**
 * A float argument parsed like Redis's strtold-based readers: accepts inf/-inf/+inf, decimal and
 * exponent forms, rejects NaN, empty strings and trailing garbage or spaces.
 */
export function parseFloatStrict(s: string): number | null {
  if (s.length === 0 || s.length > 5000) return null
  const c0 = s.charCodeAt(0)
  if (c0 === 32 || (c0 >= 9 && c0 <= 13)) return null
  const lower = s.toLowerCase()
  if (lower === 'inf' || lower === '+inf' || lower === 'infinity' || lower === '+infinity') return Infinity
  if (lower === '-inf' || lower === '-infinity') return -Infinity
  const n = Number(s)
  if (Number.isNaN(n) || s.trim() !== s) return null
  // Number() also accepts hex/binary/octal literals, which strtold would not in the same way
  if (/^[+-]?0[xXbBoO]/.test(s)) return null
  return n
}

/** A float argument; throws ERR value is not a valid float. */
export function readFloat(s: string): number {
  const n = parseFloatStrict(s)
  if (n === null) throw NOT_FLOAT
  return n
}

/**
 * A blocking timeout in seconds (float allowed) -> absolute deadline in ms, 0 = forever.
 * Mirrors getTimeoutFromObjectOrReply: "timeout is not a float or out of range", "timeout is negative".
 */
export function readTimeoutDeadline(s: string, now: number): number {
  // strtold also reads hex integers ("0x10"), which parseFloatStrict refuses for other commands
  const secs = parseFloatStrict(s) ?? parseHexInt(s)
  if (secs === null) throw TIMEOUT_INVALID
  const ms = Math.ceil(secs * 1000)
  // Redis casts the product to long long: inf and anything past 2^63 ms come out negative;
  // a tiny negative rounds up to 0, which means "forever", as in Redis
  if (!(ms < 2 ** 63) || ms < 0) throw TIMEOUT_NEGATIVE
  return ms === 0 ? 0 : now + ms
}

const HEX_INT = /^[+-]?0[xX][0-9a-fA-F]+$/

function parseHexInt(s: string): number | null {
  if (!HEX_INT.test(s)) return null
  const c0 = s.charCodeAt(0)
  const v = Number(c0 === 43 || c0 === 45 ? s.slice(1) : s)
  return c0 === 45 ? -v : v
}
