// SPOP, SRANDMEMBER and SSCAN: the set commands that sample or page. Reply shapes follow Redis 7.0
// (SPOP with a count answers a set, SRANDMEMBER an array). Table rows are in sets.ts.
import type { EncodingLimits } from '../keyspace/limits.js'
import { SetValue } from '../keyspace/types/set.js'
import { scanOrderFor } from '../keyspace/types/scan-order.js'
import { err, SYNTAX } from '../resp/errors.js'
import { EMPTY_ARRAY, SetReply, type Reply } from '../resp/types.js'
import { parseIntStrict } from '../util/int.js'
import { checkRepeatedPicks, readRandomCount, sampleDistinct } from './sampling.js'
import { readScanCursor, readScanOptions, scanMatches } from './scan-args.js'
import { readSet } from './sets-common.js'
import { deleteIfEmpty } from './empty-key.js'
import type { CommandContext } from './core/types.js'

const MUST_BE_POSITIVE = err('value is out of range, must be positive')
/** SPOP with a count is propagated as SREMs of at most this many members each. */
const SREM_BATCH = 1024

/** The members of `s` as SUNION of it alone would list them (an intset again when it can be one). */
const asUnion = (s: SetValue, limits: EncodingLimits): string[] => SetValue.fromMembers(s.toArray(), limits).toArray().slice()

/** SPOP key [count] */
export function spopCommand(ctx: CommandContext, argv: string[]): Reply {
  if (argv.length > 3) throw SYNTAX
  if (argv.length === 3) return spopWithCount(ctx, argv)
  const key = argv[1]
  const s = ctx.db.getObject<SetValue>(key, 'set')
  if (s === undefined) return null
  const member = s.popRandom()
  ctx.modified(key, 's', 'spop')
  deleteIfEmpty(ctx, key, s)
  ctx.propagateAs = [['SREM', key, member]]
  return member
}

function spopWithCount(ctx: CommandContext, argv: string[]): Reply {
  const key = argv[1]
  const count = parseIntStrict(argv[2])
  if (count === null || count < 0) throw MUST_BE_POSITIVE
  const s = ctx.db.getObject<SetValue>(key, 'set')
  if (s === undefined || count === 0) return new SetReply(EMPTY_ARRAY)
  ctx.notify('s', 'spop', key)
  if (count >= s.size()) {
    const all = asUnion(s, ctx.db.limits)
    ctx.db.delete(key)
    ctx.modified(key, 'g', 'del')
    ctx.propagateAs = [['DEL', key]]
    return new SetReply(all)
  }
  const popped = s.popRandomMany(count)
  ctx.modified(key)
  const prop: string[][] = []
  for (let i = 0; i < popped.length; i += SREM_BATCH) prop.push(['SREM', key, ...popped.slice(i, i + SREM_BATCH)])
  ctx.propagateAs = prop
  return new SetReply(popped)
}

/** SRANDMEMBER key [count] */
export function srandmemberCommand(ctx: CommandContext, argv: string[]): Reply {
  if (argv.length > 3) throw SYNTAX
  if (argv.length === 2) {
    const s = readSet(ctx, argv[1])
    return s === undefined ? null : s.random()
  }
  const count = readRandomCount(argv[2])
  const s = readSet(ctx, argv[1])
  if (s === undefined || count === 0) return EMPTY_ARRAY
  checkRepeatedPicks(count, 1)
  if (count < 0) {
    const out: string[] = new Array(-count)
    for (let i = 0; i < out.length; i++) out[i] = s.random()
    return out
  }
  if (count >= s.size()) return s.toArray().slice()
  return sampleDistinct(s.toArray(), count)
}

/** SSCAN key cursor [MATCH pattern] [COUNT count] */
export function sscanCommand(ctx: CommandContext, argv: string[]): Reply {
  const cursor = readScanCursor(argv[2])
  const s = readSet(ctx, argv[1])
  if (s === undefined) return ['0', EMPTY_ARRAY]
  const opts = readScanOptions(argv, 3, false)
  const items: Reply[] = []
  if (s.isIntset) {
    // Redis returns an intset whole in one reply, whatever the cursor
    for (const m of s.toArray()) if (scanMatches(opts, m)) items.push(m)
    return ['0', items]
  }
  const order = scanOrderFor(s, cursor, s.toArray(), s.size())
  const page = order.page(cursor, opts.count)
  for (const m of page.names) if (s.has(m) && scanMatches(opts, m)) items.push(m)
  if (page.next === 0) s.scanOrder = null
  return [String(page.next), items]
}
