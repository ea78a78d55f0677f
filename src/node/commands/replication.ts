// Replication commands of the master side: REPLCONF, PSYNC, SYNC, ROLE and WAIT. The state and the
// sync itself live in src/node/replication/; these parse arguments and answer as Redis 7.0 does.
import { err, NOT_INTEGER, SYNTAX } from '../resp/errors.js'
import { OK, ReplyError, simple, type Reply } from '../resp/types.js'
import { parseIntStrict } from '../util/int.js'
import { NO_REPLY } from '../replication/master.js'
import { clientInfoLine } from './client-list.js'
import { Blocked, type CommandContext, type CommandSpec } from './core/types.js'

export const replicationCommands: CommandSpec[] = [
  { name: 'replconf', arity: -1, flags: ['admin', 'noscript', 'loading', 'stale', 'allow_busy'], handler: replconfCommand, group: 'server', since: '3.0.0', summary: 'Replica-to-master handshake and acknowledgements (internal)' },
  { name: 'psync', arity: -3, flags: ['admin', 'noscript', 'no_async_loading', 'no_multi'], handler: psyncCommand, group: 'server', since: '2.8.0', summary: 'Starts or continues replication from this master (internal)' },
  { name: 'sync', arity: 1, flags: ['admin', 'noscript', 'no_async_loading', 'no_multi'], handler: syncCommand, group: 'server', since: '1.0.0', summary: 'Starts replication from this master, old protocol (internal)' },
  { name: 'role', arity: 1, flags: ['noscript', 'loading', 'stale', 'fast'], handler: roleCommand, group: 'server', since: '2.8.12', summary: 'Reports the replication role of this node', complexity: 'O(1)' },
  { name: 'replicaof', arity: 3, flags: ['admin', 'noscript', 'stale', 'no_async_loading'], handler: replicaofCommand, group: 'server', since: '5.0.0', summary: 'Makes this node a replica of another, or a master again (NO ONE)', complexity: 'O(1)' },
  { name: 'slaveof', arity: 3, flags: ['admin', 'noscript', 'stale', 'no_async_loading'], handler: replicaofCommand, group: 'server', since: '1.0.0', summary: 'Makes this node a replica of another, or a master again (NO ONE)', complexity: 'O(1)' },
  { name: 'wait', arity: 3, flags: ['noscript'], handler: waitCommand, group: 'generic', since: '3.0.0', summary: 'Waits until earlier writes reach a number of replicas', complexity: 'O(1)' },
]

const PENDING_OUTPUT = err('SYNC and PSYNC are invalid with pending output')
const NOMASTERLINK = new ReplyError("NOMASTERLINK Can't SYNC while not connected with my master")

/** REPLICAOF host port | NO ONE */
function replicaofCommand(ctx: CommandContext, argv: string[]): Reply {
  const repl = ctx.server.replication
  // a cluster node's master is chosen with CLUSTER REPLICATE
  if (ctx.server.mode === 'cluster') throw err('REPLICAOF not allowed in cluster mode.')
  if (ctx.client.isMaster) throw err('Command is not valid when client is a replica.')
  // the log line names who asked, as Redis's does
  const who = (): string => clientInfoLine(ctx.server, ctx.client, { argv, cmd: argv[0].toLowerCase() })
  if (argv[1].toLowerCase() === 'no' && argv[2].toLowerCase() === 'one') {
    repl.becomeMaster(who())
    return OK
  }
  const port = parseIntStrict(argv[2])
  if (port === null || port < 0 || port > 65535) throw err('Invalid master port')
  if (!repl.startReplication(argv[1], port, who())) return simple('OK Already connected to specified master')
  return OK
}

/** REPLCONF <option> <value> [...]: the handshake options, and ACK / GETACK. */
function replconfCommand(ctx: CommandContext, argv: string[]): Reply {
  if (argv.length % 2 === 0) throw SYNTAX
  const master = ctx.server.replication
  const announce = master.announceOf(ctx.client)
  for (let i = 1; i < argv.length; i += 2) {
    const option = argv[i].toLowerCase()
    const value = argv[i + 1]
    switch (option) {
      case 'listening-port': {
        const port = parseIntStrict(value)
        if (port === null) throw NOT_INTEGER
        announce.listeningPort = port
        break
      }
      case 'ip-address':
        if (value.length >= 256) throw err(`REPLCONF ip-address provided by replica instance is too long: ${value.length} bytes`)
        announce.ipAddress = value
        break
      case 'capa':
        if (value.toLowerCase() === 'eof') announce.capaEof = true
        else if (value.toLowerCase() === 'psync2') announce.capaPsync2 = true
        break
      case 'ack': {
        const offset = parseIntStrict(value)
        if (offset !== null) master.ack(ctx.client, offset)
        return NO_REPLY
      }
      case 'getack':
        // asked of replicas; this node has no master to acknowledge
        return NO_REPLY
      case 'rdb-only': {
        const v = parseIntStrict(value)
        if (v !== 0 && v !== 1) throw err('Invalid value for rdb-only, must be 0 or 1')
        announce.rdbOnly = v === 1
        break
      }
      case 'rdb-filter-only':
        // only "functions" exists in 7.0, and rcl-node has no functions: an empty filter changes nothing
        if (value.split(' ').some((f) => f !== '' && f.toLowerCase() !== 'functions')) throw err(`Unsupported rdb-filter-only option: ${value}`)
        break
      default:
        throw err(`Unrecognized REPLCONF option: ${argv[i]}`)
    }
  }
  return OK
}

/**
 * PSYNC replid offset [FAILOVER]. With FAILOVER (sent by a master handing over in a coordinated
 * failover) a replica whose master has that id promotes itself first, then answers as a master.
 */
function psyncCommand(ctx: CommandContext, argv: string[]): Reply {
  const repl = ctx.server.replication
  if (repl.replicaOf(ctx.client) !== undefined) return NO_REPLY
  if (argv.length > 3 && argv[3].toLowerCase() === 'failover') {
    if (repl.link === null) throw err("PSYNC FAILOVER can't be sent to a master.")
    if (argv[1] !== repl.stream.replid) throw err('PSYNC FAILOVER replid must match my replid.')
    ctx.server.log.notice(`Failover request received for replid ${argv[1]}.`)
    repl.becomeMaster()
  }
  if (repl.link?.up === false) throw NOMASTERLINK
  const offset = parseIntStrict(argv[2])
  if (offset === null) throw NOT_INTEGER
  if (ctx.client.link.outputBufferBytes() > 0) throw PENDING_OUTPUT
  ctx.server.replication.startSync(ctx, argv[1], offset)
  return NO_REPLY
}

/** SYNC: the pre-PSYNC protocol, always a full sync. */
function syncCommand(ctx: CommandContext): Reply {
  if (ctx.server.replication.replicaOf(ctx.client) !== undefined) return NO_REPLY
  if (ctx.server.replication.link?.up === false) throw NOMASTERLINK
  if (ctx.client.link.outputBufferBytes() > 0) throw PENDING_OUTPUT
  ctx.server.replication.startSync(ctx, null, 0)
  return NO_REPLY
}

/** ROLE: the master form (offset, online replicas with their ACKs) or the replica form (master, link state, offset). */
function roleCommand(ctx: CommandContext): Reply {
  const master = ctx.server.replication
  const link = master.link
  if (link !== null) return ['slave', link.host, link.port, link.state, link.reploff]
  const replicas = master.replicas.filter((r) => r.state === 'online')
    .map((r) => [r.ip, String(r.announce.listeningPort), String(r.ackOffset)])
  return ['master', master.stream.offset, replicas]
}

/** WAIT numreplicas timeout: replicas that acknowledged this client's last write, waiting up to timeout ms. */
function waitCommand(ctx: CommandContext, argv: string[]): Reply | Blocked {
  const numreplicas = parseIntStrict(argv[1])
  if (numreplicas === null) throw NOT_INTEGER
  const ms = parseIntStrict(argv[2])
  if (ms === null) throw err('timeout is not an integer or out of range')
  if (ms < 0) throw err('timeout is negative')
  const master = ctx.server.replication
  if (master.link !== null) throw err('WAIT cannot be used with replica instances. Please also note that since Redis 4.0 if a replica is configured to be writable (which is not the default) writes to replicas are just local and are not propagated.')
  const offset = ctx.client.woff
  const acked = master.acknowledged(offset)
  if (acked >= numreplicas || ctx.inExec) return acked
  master.waits.add(ctx.client, offset, numreplicas, ms)
  // the master answers it (on an ACK or its own timer); this deadline is never reached
  return new Blocked([], 0, acked)
}

