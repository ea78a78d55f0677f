// How a client parked by a blocking command (BLPOP, BZPOPMIN, BLMOVE, ...) is served once a key it waits
// on is ready: its command runs again from that key. keyspace/blocking.ts decides who is woken and when.
import type { BlockedCommandRunner, ParkedCommand, RetryOutcome } from '../../keyspace/blocking.js'
import { typeOf, type ValueType } from '../../keyspace/value.js'
import { ReplyError } from '../../resp/types.js'
import { keyPositions, type CommandEntry } from './command-table.js'
import type { ClientContext } from './context.js'
import { call, resolveCommand } from './dispatch.js'
import { Blocked } from './types.js'

/** The type of key a blocking command of each group waits for. */
const WAITS_FOR: Partial<Record<string, ValueType>> = { list: 'list', 'sorted-set': 'zset' }

const WAITING: RetryOutcome = { kind: 'waiting' }

/**
 * Re-runs a parked command from `key` (Redis serves a client from the key that became ready, not from
 * the first of its keys); a key whose value is not of the waited-for type leaves the client waiting.
 */
function retryBlocked(parked: ParkedCommand<ClientContext>, key: string): RetryOutcome {
  const ctx = parked.ctx
  const entry = resolveCommand(ctx, parked.argv)
  if (entry instanceof ReplyError) return { kind: 'refused', reply: entry }
  const v = ctx.server.dbs[parked.dbIndex].peek(key)
  if (v === undefined || typeOf(v) !== WAITS_FOR[entry.spec.group]) return WAITING
  ctx.server.stampCallClock()
  const reply = call(ctx, entry, onlyKey(entry, parked, key))
  if (reply instanceof Blocked) return WAITING
  return { kind: 'served', reply }
}

/** The parked argv with each of its blocking keys replaced by `key`, so the re-run serves from that key. */
function onlyKey(entry: CommandEntry, parked: ParkedCommand<ClientContext>, key: string): string[] {
  const waited = new Set(parked.keys)
  const argv = [...parked.argv]
  for (const p of keyPositions(entry.spec, argv)) if (waited.has(argv[p])) argv[p] = key
  return argv
}

/** The runner the server hands its BlockingManager. */
export const blockedCommandRunner: BlockedCommandRunner<ClientContext> = {
  retry: retryBlocked,
  afterServed: (ctx) => ctx.server.afterCommand(),
}
