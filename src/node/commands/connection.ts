// Connection family: PING, ECHO, SELECT, QUIT, AUTH, HELLO, RESET. CLIENT subcommands live in client.ts.
// Authentication knows one user, "default", whose password is `requirepass` (nopass when it is empty).
import { err, coded, OUT_OF_RANGE_DB, SYNTAX, WRONGPASS } from '../resp/errors.js'
import { MapReply, OK, PONG, RawReply, type Reply } from '../resp/types.js'
import { parseIntStrict } from '../util/int.js'
import { REDIS_VERSION } from '../version.js'
import type { Server } from '../server.js'
import type { ClientState } from '../client/state.js'
import { CLIENT_NAME_INVALID, validClientName } from './client.js'
import { clusterEnabled, readInt32 } from './keys-common.js'
import type { CommandContext, CommandSpec } from './core/types.js'

export const connectionCommands: CommandSpec[] = [
  { name: 'ping', arity: -1, flags: ['fast', 'sentinel'], handler: pingCommand, group: 'connection', since: '1.0.0', summary: 'Checks that the server answers', complexity: 'O(1)' },
  { name: 'echo', arity: 2, flags: ['loading', 'stale', 'fast'], handler: echoCommand, group: 'connection', since: '1.0.0', summary: 'Returns its argument', complexity: 'O(1)' },
  { name: 'select', arity: 2, flags: ['loading', 'stale', 'fast'], handler: selectCommand, group: 'connection', since: '1.0.0', summary: 'Changes the selected database of the connection', complexity: 'O(1)' },
  { name: 'quit', arity: -1, flags: ['allow_busy', 'noscript', 'loading', 'stale', 'fast', 'no_auth'], handler: quitCommand, group: 'connection', since: '1.0.0', summary: 'Closes the connection', complexity: 'O(1)' },
  { name: 'auth', arity: -2, flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'sentinel', 'allow_busy'], handler: authCommand, group: 'connection', since: '1.0.0', summary: 'Authenticates the connection as a user', complexity: 'O(N) where N is the number of passwords defined for the user' },
  { name: 'hello', arity: -1, flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'sentinel', 'allow_busy'], handler: helloCommand, group: 'connection', since: '6.0.0', summary: 'Chooses the protocol version, optionally authenticating and naming the connection', complexity: 'O(1)' },
  { name: 'reset', arity: 1, flags: ['noscript', 'loading', 'stale', 'fast', 'no_auth', 'allow_busy'], handler: resetCommand, group: 'connection', since: '6.2.0', summary: 'Returns the connection to its initial state', complexity: 'O(1)' },
]

const RESET_REPLY = new RawReply(Buffer.from('+RESET\r\n'))
const NO_PASSWORD_CONFIGURED = err('AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?')
const HELLO_NOAUTH = coded('NOAUTH', 'HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used to authenticate the client and select the RESP protocol version at the same time')
const NOPROTO = coded('NOPROTO', 'unsupported protocol version')
const BAD_PROTOVER = err('Protocol version is not an integer or out of range')

/** PING [message] */
function pingCommand(ctx: CommandContext, argv: string[]): Reply {
  if (argv.length > 2) throw err("wrong number of arguments for 'ping' command")
  // RESP2 subscribers get the pub/sub shaped answer; RESP3 has push messages apart, so a plain reply.
  if (ctx.client.inSubscribedMode) return ['pong', argv.length === 2 ? argv[1] : '']
  return argv.length === 2 ? argv[1] : PONG
}

/** ECHO message */
function echoCommand(_ctx: CommandContext, argv: string[]): Reply {
  return argv[1]
}

const SELECT_IN_CLUSTER = err('SELECT is not allowed in cluster mode')

/** SELECT index (a cluster node has db 0 only: any other index is refused before the range check, as Redis does) */
function selectCommand(ctx: CommandContext, argv: string[]): Reply {
  const idx = readInt32(argv[1])
  if (idx !== 0 && clusterEnabled(ctx.server)) throw SELECT_IN_CLUSTER
  if (idx < 0 || idx >= ctx.server.dbs.length) throw OUT_OF_RANGE_DB
  ctx.client.dbIndex = idx
  return OK
}

/** QUIT */
function quitCommand(ctx: CommandContext): Reply {
  ctx.client.link.closeAfterReply()
  return OK
}

/**
 * Checks a username/password pair against the only user, "default". Mirrors ACLAuthenticateUser()
 * for a server without ACL users: a nopass default user accepts any password.
 */
export function checkCredentials(server: Server, username: string, password: string): boolean {
  if (username !== 'default') return false
  const required = server.config.get('requirepass')
  return required === '' || password === required
}

/** AUTH [username] password */
function authCommand(ctx: CommandContext, argv: string[]): Reply {
  if (argv.length > 3) throw SYNTAX
  if (argv.length === 2 && !ctx.server.authRequired()) throw NO_PASSWORD_CONFIGURED
  const [username, password] = argv.length === 2 ? ['default', argv[1]] : [argv[1], argv[2]]
  if (!checkCredentials(ctx.server, username, password)) throw WRONGPASS
  ctx.client.authenticated = true
  return OK
}

/** HELLO [protover [AUTH username password] [SETNAME clientname]] */
function helloCommand(ctx: CommandContext, argv: string[]): Reply {
  const client = ctx.client
  let proto = 0
  if (argv.length >= 2) {
    const v = parseIntStrict(argv[1])
    if (v === null) throw BAD_PROTOVER
    if (v < 2 || v > 3) throw NOPROTO
    proto = v
  }
  // like Redis 7.0, each option takes effect as it is read: a later bad option leaves earlier ones applied
  for (let j = 2; j < argv.length; j++) {
    const more = argv.length - 1 - j
    const opt = argv[j].toLowerCase()
    if (opt === 'auth' && more >= 2) {
      if (!checkCredentials(ctx.server, argv[j + 1], argv[j + 2])) throw WRONGPASS
      client.authenticated = true
      j += 2
    } else if (opt === 'setname' && more >= 1) {
      const name = argv[++j]
      if (!validClientName(name)) throw CLIENT_NAME_INVALID
      client.name = name
    } else {
      throw err(`Syntax error in HELLO option '${argv[j]}'`)
    }
  }
  if (!client.authenticated) throw HELLO_NOAUTH
  if (proto !== 0) client.resp = proto as 2 | 3
  return helloReply(ctx.server, client)
}

function helloReply(server: Server, client: ClientState): Reply {
  return new MapReply([
    'server', 'redis',
    'version', REDIS_VERSION,
    'proto', client.resp,
    'id', client.id,
    'mode', server.mode,
    // as Redis's HELLO: the role this node has now
    'role', server.replication.link === null ? 'master' : 'replica',
    'modules', [],
  ])
}

/** RESET */
function resetCommand(ctx: CommandContext): Reply {
  resetClientState(ctx.server, ctx.client)
  return RESET_REPLY
}

/**
 * clearClientConnectionState(): leaves MULTI, WATCH, pub/sub and MONITOR, selects db 0, speaks RESP2,
 * forgets the name and client flags, and requires authentication again when a password is set.
 */
export function resetClientState(server: Server, client: ClientState): void {
  server.monitors.remove(client)
  client.multi = null
  client.multiError = false
  server.watch.unwatchAll(client)
  server.pubsub.removeClient(client)
  client.dbIndex = 0
  client.resp = 2
  client.name = ''
  client.replyMode = 'on'
  client.pendingReplyMode = null
  client.readonly = false
  client.asking = false
  client.noEvict = false
  client.authenticated = !server.authRequired()
}
