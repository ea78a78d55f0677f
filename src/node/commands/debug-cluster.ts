// DEBUG subcommands for testing the cluster bus: a filter that drops received packets of one type,
// and killing the links to or from a node. Both act on the bus runtime (cluster/cluster.ts).
import { NOT_INTEGER, err } from '../resp/errors.js'
import { OK, type Reply } from '../resp/types.js'
import { parseInt64 } from '../util/int.js'
import type { DebugSub } from './debug-common.js'
import { syntaxError } from './debug-server.js'
import type { CommandContext } from './core/types.js'

const NOT_CLUSTER = err('Debug option only available for cluster mode enabled setup!')

/**
 * DROP-CLUSTER-PACKET-FILTER <type>: Redis reads a long and keeps it in an int, so the value wraps
 * to 32 bits the same way. Outside cluster mode nothing receives packets, so only the reply matters.
 */
function dropFilterSub(ctx: CommandContext, argv: string[]): Reply {
  const n = parseInt64(argv[2])
  if (n === null) return NOT_INTEGER
  const cluster = ctx.server.cluster
  if (cluster !== null) cluster.bus.dropPacketFilter = Number(BigInt.asIntN(32, n))
  return OK
}

/** CLUSTERLINK KILL <to|from|all> <node-id> */
function clusterLinkSub(ctx: CommandContext, argv: string[]): Reply {
  if (argv[2].toLowerCase() !== 'kill') return syntaxError(argv)
  const cluster = ctx.server.cluster
  if (cluster === null) return NOT_CLUSTER
  return cluster.bus.killLinks(argv[4], argv[3]) ?? OK
}

export const clusterSubs: DebugSub[] = [
  {
    name: 'DROP-CLUSTER-PACKET-FILTER', argc: 3, run: dropFilterSub,
    help: ['DROP-CLUSTER-PACKET-FILTER <packet-type>', '    Drop all packets that match the filtered type. Set to -1 allow all packets.'],
  },
  {
    name: 'CLUSTERLINK', argc: 5, run: clusterLinkSub,
    help: ['CLUSTERLINK KILL <to|from|all> <node-id>', '    Kills the link based on the direction to/from (both) with the provided node.'],
  },
]
