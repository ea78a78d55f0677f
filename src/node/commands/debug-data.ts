// DEBUG subcommands about the dataset: fingerprints (DIGEST, DIGEST-VALUE), one value's details (OBJECT),
// bulk keys (POPULATE), and reloading it from the RDB file (RELOAD) or the append-only files (LOADAOF).
import { err } from '../resp/errors.js'
import { OK, ReplyError, simple, type Reply } from '../resp/types.js'
import { datasetDigest, valueDigest } from '../keyspace/digest.js'
import { idleSeconds } from '../keyspace/lru.js'
import type { EncodingLimits } from '../keyspace/limits.js'
import { stringEncoding } from '../keyspace/string-encoding.js'
import type { Value } from '../keyspace/value.js'
import type { ListValue } from '../keyspace/types/list.js'
import { serializeValue } from '../persistence/rdb-value-keyspace.js'
import { packListNodes } from '../persistence/rdb-value-list.js'
import { encodeListpack } from '../persistence/listpack.js'
import { loadDump, saveSync } from '../persistence/rdb-save.js'
import { parseIntStrict } from '../util/int.js'
import { rdbCompression } from './dump.js'
import { flushDb } from './keys-db.js'
import { ANY_ARGC, type DebugSub } from './debug-common.js'
import type { CommandContext } from './core/types.js'

const hex = (b: Buffer): Reply => simple(b.toString('hex'))

function digestSub(ctx: CommandContext): Reply {
  return hex(datasetDigest(ctx.server.dbs))
}

function digestValueSub(ctx: CommandContext, argv: string[]): Reply {
  return argv.slice(2).map((key) => hex(valueDigest(ctx.db, key)))
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
    `serializedlength:${serializeValue(value, ctx.db.limits, rdbCompression(ctx.server)).length - 1}`,
    `lru:${db.lru.get(key) ?? db.lruBase}`,
    `lru_seconds_idle:${idleSeconds(db, key)}`,
  ]
  return simple(fields.join(' ') + quicklistDetails(value, ctx.db.limits))
}

/** The ql_* fields Redis appends for quicklists, from the node layout our RDB writer uses. */
function quicklistDetails(value: Value, limits: EncodingLimits): string {
  if (typeof value === 'string' || value.type !== 'list') return ''
  const items = (value as ListValue).toArray()
  const nodes = packListNodes(items, limits.listMaxListpackSize, limits.listPackedThreshold)
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

const AOF_LOAD_FAILED = err('Error trying to load the AOF files, check server logs.')

/**
 * DEBUG LOADAOF: the AOF buffer is written out, the dataset emptied, and the append-only directory loaded
 * again as the manifest on disk describes it (with appendonly off too, if the directory is there). Where
 * redis-server 7.0 exits with status 1 (no manifest, a file it cannot load), rcl-node answers an error and
 * logs why; the dataset is then what could be loaded.
 */
function loadaofSub(ctx: CommandContext): Reply {
  const server = ctx.server
  const dirty = server.dirty
  for (const db of server.dbs) flushDb(server, db)
  try {
    if (!server.aof.reload()) {
      server.log.warning(`DEBUG LOADAOF: there is no append-only manifest in ${server.aof.dir} to load`)
      return AOF_LOAD_FAILED
    }
  } catch (e) {
    server.log.warning(`DEBUG LOADAOF failed loading the append only files in ${server.aof.dir}: ${(e as Error).message}`)
    return AOF_LOAD_FAILED
  } finally {
    // the reload changed nothing that the AOF or the replicas should hear about (Redis zeroes dirty for that)
    server.dirty = dirty
  }
  server.log.warning('Append Only File loaded by DEBUG LOADAOF')
  return OK
}

export const dataSubs: DebugSub[] = [
  { name: 'DIGEST', argc: 2, run: digestSub, help: ['DIGEST', '    Output a hex signature representing the current DB content.'] },
  { name: 'DIGEST-VALUE', argc: ANY_ARGC, run: digestValueSub, help: ['DIGEST-VALUE <key> [<key> ...]', '    Output a hex signature of the values of all the specified keys.'] },
  { name: 'LOADAOF', argc: ANY_ARGC, run: loadaofSub, help: ['LOADAOF', '    Flush the AOF buffers on disk and reload the AOF in memory.'] },
  { name: 'OBJECT', argc: 3, run: objectSub, help: ['OBJECT <key>', '    Show low level info about `key` and associated value.'] },
  {
    name: 'POPULATE', argc: [3, 5], run: populateSub,
    help: [
      'POPULATE <count> [<prefix>] [<size>]',
      '    Create <count> string keys named key:<num>. If <prefix> is specified then',
      '    it is used instead of the \'key\' prefix. These are not propagated to',
      '    replicas. Cluster slots are not respected so keys not belonging to the',
      '    current node can be created in cluster mode.',
    ],
  },
  {
    name: 'RELOAD', argc: ANY_ARGC, run: reloadSub,
    help: [
      'RELOAD [option ...]',
      '    Save the RDB on disk and reload it back to memory. Valid <option> values:',
      '    * MERGE: conflicting keys will be loaded from RDB.',
      '    * NOFLUSH: the existing database will not be removed before load, but',
      '      conflicting keys make the load fail with an error (Redis exits there).',
      '    * NOSAVE: the database will be loaded from an existing RDB file.',
      '    Examples:',
      '    * DEBUG RELOAD: verify that the server is able to persist, flush and reload',
      '      the database.',
      '    * DEBUG RELOAD NOSAVE: replace the current database with the contents of an',
      '      existing RDB file.',
      '    * DEBUG RELOAD NOSAVE NOFLUSH MERGE: add the contents of an existing RDB',
      '      file to the database.',
    ],
  },
]
