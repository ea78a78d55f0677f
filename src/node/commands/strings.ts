// String family table, plus the whole-value readers and writers (GET, SET and its variants, MGET/MSET).
// In-place edits live in strings-edit.ts, counters in strings-counters.ts, LCS in strings-lcs.ts.
import { WRONGTYPE, arity } from '../resp/errors.js'
import { OK, type Reply } from '../resp/types.js'
import { appendCommand, getrangeCommand, setrangeCommand, strlenCommand } from './strings-edit.js'
import { decrCommand, decrbyCommand, incrCommand, incrbyCommand, incrbyfloatCommand } from './strings-counters.js'
import { lcsCommand } from './strings-lcs.js'
import {
  OBJ_EX, OBJ_EXAT, OBJ_GET, OBJ_KEEPTTL, OBJ_NX, OBJ_PERSIST, OBJ_PX, OBJ_PXAT, OBJ_XX,
  expireTimeMs, parseSetOptions, type SetOptions,
} from './strings-set-options.js'
import type { CommandContext, CommandSpec } from './core/types.js'

const S = 'string' as const
export const stringCommands: CommandSpec[] = [
  { name: 'get', arity: 2, flags: ['readonly', 'fast'], keys: [1, 1, 1], handler: getCommand, group: S, since: '1.0.0', summary: 'Returns the string value of a key', complexity: 'O(1)' },
  { name: 'set', arity: -3, flags: ['write', 'denyoom'], keys: [1, 1, 1], keyFlags: setKeyFlags, handler: setCommand, group: S, since: '1.0.0', summary: 'Sets the string value of a key, ignoring its type; the key is created if missing', complexity: 'O(1)' },
  { name: 'setnx', arity: 3, flags: ['write', 'denyoom', 'fast'], keys: [1, 1, 1], handler: setnxCommand, group: S, since: '1.0.0', summary: 'Sets the value of a key only when the key does not exist', complexity: 'O(1)' },
  { name: 'setex', arity: 4, flags: ['write', 'denyoom'], keys: [1, 1, 1], handler: setexCommand, group: S, since: '2.0.0', summary: 'Sets the value and the expiration in seconds of a key', complexity: 'O(1)' },
  { name: 'psetex', arity: 4, flags: ['write', 'denyoom'], keys: [1, 1, 1], handler: psetexCommand, group: S, since: '2.6.0', summary: 'Sets the value and the expiration in milliseconds of a key', complexity: 'O(1)' },
  { name: 'getset', arity: 3, flags: ['write', 'denyoom', 'fast'], keys: [1, 1, 1], handler: getsetCommand, group: S, since: '1.0.0', summary: 'Returns the previous string value of a key after setting it to a new value', complexity: 'O(1)' },
  { name: 'getdel', arity: 2, flags: ['write', 'fast'], keys: [1, 1, 1], handler: getdelCommand, group: S, since: '6.2.0', summary: 'Returns the string value of a key after deleting the key', complexity: 'O(1)' },
  { name: 'getex', arity: -2, flags: ['write', 'fast'], keys: [1, 1, 1], handler: getexCommand, group: S, since: '6.2.0', summary: 'Returns the string value of a key after setting its expiration time', complexity: 'O(1)' },
  { name: 'mget', arity: -2, flags: ['readonly', 'fast'], keys: [1, -1, 1], handler: mgetCommand, group: S, since: '1.0.0', summary: 'Atomically returns the string values of one or more keys', complexity: 'O(N) where N is the number of keys to retrieve.' },
  { name: 'mset', arity: -3, flags: ['write', 'denyoom'], keys: [1, -1, 2], handler: msetCommand, group: S, since: '1.0.1', summary: 'Atomically creates or modifies the string values of one or more keys', complexity: 'O(N) where N is the number of keys to set.' },
  { name: 'msetnx', arity: -3, flags: ['write', 'denyoom'], keys: [1, -1, 2], handler: msetnxCommand, group: S, since: '1.0.1', summary: 'Atomically sets the string values of one or more keys only when none of them exist', complexity: 'O(N) where N is the number of keys to set.' },
  { name: 'append', arity: 3, flags: ['write', 'denyoom', 'fast'], keys: [1, 1, 1], handler: appendCommand, group: S, since: '2.0.0', summary: 'Appends a string to the value of a key; creates the key if needed', complexity: 'O(1). The amortized time complexity is O(1) assuming the appended value is small and the already present value is of any size, since the dynamic string library used by Redis will double the free space available on every reallocation.' },
  { name: 'strlen', arity: 2, flags: ['readonly', 'fast'], keys: [1, 1, 1], handler: strlenCommand, group: S, since: '2.2.0', summary: 'Returns the length of a string value', complexity: 'O(1)' },
  { name: 'getrange', arity: 4, flags: ['readonly'], keys: [1, 1, 1], handler: getrangeCommand, group: S, since: '2.4.0', summary: 'Returns a substring of the string stored at a key', complexity: 'O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.' },
  { name: 'substr', arity: 4, flags: ['readonly'], keys: [1, 1, 1], handler: getrangeCommand, group: S, since: '1.0.0', summary: 'Returns a substring from a string value', complexity: 'O(N) where N is the length of the returned string. The complexity is ultimately determined by the returned length, but because creating a substring from an existing string is very cheap, it can be considered O(1) for small strings.' },
  { name: 'setrange', arity: 4, flags: ['write', 'denyoom'], keys: [1, 1, 1], handler: setrangeCommand, group: S, since: '2.2.0', summary: 'Overwrites a part of a string value with another by an offset; creates the key if needed', complexity: 'O(1), not counting the time taken to copy the new string in place. Usually, this string is very small so the amortized complexity is O(1). Otherwise, complexity is O(M) with M being the length of the value argument.' },
  { name: 'incr', arity: 2, flags: ['write', 'denyoom', 'fast'], keys: [1, 1, 1], handler: incrCommand, group: S, since: '1.0.0', summary: 'Increments the integer value of a key by one; uses 0 as initial value if the key does not exist', complexity: 'O(1)' },
  { name: 'decr', arity: 2, flags: ['write', 'denyoom', 'fast'], keys: [1, 1, 1], handler: decrCommand, group: S, since: '1.0.0', summary: 'Decrements the integer value of a key by one; uses 0 as initial value if the key does not exist', complexity: 'O(1)' },
  { name: 'incrby', arity: 3, flags: ['write', 'denyoom', 'fast'], keys: [1, 1, 1], handler: incrbyCommand, group: S, since: '1.0.0', summary: 'Increments the integer value of a key by a number; uses 0 as initial value if the key does not exist', complexity: 'O(1)' },
  { name: 'decrby', arity: 3, flags: ['write', 'denyoom', 'fast'], keys: [1, 1, 1], handler: decrbyCommand, group: S, since: '1.0.0', summary: 'Decrements a number from the integer value of a key; uses 0 as initial value if the key does not exist', complexity: 'O(1)' },
  { name: 'incrbyfloat', arity: 3, flags: ['write', 'denyoom', 'fast'], keys: [1, 1, 1], handler: incrbyfloatCommand, group: S, since: '2.6.0', summary: 'Increments the floating point value of a key by a number; uses 0 as initial value if the key does not exist', complexity: 'O(1)' },
  { name: 'lcs', arity: -3, flags: ['readonly'], keys: [1, 2, 1], handler: lcsCommand, group: S, since: '7.0.0', summary: 'Finds the longest common substring', complexity: 'O(N*M) where N and M are the lengths of s1 and s2, respectively' },
]

/** GET key */
function getCommand(ctx: CommandContext, argv: string[]): Reply {
  return ctx.db.getString(argv[1]) ?? null
}

/** SET's key flags (setGetKeys()): with a GET option the old value is read, else the key is only overwritten. */
function setKeyFlags(argv: string[]): string[] {
  for (let i = 3; i < argv.length; i++) {
    // Redis compares up to a NUL byte, so "GET\0..." counts as GET too
    const a = argv[i]
    if (a.slice(0, 3).toLowerCase() === 'get' && (a.length === 3 || a.charCodeAt(3) === 0)) return ['RW', 'access', 'update']
  }
  return ['OW', 'update']
}

/** SET key value [NX | XX] [GET] [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | KEEPTTL] */
function setCommand(ctx: CommandContext, argv: string[]): Reply {
  const key = argv[1]
  if (argv.length === 3) {
    ctx.db.set(key, argv[2])
    ctx.modified(key, '$', 'set')
    return OK
  }
  return setGeneric(ctx, argv, parseSetOptions(argv, 3, false), OK, null)
}

/** SETNX key value */
function setnxCommand(ctx: CommandContext, argv: string[]): Reply {
  return setGeneric(ctx, argv, { flags: OBJ_NX, expire: null }, 1, 0)
}

/** SETEX key seconds value */
function setexCommand(ctx: CommandContext, argv: string[]): Reply {
  return setGeneric(ctx, ['setex', argv[1], argv[3]], { flags: OBJ_EX, expire: argv[2] }, OK, null)
}

/** PSETEX key milliseconds value */
function psetexCommand(ctx: CommandContext, argv: string[]): Reply {
  return setGeneric(ctx, ['psetex', argv[1], argv[3]], { flags: OBJ_PX, expire: argv[2] }, OK, null)
}

/**
 * setGenericCommand(): the shared body of SET/SETNX/SETEX/PSETEX. `argv` is [name, key, value, ...options].
 * Order matters for which error wins: expire value, then GET's type check, then NX/XX.
 */
function setGeneric(ctx: CommandContext, argv: string[], opts: SetOptions, okReply: Reply, abortReply: Reply): Reply {
  const { flags } = opts
  const key = argv[1]
  const value = argv[2]
  const db = ctx.db
  const when = opts.expire === null ? 0 : expireTimeMs(ctx, opts.expire, flags, argv[0].toLowerCase())
  let old: Reply = null
  if (flags & OBJ_GET) old = db.getString(key) ?? null
  if (flags & (OBJ_NX | OBJ_XX)) {
    const found = db.has(key)
    if ((flags & OBJ_NX && found) || (flags & OBJ_XX && !found)) return flags & OBJ_GET ? old : abortReply
  }
  db.set(key, value, (flags & OBJ_KEEPTTL) !== 0)
  ctx.modified(key, '$', 'set')
  if (opts.expire !== null) {
    db.setExpire(key, when)
    ctx.notify('g', 'expire', key)
    // relative and absolute expires alike reach replicas and the AOF as an absolute PXAT
    ctx.propagateAs = [['SET', key, value, 'PXAT', msText(when)]]
  } else if (flags & OBJ_GET) {
    ctx.propagateAs = [withoutGet(argv)]
  }
  return flags & OBJ_GET ? old : okReply
}

/** argv minus every GET option (SET ... GET is propagated as plain SET). */
function withoutGet(argv: string[]): string[] {
  const out = argv.slice(0, 3)
  for (let i = 3; i < argv.length; i++) if (argv[i].length !== 3 || argv[i].toLowerCase() !== 'get') out.push(argv[i])
  return out
}

/** An absolute ms time as the integer text Redis would write. */
export function msText(ms: number): string {
  return Number.isSafeInteger(ms) ? String(ms) : BigInt(Math.trunc(ms)).toString()
}

/** GETSET key value */
function getsetCommand(ctx: CommandContext, argv: string[]): Reply {
  const key = argv[1]
  const old = ctx.db.getString(key) ?? null
  ctx.db.set(key, argv[2])
  ctx.modified(key, '$', 'set')
  ctx.propagateAs = [['SET', key, argv[2]]]
  return old
}

/** GETDEL key */
function getdelCommand(ctx: CommandContext, argv: string[]): Reply {
  const key = argv[1]
  const old = ctx.db.getString(key)
  if (old === undefined) return null
  ctx.db.delete(key)
  ctx.propagateAs = [['DEL', key]]
  ctx.modified(key, 'g', 'del')
  return old
}

/** GETEX key [EX seconds | PX milliseconds | EXAT unix-time-seconds | PXAT unix-time-milliseconds | PERSIST] */
function getexCommand(ctx: CommandContext, argv: string[]): Reply {
  const opts = parseSetOptions(argv, 2, true)
  const key = argv[1]
  const db = ctx.db
  const value = db.lookupRead(key)
  if (value === undefined) return null
  if (typeof value !== 'string') throw WRONGTYPE
  if (opts.expire !== null) {
    const when = expireTimeMs(ctx, opts.expire, opts.flags, 'getex')
    if (opts.flags & (OBJ_EXAT | OBJ_PXAT) && when <= ctx.server.clock.now()) {
      // an absolute time already past deletes the key, as the expire would have
      db.delete(key)
      ctx.propagateAs = [['DEL', key]]
      ctx.modified(key, 'g', 'del')
    } else {
      db.setExpire(key, when)
      ctx.propagateAs = [['PEXPIREAT', key, msText(when)]]
      ctx.modified(key, 'g', 'expire')
    }
  } else if (opts.flags & OBJ_PERSIST && db.persist(key)) {
    ctx.propagateAs = [['PERSIST', key]]
    ctx.modified(key, 'g', 'persist')
  }
  return value
}

/** MGET key [key ...] */
function mgetCommand(ctx: CommandContext, argv: string[]): Reply {
  const out: Reply[] = new Array(argv.length - 1)
  const db = ctx.db
  for (let i = 1; i < argv.length; i++) {
    const v = db.lookupRead(argv[i])
    out[i - 1] = typeof v === 'string' ? v : null
  }
  return out
}

/** MSET key value [key value ...] */
function msetCommand(ctx: CommandContext, argv: string[]): Reply {
  if (argv.length % 2 === 0) throw arity('mset')
  setPairs(ctx, argv)
  return OK
}

/** MSETNX key value [key value ...] */
function msetnxCommand(ctx: CommandContext, argv: string[]): Reply {
  if (argv.length % 2 === 0) throw arity('msetnx')
  for (let i = 1; i < argv.length; i += 2) if (ctx.db.has(argv[i])) return 0
  setPairs(ctx, argv)
  return 1
}

function setPairs(ctx: CommandContext, argv: string[]): void {
  const db = ctx.db
  for (let i = 1; i < argv.length; i += 2) {
    db.set(argv[i], argv[i + 1])
    ctx.modified(argv[i], '$', 'set')
  }
}

