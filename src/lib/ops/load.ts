// Reads a cluster: the entry node's CLUSTER NODES for the picture, then every listed node's own
// CLUSTER NODES, key count and cluster_state (or why it could not be reached), all in parallel.
import { parseClusterNodes, type NodesLine } from '../../common/nodes-line.js'
import { formatAddr, local, type HostPort } from '../addr.js'
import { RclError } from '../errors.js'
import { withClient, type NodeClient, type OpenClients } from '../redis-client.js'
import { viewFromLines, type ClusterView } from '../view.js'
import { strayKeyCounts } from './stray-keys.js'

export type NodeProbe =
  | {
    reachable: true
    lines: NodesLine[]
    keys: number
    clusterState: string
    /** Keys per slot in slots the node does not claim; only when loaded with `searchOwners`. */
    stray?: Map<number, number>
  }
  | { reachable: false; error: string }

export interface LoadedCluster {
  entry: HostPort
  view: ClusterView
  /** By node id. */
  probes: Map<string, NodeProbe>
}

export class NotClusterNodeError extends RclError {
  constructor(addr: string) {
    super('E_NOT_CLUSTER', `Node ${addr} is not configured as a cluster node.`, 'start it with cluster-enabled yes (rcl start --template cluster)')
  }
}

export interface LoadOptions {
  /** Per connection and command (default 2000 ms). */
  timeoutMs?: number
  /** Also find the keys each master holds in slots it does not claim (NodeProbe.stray). */
  searchOwners?: boolean
  /** Connections the caller holds: used instead of new ones, and left open. */
  open?: OpenClients
}

export async function loadCluster(entry: HostPort, opts: LoadOptions = {}): Promise<LoadedCluster> {
  const timeoutMs = opts.timeoutMs ?? 2000
  const via = <T>(addr: HostPort, fn: (c: NodeClient) => Promise<T>): Promise<T> => {
    const held = opts.open?.get(formatAddr(addr))
    return held !== undefined ? fn(held) : withClient(local(addr), fn, { timeoutMs })
  }
  const lines = await via(entry, (c) => clusterNodes(c, formatAddr(entry)))
  const view = viewFromLines(lines, entry)
  const probes = new Map<string, NodeProbe>()
  await Promise.all(view.nodes.map(async (n) => probes.set(n.id, await probe(n.addr, opts.searchOwners === true, via))))
  return { entry, view, probes }
}

type Via = <T>(addr: HostPort, fn: (c: NodeClient) => Promise<T>) => Promise<T>

async function probe(addr: HostPort, searchOwners: boolean, via: Via): Promise<NodeProbe> {
  try {
    return await via(addr, async (c) => {
      const [lines, dbsize, info] = await Promise.all([clusterNodes(c, formatAddr(addr)), c.call('DBSIZE'), clusterInfo(c)])
      const keys = Number(dbsize)
      const state = info.get('cluster_state') ?? 'unknown'
      const me = lines.find((l) => l.flags.includes('myself'))
      const master = me !== undefined && !me.flags.includes('slave')
      const stray = searchOwners && master ? (keys > 0 ? await strayKeyCounts(c, me.slots) : new Map<number, number>()) : undefined
      return { reachable: true as const, lines, keys, clusterState: state, stray }
    })
  } catch (e) {
    return { reachable: false, error: (e as Error).message }
  }
}

/** A node's own line of its own CLUSTER NODES, when it answered: its claims and open slots as it sees them. */
export function ownLine(p: NodeProbe | undefined): NodesLine | undefined {
  return p?.reachable === true ? p.lines.find((l) => l.flags.includes('myself')) : undefined
}

/** CLUSTER NODES, parsed; a node without cluster support is named as such. */
export async function clusterNodes(c: NodeClient, addr: string): Promise<NodesLine[]> {
  try {
    return parseClusterNodes(String(await c.call('CLUSTER', 'NODES')))
  } catch (e) {
    if (/cluster support disabled/i.test((e as Error).message)) throw new NotClusterNodeError(addr)
    throw e
  }
}

export async function clusterInfo(c: NodeClient): Promise<Map<string, string>> {
  const text = String(await c.call('CLUSTER', 'INFO'))
  return new Map(text.split('\r\n').filter((l) => l.includes(':')).map((l) => [l.slice(0, l.indexOf(':')), l.slice(l.indexOf(':') + 1)]))
}
