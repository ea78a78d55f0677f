// MEMORY subcommands. Figures come from process.memoryUsage() (see info/sections-process.ts); MEMORY USAGE
// estimates what one key costs in rcl-node's own representation, sampling nested values like Redis.
import { SYNTAX, NOT_INTEGER } from '../resp/errors.js'
import { DoubleReply, MapReply, OK, verbatim, type Reply } from '../resp/types.js'
import type { Value } from '../keyspace/value.js'
import { parseIntStrict } from '../util/int.js'
import { memorySnapshot } from '../info/sections-process.js'
import { bytesToHuman } from '../info/format.js'
import { helpReply } from './core/help.js'
import type { CommandContext, CommandFlag, CommandSpec } from './core/types.js'

const row = (name: string, arity: number, flags: CommandFlag[], handler: CommandSpec['handler'], summary: string, complexity = 'O(1)'): CommandSpec =>
  ({ name, arity, flags, handler, group: 'server', since: '4.0.0', summary, complexity })

export const memoryCommand: CommandSpec = {
  name: 'memory', arity: -2, flags: [], group: 'server', since: '4.0.0', summary: 'Reports on the memory the server uses',
  subcommands: [
    row('doctor', 2, [], memoryDoctorCommand, 'Describes memory problems the server sees'),
    row('malloc-stats', 2, [], memoryMallocStatsCommand, 'Reports allocator statistics'),
    row('purge', 2, [], memoryPurgeCommand, 'Asks the allocator to give back unused memory'),
    row('stats', 2, [], memoryStatsCommand, 'Breaks down the memory the server uses'),
    { ...row('usage', -3, ['readonly'], memoryUsageCommand, 'Estimates the bytes a key and its value take', 'O(N) where N is the number of samples'), keys: [2, 2, 1] },
    row('help', 2, ['loading', 'stale'], memoryHelpCommand, 'Describes the MEMORY subcommands'),
  ],
}

/** Rough V8 costs: a string header, a Map/Set entry, and per-element container slots. */
const STRING_HEADER = 16
const MAP_ENTRY = 32
const EXPIRE_ENTRY = 32
const SAMPLES_DEFAULT = 5

const str = (s: string): number => STRING_HEADER + ((s.length + 7) & ~7)

/** Bytes of a value, averaging the first `samples` elements of nested values (0 = all). */
export function estimateValueBytes(v: Value, samples: number): number {
  if (typeof v === 'string') return str(v)
  const n = v.size()
  const limit = samples === 0 ? Infinity : samples
  let seen = 0
  let bytes = 0
  for (const el of elementsOf(v)) {
    if (seen >= limit) break
    bytes += el
    seen++
  }
  const perElement = seen === 0 ? 0 : bytes / seen
  return 64 + Math.round(perElement * n)
}

/** Per-element byte estimates, lazily, using each type's contract from keyspace/value.ts. */
function* elementsOf(v: Exclude<Value, string>): Iterable<number> {
  const any = v as unknown as Record<string, () => Iterable<unknown>>
  switch (v.type) {
    case 'hash': for (const [f, x] of any.entries() as Iterable<[string, string]>) yield MAP_ENTRY + str(f) + str(x); break
    case 'zset': for (const [m] of any.entries() as Iterable<[string, number]>) yield MAP_ENTRY + 48 + str(m); break
    case 'set': for (const m of any.members() as Iterable<string>) yield MAP_ENTRY + str(m); break
    case 'list': for (const x of any.toArray() as Iterable<string>) yield 8 + str(x); break
    default: for (let i = 0; i < v.size(); i++) yield 64
  }
}

/** MEMORY USAGE key [SAMPLES count] */
function memoryUsageCommand(ctx: CommandContext, argv: string[]): Reply {
  let samples = SAMPLES_DEFAULT
  for (let j = 3; j < argv.length; j++) {
    if (argv[j].toLowerCase() !== 'samples' || j + 1 >= argv.length) throw SYNTAX
    const n = parseIntStrict(argv[++j])
    if (n === null) throw NOT_INTEGER
    if (n < 0) throw SYNTAX
    samples = n
  }
  const key = argv[2]
  // like Redis (a plain dictFind), a key whose TTL has passed but that nothing removed yet still counts
  const v = ctx.db.data.get(key)
  if (v === undefined) return null
  return MAP_ENTRY + str(key) + estimateValueBytes(v, samples) + (ctx.db.getExpire(key) >= 0 ? EXPIRE_ENTRY : 0)
}

/** MEMORY STATS: Redis's field names; allocator figures are V8's heap and the process RSS. */
function memoryStatsCommand(ctx: CommandContext): Reply {
  const server = ctx.server
  const s = memorySnapshot(server)
  const items: Reply[] = [
    'peak.allocated', s.peak, 'total.allocated', s.used, 'startup.allocated', s.startup,
    'replication.backlog', 0, 'clients.slaves', 0, 'clients.normal', s.clients, 'cluster.links', 0,
    'aof.buffer', 0, 'lua.caches', 0, 'functions.caches', 0,
  ]
  let keys = 0
  for (const db of server.dbs) {
    keys += db.size
    if (db.size === 0) continue
    items.push(`db.${db.id}`, new MapReply([
      'overhead.hashtable.main', db.size * MAP_ENTRY, 'overhead.hashtable.expires', db.expires.size * EXPIRE_ENTRY,
      'overhead.hashtable.slot-to-keys', 0,
    ]))
  }
  const overhead = s.startup + s.clients
  const dataset = Math.max(0, s.used - overhead)
  const active = s.heapTotal + s.external
  items.push(
    'overhead.total', overhead, 'keys.count', keys, 'keys.bytes-per-key', keys === 0 ? 0 : Math.floor((s.used - s.startup) / keys),
    'dataset.bytes', dataset, 'dataset.percentage', new DoubleReply(s.used > s.startup ? (dataset * 100) / (s.used - s.startup) : 0),
    'peak.percentage', new DoubleReply((s.used * 100) / s.peak),
    'allocator.allocated', s.used, 'allocator.active', active, 'allocator.resident', s.rss,
    'allocator-fragmentation.ratio', new DoubleReply(active / s.used), 'allocator-fragmentation.bytes', active - s.used,
    'allocator-rss.ratio', new DoubleReply(s.rss / active), 'allocator-rss.bytes', s.rss - active,
    'rss-overhead.ratio', new DoubleReply(1), 'rss-overhead.bytes', 0,
    'fragmentation', new DoubleReply(s.rss / s.used), 'fragmentation.bytes', s.rss - s.used,
  )
  return new MapReply(items)
}

/** MEMORY DOCTOR: a short report in our own words from the same figures as MEMORY STATS. */
function memoryDoctorCommand(ctx: CommandContext): Reply {
  const s = memorySnapshot(ctx.server)
  const findings: string[] = []
  if (s.peak > s.used * 1.5) findings.push(`* Peak memory: the peak (${bytesToHuman(s.peak)}) is well above current use (${bytesToHuman(s.used)}); the process may hold on to memory it no longer needs.`)
  if (s.rss > s.used * 1.4 && s.rss - s.used > 10 * 1024 * 1024) findings.push(`* Fragmentation: the process RSS (${bytesToHuman(s.rss)}) is ${(s.rss / s.used).toFixed(2)} times the memory in use.`)
  if (s.clients > 200 * 1024) findings.push(`* Client buffers: connections hold ${bytesToHuman(s.clients)} in query and reply buffers.`)
  if (findings.length === 0) return verbatim(`No memory problems found: ${bytesToHuman(s.used)} in use, peak ${bytesToHuman(s.peak)}, RSS ${bytesToHuman(s.rss)}.\n`)
  return verbatim(`Memory report:\n\n${findings.join('\n\n')}\n`)
}

/** MEMORY MALLOC-STATS: what Redis answers when its allocator is not jemalloc. */
function memoryMallocStatsCommand(): Reply {
  return 'Stats not supported for the current allocator'
}

/** MEMORY PURGE: nothing to ask of V8's allocator; succeeds like Redis on non-jemalloc builds. */
function memoryPurgeCommand(): Reply {
  return OK
}

const MEMORY_HELP = [
  'DOCTOR',
  '    Return memory problems reports.',
  'MALLOC-STATS',
  '    Return internal statistics report from the memory allocator.',
  'PURGE',
  '    Attempt to purge dirty pages for reclamation by the allocator.',
  'STATS',
  '    Return information about the memory usage of the server.',
  'USAGE <key> [SAMPLES <count>]',
  '    Return memory in bytes used by <key> and its value. Nested values are',
  '    sampled up to <count> times (default: 5, 0 means sample all).',
]

/** MEMORY HELP */
function memoryHelpCommand(): Reply {
  return helpReply('MEMORY', MEMORY_HELP)
}
