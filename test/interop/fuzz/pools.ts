// Hand-tuned value pools: the edge values the grammar draws from for each argument type, and the
// overrides for argument names whose meaning narrows the useful (or safe) values.
import type { Prng } from './prng.js'

export const LLONG_MAX = '9223372036854775807'
export const LLONG_MIN = '-9223372036854775808'

/** Key names: few, so commands collide on keys of other types (the WRONGTYPE paths). */
export const KEYS = ['a', 'b', 'c', 'd', 'e', 'f', 'g', 'h']
/** Rare key names: empty, binary, long. */
export const ODD_KEYS = ['', '\x00\xff\r\n', 'k'.repeat(300), '{a}b', 'A']

const long = (n: number, ch = 'x'): string => ch.repeat(n)

/** Element / member / field / value strings (as stored). */
export const STRINGS = [
  'a', 'b', 'c', 'foo', 'bar', 'x', 'y', 'z', '0', '1', '2', '3', '-1', '10', '100', '1.5', '-0', '01', '+1', ' 1',
  '1e3', '0x10', 'inf', '-inf', 'nan', '3.0', '12345678901234567890', LLONG_MAX, LLONG_MIN, '9223372036854775808',
  '4294967296', '-2147483648', '', '\x00', 'a\x00b', '\xff\xfe', 'a\r\nb', ' ', 'é',
]
/** Values large enough to change an encoding (listpack value limit 64, embstr 44). */
export const BIG_STRINGS = [long(44), long(45), long(64), long(65), long(100, 'y'), long(1000, 'z'), long(9000, 'w')]

export const INTEGERS = [
  '0', '1', '2', '3', '5', '7', '10', '100', '1000', '-1', '-2', '-3', '-10', '-100', LLONG_MAX, LLONG_MIN,
  '9223372036854775808', '-9223372036854775809', '2147483647', '2147483648', '-2147483649', '4294967295', '4294967296',
  '', 'x', '1.5', '1e3', ' 1', '+1', '01', '0x1', '-0', '1000000',
]

export const DOUBLES = [
  '0', '1', '-1', '1.5', '-2.5', '3', '10', '0.1', '1e3', '1e-3', '-0', '+1', 'inf', '-inf', '+inf', 'Infinity', 'nan',
  'NaN', '1e308', '1e309', '-1e309', '5e-324', '2.5e-310', '', 'x', '1.5x', ' 1', '0x10', '.5', '5.', LLONG_MAX, LLONG_MIN,
  '17179869184', '3.0000000000000004',
]

/** Score ranges for ZRANGEBYSCORE and friends. */
export const SCORE_BOUNDS = ['-inf', '+inf', 'inf', '0', '1', '2', '(1', '(2', '1.5', '(1.5', '-1', '(-inf', '(+inf', 'nan', 'x', '(', '((1', '', '10']
/** Lex ranges for ZRANGEBYLEX and friends. */
export const LEX_BOUNDS = ['-', '+', '[a', '(a', '[b', '(c', '[', '(', 'a', '[\x00', '[foo', '(z', '+a', '-a', '']

export const PATTERNS = ['*', 'a*', '?', '*a', '[a-c]', '[^a]*', 'h[ae]llo', '\\*', 'x', '', '[', '[a-', '*?*', 'a\\', '*\x00*', '[]']

/** Relative expire times (s or ms): never small positive ones, which would race between the two servers. */
export const TTLS = ['0', '-1', '-100', '100000', '1000000', '2000000000', LLONG_MAX, LLONG_MIN, '9223372036854775', '-9223372036854775', 'x', '1.5', '']
/** Absolute unix times: long past, far future, and overflows. */
export const UNIX_TIMES = ['1', '0', '-1', '100', '4000000000', '4000000000000', LLONG_MAX, LLONG_MIN, '9223372036854775', 'x', '']

/** Blocking timeouts in seconds: short, or invalid. 0 (forever) only where the runner can unblock. */
export const BLOCK_TIMEOUTS = ['0.01', '0.02', '0.05', '0.001', '-1', '-0.5', 'x', '', 'inf', 'nan', '1e309', LLONG_MAX]

export const DB_INDEXES = ['0', '0', '1', '1', '2', '3', '15', '16', '-1', 'x', LLONG_MAX, '']

/** Small counts for SRANDMEMBER/ZRANDMEMBER/HRANDFIELD: a huge negative count would make real Redis reply forever. */
export const RANDOM_COUNTS = ['0', '1', '2', '3', '5', '10', '-1', '-2', '-5', '-20', '100', '1000', LLONG_MAX, LLONG_MIN, 'x', '']

/** Bit and byte offsets that never make either server allocate hundreds of megabytes. */
export const BIT_OFFSETS = ['0', '1', '7', '8', '15', '63', '100', '1000', '-1', '4294967296', LLONG_MAX, 'x', '']
export const BYTE_OFFSETS = ['0', '1', '3', '5', '10', '100', '-1', '536870912', LLONG_MAX, 'x', '']
export const BITFIELD_OFFSETS = ['0', '1', '7', '8', '#0', '#1', '#3', '100', '-1', '#-1', '4294967296', 'x', '#']
export const BITFIELD_TYPES = ['u8', 'i8', 'u1', 'i1', 'u16', 'i64', 'u63', 'u64', 'i65', 'u0', 'x8', 'I8', 'i', 'u4']

export const SCAN_TYPES = ['string', 'list', 'set', 'zset', 'hash', 'stream', 'none', 'foo', 'STRING']
export const TYPE_NAMES = SCAN_TYPES

/** A value from a pool, or (rarely) a big string. */
export function stringValue(rng: Prng): string {
  return rng.chance(0.04) ? rng.pick(BIG_STRINGS) : rng.pick(STRINGS)
}

/** Mostly small non-negative integers (useful as counts and indexes), else an edge value. */
export function integerValue(rng: Prng): string {
  return rng.chance(0.5) ? String(rng.range(-3, 12)) : rng.pick(INTEGERS)
}

export function doubleValue(rng: Prng): string {
  return rng.chance(0.4) ? String(rng.range(-5, 20)) : rng.pick(DOUBLES)
}

/** Changes the case of a token at random (Redis matches options case-insensitively). */
export function mangleCase(rng: Prng, token: string): string {
  if (!rng.chance(0.2)) return token
  return [...token].map((c) => (rng.chance(0.5) ? c.toLowerCase() : c.toUpperCase())).join('')
}

/** A near-valid spelling of a token: truncated, extended or with one character changed. */
export function nearToken(rng: Prng, token: string): string {
  switch (rng.int(4)) {
    case 0: return token.slice(0, Math.max(1, token.length - 1))
    case 1: return `${token}${token.slice(-1)}`
    case 2: return `${token}\x00`
    default: return `-${token}`
  }
}
