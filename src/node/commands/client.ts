// CLIENT family: ID, SETNAME/GETNAME, LIST/INFO, KILL, REPLY, PAUSE/UNPAUSE, UNBLOCK, NO-EVICT, and
// the tracking subcommands (client-side caching is not built: TRACKING ON is refused, the rest answer
// truthfully for a client that does not track). CLIENT LIST lines are built in client-list.ts.
import { err, NOT_INTEGER, SYNTAX } from '../resp/errors.js'
import { MapReply, OK, SetReply, verbatim, ReplyError, type Reply } from '../resp/types.js'
import { parseIntStrict } from '../util/int.js'
import type { ClientConnection } from '../client/link.js'
import { clientInfoLine, clientType, clientTypeByName, type ClientType } from './client-list.js'
import { helpReply } from './core/help.js'
import type { CommandContext, CommandSpec, CommandFlag } from './core/types.js'

const SUB: CommandFlag[] = ['noscript', 'loading', 'stale']
const ADMIN: CommandFlag[] = ['admin', 'noscript', 'loading', 'stale']
const row = (name: string, arity: number, flags: CommandFlag[], handler: CommandSpec['handler'], since: string, summary: string): CommandSpec =>
  ({ name, arity, flags, handler, group: 'connection', since, summary, complexity: 'O(1)' })

export const clientCommands: CommandSpec[] = [{
  name: 'client', arity: -2, flags: [], group: 'connection', since: '2.4.0', summary: 'Inspects and controls client connections',
  subcommands: [
    row('id', 2, SUB, clientIdCommand, '5.0.0', 'Returns the id of the connection'),
    row('setname', 3, SUB, clientSetnameCommand, '2.6.9', 'Names the connection'),
    row('getname', 2, SUB, clientGetnameCommand, '2.6.9', 'Returns the name of the connection'),
    { ...row('list', -2, ADMIN, clientListCommand, '2.4.0', 'Lists the connections and their state'), complexity: 'O(N) where N is the number of client connections' },
    row('info', 2, SUB, clientInfoCommand, '6.2.0', 'Describes the calling connection'),
    { ...row('kill', -3, ADMIN, clientKillCommand, '2.4.0', 'Closes connections chosen by address, id, type or user'), complexity: 'O(N) where N is the number of client connections' },
    row('reply', 3, SUB, clientReplyCommand, '3.2.0', 'Turns the replies to this connection on or off'),
    row('pause', -3, ADMIN, clientPauseCommand, '3.0.0', 'Holds the commands of clients for a while'),
    row('unpause', 2, ADMIN, clientUnpauseCommand, '6.2.0', 'Ends a CLIENT PAUSE'),
    { ...row('unblock', -3, ADMIN, clientUnblockCommand, '5.0.0', 'Ends the wait of a client blocked by a blocking command'), complexity: 'O(log N) where N is the number of client connections' },
    row('no-evict', 3, ADMIN, clientNoEvictCommand, '7.0.0', 'Exempts the connection from client eviction'),
    row('tracking', -3, SUB, clientTrackingCommand, '6.0.0', 'Turns server-assisted client-side caching on or off'),
    row('trackinginfo', 2, SUB, clientTrackinginfoCommand, '6.2.0', 'Describes the tracking state of the connection'),
    row('getredir', 2, SUB, clientGetredirCommand, '6.0.0', 'Returns the id tracking notifications are redirected to'),
    row('caching', 3, SUB, clientCachingCommand, '6.0.0', 'Tells tracking whether the next command\'s keys are cached'),
    row('help', 2, ['loading', 'stale'], clientHelpCommand, '5.0.0', 'Describes the CLIENT subcommands'),
  ],
}]

export const CLIENT_NAME_INVALID = err('Client names cannot contain spaces, newlines or special characters.')

/** Client names are printable ASCII without spaces ('!'..'~'); empty clears the name. */
export function validClientName(name: string): boolean {
  for (let i = 0; i < name.length; i++) {
    const c = name.charCodeAt(i)
    if (c < 0x21 || c > 0x7e) return false
  }
  return true
}

/** addReplySubcommandSyntaxError(): argv[1] as the client typed it. */
const subcommandSyntax = (argv: string[]): ReplyError =>
  err(`unknown subcommand or wrong number of arguments for '${argv[1]}'. Try CLIENT HELP.`)

/** CLIENT ID */
function clientIdCommand(ctx: CommandContext): Reply {
  return ctx.client.id
}

/** CLIENT SETNAME connection-name */
function clientSetnameCommand(ctx: CommandContext, argv: string[]): Reply {
  if (!validClientName(argv[2])) throw CLIENT_NAME_INVALID
  ctx.client.name = argv[2]
  return OK
}

/** CLIENT GETNAME */
function clientGetnameCommand(ctx: CommandContext): Reply {
  return ctx.client.name === '' ? null : ctx.client.name
}

/** CLIENT LIST [TYPE NORMAL|MASTER|REPLICA|PUBSUB] [ID client-id [client-id ...]] */
function clientListCommand(ctx: CommandContext, argv: string[]): Reply {
  const server = ctx.server
  const self = { argv, cmd: 'client|list' }
  const line = (conn: ClientConnection): string => clientInfoLine(server, conn.client, conn.client === ctx.client ? self : undefined) + '\n'
  let out = ''
  if (argv.length === 4 && argv[2].toLowerCase() === 'type') {
    const type = clientTypeByName(argv[3])
    if (type === null) throw err(`Unknown client type '${argv[3]}'`)
    for (const conn of server.clients.values()) if (clientType(conn.client) === type) out += line(conn)
  } else if (argv.length > 3 && argv[2].toLowerCase() === 'id') {
    const ids: number[] = []
    for (let j = 3; j < argv.length; j++) {
      const id = parseIntStrict(argv[j])
      if (id === null) throw err('Invalid client ID')
      ids.push(id)
    }
    for (const id of ids) {
      const conn = server.clients.get(id)
      if (conn) out += line(conn)
    }
  } else if (argv.length !== 2) {
    throw SYNTAX
  } else {
    for (const conn of server.clients.values()) out += line(conn)
  }
  return verbatim(out)
}

/** CLIENT INFO */
function clientInfoCommand(ctx: CommandContext, argv: string[]): Reply {
  return verbatim(clientInfoLine(ctx.server, ctx.client, { argv, cmd: 'client|info' }) + '\n')
}

interface KillFilter {
  addr?: string
  laddr?: string
  type?: ClientType
  id?: number
  skipme: boolean
}

/** CLIENT KILL ip:port | CLIENT KILL [ID id] [TYPE type] [USER name] [ADDR ip:port] [LADDR ip:port] [SKIPME yes|no] */
function clientKillCommand(ctx: CommandContext, argv: string[]): Reply {
  const oldForm = argv.length === 3
  const filter = oldForm ? { addr: argv[2], skipme: false } : parseKillFilter(argv)
  let killed = 0
  let closeSelf = false
  for (const conn of [...ctx.server.clients.values()]) {
    const c = conn.client
    const link = conn
    if (filter.addr !== undefined && link.remoteAddress !== filter.addr) continue
    if (filter.laddr !== undefined && link.localAddress !== filter.laddr) continue
    if (filter.type !== undefined && clientType(c) !== filter.type) continue
    if (filter.id !== undefined && c.id !== filter.id) continue
    if (c === ctx.client && filter.skipme) continue
    if (c === ctx.client) closeSelf = true
    else killClient(ctx, conn)
    killed++
  }
  if (closeSelf) ctx.client.link.closeAfterReply()
  if (!oldForm) return killed
  if (killed === 0) throw err('No such client')
  return OK
}

function parseKillFilter(argv: string[]): KillFilter {
  const f: KillFilter = { skipme: true }
  for (let i = 2; i < argv.length; i += 2) {
    const opt = argv[i].toLowerCase()
    const val = argv[i + 1]
    if (val === undefined) throw SYNTAX
    if (opt === 'id') {
      const id = parseIntStrict(val)
      if (id === null || id < 1) throw err('client-id should be greater than 0')
      f.id = id
    } else if (opt === 'type') {
      const type = clientTypeByName(val)
      if (type === null) throw err(`Unknown client type '${val}'`)
      f.type = type
    } else if (opt === 'addr') f.addr = val
    else if (opt === 'laddr') f.laddr = val
    else if (opt === 'user') {
      if (val !== 'default') throw err(`No such user '${val}'`)
    } else if (opt === 'skipme') {
      const v = val.toLowerCase()
      if (v !== 'yes' && v !== 'no') throw SYNTAX
      f.skipme = v === 'yes'
    } else throw SYNTAX
  }
  return f
}

/** freeClient(): the connection closes now and leaves the client table at once. */
function killClient(ctx: CommandContext, conn: ClientConnection): void {
  conn.client.killed = true
  conn.kill()
  ctx.server.clients.remove(conn)
}

/** CLIENT REPLY ON|OFF|SKIP */
function clientReplyCommand(ctx: CommandContext, argv: string[]): Reply {
  const client = ctx.client
  switch (argv[2].toLowerCase()) {
    case 'on':
      client.replyMode = 'on'
      client.pendingReplyMode = null
      return OK
    case 'off':
      client.replyMode = 'off'
      client.pendingReplyMode = null
      return OK
    case 'skip':
      // this reply is dropped ('skip' consumed now), and so is the next one (pending 'skip')
      if (client.replyMode !== 'off') { client.replyMode = 'skip'; client.pendingReplyMode = 'skip' }
      return OK
    default:
      throw SYNTAX
  }
}

/** CLIENT PAUSE timeout [WRITE|ALL] */
function clientPauseCommand(ctx: CommandContext, argv: string[]): Reply {
  if (argv.length > 4) throw subcommandSyntax(argv)
  let type: 'write' | 'all' = 'all'
  if (argv.length === 4) {
    const mode = argv[3].toLowerCase()
    if (mode !== 'write' && mode !== 'all') throw err('CLIENT PAUSE mode must be WRITE or ALL')
    type = mode
  }
  const ms = parseIntStrict(argv[2])
  if (ms === null) throw err('timeout is not an integer or out of range')
  if (ms < 0) throw err('timeout is negative')
  ctx.server.pause.pause('client_pause', type, ctx.server.clock.now() + ms)
  return OK
}

/** CLIENT UNPAUSE: ends the pause CLIENT PAUSE set, not a failover's or a shutdown's. */
function clientUnpauseCommand(ctx: CommandContext): Reply {
  ctx.server.pause.unpause('client_pause')
  return OK
}

const UNBLOCKED = new ReplyError('UNBLOCKED client unblocked via CLIENT UNBLOCK')

/** CLIENT UNBLOCK client-id [TIMEOUT|ERROR] */
function clientUnblockCommand(ctx: CommandContext, argv: string[]): Reply {
  if (argv.length > 4) throw subcommandSyntax(argv)
  let asError = false
  if (argv.length === 4) {
    const reason = argv[3].toLowerCase()
    if (reason !== 'timeout' && reason !== 'error') throw err('CLIENT UNBLOCK reason should be TIMEOUT or ERROR')
    asError = reason === 'error'
  }
  const id = parseIntStrict(argv[2])
  if (id === null) throw NOT_INTEGER
  // a client held by CLIENT PAUSE is not blocked on keys: it stays paused
  if (ctx.server.pause.isParked(id)) return 0
  if (asError && ctx.server.blocking.unblock(id, UNBLOCKED)) {
    ctx.server.countError(UNBLOCKED)
    return 1
  }
  return !asError && ctx.server.blocking.unblock(id) ? 1 : 0
}

/** CLIENT NO-EVICT ON|OFF */
function clientNoEvictCommand(ctx: CommandContext, argv: string[]): Reply {
  const v = argv[2].toLowerCase()
  if (v !== 'on' && v !== 'off') throw SYNTAX
  ctx.client.noEvict = v === 'on'
  return OK
}

/** CLIENT TRACKING ON|OFF [REDIRECT id] [PREFIX prefix ...] [BCAST] [OPTIN] [OPTOUT] [NOLOOP] */
function clientTrackingCommand(_ctx: CommandContext, argv: string[]): Reply {
  const v = argv[2].toLowerCase()
  if (v === 'off') return OK
  if (v !== 'on') throw SYNTAX
  // TODO(tracking): client-side caching is not in the roadmap yet; refusing beats serving stale caches
  throw err('CLIENT TRACKING is not supported by rcl-node')
}

/** CLIENT TRACKINGINFO */
function clientTrackinginfoCommand(): Reply {
  return new MapReply(['flags', new SetReply(['off']), 'redirect', -1, 'prefixes', []])
}

/** CLIENT GETREDIR */
function clientGetredirCommand(): Reply {
  return -1
}

/** CLIENT CACHING YES|NO */
function clientCachingCommand(): Reply {
  throw err('CLIENT CACHING can be called only when the client is in tracking mode with OPTIN or OPTOUT mode enabled')
}

const CLIENT_HELP = [
  'CACHING (YES|NO)',
  '    Enable/disable tracking of the keys for next command in OPTIN/OPTOUT modes.',
  'GETREDIR',
  '    Return the client ID we are redirecting to when tracking is enabled.',
  'GETNAME',
  '    Return the name of the current connection.',
  'ID',
  '    Return the ID of the current connection.',
  'INFO',
  '    Return information about the current client connection.',
  'KILL <ip:port>',
  '    Kill connection made from <ip:port>.',
  'KILL <option> <value> [<option> <value> [...]]',
  '    Kill connections. Options are:',
  '    * ADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made from the specified address',
  '    * LADDR (<ip:port>|<unixsocket>:0)',
  '      Kill connections made to specified local address',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Kill connections by type.',
  '    * USER <username>',
  '      Kill connections authenticated by <username>.',
  '    * SKIPME (YES|NO)',
  '      Skip killing current connection (default: yes).',
  'LIST [options ...]',
  '    Return information about client connections. Options:',
  '    * TYPE (NORMAL|MASTER|REPLICA|PUBSUB)',
  '      Return clients of specified type.',
  'UNPAUSE',
  '    Stop the current client pause, resuming traffic.',
  'PAUSE <timeout> [WRITE|ALL]',
  '    Suspend all, or just write, clients for <timeout> milliseconds.',
  'REPLY (ON|OFF|SKIP)',
  '    Control the replies sent to the current connection.',
  'SETNAME <name>',
  '    Assign the name <name> to the current connection.',
  'UNBLOCK <clientid> [TIMEOUT|ERROR]',
  '    Unblock the specified blocked client.',
  'TRACKING (ON|OFF) [REDIRECT <id>] [BCAST] [PREFIX <prefix> [...]]',
  '         [OPTIN] [OPTOUT] [NOLOOP]',
  '    Control server assisted client side caching.',
  'TRACKINGINFO',
  '    Report tracking status for the current connection.',
  'NO-EVICT (ON|OFF)',
  '    Protect current client connection from eviction.',
]

/** CLIENT HELP */
function clientHelpCommand(): Reply {
  return helpReply('CLIENT', CLIENT_HELP)
}

