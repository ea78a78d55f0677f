// Generic keyspace family: the table for DEL, EXISTS, TYPE, RENAME, COPY, MOVE, SWAPDB, KEYS, SCAN,
// FLUSHALL, OBJECT and friends, with the single-db handlers. Cross-db commands live in keys-db.ts,
// KEYS/SCAN in keys-scan.ts, OBJECT in keys-object.ts; TTL commands are the expire family (expire.ts).
import { typeOf } from '../keyspace/value.js'
import { NO_SUCH_KEY } from '../resp/errors.js'
import { OK, simple, type Reply } from '../resp/types.js'
import { readNoTouch, readTouch, relocateKey, replacedKey, signalIn } from './keys-common.js'
import { copyCommand, flushallCommand, flushdbCommand, moveCommand, swapdbCommand } from './keys-db.js'
import { objectCommands } from './keys-object.js'
import { keysCommand, scanCommand } from './keys-scan.js'
import type { CommandContext, CommandSpec } from './core/types.js'

const g = 'generic' as const

export const keyCommands: CommandSpec[] = [
  { name: 'del', arity: -2, flags: ['write'], keys: [1, -1, 1], handler: delCommand, group: g, since: '1.0.0', summary: 'Deletes one or more keys', complexity: 'O(N)' },
  { name: 'unlink', arity: -2, flags: ['write', 'fast'], keys: [1, -1, 1], handler: unlinkCommand, group: g, since: '4.0.0', summary: 'Deletes keys, freeing their memory in the background in Redis', complexity: 'O(1) per key' },
  { name: 'exists', arity: -2, flags: ['readonly', 'fast'], keys: [1, -1, 1], handler: existsCommand, group: g, since: '1.0.0', summary: 'Counts how many of the given keys exist', complexity: 'O(N)' },
  { name: 'type', arity: 2, flags: ['readonly', 'fast'], keys: [1, 1, 1], handler: typeCommand, group: g, since: '1.0.0', summary: 'Returns the type of the value stored at a key', complexity: 'O(1)' },
  { name: 'touch', arity: -2, flags: ['readonly', 'fast'], keys: [1, -1, 1], handler: touchCommand, group: g, since: '3.2.1', summary: 'Updates the last access time of keys and counts the existing ones', complexity: 'O(N)' },
  { name: 'rename', arity: 3, flags: ['write'], keys: [1, 2, 1], handler: renameCommand, group: g, since: '1.0.0', summary: 'Renames a key, overwriting the destination', complexity: 'O(1)' },
  { name: 'renamenx', arity: 3, flags: ['write', 'fast'], keys: [1, 2, 1], handler: renamenxCommand, group: g, since: '1.0.0', summary: 'Renames a key only when the new name is free', complexity: 'O(1)' },
  { name: 'copy', arity: -3, flags: ['write', 'denyoom'], keys: [1, 2, 1], handler: copyCommand, group: g, since: '6.2.0', summary: 'Copies the value of a key to a new key', complexity: 'O(N) for collections' },
  { name: 'move', arity: 3, flags: ['write', 'fast'], keys: [1, 1, 1], handler: moveCommand, group: g, since: '1.0.0', summary: 'Moves a key to another database', complexity: 'O(1)' },
  { name: 'swapdb', arity: 3, flags: ['write', 'fast'], handler: swapdbCommand, group: 'server', since: '4.0.0', summary: 'Swaps the contents of two databases', complexity: 'O(N) in watching and blocked clients' },
  { name: 'keys', arity: 2, flags: ['readonly'], handler: keysCommand, group: g, since: '1.0.0', summary: 'Returns every key name matching a pattern', complexity: 'O(N)' },
  { name: 'scan', arity: -2, flags: ['readonly'], handler: scanCommand, group: g, since: '2.8.0', summary: 'Iterates over the key names of the database', complexity: 'O(1) per call, O(N) for a full iteration' },
  { name: 'randomkey', arity: 1, flags: ['readonly'], handler: randomkeyCommand, group: g, since: '1.0.0', summary: 'Returns a random key name', complexity: 'O(1)' },
  { name: 'dbsize', arity: 1, flags: ['readonly', 'fast'], handler: dbsizeCommand, group: 'server', since: '1.0.0', summary: 'Returns the number of keys in the database', complexity: 'O(1)' },
  { name: 'flushdb', arity: -1, flags: ['write'], handler: flushdbCommand, group: 'server', since: '1.0.0', summary: 'Removes every key of the selected database', complexity: 'O(N)' },
  { name: 'flushall', arity: -1, flags: ['write'], handler: flushallCommand, group: 'server', since: '1.0.0', summary: 'Removes every key of every database', complexity: 'O(N)' },
  { name: 'object', arity: -2, flags: [], subcommands: objectCommands, group: g, since: '2.2.3', summary: 'A container for object introspection commands' },
]

/** DEL key [key ...] */
function delCommand(ctx: CommandContext, argv: string[]): Reply {
  return deleteKeys(ctx, argv)
}

/** UNLINK key [key ...] (memory is reclaimed by the GC either way, so it is DEL) */
function unlinkCommand(ctx: CommandContext, argv: string[]): Reply {
  return deleteKeys(ctx, argv)
}

function deleteKeys(ctx: CommandContext, argv: string[]): number {
  const db = ctx.db
  let deleted = 0
  for (let i = 1; i < argv.length; i++) {
    const key = argv[i]
    // an expired key is reclaimed as "expired" first, and then does not count as deleted
    if (db.expires.size !== 0) db.expireIfNeeded(key)
    if (db.delete(key)) {
      ctx.modified(key, 'g', 'del')
      deleted++
    }
  }
  return deleted
}

/** EXISTS key [key ...] — a key named twice counts twice. */
function existsCommand(ctx: CommandContext, argv: string[]): Reply {
  let n = 0
  for (let i = 1; i < argv.length; i++) if (readNoTouch(ctx, argv[i]) !== undefined) n++
  return n
}

const TYPE_NONE = simple('none')
const TYPE_REPLIES = new Map(['string', 'list', 'set', 'zset', 'hash', 'stream'].map((t) => [t, simple(t)]))

/** TYPE key */
function typeCommand(ctx: CommandContext, argv: string[]): Reply {
  const v = readNoTouch(ctx, argv[1])
  return v === undefined ? TYPE_NONE : (TYPE_REPLIES.get(typeOf(v)) as Reply)
}

/** TOUCH key [key ...] */
function touchCommand(ctx: CommandContext, argv: string[]): Reply {
  let n = 0
  for (let i = 1; i < argv.length; i++) if (readTouch(ctx, argv[i]) !== undefined) n++
  return n
}

/** RENAME key newkey */
function renameCommand(ctx: CommandContext, argv: string[]): Reply {
  return renameKey(ctx, argv[1], argv[2], false)
}

/** RENAMENX key newkey */
function renamenxCommand(ctx: CommandContext, argv: string[]): Reply {
  return renameKey(ctx, argv[1], argv[2], true)
}

/** renameGenericCommand(): the value, its TTL and its idle time move; an existing target is dropped. */
function renameKey(ctx: CommandContext, src: string, dst: string, nx: boolean): Reply {
  const db = ctx.db
  const value = db.get(src)
  if (value === undefined) throw NO_SUCH_KEY
  if (src === dst) return nx ? 0 : OK
  if (db.get(dst) !== undefined) {
    if (nx) return 0
    db.delete(dst)
    replacedKey(ctx.server, db, dst)
  }
  relocateKey(db, src, value, db, dst)
  ctx.modified(src, 'g', 'rename_from')
  signalIn(ctx.server, db, dst, 'g', 'rename_to') // one change for the dirty counter, as in Redis
  return nx ? 1 : OK
}

/** RANDOMKEY */
function randomkeyCommand(ctx: CommandContext): Reply {
  return ctx.db.randomKey() ?? null
}

/** DBSIZE */
function dbsizeCommand(ctx: CommandContext): Reply {
  return ctx.db.size
}
