// Server family: INFO, TIME, SAVE, BGSAVE, BGREWRITEAOF, LASTSAVE, SHUTDOWN. INFO's sections are built in src/node/info/;
// COMMAND, SLOWLOG, MONITOR and MEMORY live in introspection.ts.
import { err, SYNTAX } from '../resp/errors.js'
import { OK, ReplyError, simple, verbatim, type Reply } from '../resp/types.js'
import { genInfoString, selectSections } from '../info/index.js'
import { strerror } from '../util/errno.js'
import { saveSync } from '../persistence/rdb-save.js'
import type { CommandContext, CommandSpec } from './core/types.js'

export const serverCommands: CommandSpec[] = [
  { name: 'info', arity: -1, flags: ['loading', 'stale', 'sentinel'], handler: infoCommand, group: 'server', since: '1.0.0', summary: 'Reports server state and statistics by section', complexity: 'O(1)' },
  { name: 'time', arity: 1, flags: ['loading', 'stale', 'fast'], handler: timeCommand, group: 'server', since: '2.6.0', summary: 'Returns the server clock as seconds and microseconds', complexity: 'O(1)' },
  { name: 'save', arity: 1, flags: ['admin', 'noscript', 'no_async_loading', 'no_multi'], handler: saveCommand, group: 'server', since: '1.0.0', summary: 'Synchronously saves the dataset to disk', complexity: 'O(N) where N is the total number of keys in all databases' },
  { name: 'bgsave', arity: -1, flags: ['admin', 'noscript', 'no_async_loading'], handler: bgsaveCommand, group: 'server', since: '1.0.0', summary: 'Saves the dataset to disk while the server keeps serving', complexity: 'O(1)' },
  { name: 'bgrewriteaof', arity: 1, flags: ['admin', 'noscript', 'no_async_loading'], handler: bgrewriteaofCommand, group: 'server', since: '1.0.0', summary: 'Rewrites the append-only file while the server keeps serving', complexity: 'O(1)' },
  { name: 'lastsave', arity: 1, flags: ['loading', 'stale', 'fast'], handler: lastsaveCommand, group: 'server', since: '1.0.0', summary: 'Returns the Unix time of the last successful save', complexity: 'O(1)' },
  { name: 'shutdown', arity: -1, flags: ['admin', 'noscript', 'loading', 'stale', 'no_multi', 'sentinel', 'allow_busy'], handler: shutdownCommand, group: 'server', since: '1.0.0', summary: 'Saves if asked or configured, then stops the server', complexity: 'O(N) when saving, where N is the number of keys in all databases' },
]

/** INFO [section [section ...]] */
function infoCommand(ctx: CommandContext, argv: string[]): Reply {
  return verbatim(genInfoString(ctx.server, selectSections(argv.slice(1))))
}

/** TIME */
function timeCommand(ctx: CommandContext): Reply {
  const ms = ctx.server.clock.now()
  const sec = Math.floor(ms / 1000)
  return [String(sec), String(Math.round((ms - sec * 1000) * 1000))]
}

const BGSAVE_IN_PROGRESS = err('Background save already in progress')

/** SAVE: the dump written before the reply; a failure is logged and answered with a bare ERR, as Redis does. */
function saveCommand(ctx: CommandContext): Reply {
  if (ctx.server.rdb.bgsaveInProgress || ctx.server.replication.syncInProgress) throw BGSAVE_IN_PROGRESS
  ctx.server.stats.rdbSaves++
  if (!saveSync(ctx.server)) throw new ReplyError('ERR')
  return OK
}

/**
 * BGSAVE [SCHEDULE]: a point-in-time snapshot written while the server keeps serving. Inside EXEC it is
 * only scheduled, as in Redis, so the image never shows half a transaction.
 */
function bgsaveCommand(ctx: CommandContext, argv: string[]): Reply {
  if (argv.length > 2 || (argv.length === 2 && argv[1].toLowerCase() !== 'schedule')) throw SYNTAX
  const rdb = ctx.server.rdb
  // a full sync's snapshot is a BGSAVE in Redis (its child is an RDB child)
  if (rdb.bgsaveInProgress || ctx.server.replication.syncInProgress) throw BGSAVE_IN_PROGRESS
  if (ctx.server.aof.rewriteInProgress || ctx.inExec) {
    if (argv.length === 1 && !ctx.inExec) {
      throw err("Another child process is active (AOF?): can't BGSAVE right now. Use BGSAVE SCHEDULE in order to schedule a BGSAVE whenever possible.")
    }
    rdb.scheduled = true
    return simple('Background saving scheduled')
  }
  rdb.startBgsave()
  return simple('Background saving started')
}

/** BGREWRITEAOF: a new base file from a background snapshot; scheduled while a BGSAVE runs or inside EXEC. */
function bgrewriteaofCommand(ctx: CommandContext): Reply {
  const aof = ctx.server.aof
  if (aof.rewriteInProgress) throw err('Background append only file rewriting already in progress')
  if (ctx.server.rdb.bgsaveInProgress || ctx.server.replication.syncInProgress || ctx.inExec) {
    aof.scheduled = true
    return simple('Background append only file rewriting scheduled')
  }
  try {
    aof.startRewrite()
  } catch (e) {
    ctx.server.log.warning(`Can't rewrite append only file in background: ${strerror(e)}`)
    throw err("Can't execute an AOF background rewriting. Please check the server logs for more information.")
  }
  return simple('Background append only file rewriting started')
}

/** LASTSAVE: when the last successful save finished (the start time until one has). */
function lastsaveCommand(ctx: CommandContext): Reply {
  return Math.floor(ctx.server.rdb.lastSave / 1000)
}

/** SHUTDOWN [NOSAVE|SAVE] [NOW] [FORCE] [ABORT] */
function shutdownCommand(ctx: CommandContext, argv: string[]): Reply {
  const opts: { save?: boolean; now?: boolean; force?: boolean } = {}
  let abort = false
  let nosave = false
  for (let i = 1; i < argv.length; i++) {
    switch (argv[i].toLowerCase()) {
      case 'nosave': nosave = true; break
      case 'save': opts.save = true; break
      case 'now': opts.now = true; break
      case 'force': opts.force = true; break
      case 'abort': abort = true; break
      default: throw SYNTAX
    }
  }
  if ((abort && (nosave || opts.save || opts.now || opts.force)) || (nosave && opts.save)) throw SYNTAX
  // shutdown here is synchronous: by the time ABORT could arrive there is nothing left to abort
  if (abort) throw err('No shutdown in progress.')
  if (nosave) opts.save = false
  const refusal = ctx.server.shutdown({ ...opts, reason: 'User requested shutdown...' })
  if (refusal) throw refusal
  return OK
}

