// Values for one argument: by command and argument name where the name narrows what is useful or safe
// (offsets that would allocate 512 MB, blocking timeouts, expire times), else by argument type.
import { readFileSync } from 'node:fs'
import type { DocArg } from './grammar.js'
import type { Prng } from './prng.js'
import {
  BITFIELD_OFFSETS, BITFIELD_TYPES, BIT_OFFSETS, BLOCK_TIMEOUTS, BYTE_OFFSETS, DB_INDEXES, INTEGERS, LEX_BOUNDS, LLONG_MAX,
  PATTERNS, RANDOM_COUNTS, SCAN_TYPES, SCORE_BOUNDS, TTLS, UNIX_TIMES, doubleValue, integerValue, stringValue,
} from './pools.js'

/** What the value generator needs from the sequence being built. */
export interface ValueContext {
  /** A key name, preferring keys that last held the type the command works on. */
  pickKey(): string
  /** Inside MULTI blocking commands do not block, so a zero (forever) timeout is safe. */
  inMulti: boolean
  /** A blocking command for the second client, which stays parked until another client serves it. */
  longTimeouts?: boolean
  /** Names to ask COMMAND INFO / DOCS / GETKEYS about. */
  commandNames: readonly string[]
}

const PAYLOADS: Record<string, string> = JSON.parse(readFileSync(new URL('./dump-payloads.json', import.meta.url), 'utf8'))
const PAYLOAD_LIST = Object.values(PAYLOADS).map((hex) => Buffer.from(hex, 'hex').toString('latin1'))

const CURSORS = ['0', '0', '0', '1', '2', '7', '12', '100', '-1', 'x', '', LLONG_MAX, '18446744073709551615', '18446744073709551616']
const INFO_SECTIONS = ['server', 'clients', 'memory', 'keyspace', 'stats', 'all', 'default', 'everything', 'commandstats', 'foo', 'SERVER']
const NAMES = ['fuzz', 'a b', '', 'x\n', 'name', 'é']
const CHANNELS = ['ch', 'a', 'news', '', 'a*']

type Chooser = (rng: Prng, ctx: ValueContext) => string
const from = (pool: readonly string[]): Chooser => (rng) => rng.pick(pool)
const mix = (...picks: Chooser[]): Chooser => (rng, ctx) => rng.pick(picks)(rng, ctx)
const ints: Chooser = (rng) => integerValue(rng)
const doubles: Chooser = (rng) => doubleValue(rng)

/** Overrides by "command.argument" first, then "*.argument". */
const BY_NAME: Record<string, Chooser> = {
  '*.seconds': from(TTLS),
  '*.milliseconds': from(TTLS),
  '*.ttl': from(TTLS),
  '*.unix-time-seconds': from(UNIX_TIMES),
  '*.unix-time-milliseconds': from(UNIX_TIMES),
  '*.timeout': (rng, ctx) => {
    // a short timeout would expire at a different point of the first client's commands on each server
    if (ctx.longTimeouts) return rng.pick(['0', '0', '0', '100', '0.0', '1e3', '-1', 'x'])
    return ctx.inMulti && rng.chance(0.5) ? rng.pick(['0', '100', '0.0']) : rng.pick(BLOCK_TIMEOUTS)
  },
  'wait.timeout': from(['1', '2', '-1', 'x', '']),
  'wait.numreplicas': from(['0', '0', '1', '-1', 'x']),
  '*.cursor': from(CURSORS),
  'srandmember.count': from(RANDOM_COUNTS),
  'zrandmember.count': from(RANDOM_COUNTS),
  'hrandfield.count': from(RANDOM_COUNTS),
  'memory|usage.count': from(['0', '1', '5', '-1', 'x', LLONG_MAX]),
  '*.db': from(DB_INDEXES),
  '*.destination-db': from(DB_INDEXES),
  '*.index1': from(DB_INDEXES),
  '*.index2': from(DB_INDEXES),
  'select.index': from(DB_INDEXES),
  'setbit.offset': from(BIT_OFFSETS),
  'getbit.offset': mix(from(BIT_OFFSETS), from(['4294967295', '4294967294'])),
  'setrange.offset': from(BYTE_OFFSETS),
  'bitfield.offset': from(BITFIELD_OFFSETS),
  'bitfield_ro.offset': from(BITFIELD_OFFSETS),
  'bitfield.encoding': from(BITFIELD_TYPES),
  'bitfield_ro.encoding': from(BITFIELD_TYPES),
  'setbit.value': from(['0', '1', '1', '2', '-1', 'x', '']),
  'bitop.operation': from(['AND', 'OR', 'XOR', 'NOT', 'and', 'not', 'NAND', '']),
  'bitpos.bit': from(['0', '1', '1', '2', '-1', 'x']),
  '*.min': (rng) => rng.pick(SCORE_BOUNDS),
  '*.max': (rng) => rng.pick(SCORE_BOUNDS),
  'zrangebylex.min': from(LEX_BOUNDS),
  'zrangebylex.max': from(LEX_BOUNDS),
  'zrevrangebylex.min': from(LEX_BOUNDS),
  'zrevrangebylex.max': from(LEX_BOUNDS),
  'zlexcount.min': from(LEX_BOUNDS),
  'zlexcount.max': from(LEX_BOUNDS),
  'zremrangebylex.min': from(LEX_BOUNDS),
  'zremrangebylex.max': from(LEX_BOUNDS),
  'zrange.start': mix(ints, from(SCORE_BOUNDS), from(LEX_BOUNDS)),
  'zrange.stop': mix(ints, from(SCORE_BOUNDS), from(LEX_BOUNDS)),
  'zrangestore.min': mix(ints, from(SCORE_BOUNDS), from(LEX_BOUNDS)),
  'zrangestore.max': mix(ints, from(SCORE_BOUNDS), from(LEX_BOUNDS)),
  '*.score': doubles,
  '*.weight': mix(ints, doubles),
  'zincrby.increment': doubles,
  'incrbyfloat.increment': doubles,
  'hincrbyfloat.increment': doubles,
  '*.pattern': from(PATTERNS),
  'scan.type': from(SCAN_TYPES),
  '*.section': from(INFO_SECTIONS),
  '*.command-name': (rng, ctx) => (rng.chance(0.85) ? rng.pick(ctx.commandNames) : rng.pick(['foo', 'GET', 'config|get', 'CONFIG|GET', 'get|x', ''])),
  '*.category': from(['string', 'list', '@string', 'keyspace', 'foo', '']),
  '*.module-name': from(['foo', '']),
  '*.channel': from(CHANNELS),
  '*.shardchannel': from(CHANNELS),
  '*.connection-name': from(NAMES),
  '*.clientname': from(NAMES),
  '*.username': from(['default', 'default', 'foo', '']),
  '*.password': from(['', 'foo', 'pass']),
  '*.protover': from(['2', '3', '3', '1', '4', 'x', '']),
  '*.client-id': from(['0', '1', '2', '-1', 'x', LLONG_MAX]),
  '*.serialized-value': (rng) => payload(rng),
  '*.frequency': from(['0', '1', '100', '255', '256', '-1', 'x']),
  '*.limit': mix(ints, from(['0', '1', '2', '-1', 'x'])),
}

/** A DUMP payload from real Redis, sometimes damaged so its checksum no longer matches. */
function payload(rng: Prng): string {
  const p = rng.pick(PAYLOAD_LIST)
  switch (rng.weighted([['ok', 8], ['flip', 1], ['cut', 1], ['junk', 0.5]])) {
    case 'flip': { const i = rng.int(p.length); return p.slice(0, i) + String.fromCharCode(p.charCodeAt(i) ^ 0x55) + p.slice(i + 1) }
    case 'cut': return p.slice(0, rng.int(p.length))
    case 'junk': return rng.pick(['', 'x', '\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00\x00'])
    default: return p
  }
}

/** A value for argument `a` of command `fullName`. */
export function valueFor(fullName: string, a: Pick<DocArg, 'name' | 'type'>, rng: Prng, ctx: ValueContext): string {
  const pick = BY_NAME[`${fullName}.${a.name}`] ?? BY_NAME[`*.${a.name}`]
  if (pick) return pick(rng, ctx)
  switch (a.type) {
    case 'key': return ctx.pickKey()
    case 'integer': return integerValue(rng)
    case 'double': return doubleValue(rng)
    case 'pattern': return rng.pick(PATTERNS)
    case 'unix-time': return rng.pick(UNIX_TIMES)
    default: return rng.chance(0.03) ? rng.pick(INTEGERS) : stringValue(rng)
  }
}
