// CLUSTER family, plus READONLY, READWRITE and ASKING. In standalone mode every one answers "This
// instance has cluster support disabled", as Redis does. Slot assignment lives in cluster-slots.ts and
// the SLOTS/SHARDS replies in cluster-topology.ts; the state and the bus are cluster/.
import { keySlot } from '../../common/key-slot.js'
import type { ClusterMode } from '../cluster/cluster-mode.js'
import { CLUSTER_SLOTS, isReplica } from '../cluster/node.js'
import { err, SYNTAX } from '../resp/errors.js'
import { map, OK, simple, verbatim, type Reply } from '../resp/types.js'
import { CLUSTER_HELP } from './cluster-help.js'
import {
  clusterAddslotsCommand, clusterAddslotsrangeCommand, clusterDelslotsCommand, clusterDelslotsrangeCommand,
  clusterFlushslotsCommand, clusterSetslotCommand,
} from './cluster-slots.js'
import { clusterShardsReply, clusterSlotsReply } from './cluster-topology.js'
import { helpReply } from './core/help.js'
import { readInt } from './core/args.js'
import { parseIntStrict } from '../util/int.js'
import { flushDb } from './keys-db.js'
import type { CommandContext, CommandFlag, CommandSpec } from './core/types.js'

const DISABLED = err('This instance has cluster support disabled')
const STALE: CommandFlag[] = ['stale']
const ADMIN: CommandFlag[] = ['admin', 'stale']
const CHANGES: CommandFlag[] = ['admin', 'stale', 'no_async_loading']
const row = (name: string, arity: number, flags: CommandFlag[], handler: CommandSpec['handler'], since: string, summary: string): CommandSpec =>
  ({ name, arity, flags, handler, group: 'cluster', since, summary })

export const clusterCommands: CommandSpec[] = [{
  name: 'cluster', arity: -2, flags: [], group: 'cluster', since: '3.0.0', summary: 'Inspects and changes the cluster configuration of the node',
  subcommands: [
    row('addslots', -3, CHANGES, clusterAddslotsCommand, '3.0.0', 'Assigns slots to this node'),
    row('addslotsrange', -4, CHANGES, clusterAddslotsrangeCommand, '7.0.0', 'Assigns runs of slots to this node'),
    row('bumpepoch', 2, CHANGES, clusterBumpepochCommand, '3.0.0', 'Gives this node a new configEpoch unless its own is already the greatest'),
    row('count-failure-reports', 3, ADMIN, clusterCountFailureReportsCommand, '3.0.0', 'Counts the live reports that a node is failing'),
    row('countkeysinslot', 3, STALE, clusterCountkeysinslotCommand, '3.0.0', 'Counts the keys this node holds in a slot'),
    row('delslots', -3, CHANGES, clusterDelslotsCommand, '3.0.0', 'Unassigns slots'),
    row('delslotsrange', -4, CHANGES, clusterDelslotsrangeCommand, '7.0.0', 'Unassigns runs of slots'),
    row('flushslots', 2, CHANGES, clusterFlushslotsCommand, '3.0.0', 'Unassigns every slot of this node'),
    row('forget', 3, CHANGES, clusterForgetCommand, '3.0.0', 'Removes a node from this node\'s view for a minute'),
    row('getkeysinslot', 4, STALE, clusterGetkeysinslotCommand, '3.0.0', 'Lists keys this node holds in a slot'),
    row('info', 2, STALE, clusterInfoCommand, '3.0.0', 'Describes the cluster state as this node sees it'),
    row('keyslot', 3, STALE, clusterKeyslotCommand, '3.0.0', 'Computes the hash slot of a key'),
    row('links', 2, STALE, clusterLinksCommand, '7.0.0', 'Lists the bus links of this node'),
    row('meet', -4, CHANGES, clusterMeetCommand, '3.0.0', 'Starts a handshake with another node'),
    row('myid', 2, STALE, clusterMyidCommand, '3.0.0', 'Returns this node\'s id'),
    row('nodes', 2, STALE, clusterNodesCommand, '3.0.0', 'Describes every node this node knows'),
    row('replicas', 3, ADMIN, clusterReplicasCommand, '5.0.0', 'Lists the replicas of a master'),
    row('replicate', 3, CHANGES, clusterReplicateCommand, '3.0.0', 'Makes this node a replica of a master'),
    row('reset', -2, ['admin', 'noscript', 'stale'], clusterResetCommand, '3.0.0', 'Forgets the cluster: soft keeps the node id, hard does not'),
    row('saveconfig', 2, CHANGES, clusterSaveconfigCommand, '3.0.0', 'Writes nodes.conf now'),
    row('set-config-epoch', 3, CHANGES, clusterSetConfigEpochCommand, '3.0.0', 'Sets the configEpoch of a new node'),
    row('setslot', -4, CHANGES, clusterSetslotCommand, '3.0.0', 'Opens, closes or assigns a slot'),
    row('shards', 2, STALE, clusterShardsCommand, '7.0.0', 'Lists the shards: slots and nodes'),
    row('slaves', 3, ADMIN, clusterReplicasCommand, '3.0.0', 'Lists the replicas of a master'),
    row('slots', 2, STALE, clusterSlotsCommand, '3.0.0', 'Maps slot runs to their nodes'),
    row('help', 2, ['loading', 'stale'], clusterHelpCommand, '5.0.0', 'Describes the CLUSTER subcommands'),
  ],
}, {
  name: 'readonly', arity: 1, flags: ['loading', 'stale', 'fast'], handler: readonlyCommand, group: 'cluster', since: '3.0.0', summary: 'Lets a replica serve reads of its master\'s slots to this connection', complexity: 'O(1)',
}, {
  name: 'readwrite', arity: 1, flags: ['loading', 'stale', 'fast'], handler: readwriteCommand, group: 'cluster', since: '3.0.0', summary: 'Ends READONLY', complexity: 'O(1)',
}, {
  name: 'asking', arity: 1, flags: ['fast'], handler: askingCommand, group: 'cluster', since: '3.0.0', summary: 'Lets the next command be served on a slot being imported', complexity: 'O(1)',
}]

/** Redis's reply to a known subcommand given too many arguments: it names the subcommand as typed. */
const subcommandSyntax = (argv: string[]) => err(`unknown subcommand or wrong number of arguments for '${argv[1]}'. Try CLUSTER HELP.`)

/** The cluster side of the server, or the standalone refusal. */
export function clusterOf(ctx: CommandContext): ClusterMode {
  const cluster = ctx.server.cluster
  if (cluster === null) throw DISABLED
  return cluster
}

function nodeNamed(cluster: ClusterMode, name: string) {
  const node = cluster.state.lookupNode(name)
  if (node === undefined) throw err(`Unknown node ${name}`)
  return node
}

/** CLUSTER INFO */
function clusterInfoCommand(ctx: CommandContext): Reply {
  return verbatim(clusterOf(ctx).bus.clusterInfoText())
}

/** CLUSTER NODES */
function clusterNodesCommand(ctx: CommandContext): Reply {
  return verbatim(clusterOf(ctx).state.nodesDescription())
}

/** CLUSTER MYID */
function clusterMyidCommand(ctx: CommandContext): Reply {
  return clusterOf(ctx).myself.name
}

/** CLUSTER SLOTS */
function clusterSlotsCommand(ctx: CommandContext): Reply {
  return clusterSlotsReply(clusterOf(ctx))
}

/** CLUSTER SHARDS */
function clusterShardsCommand(ctx: CommandContext): Reply {
  return clusterShardsReply(clusterOf(ctx))
}

/** CLUSTER LINKS */
function clusterLinksCommand(ctx: CommandContext): Reply {
  return clusterOf(ctx).bus.links().map((l) => map([
    'direction', l.direction, 'node', l.node, 'create-time', l['create-time'], 'events', l.events,
    'send-buffer-allocated', l['send-buffer-allocated'], 'send-buffer-used', l['send-buffer-used'],
  ]))
}

/** CLUSTER KEYSLOT key */
function clusterKeyslotCommand(ctx: CommandContext, argv: string[]): Reply {
  clusterOf(ctx)
  return keySlot(argv[2])
}

/** CLUSTER COUNTKEYSINSLOT slot */
function clusterCountkeysinslotCommand(ctx: CommandContext, argv: string[]): Reply {
  clusterOf(ctx)
  const slot = readInt(argv[2])
  if (slot < 0 || slot >= CLUSTER_SLOTS) throw err('Invalid slot')
  return ctx.server.dbs[0].slotIndex?.count(slot) ?? 0
}

/** CLUSTER GETKEYSINSLOT slot count */
function clusterGetkeysinslotCommand(ctx: CommandContext, argv: string[]): Reply {
  clusterOf(ctx)
  const slot = readInt(argv[2])
  const count = readInt(argv[3])
  if (count < 0 || slot < 0 || slot >= CLUSTER_SLOTS) throw err('Invalid slot or number of keys')
  return ctx.server.dbs[0].slotIndex?.keys(slot, count) ?? []
}

/** CLUSTER MEET ip port [bus-port] */
function clusterMeetCommand(ctx: CommandContext, argv: string[]): Reply {
  const cluster = clusterOf(ctx)
  if (argv.length > 5) throw subcommandSyntax(argv)
  const port = readPortOr(argv[3], `Invalid TCP base port specified: ${argv[3]}`)
  const cport = argv.length === 5 ? readPortOr(argv[4], `Invalid TCP bus port specified: ${argv[4]}`) : port + 10000
  if (!cluster.bus.meet(argv[2], port, cport)) throw err(`Invalid node address specified: ${argv[2]}:${argv[3]}`)
  return OK
}

/** A port argument of MEET: any integer, else `message` (Redis's wording names which port). */
function readPortOr(s: string, message: string): number {
  const n = parseIntStrict(s)
  if (n === null) throw err(message)
  return n
}

/** CLUSTER FORGET node-id */
function clusterForgetCommand(ctx: CommandContext, argv: string[]): Reply {
  const refusal = clusterOf(ctx).bus.forget(argv[2])
  if (refusal !== null) throw refusal
  return OK
}

/** CLUSTER REPLICATE node-id */
function clusterReplicateCommand(ctx: CommandContext, argv: string[]): Reply {
  const cluster = clusterOf(ctx)
  const node = nodeNamed(cluster, argv[2])
  if (node === cluster.myself) throw err("Can't replicate myself")
  if (isReplica(node)) throw err('I can only replicate a master, not a replica.')
  const me = cluster.myself
  if (!isReplica(me) && (me.numSlots !== 0 || ctx.server.dbs[0].size !== 0)) {
    throw err('To set a master the node must be empty and without assigned slots.')
  }
  cluster.bus.replicate(node)
  return OK
}

/** CLUSTER REPLICAS node-id (and CLUSTER SLAVES) */
function clusterReplicasCommand(ctx: CommandContext, argv: string[]): Reply {
  const cluster = clusterOf(ctx)
  const node = nodeNamed(cluster, argv[2])
  if (isReplica(node)) throw err('The specified node is not a master')
  const lines = cluster.state.nodesDescription().split('\n')
  return node.replicas.map((r) => lines.find((l) => l.startsWith(`${r.name} `)) ?? '')
}

/** CLUSTER COUNT-FAILURE-REPORTS node-id */
function clusterCountFailureReportsCommand(ctx: CommandContext, argv: string[]): Reply {
  const cluster = clusterOf(ctx)
  return cluster.bus.countFailureReports(nodeNamed(cluster, argv[2]))
}

/** CLUSTER RESET [HARD|SOFT] */
function clusterResetCommand(ctx: CommandContext, argv: string[]): Reply {
  const cluster = clusterOf(ctx)
  if (argv.length > 3) throw subcommandSyntax(argv)
  const how = argv.length === 3 ? argv[2].toLowerCase() : 'soft'
  if (how !== 'hard' && how !== 'soft') throw SYNTAX
  const wasReplica = isReplica(cluster.myself)
  if (!wasReplica && ctx.server.dbs[0].size !== 0) throw err("CLUSTER RESET can't be called with master nodes containing keys")
  cluster.bus.reset(how === 'hard')
  // a replica's data was its master's: it goes with the cluster (emptyData in clusterReset)
  if (wasReplica) for (const db of ctx.server.dbs) flushDb(ctx.server, db)
  return OK
}

/** CLUSTER SAVECONFIG */
function clusterSaveconfigCommand(ctx: CommandContext): Reply {
  const failure = clusterOf(ctx).saveOrError()
  if (failure !== null) throw err(failure)
  return OK
}

/** CLUSTER SET-CONFIG-EPOCH epoch */
function clusterSetConfigEpochCommand(ctx: CommandContext, argv: string[]): Reply {
  const refusal = clusterOf(ctx).bus.setConfigEpoch(readInt(argv[2]))
  if (refusal !== null) throw refusal
  return OK
}

/** CLUSTER BUMPEPOCH */
function clusterBumpepochCommand(ctx: CommandContext): Reply {
  const { bumped, epoch } = clusterOf(ctx).bus.bumpEpoch()
  return simple(`${bumped ? 'BUMPED' : 'STILL'} ${epoch}`)
}

/** CLUSTER HELP */
function clusterHelpCommand(ctx: CommandContext): Reply {
  clusterOf(ctx)
  return helpReply('CLUSTER', CLUSTER_HELP)
}

/** READONLY */
function readonlyCommand(ctx: CommandContext): Reply {
  clusterOf(ctx)
  ctx.client.readonly = true
  return OK
}

/** READWRITE */
function readwriteCommand(ctx: CommandContext): Reply {
  clusterOf(ctx)
  ctx.client.readonly = false
  return OK
}

/** ASKING */
function askingCommand(ctx: CommandContext): Reply {
  clusterOf(ctx)
  ctx.client.asking = true
  return OK
}
