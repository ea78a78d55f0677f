// DEBUG: the subset of Redis 7.0's debugging subcommands that tests and tools rely on (DIGEST, DIGEST-VALUE,
// OBJECT, RELOAD, SLEEP, SET-ACTIVE-EXPIRE, POPULATE, ...), plus the enable-debug-command gate dispatch applies.
import { err } from '../resp/errors.js'
import { OK, ReplyError, simple, type Reply } from '../resp/types.js'
import { datasetDigest, valueDigest } from '../keyspace/digest.js'
import { idleSeconds } from '../keyspace/lru.js'
import { limits } from '../keyspace/limits.js'
import { stringEncoding } from '../keyspace/string-encoding.js'
import type { Value } from '../keyspace/value.js'
import { ListValue } from '../keyspace/types/list.js'
import { serializeValue } from '../persistence/rdb-value-keyspace.js'
import { packListNodes } from '../persistence/rdb-value-list.js'
import { encodeListpack } from '../persistence/listpack.js'
import { parseIntStrict } from '../util/int.js'
import { rdbCompression, skipChecksumValidation } from './dump.js'
import { flushDb } from './keys-db.js'
import { loadDump, saveSync } from '../persistence/rdb-save.js'
import type { CommandContext, CommandSpec } from './types.js'

export const debugCommands: CommandSpec[] = [
  { name: 'debug', arity: -2, flags: ['admin', 'noscript', 'loading', 'stale'], handler: debugCommand, group: 'server', since: '1.0.0', summary: 'A container for debugging commands' },
]

type SubHandler = (ctx: CommandContext, argv: string[]) => Reply

interface DebugSub {
  /** Allowed argc (the whole argv, DEBUG included): exact, or [min, max]. */
  argc: number | [number, number]
  run: SubHandler
  help: string[]
}

const SUBCOMMANDS = new Map<string, DebugSub>([
  ['digest', { argc: 2, run: digestSub, help: ['DIGEST', '    Hex fingerprint of the whole dataset (all zeros when empty).'] }],
  ['digest-value', { argc: [2, Infinity], run: digestValueSub, help: ['DIGEST-VALUE <key> [<key> ...]', '    Hex fingerprint of each given key\'s value.'] }],
  ['error', { argc: 3, run: (_c, a) => new ReplyError(a[2]), help: ['ERROR <string>', '    Reply with <string> as an error (for client tests).'] }],
  ['log', { argc: 3, run: logSub, help: ['LOG <message>', '    Write <message> to the server log.'] }],
  ['object', { argc: 3, run: objectSub, help: ['OBJECT <key>', '    Low-level details of the value stored at <key>.'] }],
  ['reload', { argc: [2, Infinity], run: reloadSub, help: ['RELOAD [option ...]', '    Save the RDB on disk and reload it back to memory. Options:', '    * MERGE: keys in the file replace keys already in memory.', '    * NOFLUSH: do not empty the dataset before loading.', '    * NOSAVE: do not save before loading.'] }],
  ['populate', { argc: [3, 5], run: populateSub, help: ['POPULATE <count> [<prefix>] [<size>]', '    Create <count> string keys <prefix>:<n> (prefix "key"), not propagated.'] }],
  ['set-active-expire', { argc: 3, run: setActiveExpireSub, help: ['SET-ACTIVE-EXPIRE <0|1>', '    Turn the background expiry of keys off (0) or back on (1).'] }],
  ['set-skip-checksum-validation', { argc: 3, run: skipChecksumSub, help: ['SET-SKIP-CHECKSUM-VALIDATION <0|1>', '    Make RESTORE skip (1) or check (0) payload checksums.'] }],
  ['sleep', { argc: 3, run: sleepSub, help: ['SLEEP <seconds>', '    Stop the whole server for <seconds> (decimals allowed).'] }],
  ['help', { argc: 2, run: helpSub, help: ['HELP', '    Print this help.'] }],
])

/** DEBUG <subcommand> [<arg> ...] */
function debugCommand(ctx: CommandContext, argv: string[]): Reply {
  const sub = SUBCOMMANDS.get(argv[1].toLowerCase())
  if (sub === undefined || !argcFits(sub.argc, argv.length)) {
    return err(`unknown subcommand or wrong number of arguments for '${argv[1].slice(0, 128)}'. Try ${argv[0].toUpperCase()} HELP.`)
  }
  return sub.run(ctx, argv)
}

function argcFits(argc: DebugSub['argc'], n: number): boolean {
  return typeof argc === 'number' ? n === argc : n >= argc[0] && n <= argc[1]
}

const DEBUG_REFUSED = err('DEBUG command not allowed. If the enable-debug-command option is set to "local", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.')

/**
 * The enable-debug-command gate (Redis checks it before queueing in MULTI, so it is a rejection):
 * null when this client may run DEBUG.
 */
export function debugRefusal(ctx: CommandContext): ReplyError | null {
  const config = ctx.server.config
  const mode = config.directive('enable-debug-command') ? config.get('enable-debug-command') : 'no'
  if (mode === 'yes') return null
  if (mode === 'local' && isLocalClient(ctx.client.link.remoteAddress)) return null
  return DEBUG_REFUSED
}

/** islocalClient(): a unix socket, or exactly 127.0.0.1 / ::1. */
function isLocalClient(addr: string): boolean {
  if (addr.startsWith('/')) return true
  const host = addr.slice(0, addr.lastIndexOf(':'))
  return host === '127.0.0.1' || host === '::1'
}

function helpSub(): Reply {
  const lines = ['DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:']
  for (const sub of SUBCOMMANDS.values()) lines.push(...sub.help)
  return lines.map((l) => simple(l))
}

const hex = (b: Buffer): Reply => simple(b.toString('hex'))

function digestSub(ctx: CommandContext): Reply {
  return hex(datasetDigest(ctx.server.dbs))
}

function digestValueSub(ctx: CommandContext, argv: string[]): Reply {
  return argv.slice(2).map((key) => hex(valueDigest(ctx.db, key)))
}

function logSub(ctx: CommandContext, argv: string[]): Reply {
  ctx.server.log.warning(`DEBUG LOG: ${argv[2]}`)
  return OK
}

/** atoi(): leading blanks, optional sign, digits; anything else stops the parse (no digits = 0). */
function atoi(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(s)
  return m === null ? 0 : Number(m[1])
}

/** strtod() prefix parse: the longest leading number, or 0. */
function strtod(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/.exec(s)
  return m === null ? 0 : Number(m[1])
}

function setActiveExpireSub(ctx: CommandContext, argv: string[]): Reply {
  ctx.server.activeExpireEnabled = atoi(argv[2]) !== 0
  return OK
}

function skipChecksumSub(ctx: CommandContext, argv: string[]): Reply {
  if (atoi(argv[2]) !== 0) skipChecksumValidation.add(ctx.server)
  else skipChecksumValidation.delete(ctx.server)
  return OK
}

/** Blocks the whole event loop, as Redis's usleep in the main thread does. */
function sleepSub(_ctx: CommandContext, argv: string[]): Reply {
  const ms = strtod(argv[2]) * 1000
  if (ms > 0 && Number.isFinite(ms)) Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms)
  return OK
}

const OUT_OF_RANGE_POSITIVE = err('value is out of range, must be positive')

/** POPULATE count [prefix] [size]: "<prefix>:<n>" = "value:<n>" (zero-padded or cut to size), skipping existing keys. */
function populateSub(ctx: CommandContext, argv: string[]): Reply {
  const count = parseIntStrict(argv[2])
  if (count === null || count < 0) return OUT_OF_RANGE_POSITIVE
  let size = 0
  if (argv.length === 5) {
    const n = parseIntStrict(argv[4])
    if (n === null || n < 0) return OUT_OF_RANGE_POSITIVE
    size = n
  }
  const prefix = argv.length >= 4 ? argv[3] : 'key'
  const db = ctx.db
  for (let j = 0; j < count; j++) {
    const key = `${prefix}:${j}`
    if (db.has(key)) continue
    const text = `value:${j}`
    const value = size === 0 ? text : text.length >= size ? text.slice(0, size) : text + '\0'.repeat(size - text.length)
    db.set(key, value)
    // created like Redis's DEBUG POPULATE: WATCH sees it, but nothing is counted dirty or propagated
    ctx.server.signalModifiedKey(ctx.client.dbIndex, key)
  }
  return OK
}

/** Shared integer objects (0..9999) report this refcount (OBJ_SHARED_REFCOUNT). */
const SHARED_REFCOUNT = 2147483647
const SHARED_INTEGERS = 10000

/** OBJECT <key>: one status line with Redis's field names; the address is a stand-in. */
function objectSub(ctx: CommandContext, argv: string[]): Reply {
  const key = argv[2]
  const db = ctx.db
  const value = db.data.get(key)
  if (value === undefined) return err('no such key')
  const encoding = typeof value === 'string' ? stringEncoding(db, key, value) : value.encoding()
  const shared = encoding === 'int' && Number(value) >= 0 && Number(value) < SHARED_INTEGERS
  const fields = [
    `Value at:${fakeAddress(key)}`,
    `refcount:${shared ? SHARED_REFCOUNT : 1}`,
    `encoding:${encoding}`,
    `serializedlength:${serializeValue(value, rdbCompression(ctx.server)).length - 1}`,
    `lru:${db.lru.get(key) ?? db.lruBase}`,
    `lru_seconds_idle:${idleSeconds(db, key)}`,
  ]
  return simple(fields.join(' ') + quicklistDetails(value))
}

/** The ql_* fields Redis appends for quicklists, from the node layout our RDB writer uses. */
function quicklistDetails(value: Value): string {
  if (typeof value === 'string' || value.type !== 'list') return ''
  const items = (value as ListValue).toArray()
  const nodes = packListNodes(items, limits.listMaxListpackSize)
  let bytes = 0
  for (const n of nodes) bytes += n.plain ? n.items[0].length : encodeListpack(n.items).length
  const avg = nodes.length === 0 ? 0 : items.length / nodes.length
  return ` ql_nodes:${nodes.length} ql_avg_node:${avg.toFixed(2)} ql_listpack_max:${limits.listMaxListpackSize}` +
    ` ql_compressed:${limits.listCompressDepth !== 0 ? 1 : 0} ql_uncompressed_size:${bytes}`
}

/** A plausible, stable-per-key heap address for the "Value at" field. */
function fakeAddress(key: string): string {
  let h = 0x811c9dc5
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619) >>> 0
  return `0x7f${h.toString(16).padStart(8, '0')}00`
}

/** DEBUG RELOAD [MERGE] [NOFLUSH] [NOSAVE]: save, empty the dataset, load the dump back. */
function reloadSub(ctx: CommandContext, argv: string[]): Reply {
  const opts = { merge: false, noflush: false, nosave: false }
  for (const a of argv.slice(2)) {
    const o = a.toLowerCase()
    if (o === 'merge' || o === 'noflush' || o === 'nosave') opts[o] = true
    else return err('DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.')
  }
  const server = ctx.server
  if (!opts.nosave && !saveSync(server)) return new ReplyError('ERR')
  if (!opts.noflush) for (const db of server.dbs) flushDb(server, db)
  try {
    if (loadDump(server, opts.merge) === null) throw new Error(`${server.config.get('dbfilename')} does not exist`)
  } catch (e) {
    // Redis stops the process on some of these (a duplicate key without MERGE); an error reply is enough here
    server.log.warning(`Failed loading the DB: ${(e as Error).message}`)
    return err('Error trying to load the RDB dump')
  }
  server.log.warning('DB reloaded by DEBUG RELOAD')
  return OK
}
