// Expire family: EXPIRE/PEXPIRE/EXPIREAT/PEXPIREAT (NX|XX|GT|LT), TTL/PTTL/EXPIRETIME/PEXPIRETIME and
// PERSIST. Expiry itself (lazy in db.ts, active in keyspace/expire.ts) is not here.
import { err, NOT_INTEGER } from '../resp/errors.js'
import type { Reply } from '../resp/types.js'
import { parseInt64 } from '../util/int.js'
import { readNoTouch } from './keys-common.js'
import type { CommandContext, CommandSpec } from './core/types.js'

const g = 'generic' as const
const W = ['write', 'fast'] as CommandSpec['flags']
const R = ['readonly', 'fast'] as CommandSpec['flags']

export const expireCommands: CommandSpec[] = [
  { name: 'expire', arity: -3, flags: W, keys: [1, 1, 1], handler: expireCommand, group: g, since: '1.0.0', summary: 'Sets a key\'s time to live in seconds', complexity: 'O(1)' },
  { name: 'pexpire', arity: -3, flags: W, keys: [1, 1, 1], handler: pexpireCommand, group: g, since: '2.6.0', summary: 'Sets a key\'s time to live in milliseconds', complexity: 'O(1)' },
  { name: 'expireat', arity: -3, flags: W, keys: [1, 1, 1], handler: expireatCommand, group: g, since: '1.2.0', summary: 'Sets a key\'s expiry as a Unix time in seconds', complexity: 'O(1)' },
  { name: 'pexpireat', arity: -3, flags: W, keys: [1, 1, 1], handler: pexpireatCommand, group: g, since: '2.6.0', summary: 'Sets a key\'s expiry as a Unix time in milliseconds', complexity: 'O(1)' },
  { name: 'ttl', arity: 2, flags: R, keys: [1, 1, 1], handler: ttlCommand, group: g, since: '1.0.0', summary: 'Returns a key\'s time to live in seconds', complexity: 'O(1)' },
  { name: 'pttl', arity: 2, flags: R, keys: [1, 1, 1], handler: pttlCommand, group: g, since: '2.6.0', summary: 'Returns a key\'s time to live in milliseconds', complexity: 'O(1)' },
  { name: 'expiretime', arity: 2, flags: R, keys: [1, 1, 1], handler: expiretimeCommand, group: g, since: '7.0.0', summary: 'Returns a key\'s expiry as a Unix time in seconds', complexity: 'O(1)' },
  { name: 'pexpiretime', arity: 2, flags: R, keys: [1, 1, 1], handler: pexpiretimeCommand, group: g, since: '7.0.0', summary: 'Returns a key\'s expiry as a Unix time in milliseconds', complexity: 'O(1)' },
  { name: 'persist', arity: 2, flags: W, keys: [1, 1, 1], handler: persistCommand, group: g, since: '2.2.0', summary: 'Removes a key\'s expiry', complexity: 'O(1)' },
]

const EXPIRE_NX = 1
const EXPIRE_XX = 2
const EXPIRE_GT = 4
const EXPIRE_LT = 8
const OPTION_BITS = new Map([['nx', EXPIRE_NX], ['xx', EXPIRE_XX], ['gt', EXPIRE_GT], ['lt', EXPIRE_LT]])
const NX_CONFLICT = err('NX and XX, GT or LT options at the same time are not compatible')
const GT_LT_CONFLICT = err('GT and LT options at the same time are not compatible')
const LLONG_MAX = 9223372036854775807n
const LLONG_MIN = -9223372036854775808n

/** EXPIRE key seconds [NX | XX | GT | LT] */
function expireCommand(ctx: CommandContext, argv: string[]): Reply {
  return expireGeneric(ctx, argv, ctx.server.clock.now(), 1000)
}

/** PEXPIRE key milliseconds [NX | XX | GT | LT] */
function pexpireCommand(ctx: CommandContext, argv: string[]): Reply {
  return expireGeneric(ctx, argv, ctx.server.clock.now(), 1)
}

/** EXPIREAT key unix-time-seconds [NX | XX | GT | LT] */
function expireatCommand(ctx: CommandContext, argv: string[]): Reply {
  return expireGeneric(ctx, argv, 0, 1000)
}

/** PEXPIREAT key unix-time-milliseconds [NX | XX | GT | LT] */
function pexpireatCommand(ctx: CommandContext, argv: string[]): Reply {
  return expireGeneric(ctx, argv, 0, 1)
}

/** The NX/XX/GT/LT flags after the time argument, with Redis's conflict errors. */
function readExpireFlags(argv: string[]): number {
  let flags = 0
  for (let j = 3; j < argv.length; j++) {
    const bit = OPTION_BITS.get(argv[j].toLowerCase())
    // Redis formats the word with %s: its text ends at the first NUL byte
    if (bit === undefined) throw err(`Unsupported option ${argv[j].split('\0', 1)[0]}`)
    flags |= bit
  }
  if (flags & EXPIRE_NX && flags & (EXPIRE_XX | EXPIRE_GT | EXPIRE_LT)) throw NX_CONFLICT
  if (flags & EXPIRE_GT && flags & EXPIRE_LT) throw GT_LT_CONFLICT
  return flags
}

/** The absolute expiry in ms, rejecting overflow of the unit conversion or the base-time addition. */
function readWhen(argv: string[], basetime: number, unitMs: number): bigint {
  const raw = parseInt64(argv[2])
  if (raw === null) throw NOT_INTEGER
  const invalid = err(`invalid expire time in '${argv[0].toLowerCase()}' command`)
  let when = raw
  if (unitMs === 1000) {
    if (when > LLONG_MAX / 1000n || when < LLONG_MIN / 1000n) throw invalid
    when *= 1000n
  }
  const base = BigInt(basetime)
  if (when > LLONG_MAX - base) throw invalid
  return when + base
}

/** True when the NX/XX/GT/LT condition refuses the new expiry (a key without TTL counts as infinite). */
function refusedByFlags(flags: number, current: number, when: number): boolean {
  if (flags & EXPIRE_NX && current !== -1) return true
  if (flags & EXPIRE_XX && current === -1) return true
  if (flags & EXPIRE_GT && (current === -1 || when <= current)) return true
  if (flags & EXPIRE_LT && current !== -1 && when >= current) return true
  return false
}

/** expireGenericCommand(): a time already past deletes the key (a "del"), unless expiry is the master's job. */
function expireGeneric(ctx: CommandContext, argv: string[], basetime: number, unitMs: number): Reply {
  const flags = readExpireFlags(argv)
  const exact = readWhen(argv, basetime, unitMs)
  // stored as a JS number: exact up to 2^53 ms (year 287396); the propagated text stays exact
  const when = Number(exact)
  const key = argv[1]
  const db = ctx.db
  if (db.get(key) === undefined) return 0
  if (flags !== 0 && refusedByFlags(flags, db.getExpire(key), when)) return 0
  if (when <= ctx.server.clock.now() && !ctx.server.expiresDeferred) {
    db.delete(key)
    ctx.modified(key, 'g', 'del')
    ctx.propagateAs = [[ctx.server.config.getBool('lazyfree-lazy-expire') ? 'UNLINK' : 'DEL', key]]
    return 1
  }
  db.setExpire(key, when)
  ctx.modified(key, 'g', 'expire')
  ctx.propagateAs = [['PEXPIREAT', key, exact.toString()]]
  return 1
}

/** TTL key */
function ttlCommand(ctx: CommandContext, argv: string[]): Reply {
  return ttlGeneric(ctx, argv[1], false, false)
}

/** PTTL key */
function pttlCommand(ctx: CommandContext, argv: string[]): Reply {
  return ttlGeneric(ctx, argv[1], true, false)
}

/** EXPIRETIME key */
function expiretimeCommand(ctx: CommandContext, argv: string[]): Reply {
  return ttlGeneric(ctx, argv[1], false, true)
}

/** PEXPIRETIME key */
function pexpiretimeCommand(ctx: CommandContext, argv: string[]): Reply {
  return ttlGeneric(ctx, argv[1], true, true)
}

/** -2 for a missing key, -1 without expiry; seconds round to nearest, as Redis does. */
function ttlGeneric(ctx: CommandContext, key: string, ms: boolean, absolute: boolean): Reply {
  if (readNoTouch(ctx, key) === undefined) return -2
  const expire = ctx.db.getExpire(key)
  if (expire === -1) return -1
  const ttl = Math.max(0, absolute ? expire : expire - ctx.server.clock.now())
  return ms ? ttl : Math.floor((ttl + 500) / 1000)
}

/** PERSIST key */
function persistCommand(ctx: CommandContext, argv: string[]): Reply {
  const key = argv[1]
  const db = ctx.db
  if (db.get(key) === undefined || !db.persist(key)) return 0
  ctx.modified(key, 'g', 'persist')
  return 1
}
