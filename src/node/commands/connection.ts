// Connection family: PING, ECHO, SELECT, QUIT (AUTH, HELLO, RESET and friends join this table).
import { err, OUT_OF_RANGE_DB, NOT_INTEGER } from '../resp/errors.js'
import { OK, PONG, PushReply, type Reply } from '../resp/types.js'
import { parseIntStrict } from '../util/int.js'
import type { CommandContext, CommandSpec } from './types.js'

export const connectionCommands: CommandSpec[] = [
  { name: 'ping', arity: -1, flags: ['fast', 'sentinel'], handler: pingCommand, group: 'connection', since: '1.0.0', summary: 'Checks that the server answers' },
  { name: 'echo', arity: 2, flags: ['fast'], handler: echoCommand, group: 'connection', since: '1.0.0', summary: 'Returns its argument' },
  { name: 'select', arity: 2, flags: ['loading', 'stale', 'fast'], handler: selectCommand, group: 'connection', since: '1.0.0', summary: 'Changes the selected database of the connection' },
  { name: 'quit', arity: -1, flags: ['allow_busy', 'noscript', 'loading', 'stale', 'fast', 'no_auth'], handler: quitCommand, group: 'connection', since: '1.0.0', summary: 'Closes the connection' },
]

/** PING [message] */
function pingCommand(ctx: CommandContext, argv: string[]): Reply {
  if (argv.length > 2) throw err("wrong number of arguments for 'ping' command")
  if (ctx.client.inSubscribedMode) return ['pong', argv.length === 2 ? argv[1] : '']
  return argv.length === 2 ? argv[1] : PONG
}

/** ECHO message */
function echoCommand(_ctx: CommandContext, argv: string[]): Reply {
  return argv[1]
}

/** SELECT index */
function selectCommand(ctx: CommandContext, argv: string[]): Reply {
  const idx = parseIntStrict(argv[1])
  if (idx === null) throw NOT_INTEGER
  if (idx < 0 || idx >= ctx.server.dbs.length) throw OUT_OF_RANGE_DB
  ctx.client.dbIndex = idx
  return OK
}

/** QUIT */
function quitCommand(ctx: CommandContext): Reply {
  ctx.client.link.closeAfterReply()
  return OK
}

void PushReply
