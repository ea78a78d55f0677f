// Facts about particular commands the runner acts on: which block, how many reply frames they send,
// which sorted set a lex range reads, and which arguments real Redis cannot survive or would race on.
import { commandGrammars, fullNameOf } from './grammar.js'

/** Commands that may park the client (WAIT too, though rcl-node's table does not flag it blocking). */
export const BLOCKING = new Set([...commandGrammars().filter((g) => g.blocking).map((g) => g.fullName), 'wait'])

const RANDOM_COUNT_COMMANDS = new Set(['srandmember', 'zrandmember', 'hrandfield'])

/** A huge negative count makes real Redis build an endless reply (or crash, HRANDFIELD -LONG_MAX/2 WITHVALUES). */
export function hugeRandomCount(name: string, argv: readonly string[]): boolean {
  return RANDOM_COUNT_COMMANDS.has(name) && /^-\d{6,19}$/.test(argv[2] ?? '') && argv[2] !== '-9223372036854775808'
}

/** Relative TTLs under this many ms race between the two servers. */
const SHORT_TTL_MS = 10_000

/** Whether the command sets a relative TTL so short that it could expire at different points on the two servers. */
export function shortRelativeTtl(name: string, argv: readonly string[]): boolean {
  const short = (v: string | undefined, unitMs: number): boolean => {
    if (v === undefined || !/^[+-]?\d{1,18}$/.test(v)) return false
    const ms = Number(v) * unitMs
    return ms > 0 && ms < SHORT_TTL_MS
  }
  switch (name) {
    case 'expire': case 'setex': return short(argv[2], 1000)
    case 'pexpire': case 'psetex': return short(argv[2], 1)
    case 'restore': case 'restore-asking': return !argv.some((w) => w.toLowerCase() === 'absttl') && short(argv[2], 1)
    case 'set': case 'getex':
      return argv.some((w, i) => (w.toLowerCase() === 'ex' && short(argv[i + 1], 1000)) || (w.toLowerCase() === 'px' && short(argv[i + 1], 1)))
    default: return false
  }
}

const LEX_COMMANDS = new Set(['zrangebylex', 'zrevrangebylex', 'zlexcount', 'zremrangebylex'])

/** The sorted set a lex-range command reads, or null when the command is not one. */
export function lexRangeKey(argv: readonly string[]): string | null {
  const name = fullNameOf(argv)
  if (LEX_COMMANDS.has(name)) return argv[1] ?? null
  const bylex = argv.some((w) => w.toLowerCase() === 'bylex')
  if (name === 'zrange' && bylex) return argv[1] ?? null
  if (name === 'zrangestore' && bylex) return argv[2] ?? null
  return null
}

/** (P|S)UNSUBSCRIBE answer with one frame per channel (or one when given none), outside MULTI. */
export function expectedFrames(argv: string[], inMulti: boolean): number {
  const n = (argv[0] ?? '').toLowerCase()
  if (!inMulti && (n === 'unsubscribe' || n === 'punsubscribe' || n === 'sunsubscribe')) return Math.max(1, argv.length - 1)
  return 1
}
