// LPOS: option parsing (RANK, COUNT, MAXLEN, last one wins) and the directional scan of lposCommand().
import { SYNTAX, err } from '../resp/errors.js'
import { EMPTY_ARRAY, type Reply } from '../resp/types.js'
import { parseIntStrict } from '../util/int.js'
import { readInt } from './core/args.js'
import { readList } from './lists-common.js'
import type { CommandContext } from './core/types.js'

const RANK_ZERO = err("RANK can't be zero: use 1 to start from the first match, 2 from the second ... or use negative to start from the end of the list")
const COUNT_NEGATIVE = err("COUNT can't be negative")
const MAXLEN_NEGATIVE = err("MAXLEN can't be negative")
const INT64_MIN = -(2 ** 63)

interface LposOptions { rank: number; count: number; maxlen: number }

function readNonNegative(s: string, e: ReturnType<typeof err>): number {
  const n = parseIntStrict(s)
  if (n === null || n < 0) throw e
  return n
}

/** count -1 = no COUNT option (single answer); 0 = every match. */
function readLposOptions(argv: string[]): LposOptions {
  const o: LposOptions = { rank: 1, count: -1, maxlen: 0 }
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j].toLowerCase()
    const hasValue = j + 1 < argv.length
    if (opt === 'rank' && hasValue) {
      o.rank = readInt(argv[++j])
      if (o.rank === 0) throw RANK_ZERO
    } else if (opt === 'count' && hasValue) {
      o.count = readNonNegative(argv[++j], COUNT_NEGATIVE)
    } else if (opt === 'maxlen' && hasValue) {
      o.maxlen = readNonNegative(argv[++j], MAXLEN_NEGATIVE)
    } else {
      throw SYNTAX
    }
  }
  return o
}

/** LPOS key element [RANK rank] [COUNT num-matches] [MAXLEN len] */
export function lposCommand(ctx: CommandContext, argv: string[]): Reply {
  const o = readLposOptions(argv)
  const l = readList(ctx, argv[1])
  if (l === undefined) return o.count === -1 ? null : EMPTY_ARRAY
  const fromTail = o.rank < 0
  // Redis negates LLONG_MIN into itself, so every match qualifies: the same as RANK -1
  const rank = o.rank === INT64_MIN ? 1 : Math.abs(o.rank)
  const len = l.size()
  const limit = o.maxlen === 0 || o.maxlen > len ? len : o.maxlen
  const want = o.count === -1 ? 1 : o.count === 0 ? Infinity : o.count
  const element = argv[2]
  const found: number[] = []
  let matches = 0
  for (let i = 0; i < limit && found.length < want; i++) {
    const pos = fromTail ? len - 1 - i : i
    if (l.at(pos) === element && ++matches >= rank) found.push(pos)
  }
  if (o.count !== -1) return found
  return found.length === 0 ? null : found[0]
}
