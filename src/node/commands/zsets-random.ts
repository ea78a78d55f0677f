// ZRANDMEMBER and ZSCAN: the sorted-set commands whose output depends on chance or on a cursor.
// Both follow the per-encoding shapes of Redis 7.0 (listpack vs skiplist) where they are observable;
// a skiplist ZSCAN walks members in hash order (scan-order.ts), so writes between pages lose nothing.
import { NOT_INTEGER, SYNTAX, err } from '../resp/errors.js'
import { EMPTY_ARRAY, type Reply } from '../resp/types.js'
import { formatG17 } from '../util/double.js'
import { scanOrderFor } from '../keyspace/types/scan-order.js'
import { parseInt64 } from '../util/int.js'
import { checkRepeatedPicks } from './sampling.js'
import { readScanCursor, readScanOptions, scanMatches } from './scan-args.js'
import { Picked, isToken, pickedReply, readZSet } from './zsets-args.js'
import type { CommandContext } from './core/types.js'

const LONG_MAX = 9223372036854775807n
const COUNT_RANGE = err('value is out of range, value must between -9223372036854775807 and 9223372036854775807')
const OUT_OF_RANGE = err('value is out of range')

const randomIndex = (n: number): number => Math.floor(Math.random() * n)

/** ZRANDMEMBER key [count [WITHSCORES]] */
export function zrandmemberCommand(ctx: CommandContext, argv: string[]): Reply {
  if (argv.length >= 3) {
    const count = parseInt64(argv[2])
    if (count === null) throw NOT_INTEGER
    if (count < -LONG_MAX) throw COUNT_RANGE
    if (argv.length > 4 || (argv.length === 4 && !isToken(argv[3], 'withscores'))) throw SYNTAX
    const withScores = argv.length === 4
    // the reply doubles in size with scores, so Redis caps the count at half the range
    if (withScores && (count < -LONG_MAX / 2n || count > LONG_MAX / 2n)) throw OUT_OF_RANGE
    return randomWithCount(ctx, argv[1], Number(count), withScores)
  }
  const z = readZSet(ctx, argv[1])
  if (z === undefined) return null
  return z.tree.cursorAt(randomIndex(z.size())).member
}

/** zrandmemberWithCountCommand(): negative = with repetition; whole set when count covers it. */
function randomWithCount(ctx: CommandContext, key: string, count: number, withScores: boolean): Reply {
  const z = readZSet(ctx, key)
  if (z === undefined || count === 0) return EMPTY_ARRAY
  checkRepeatedPicks(count, withScores ? 2 : 1)
  const resp3 = ctx.client.resp === 3
  const size = z.size()
  const picked = new Picked()
  if (count < 0 || count === 1) {
    const n = Math.abs(count)
    for (let i = 0; i < n; i++) picked.take(z.tree.cursorAt(randomIndex(size)))
  } else if (count >= size) {
    // Redis walks the set from the highest score down here
    for (const c = z.tree.last(); c.valid; c.prev()) picked.take(c)
  } else {
    const ranks = distinctIndexes(size, count)
    // a listpack is sampled in place, so its picks come out in set order
    if (z.isListpack) ranks.sort((a, b) => a - b)
    for (const r of ranks) picked.take(z.tree.cursorAt(r))
  }
  return pickedReply(picked, withScores, resp3)
}

/** `count` distinct indexes below `size` (count < size). */
function distinctIndexes(size: number, count: number): number[] {
  if (count * 3 > size) {
    const all = Array.from({ length: size }, (_, i) => i)
    for (let i = 0; i < count; i++) {
      const j = i + randomIndex(size - i)
      const t = all[i]; all[i] = all[j]; all[j] = t
    }
    all.length = count
    return all
  }
  const picked = new Set<number>()
  while (picked.size < count) picked.add(randomIndex(size))
  return [...picked]
}

/** ZSCAN key cursor [MATCH pattern] [COUNT count] */
export function zscanCommand(ctx: CommandContext, argv: string[]): Reply {
  const cursor = readScanCursor(argv[2])
  const z = readZSet(ctx, argv[1])
  if (z === undefined) return ['0', EMPTY_ARRAY]
  const opts = readScanOptions(argv, 3, false)
  const items: Reply[] = []
  if (z.isListpack) {
    // Redis returns a listpack whole in one reply, whatever the cursor, with the scores as stored
    for (const c = z.tree.first(); c.valid; c.next()) if (scanMatches(opts, c.member)) items.push(c.member, listpackScore(c.score))
    return ['0', items]
  }
  const order = scanOrderFor(z, cursor, z.dict.keys(), z.size())
  const page = order.page(cursor, opts.count)
  for (const m of page.names) {
    const score = z.score(m)
    if (score !== undefined && scanMatches(opts, m)) items.push(m, formatG17(score))
  }
  if (page.next === 0) z.scanOrder = null
  return [String(page.next), items]
}

/** How a listpack stores a score: as an integer when it is one (within +-2^62), else as %.17g text. */
function listpackScore(score: number): string {
  return Number.isInteger(score) && Math.abs(score) <= 2 ** 62 ? String(score) : formatG17(score)
}
