// Set family: the table and the single-set commands. Set algebra (SINTER/SUNION/SDIFF and their
// STORE forms, SINTERCARD) is in sets-algebra.ts; SPOP, SRANDMEMBER and SSCAN in sets-random.ts.
import { SetValue } from '../keyspace/types/set.js'
import { EMPTY_ARRAY, SetReply, type Reply } from '../resp/types.js'
import {
  sdiffCommand, sdiffstoreCommand, sinterCommand, sintercardCommand, sinterstoreCommand, sunionCommand, sunionstoreCommand,
} from './sets-algebra.js'
import { spopCommand, srandmemberCommand, sscanCommand } from './sets-random.js'
import { deleteIfEmpty } from './empty-key.js'
import { readSet } from './sets-common.js'
import { numkeysKeyPositions } from './core/numkeys.js'
import type { CommandContext, CommandSpec } from './core/types.js'

const G = 'set' as const

export const setCommands: CommandSpec[] = [
  { name: 'sadd', arity: -3, flags: ['write', 'denyoom', 'fast'], keys: [1, 1, 1], handler: saddCommand, group: G, since: '1.0.0', summary: 'Adds members to a set' },
  { name: 'srem', arity: -3, flags: ['write', 'fast'], keys: [1, 1, 1], handler: sremCommand, group: G, since: '1.0.0', summary: 'Removes members from a set' },
  { name: 'scard', arity: 2, flags: ['readonly', 'fast'], keys: [1, 1, 1], handler: scardCommand, group: G, since: '1.0.0', summary: 'Returns the number of members' },
  { name: 'sismember', arity: 3, flags: ['readonly', 'fast'], keys: [1, 1, 1], handler: sismemberCommand, group: G, since: '1.0.0', summary: 'Tells whether a member belongs to a set' },
  { name: 'smismember', arity: -3, flags: ['readonly', 'fast'], keys: [1, 1, 1], handler: smismemberCommand, group: G, since: '6.2.0', summary: 'Tells whether each of several members belongs to a set' },
  { name: 'smembers', arity: 2, flags: ['readonly'], keys: [1, 1, 1], handler: smembersCommand, group: G, since: '1.0.0', summary: 'Returns all members' },
  { name: 'smove', arity: 4, flags: ['write', 'fast'], keys: [1, 2, 1], handler: smoveCommand, group: G, since: '1.0.0', summary: 'Moves a member from one set to another' },
  { name: 'spop', arity: -2, flags: ['write', 'fast'], keys: [1, 1, 1], handler: spopCommand, group: G, since: '1.0.0', summary: 'Removes and returns random members' },
  { name: 'srandmember', arity: -2, flags: ['readonly'], keys: [1, 1, 1], handler: srandmemberCommand, group: G, since: '1.0.0', summary: 'Returns random members' },
  { name: 'sscan', arity: -3, flags: ['readonly'], keys: [1, 1, 1], handler: sscanCommand, group: G, since: '2.8.0', summary: 'Iterates members' },
  { name: 'sinter', arity: -2, flags: ['readonly'], keys: [1, -1, 1], handler: sinterCommand, group: G, since: '1.0.0', summary: 'Returns the intersection of sets' },
  { name: 'sintercard', arity: -3, flags: ['readonly'], keys: [0, 0, 0], getKeys: numkeysKeys, handler: sintercardCommand, group: G, since: '7.0.0', summary: 'Counts the members of the intersection of sets' },
  { name: 'sinterstore', arity: -3, flags: ['write', 'denyoom'], keys: [1, -1, 1], handler: sinterstoreCommand, group: G, since: '1.0.0', summary: 'Stores the intersection of sets' },
  { name: 'sunion', arity: -2, flags: ['readonly'], keys: [1, -1, 1], handler: sunionCommand, group: G, since: '1.0.0', summary: 'Returns the union of sets' },
  { name: 'sunionstore', arity: -3, flags: ['write', 'denyoom'], keys: [1, -1, 1], handler: sunionstoreCommand, group: G, since: '1.0.0', summary: 'Stores the union of sets' },
  { name: 'sdiff', arity: -2, flags: ['readonly'], keys: [1, -1, 1], handler: sdiffCommand, group: G, since: '1.0.0', summary: 'Returns the members of the first set missing from the others' },
  { name: 'sdiffstore', arity: -3, flags: ['write', 'denyoom'], keys: [1, -1, 1], handler: sdiffstoreCommand, group: G, since: '1.0.0', summary: 'Stores the difference of sets' },
]

/** Key positions of SINTERCARD numkeys key [key ...] */
function numkeysKeys(argv: string[]): number[] {
  return numkeysKeyPositions(argv, 1)
}

/** SADD key member [member ...] */
function saddCommand(ctx: CommandContext, argv: string[]): Reply {
  const key = argv[1]
  let s = ctx.db.getObject<SetValue>(key, 'set')
  if (s === undefined) {
    s = SetValue.forFirstMember(argv[2], ctx.db.limits)
    ctx.db.set(key, s)
  }
  let added = 0
  for (let i = 2; i < argv.length; i++) if (s.add(argv[i])) added++
  if (added !== 0) ctx.modified(key, 's', 'sadd')
  return added
}

/** SREM key member [member ...] */
function sremCommand(ctx: CommandContext, argv: string[]): Reply {
  const key = argv[1]
  const s = ctx.db.getObject<SetValue>(key, 'set')
  if (s === undefined) return 0
  let removed = 0
  for (let i = 2; i < argv.length; i++) {
    if (s.remove(argv[i])) {
      removed++
      if (s.size() === 0) break
    }
  }
  if (removed === 0) return 0
  ctx.modified(key, 's', 'srem')
  deleteIfEmpty(ctx, key, s)
  return removed
}

/** SCARD key */
function scardCommand(ctx: CommandContext, argv: string[]): Reply {
  return readSet(ctx, argv[1])?.size() ?? 0
}

/** SISMEMBER key member */
function sismemberCommand(ctx: CommandContext, argv: string[]): Reply {
  const s = readSet(ctx, argv[1])
  return s !== undefined && s.has(argv[2]) ? 1 : 0
}

/** SMISMEMBER key member [member ...] */
function smismemberCommand(ctx: CommandContext, argv: string[]): Reply {
  const s = readSet(ctx, argv[1])
  const out: Reply[] = new Array(argv.length - 2)
  for (let i = 2; i < argv.length; i++) out[i - 2] = s !== undefined && s.has(argv[i]) ? 1 : 0
  return out
}

/** SMEMBERS key — a set in RESP3; intsets come out ascending. */
function smembersCommand(ctx: CommandContext, argv: string[]): Reply {
  const s = readSet(ctx, argv[1])
  return new SetReply(s === undefined ? EMPTY_ARRAY : s.toArray().slice())
}

/** SMOVE source destination member */
function smoveCommand(ctx: CommandContext, argv: string[]): Reply {
  const [, src, dst, member] = argv
  const from = ctx.db.getObject<SetValue>(src, 'set')
  if (from === undefined) return 0
  let to = ctx.db.getObject<SetValue>(dst, 'set')
  // the same key on both sides changes nothing: only membership is reported
  if (from === to) return from.has(member) ? 1 : 0
  if (!from.remove(member)) return 0
  ctx.notify('s', 'srem', src)
  deleteIfEmpty(ctx, src, from)
  if (to === undefined) {
    to = SetValue.forFirstMember(member, ctx.db.limits)
    ctx.db.set(dst, to)
  }
  ctx.modified(src)
  if (to.add(member)) ctx.modified(dst, 's', 'sadd')
  else ctx.modified(dst)
  return 1
}
