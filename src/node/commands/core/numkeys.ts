// Key positions of the "numkeys" forms (ZUNIONSTORE and kin, ZINTERCARD, SINTERCARD, LMPOP, ZMPOP and their
// blocking forms) as Redis 7.0 finds them, for COMMAND GETKEYS and cluster routing alike. Redis reads the key
// specs first: numkeys must be a canonical integer whose keys fit in argv. When the specs reject it, it falls
// back to the command's older getkeys function, which reads numkeys with C's atoi() ("+2", " 2", "02", "2x"
// all count as 2) and lists the destination key after the sources. Both passes cut the count to a C int.
import { parseInt64, parseIntStrict } from '../../util/int.js'

const INT64_MAX = 9223372036854775807n
const INT64_MIN = -9223372036854775808n

/**
 * Positions of `[dest] numkeys key [key ...]`: numkeys at `numkeysIdx`, the keys right after it, and the
 * destination key at `destIdx` (0 = none). Empty when neither pass finds keys (GETKEYS: invalid arguments).
 */
export function numkeysKeyPositions(argv: readonly string[], numkeysIdx: number, destIdx = 0): number[] {
  const argc = argv.length
  const first = numkeysIdx + 1
  const count = specCount(argv[numkeysIdx] ?? '')
  if (count !== null) {
    const last = (first + count - 1) | 0
    if (last < argc && last >= first && first < argc) return range(destIdx > 0 ? [destIdx] : [], first, last)
  }
  const num = atoi(argv[numkeysIdx] ?? '')
  if (num < 1 || num > argc - first) return []
  const out = range([], first, first + num - 1)
  if (destIdx > 0) out.push(destIdx)
  return out
}

function range(out: number[], first: number, last: number): number[] {
  for (let i = first; i <= last; i++) out.push(i)
  return out
}

/** The key-spec pass: a canonical int64 that is not negative, cut to a C int; null when rejected. */
function specCount(s: string): number | null {
  if (s.length <= 15) {
    const n = parseIntStrict(s)
    return n === null || n < 0 ? null : n | 0
  }
  const v = parseInt64(s)
  return v === null || v < 0n ? null : Number(BigInt.asIntN(32, v))
}

const SPACES = new Set([' ', '\t', '\n', '\v', '\f', '\r'])

/** C's atoi() as glibc has it: (int)strtol(s): leading spaces, a sign, digits up to the first other byte. */
function atoi(s: string): number {
  let i = 0
  while (i < s.length && SPACES.has(s[i])) i++
  let sign = ''
  if (s[i] === '+' || s[i] === '-') sign = s[i++]
  let end = i
  while (end < s.length && s.charCodeAt(end) >= 48 && s.charCodeAt(end) <= 57) end++
  if (end === i) return 0
  while (i < end - 1 && s[i] === '0') i++
  // strtol saturates; more than 19 digits is past the int64 range, so skip parsing a huge argument
  let v = end - i > 19 ? (sign === '-' ? INT64_MIN : INT64_MAX) : BigInt(sign + s.slice(i, end))
  if (v > INT64_MAX) v = INT64_MAX
  if (v < INT64_MIN) v = INT64_MIN
  return Number(BigInt.asIntN(32, v))
}
