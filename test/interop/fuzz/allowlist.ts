// Every intended difference between real Redis 7.0.15 and rcl-node that the fuzzer may meet, each with
// its reason: non-determinism the comparison rules cannot express, a post-7.0.15 fix, a documented
// deviation, or a difference being fixed on another branch. A difference matching no entry fails the run.
import { closeIntegers } from './comparator.js'
import { commandGrammars, fullNameOf, tokensOf } from './grammar.js'

export interface Observed {
  /** "reply" for one command's replies, "keyspace" for the comparison after a sequence. */
  kind: 'reply' | 'keyspace'
  /** The command's full name ("command|docs"), or the keyspace field ("type", "digest", "encoding", ...). */
  name: string
  argv: readonly string[]
  /** The raw reply (or keyspace value) from each server. */
  redis: string
  rcl: string
  /** What the runner learnt from Redis's state before the command ran (see FuzzRunner.factsBefore). */
  facts?: readonly string[]
}

export interface AllowEntry {
  id: string
  reason: string
  kind: Observed['kind']
  /** Command full names (or keyspace fields) the entry covers. */
  names: readonly string[]
  /** A narrower condition, when the entry covers only some arguments or replies. */
  when?: (o: Observed) => boolean
  /**
   * The command to run on rcl-node alone so both servers continue from the same state (what Redis
   * understood). Without it, a write's keys are copied from Redis to both servers.
   */
  replayOnRcl?: (argv: readonly string[]) => string[]
}

const isError = (raw: string): boolean => raw.startsWith('-')

/** Both replies (or keyspace values) integers beyond 2^53 and within a second plus a double's rounding. */
function beyondDoublePrecision(o: Observed): boolean {
  const num = (s: string): string => s.replace(/^:/, '').replace(/\r\n$/, '')
  const [a, b] = [num(o.redis), num(o.rcl)]
  if (!/^\d+$/.test(a) || !/^\d+$/.test(b) || BigInt(a) < 2n ** 53n || BigInt(b) < 2n ** 53n) return false
  return closeIntegers(a, b, 1000 + 2048)
}

/** The option token a word reads as in C ("XX\0junk" -> "XX"), or null when it is not one of the command's. */
function cToken(name: string, w: string): string | null {
  const nul = w.indexOf('\0')
  return nul >= 0 && tokensOf(name).has(w.slice(0, nul).toLowerCase()) ? w.slice(0, nul) : null
}

/** An argument that is one of the command's option tokens followed by a NUL byte and anything ("XX\0..."). */
function nulSuffixedToken(o: Observed): boolean {
  return o.argv.slice(1).some((w) => cToken(o.name, w) !== null)
}

/** The argv as Redis reads it: NUL-suffixed option tokens cut at the NUL. */
function asRedisReadsIt(argv: readonly string[]): string[] {
  const name = fullNameOf(argv)
  return argv.map((w, i) => (i === 0 ? w : cToken(name, w) ?? w))
}

export const ALLOWLIST: readonly AllowEntry[] = [
  {
    id: 'command-docs-text',
    reason: 'documented deviation: COMMAND DOCS summaries are written in rcl\'s own words and carry no argument trees or history',
    kind: 'reply',
    names: ['command|docs'],
    when: (o) => !isError(o.redis) && !isError(o.rcl),
  },
  {
    id: 'nul-in-option-token',
    reason: 'documented deviation: Redis compares option words as C strings (strcasecmp stops at the first NUL byte), so "XX\\0junk" '
      + 'reads as XX; rcl-node compares the whole argument and replies with the error for an unknown option',
    kind: 'reply',
    names: [...commandGrammars().map((g) => g.fullName)],
    when: nulSuffixedToken,
    replayOnRcl: asRedisReadsIt,
  },
  {
    id: 'nul-in-echoed-argument',
    reason: 'documented deviation: Redis formats arguments into error texts as C strings ("Unsupported option a" for "a\\0b"); '
      + 'rcl-node echoes the whole argument',
    kind: 'reply',
    names: [...commandGrammars().map((g) => g.fullName)],
    when: (o) => isError(o.redis) && isError(o.rcl) && o.argv.some((w) => w.includes('\0'))
      && o.argv.reduce((text, w) => (w.includes('\0') ? text.split(w).join(w.slice(0, w.indexOf('\0'))) : text), o.rcl) === o.redis,
  },
  {
    id: 'lex-range-mixed-scores-skiplist',
    reason: 'non-determinism: Redis leaves lex ranges unspecified when scores differ, and on a skiplist the answer depends '
      + 'on the random levels of its nodes (listpacks are deterministic and compared)',
    kind: 'reply',
    names: ['zrangebylex', 'zrevrangebylex', 'zlexcount', 'zremrangebylex', 'zrange', 'zrangestore'],
    when: (o) => o.facts?.includes('lex-on-mixed-skiplist') ?? false,
  },
  {
    id: 'object-refcount-in-exec',
    reason: 'Redis internals: while EXEC runs, the queued commands still hold their arguments, so a value stored from one '
      + 'of them counts one more reference until EXEC returns; rcl-node does not share argument objects with values',
    kind: 'reply',
    names: ['object|refcount'],
    when: (o) => (o.facts?.includes('in-exec') ?? false) && /^:\d+\r\n$/.test(o.redis) && Number(o.redis.slice(1)) === Number(o.rcl.slice(1)) + 1,
  },
  {
    id: 'malloc-stats-allocator',
    reason: 'documented deviation: rcl-node has no jemalloc, so MEMORY MALLOC-STATS answers as a Redis built without it '
      + '(a plain bulk string); Debian\'s redis-server answers with jemalloc\'s report as a RESP3 verbatim string',
    kind: 'reply',
    names: ['memory|malloc-stats'],
    when: (o) => o.redis.startsWith('=') && o.rcl.startsWith('$'),
  },
  {
    id: 'expire-beyond-2^53-ms',
    reason: 'documented deviation: rcl-node keeps expire times as doubles, exact to the millisecond up to 2^53 ms (the year '
      + '287,396); beyond that (PEXPIREAT near LLONG_MAX) PTTL and PEXPIRETIME are off by the rounding, at most 2048 ms',
    kind: 'reply',
    names: ['pttl', 'pexpiretime'],
    when: beyondDoublePrecision,
  },
  {
    id: 'expire-beyond-2^53-ms-keyspace',
    reason: 'documented deviation: as expire-beyond-2^53-ms, seen in the keyspace comparison\'s PTTL',
    kind: 'keyspace',
    names: ['ttl'],
    when: beyondDoublePrecision,
  },
]

/** The entry that allows an observed difference, if any. */
export function allowed(o: Observed): AllowEntry | undefined {
  return ALLOWLIST.find((e) => e.kind === o.kind && e.names.includes(o.name) && (e.when?.(o) ?? true))
}
