// Transactions: MULTI, EXEC, DISCARD, WATCH, UNWATCH. Queueing itself happens in core/dispatch.ts;
// EXEC runs the queue through call() so stats, errors and propagation work as for direct commands.
import { EXECABORT, err } from '../resp/errors.js'
import { encodeReply } from '../resp/encoder.js'
import { NULL_ARRAY, OK, RawReply, type ProtocolVersion, type Reply } from '../resp/types.js'
import type { ClientContext } from './core/context.js'
import { call } from './core/dispatch.js'
import { Blocked, type CommandContext, type CommandSpec } from './core/types.js'

export const txCommands: CommandSpec[] = [
  { name: 'multi', arity: 1, flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'], handler: multiCommand, group: 'transactions', since: '1.2.0', summary: 'Starts a transaction' },
  { name: 'exec', arity: 1, flags: ['noscript', 'loading', 'stale', 'skip_slowlog'], handler: execCommand, group: 'transactions', since: '1.2.0', summary: 'Runs every command queued since MULTI' },
  { name: 'discard', arity: 1, flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'], handler: discardCommand, group: 'transactions', since: '2.0.0', summary: 'Drops the commands queued since MULTI' },
  { name: 'watch', arity: -2, flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'], keys: [1, -1, 1], handler: watchCommand, group: 'transactions', since: '2.2.0', summary: 'Makes the next EXEC fail if any of the keys changes' },
  { name: 'unwatch', arity: 1, flags: ['noscript', 'loading', 'stale', 'fast', 'allow_busy'], handler: unwatchCommand, group: 'transactions', since: '2.2.0', summary: 'Forgets every key watched by the connection' },
]

/** MULTI */
function multiCommand(ctx: CommandContext): Reply {
  if (ctx.client.multi !== null) throw err('MULTI calls can not be nested')
  ctx.client.multi = []
  ctx.client.multiBytes = 0
  ctx.client.multiError = false
  return OK
}

function endTransaction(ctx: CommandContext): void {
  ctx.client.multi = null
  ctx.client.multiError = false
  ctx.server.watch.unwatchAll(ctx.client)
}

/** EXEC */
function execCommand(ctx: CommandContext): Reply {
  const client = ctx.client
  const queue = client.multi
  if (queue === null) throw err('EXEC without MULTI')
  if (client.multiError) {
    endTransaction(ctx)
    return EXECABORT
  }
  const now = ctx.server.clock.now()
  const expired = (db: number, key: string): boolean => ctx.server.dbs[db].isLogicallyExpired(key, now)
  if (client.dirtyCas || ctx.server.watch.expiredSinceWatch(client, expired)) {
    endTransaction(ctx)
    return NULL_ARRAY
  }
  // Stop watching first: our own writes must not flag this client dirty mid-EXEC.
  ctx.server.watch.unwatchAll(client)
  client.multi = null
  const replies = runQueued(ctx as ClientContext, queue)
  client.multiError = false
  return replies
}

function runQueued(ctx: ClientContext, queue: NonNullable<CommandContext['client']['multi']>): Reply[] {
  const replies: Reply[] = []
  // the protocol each reply was made under: a queued HELLO switches it for the replies after it only
  const protos: ProtocolVersion[] = []
  ctx.inExec = true
  ctx.server.propagation.beginExec()
  try {
    for (const { entry, argv } of queue) {
      const r = call(ctx, entry, argv)
      replies.push(r instanceof Blocked ? r.timeoutReply : r)
      protos.push(ctx.client.resp)
    }
  } finally {
    ctx.inExec = false
    ctx.server.propagation.endExec()
    ctx.client.woff = ctx.server.replication.stream.offset
  }
  const last = ctx.client.resp
  for (let i = 0; i < replies.length; i++) if (protos[i] !== last) replies[i] = new RawReply(encodeReply(replies[i], protos[i]))
  return replies
}

/** DISCARD */
function discardCommand(ctx: CommandContext): Reply {
  if (ctx.client.multi === null) throw err('DISCARD without MULTI')
  endTransaction(ctx)
  return OK
}

/** WATCH key [key ...] */
function watchCommand(ctx: CommandContext, argv: string[]): Reply {
  if (ctx.client.multi !== null) throw err('WATCH inside MULTI is not allowed')
  const now = ctx.server.clock.now()
  const db = ctx.db
  for (let i = 1; i < argv.length; i++) {
    ctx.server.watch.watch(ctx.client, ctx.client.dbIndex, argv[i], db.isLogicallyExpired(argv[i], now))
  }
  return OK
}

/** UNWATCH */
function unwatchCommand(ctx: CommandContext): Reply {
  ctx.server.watch.unwatchAll(ctx.client)
  return OK
}
