// Every intended difference between real Redis 7.0.15 and rcl-node that the fuzzer may meet, each with
// its reason: non-determinism the comparison rules cannot express, a post-7.0.15 fix, a documented
// deviation, or a difference being fixed on another branch. A difference matching no entry fails the run.
import { commandGrammars, tokensOf } from './grammar.js'

export interface Observed {
  /** "reply" for one command's replies, "keyspace" for the comparison after a sequence. */
  kind: 'reply' | 'keyspace'
  /** The command's full name ("command|docs"), or the keyspace field ("type", "digest", "encoding", ...). */
  name: string
  argv: readonly string[]
  /** The raw reply (or keyspace value) from each server. */
  redis: string
  rcl: string
}

export interface AllowEntry {
  id: string
  reason: string
  kind: Observed['kind']
  /** Command full names (or keyspace fields) the entry covers. */
  names: readonly string[]
  /** A narrower condition, when the entry covers only some arguments or replies. */
  when?: (o: Observed) => boolean
}

const isError = (raw: string): boolean => raw.startsWith('-')

/** An argument that is one of the command's option tokens followed by a NUL byte and anything ("XX\0..."). */
function nulSuffixedToken(o: Observed): boolean {
  const tokens = tokensOf(o.name)
  return o.argv.slice(1).some((w) => {
    const nul = w.indexOf('\0')
    return nul >= 0 && tokens.has(w.slice(0, nul).toLowerCase())
  })
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
  },
  {
    id: 'malloc-stats-allocator',
    reason: 'documented deviation: rcl-node has no jemalloc, so MEMORY MALLOC-STATS answers as a Redis built without it '
      + '(a plain bulk string); Debian\'s redis-server answers with jemalloc\'s report as a RESP3 verbatim string',
    kind: 'reply',
    names: ['memory|malloc-stats'],
    when: (o) => o.redis.startsWith('=') && o.rcl.startsWith('$'),
  },
]

/** The entry that allows an observed difference, if any. */
export function allowed(o: Observed): AllowEntry | undefined {
  return ALLOWLIST.find((e) => e.kind === o.kind && e.names.includes(o.name) && (e.when?.(o) ?? true))
}
