// commands/core/ ("core": what every family runs on and no family owns): the row types, the table, this
// dispatcher, the client context, argument readers and COMMAND's metadata. Family files stay in commands/.
// One command from argv to reply: lookup -> arity -> auth -> MULTI queueing -> context checks -> call.
// call() runs the handler and does the bookkeeping every execution shares (stats, errors, propagation).
import { NOAUTH, arity, err, unknownCommand, unknownSubcommand } from '../../resp/errors.js'
import { QUEUED, ReplyError, type Reply } from '../../resp/types.js'
import { argvWeight } from '../../resp/decoder.js'
import type { ClientContext } from './context.js'
import type { CommandEntry } from './command-table.js'
import { Blocked } from './types.js'
import { checkGates } from './gates.js'

/** Runs after each command (MONITOR, SLOWLOG); `usec` is -1 when the command has just blocked. */
export type CallObserver = (ctx: ClientContext, entry: CommandEntry, argv: string[], usec: number) => void

/** Commands that run immediately even inside MULTI (full names: SLOWLOG RESET is "slowlog|reset" and is queued). */
const MULTI_PASSTHROUGH = new Set(['exec', 'discard', 'multi', 'watch', 'quit', 'reset'])
const SUBSCRIBED_ALLOWED = new Set(['subscribe', 'psubscribe', 'ssubscribe', 'unsubscribe', 'punsubscribe', 'sunsubscribe', 'ping', 'quit', 'reset'])

/** Resolves argv to a table entry, or the error Redis gives for an unknown command or subcommand. */
export function resolveCommand(ctx: ClientContext, argv: string[]): CommandEntry | ReplyError {
  let entry = ctx.server.commands.lookup(argv[0])
  if (entry === undefined) return unknownCommand(argv)
  // a container with its own handler (COMMAND) runs that handler when called without a subcommand
  if (entry.subcommands !== null && (argv.length > 1 || entry.spec.handler === undefined)) {
    if (argv.length === 1) return arity(entry.fullName)
    const sub = entry.subcommands.get(argv[1].toLowerCase())
    if (sub === undefined) return unknownSubcommand(entry.spec.name, argv[1])
    entry = sub
  }
  return entry
}

function arityOk(entry: CommandEntry, argc: number): boolean {
  const a = entry.spec.arity
  return a > 0 ? argc === a : argc >= -a
}

/** Processes one request from a client. Returns the reply, or Blocked when the client must wait. */
export function processCommand(ctx: ClientContext, argv: string[]): Reply | Blocked {
  const reply = runCommand(ctx, argv)
  const client = ctx.client
  // ASKING covers the next command only (or a whole transaction), as resetClient() clears it
  if (client.asking && client.multi === null && argv[0].toLowerCase() !== 'asking') client.asking = false
  return reply
}

function runCommand(ctx: ClientContext, argv: string[]): Reply | Blocked {
  const client = ctx.client
  const resolved = resolveCommand(ctx, argv)
  if (resolved instanceof ReplyError) return reject(ctx, null, resolved)
  const entry = resolved
  if (!arityOk(entry, argv.length)) return reject(ctx, entry, arity(entry.fullName))
  if (!client.authenticated && !entry.noAuth) return reject(ctx, entry, NOAUTH)
  if (client.inSubscribedMode && !SUBSCRIBED_ALLOWED.has(entry.fullName)) {
    return reject(ctx, entry, err(`Can't execute '${entry.fullName}': only (P|S)SUBSCRIBE / (P|S)UNSUBSCRIBE / PING / QUIT / RESET are allowed in this context`))
  }
  const gate = checkGates(ctx, entry, argv)
  if (gate !== null) return reject(ctx, entry, gate)
  if (client.multi !== null && !MULTI_PASSTHROUGH.has(entry.fullName)) return queue(ctx, entry, argv)
  return call(ctx, entry, argv)
}

function queue(ctx: ClientContext, entry: CommandEntry, argv: string[]): Reply {
  if (entry.noMulti) return reject(ctx, entry, err('Command not allowed inside a transaction'))
  ;(ctx.client.multi as { entry: CommandEntry; argv: string[] }[]).push({ entry, argv })
  ctx.client.multiBytes += argvWeight(argv)
  return QUEUED
}

/**
 * A command refused before running: counted as rejected; inside MULTI it dooms the EXEC. A refused
 * EXEC (in MULTI or not) discards any transaction and answers EXECABORT naming the reason.
 */
function reject(ctx: ClientContext, entry: CommandEntry | null, e: ReplyError): Reply {
  if (entry) entry.stats.rejected++
  const client = ctx.client
  if (client.multi !== null) client.multiError = true
  if (entry?.spec.name === 'exec') e = execAbort(ctx, e)
  ctx.server.countError(e)
  return e
}

function execAbort(ctx: ClientContext, e: ReplyError): ReplyError {
  ctx.client.multi = null
  ctx.client.multiError = false
  ctx.server.watch.unwatchAll(ctx.client)
  const reason = e.text.startsWith('ERR ') ? e.text.slice(4) : e.text
  return new ReplyError(`EXECABORT Transaction discarded because of: ${reason}`)
}

/** Runs a resolved command: handler, stats, error counting, propagation of what it changed. */
export function call(ctx: ClientContext, entry: CommandEntry, argv: string[]): Reply | Blocked {
  const server = ctx.server
  const dirtyBefore = server.dirty
  // One clock read per command: a command starts when the previous one (or the batch) ended, so the
  // decoding of its own request is counted with it. performance.now() was 15% of a pipelined SET.
  const start = server.callClock
  ctx.propagateAs = null
  let reply: Reply | Blocked
  try {
    reply = (entry.spec.handler as NonNullable<typeof entry.spec.handler>)(ctx, argv)
  } catch (e) {
    reply = e instanceof ReplyError ? e : internalError(ctx, entry, e)
  }
  if (reply instanceof Blocked) {
    if (!ctx.inExec) {
      server.callClock = performance.now()
      // MONITOR shows a blocking command when it blocks; usec -1 tells observers it has not finished
      if (server.callObservers.length !== 0) for (const obs of server.callObservers) obs(ctx, entry, argv, -1)
      return reply
    }
    reply = reply.timeoutReply
  }
  const end = performance.now()
  server.callClock = end
  const usec = Math.round((end - start) * 1000)
  entry.stats.calls++
  server.stats.totalCommandsProcessed++
  entry.stats.usec += usec
  if (reply instanceof ReplyError) {
    entry.stats.failed++
    server.countError(reply)
  }
  // a command that saved (SAVE, DEBUG RELOAD) lowers dirty: that is no change to propagate, as in Redis
  if (server.dirty > dirtyBefore || ctx.propagateAs !== null) server.propagation.command(ctx, entry, argv)
  if (server.callObservers.length !== 0) for (const obs of server.callObservers) obs(ctx, entry, argv, usec)
  ctx.client.lastCommand = entry.fullName
  return reply
}

/** A handler threw something that is not a reply: a bug. Log it and keep serving. */
export function internalError(ctx: ClientContext, entry: CommandEntry, e: unknown): ReplyError {
  const msg = e instanceof Error ? e.stack ?? e.message : String(e)
  ctx.server.log.warning(`Internal error in '${entry.fullName}': ${msg}`)
  return err(`internal error in '${entry.fullName}': ${e instanceof Error ? e.message : String(e)}`)
}
