// DEBUG subcommands about how values are held: LISTPACK and QUICKLIST (what rcl-node holds, and the compact
// layout it writes for it), QUICKLIST-PACKED-THRESHOLD, and HTSTATS / HTSTATS-KEY for the hash tables.
import type { EncodingLimits } from '../keyspace/limits.js'
import type { Db } from '../keyspace/db.js'
import type { ListValue } from '../keyspace/types/list.js'
import type { RObject, Value } from '../keyspace/value.js'
import { parseMemory } from '../config/values.js'
import { decodeListpack } from '../persistence/listpack.js'
import { RdbReader } from '../persistence/rdb-value.js'
import { packListNodes } from '../persistence/rdb-value-list.js'
import { serializeValue } from '../persistence/rdb-value-keyspace.js'
import { NOT_INTEGER, NO_SUCH_KEY, err } from '../resp/errors.js'
import { OK, simple, verbatim, type Reply } from '../resp/types.js'
import type { Server } from '../server.js'
import { parseIntStrict } from '../util/int.js'
import { atoi, type DebugSub } from './debug-common.js'
import { listpackRepr, quicklistRepr } from './debug-repr.js'
import type { CommandContext } from './core/types.js'

/** Where LISTPACK and QUICKLIST print, as Redis prints on its stdout; tests put their own sink here. */
export const debugStdout = new WeakMap<Server, (text: string) => void>()

function print(server: Server, text: string): void {
  const sink = debugStdout.get(server)
  if (sink !== undefined) sink(text)
  else process.stdout.write(text)
}

/** objectCommandLookup(): lazy expiry and hit/miss stats, no access recorded. */
function lookup(db: Db, key: string): Value | undefined {
  const v = db.peek(key)
  if (v === undefined) db.misses++
  else db.hits++
  return v
}

/** The listpack bytes rcl-node writes for a listpack-encoded hash or sorted set, decoded into entries. */
function listpackEntries(value: RObject, limits: EncodingLimits): string[] {
  const payload = serializeValue(value, limits, false)
  return decodeListpack(new RdbReader(payload, 1).stringBytes())
}

function heldAs(value: RObject): string {
  const n = value.size()
  if (value.type === 'hash') return `a JavaScript Map of ${n} field${n === 1 ? '' : 's'}`
  return `a JavaScript Map of ${n} member${n === 1 ? '' : 's'} with their scores, beside a B+tree ordered by score`
}

/** LISTPACK <key>: for hashes and sorted sets Redis would hold as a listpack. */
function listpackSub(ctx: CommandContext, argv: string[]): Reply {
  const value = lookup(ctx.db, argv[2])
  if (value === undefined) return NO_SUCH_KEY
  if (typeof value === 'string' || value.encoding() !== 'listpack') return err('Not a listpack encoded object.')
  print(ctx.server, `{rcl-node ${value.type} : ${heldAs(value)}; as a listpack (the layout RDB and DUMP carry):}\n` +
    listpackRepr(listpackEntries(value, ctx.db.limits)))
  return simple('Listpack structure printed on stdout')
}

/** QUICKLIST <key> [<0|1>]: the ring buffer rcl-node holds, then the quicklist nodes it writes for it. */
function quicklistSub(ctx: CommandContext, argv: string[]): Reply {
  const value = lookup(ctx.db, argv[2])
  if (value === undefined) return NO_SUCH_KEY
  if (typeof value === 'string' || value.encoding() !== 'quicklist') return err('Not a quicklist encoded object.')
  const list = value as ListValue
  const full = argv.length === 4 && atoi(argv[3]) !== 0
  const limits = ctx.server.encodingLimits
  const nodes = packListNodes(list.toArray(), limits.listMaxListpackSize, limits.listPackedThreshold)
  print(ctx.server, `{rcl-node list : a ring buffer of ${list.size()} elements in ${list.capacity} slots, the first in slot ` +
    `${list.headSlot}; as a quicklist (the layout RDB and DUMP carry):}\n` +
    quicklistRepr(nodes, limits.listMaxListpackSize, limits.listCompressDepth, full))
  return simple('Quicklist structure printed on stdout')
}

/** Redis refuses above this (quicklistisSetPackedThreshold): nearly 4 GB. */
const MAX_PACKED_THRESHOLD = 2 ** 32 - 2 ** 20
const DEFAULT_PACKED_THRESHOLD = 1 << 30

/**
 * QUICKLIST-PACKED-THRESHOLD <size>: elements at least this long get a quicklist node of their own. Redis
 * applies it when elements are inserted; rcl-node's lists have no nodes in memory, so it applies whenever
 * a list's quicklist layout is produced (RDB, DUMP, DEBUG OBJECT and QUICKLIST), to the whole list.
 */
function packedThresholdSub(ctx: CommandContext, argv: string[]): Reply {
  const bytes = parseMemory(argv[2])
  if (bytes === null || bytes > BigInt(MAX_PACKED_THRESHOLD)) return err('argument must be a memory value bigger than 1 and smaller than 4gb')
  ctx.server.encodingLimits.listPackedThreshold = bytes === 0n ? DEFAULT_PACKED_THRESHOLD : Number(bytes)
  return OK
}

/**
 * dictGetStats() for a JavaScript Map. Redis's chain lengths and table sizes describe its own dict; V8
 * does not show a Map's buckets, so the report names the structure and the count it does know.
 */
function mapStats(entries: number, holds: string): string {
  const head = 'Hash table 0 stats (main hash table):\n'
  if (entries === 0) return head + 'No stats available for empty dictionaries\n'
  return head + ` number of elements: ${entries}\n table: a JavaScript Map (${holds}); its bucket layout is V8's own and not visible\n`
}

/** HTSTATS <dbid>: the db's key space and expires, Redis's two tables. */
function htstatsSub(ctx: CommandContext, argv: string[]): Reply {
  const id = parseIntStrict(argv[2])
  if (id === null) return NOT_INTEGER
  const db = ctx.server.dbs[id]
  if (id < 0 || db === undefined) return err('Out of range database')
  return verbatim('[Dictionary HT]\n' + mapStats(db.data.size, 'key -> value') +
    '[Expires HT]\n' + mapStats(db.expires.size, 'key -> expire time in ms'))
}

/** What each hash-table encoding is in rcl-node. */
function tableOf(value: RObject): string | null {
  const encoding = value.encoding()
  if (value.type === 'hash' && encoding === 'hashtable') return 'field -> value'
  if (value.type === 'set' && encoding === 'hashtable') return 'member -> slot in a dense member array'
  if (value.type === 'zset' && encoding === 'skiplist') return 'member -> score, beside a B+tree ordered by score'
  return null
}

/** HTSTATS-KEY <key>: the table of a hash, set or sorted set in a hash-table encoding. */
function htstatsKeySub(ctx: CommandContext, argv: string[]): Reply {
  const value = lookup(ctx.db, argv[2])
  if (value === undefined) return NO_SUCH_KEY
  const holds = typeof value === 'string' ? null : tableOf(value)
  if (holds === null) return err('The value stored at the specified key is not represented using an hash table')
  return verbatim(mapStats((value as RObject).size(), holds))
}

export const encodingSubs: DebugSub[] = [
  { name: 'HTSTATS', argc: 3, run: htstatsSub, help: ['HTSTATS <dbid>', '    Return hash table statistics of the specified Redis database.'] },
  { name: 'HTSTATS-KEY', argc: 3, run: htstatsKeySub, help: ['HTSTATS-KEY <key>', '    Like HTSTATS but for the hash table stored at <key>\'s value.'] },
  {
    name: 'QUICKLIST-PACKED-THRESHOLD', argc: 3, run: packedThresholdSub,
    help: [
      'QUICKLIST-PACKED-THRESHOLD <size>',
      '    Sets the threshold for elements to be inserted as plain vs packed nodes',
      '    Default value is 1GB, allows values up to 4GB. Setting to 0 restores to default.',
    ],
  },
  { name: 'LISTPACK', argc: 3, run: listpackSub, help: ['LISTPACK <key>', '    Show low level info about the listpack encoding of <key>.'] },
  {
    name: 'QUICKLIST', argc: [3, 4], run: quicklistSub,
    help: ['QUICKLIST <key> [<0|1>]', '    Show low level info about the quicklist encoding of <key>.', '    The optional argument (0 by default) sets the level of detail'],
  },
]
