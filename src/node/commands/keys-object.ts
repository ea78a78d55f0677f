// OBJECT ENCODING | FREQ | IDLETIME | REFCOUNT | HELP: introspection of one key's value. None of them
// counts as an access (LOOKUP_NOTOUCH) or sends "keymiss"; a missing key answers a null bulk.
import { idleSeconds, isLfuPolicy, isLruPolicy, lfuFrequency, maxmemoryPolicy } from '../keyspace/lru.js'
import { mayBeShared, stringEncoding } from '../keyspace/string-encoding.js'
import type { Value } from '../keyspace/value.js'
import { err } from '../resp/errors.js'
import type { Reply } from '../resp/types.js'
import type { Server } from '../server.js'
import { helpReply } from './core/help.js'
import type { CommandContext, CommandSpec } from './core/types.js'

const POLICY_NOTE = 'Please note that when switching between policies at runtime LRU and LFU data will take some time to adjust.'
const NO_LFU = err(`An LFU maxmemory policy is not selected, access frequency not tracked. ${POLICY_NOTE}`)
const LFU_SELECTED = err(`An LFU maxmemory policy is selected, idle time not tracked. ${POLICY_NOTE}`)
/** Refcount Redis reports for its shared integer objects (OBJ_SHARED_REFCOUNT). */
const SHARED_REFCOUNT = 2147483647
/** Integers below this are shared objects in Redis (OBJ_SHARED_INTEGERS). */
const SHARED_INTEGERS = 10000

const HELP_LINES = [
  'ENCODING <key>',
  '    Return the kind of internal representation used in order to store the value',
  '    associated with a <key>.',
  'FREQ <key>',
  '    Return the access frequency index of the <key>. The returned integer is',
  '    proportional to the logarithm of the recent access frequency of the key.',
  'IDLETIME <key>',
  '    Return the idle time of the <key>, that is the approximated number of',
  '    seconds elapsed since the last access to the key.',
  'REFCOUNT <key>',
  '    Return the number of references of the value associated with the specified',
  '    <key>.',
]

const o = 'generic' as const
export const objectCommands: CommandSpec[] = [
  { name: 'encoding', arity: 3, flags: ['readonly'], keys: [2, 2, 1], handler: objectEncodingCommand, group: o, since: '2.2.3', summary: 'Returns the internal encoding of a value', complexity: 'O(1)' },
  { name: 'freq', arity: 3, flags: ['readonly'], keys: [2, 2, 1], handler: objectFreqCommand, group: o, since: '4.0.0', summary: 'Returns the logarithmic access frequency counter of a key', complexity: 'O(1)' },
  { name: 'idletime', arity: 3, flags: ['readonly'], keys: [2, 2, 1], handler: objectIdletimeCommand, group: o, since: '2.2.3', summary: 'Returns the seconds since the last access to a key', complexity: 'O(1)' },
  { name: 'refcount', arity: 3, flags: ['readonly'], keys: [2, 2, 1], handler: objectRefcountCommand, group: o, since: '2.2.3', summary: 'Returns the reference count of a value', complexity: 'O(1)' },
  { name: 'help', arity: 2, flags: ['loading', 'stale'], handler: objectHelpCommand, group: o, since: '6.2.0', summary: 'Shows the OBJECT subcommands', complexity: 'O(1)' },
]

/** objectCommandLookup(): lazy expiry and hit/miss stats, but no access and no "keymiss". */
function lookup(ctx: CommandContext, key: string): Value | undefined {
  const db = ctx.db
  const v = db.peek(key)
  if (v === undefined) db.misses++
  else db.hits++
  return v
}

/** OBJECT ENCODING key */
function objectEncodingCommand(ctx: CommandContext, argv: string[]): Reply {
  const key = argv[2]
  const v = lookup(ctx, key)
  if (v === undefined) return null
  return typeof v === 'string' ? stringEncoding(ctx.db, key, v) : v.encoding()
}

/** OBJECT FREQ key */
function objectFreqCommand(ctx: CommandContext, argv: string[]): Reply {
  if (lookup(ctx, argv[2]) === undefined) return null
  if (!isLfuPolicy(maxmemoryPolicy(ctx.server))) throw NO_LFU
  return lfuFrequency(ctx.db, argv[2])
}

/** OBJECT IDLETIME key */
function objectIdletimeCommand(ctx: CommandContext, argv: string[]): Reply {
  if (lookup(ctx, argv[2]) === undefined) return null
  if (isLfuPolicy(maxmemoryPolicy(ctx.server))) throw LFU_SELECTED
  return idleSeconds(ctx.db, argv[2])
}

/** OBJECT REFCOUNT key — small integers are shared objects in Redis, everything else has one owner. */
function objectRefcountCommand(ctx: CommandContext, argv: string[]): Reply {
  const key = argv[2]
  const v = lookup(ctx, key)
  if (v === undefined) return null
  if (typeof v !== 'string' || !sharedIntegersAllowed(ctx.server)) return 1
  if (stringEncoding(ctx.db, key, v) !== 'int' || !mayBeShared(ctx.db, key)) return 1
  const n = Number(v)
  return n >= 0 && n < SHARED_INTEGERS ? SHARED_REFCOUNT : 1
}

/** Redis stops sharing integers once maxmemory is set with an LRU/LFU policy (each key needs its own clock). */
function sharedIntegersAllowed(server: Server): boolean {
  const cfg = server.config
  if (!cfg.directive('maxmemory') || cfg.get('maxmemory') === '0') return true
  const policy = maxmemoryPolicy(server)
  return !isLfuPolicy(policy) && !isLruPolicy(policy)
}

/** OBJECT HELP */
function objectHelpCommand(): Reply {
  return helpReply('OBJECT', HELP_LINES)
}
