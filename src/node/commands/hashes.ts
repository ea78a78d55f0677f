// Hash family: the table and the field read/write commands. HINCRBY*, HRANDFIELD and HSCAN live in
// hashes-more.ts; the value structure (listpack/hashtable encoding) in keyspace/types/hash.ts.
import type { HashValue } from '../keyspace/types/hash.js'
import { arity } from '../resp/errors.js'
import { EMPTY_ARRAY, MapReply, OK, type Reply } from '../resp/types.js'
import { hincrbyCommand, hincrbyfloatCommand, hrandfieldCommand, hscanCommand } from './hashes-more.js'
import { deleteIfEmpty } from './empty-key.js'
import { readHash, writableHash } from './hashes-common.js'
import type { CommandContext, CommandSpec } from './core/types.js'

const G = 'hash' as const

export const hashCommands: CommandSpec[] = [
  { name: 'hset', arity: -4, flags: ['write', 'denyoom', 'fast'], keys: [1, 1, 1], handler: hsetCommand, group: G, since: '2.0.0', summary: 'Sets the values of one or more fields in a hash' },
  { name: 'hmset', arity: -4, flags: ['write', 'denyoom', 'fast'], keys: [1, 1, 1], handler: hmsetCommand, group: G, since: '2.0.0', summary: 'Sets the values of multiple fields (deprecated form of HSET)' },
  { name: 'hsetnx', arity: 4, flags: ['write', 'denyoom', 'fast'], keys: [1, 1, 1], handler: hsetnxCommand, group: G, since: '2.0.0', summary: 'Sets a field only when it does not exist yet' },
  { name: 'hget', arity: 3, flags: ['readonly', 'fast'], keys: [1, 1, 1], handler: hgetCommand, group: G, since: '2.0.0', summary: 'Returns the value of a field' },
  { name: 'hmget', arity: -3, flags: ['readonly', 'fast'], keys: [1, 1, 1], handler: hmgetCommand, group: G, since: '2.0.0', summary: 'Returns the values of several fields' },
  { name: 'hdel', arity: -3, flags: ['write', 'fast'], keys: [1, 1, 1], handler: hdelCommand, group: G, since: '2.0.0', summary: 'Deletes one or more fields' },
  { name: 'hexists', arity: 3, flags: ['readonly', 'fast'], keys: [1, 1, 1], handler: hexistsCommand, group: G, since: '2.0.0', summary: 'Tells whether a field exists' },
  { name: 'hlen', arity: 2, flags: ['readonly', 'fast'], keys: [1, 1, 1], handler: hlenCommand, group: G, since: '2.0.0', summary: 'Returns the number of fields' },
  { name: 'hstrlen', arity: 3, flags: ['readonly', 'fast'], keys: [1, 1, 1], handler: hstrlenCommand, group: G, since: '3.2.0', summary: 'Returns the length of a field value' },
  { name: 'hkeys', arity: 2, flags: ['readonly'], keys: [1, 1, 1], handler: hkeysCommand, group: G, since: '2.0.0', summary: 'Returns all field names' },
  { name: 'hvals', arity: 2, flags: ['readonly'], keys: [1, 1, 1], handler: hvalsCommand, group: G, since: '2.0.0', summary: 'Returns all values' },
  { name: 'hgetall', arity: 2, flags: ['readonly'], keys: [1, 1, 1], handler: hgetallCommand, group: G, since: '2.0.0', summary: 'Returns all fields and values' },
  { name: 'hincrby', arity: 4, flags: ['write', 'denyoom', 'fast'], keys: [1, 1, 1], handler: hincrbyCommand, group: G, since: '2.0.0', summary: 'Increments the integer value of a field' },
  { name: 'hincrbyfloat', arity: 4, flags: ['write', 'denyoom', 'fast'], keys: [1, 1, 1], handler: hincrbyfloatCommand, group: G, since: '2.6.0', summary: 'Increments the float value of a field' },
  { name: 'hrandfield', arity: -2, flags: ['readonly'], keys: [1, 1, 1], handler: hrandfieldCommand, group: G, since: '6.2.0', summary: 'Returns random fields, optionally with their values' },
  { name: 'hscan', arity: -3, flags: ['readonly'], keys: [1, 1, 1], handler: hscanCommand, group: G, since: '2.8.0', summary: 'Iterates fields and values' },
]

/** HSET key field value [field value ...] */
function hsetCommand(ctx: CommandContext, argv: string[]): Reply {
  if ((argv.length & 1) === 1) throw arity('hset')
  return setFields(ctx, argv)
}

/** HMSET key field value [field value ...] */
function hmsetCommand(ctx: CommandContext, argv: string[]): Reply {
  if ((argv.length & 1) === 1) throw arity('hmset')
  setFields(ctx, argv)
  return OK
}

function setFields(ctx: CommandContext, argv: string[]): number {
  const key = argv[1]
  const h = writableHash(ctx, key)
  let created = 0
  for (let i = 2; i < argv.length; i += 2) if (h.set(argv[i], argv[i + 1])) created++
  ctx.modified(key, 'h', 'hset')
  return created
}

/** HSETNX key field value */
function hsetnxCommand(ctx: CommandContext, argv: string[]): Reply {
  const key = argv[1]
  const existing = ctx.db.getObject<HashValue>(key, 'hash')
  if (existing !== undefined && existing.has(argv[2])) return 0
  writableHash(ctx, key).set(argv[2], argv[3])
  ctx.modified(key, 'h', 'hset')
  return 1
}

/** HGET key field */
function hgetCommand(ctx: CommandContext, argv: string[]): Reply {
  const h = readHash(ctx, argv[1])
  return h === undefined ? null : h.get(argv[2]) ?? null
}

/** HMGET key field [field ...] */
function hmgetCommand(ctx: CommandContext, argv: string[]): Reply {
  const h = readHash(ctx, argv[1])
  const out: Reply[] = new Array(argv.length - 2)
  for (let i = 2; i < argv.length; i++) out[i - 2] = h === undefined ? null : h.get(argv[i]) ?? null
  return out
}

/** HDEL key field [field ...] */
function hdelCommand(ctx: CommandContext, argv: string[]): Reply {
  const key = argv[1]
  const h = ctx.db.getObject<HashValue>(key, 'hash')
  if (h === undefined) return 0
  let deleted = 0
  for (let i = 2; i < argv.length; i++) {
    if (h.delete(argv[i])) {
      deleted++
      if (h.size() === 0) break
    }
  }
  if (deleted === 0) return 0
  ctx.modified(key, 'h', 'hdel')
  deleteIfEmpty(ctx, key, h)
  return deleted
}

/** HEXISTS key field */
function hexistsCommand(ctx: CommandContext, argv: string[]): Reply {
  const h = readHash(ctx, argv[1])
  return h !== undefined && h.has(argv[2]) ? 1 : 0
}

/** HLEN key */
function hlenCommand(ctx: CommandContext, argv: string[]): Reply {
  return readHash(ctx, argv[1])?.size() ?? 0
}

/** HSTRLEN key field */
function hstrlenCommand(ctx: CommandContext, argv: string[]): Reply {
  return readHash(ctx, argv[1])?.get(argv[2])?.length ?? 0
}

/** HKEYS key */
function hkeysCommand(ctx: CommandContext, argv: string[]): Reply {
  const h = readHash(ctx, argv[1])
  return h === undefined ? EMPTY_ARRAY : Array.from(h.map.keys())
}

/** HVALS key */
function hvalsCommand(ctx: CommandContext, argv: string[]): Reply {
  const h = readHash(ctx, argv[1])
  return h === undefined ? EMPTY_ARRAY : Array.from(h.map.values())
}

/** HGETALL key — a map in RESP3, a flat field/value array in RESP2. */
function hgetallCommand(ctx: CommandContext, argv: string[]): Reply {
  const h = readHash(ctx, argv[1])
  if (h === undefined) return new MapReply(EMPTY_ARRAY)
  const items: Reply[] = new Array(h.size() * 2)
  let i = 0
  for (const [f, v] of h.map) { items[i++] = f; items[i++] = v }
  return new MapReply(items)
}
