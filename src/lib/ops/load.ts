// Reads a cluster: the entry node's CLUSTER NODES for the picture, then every listed node's own
// CLUSTER NODES, key count and cluster_state (or why it could not be reached), all in parallel.
import { parseClusterNodes, type NodesLine } from '../../common/nodes-line.js'
import { formatAddr, local, type HostPort } from '../addr.js'
import { RclError } from '../errors.js'
import { withClient, type NodeClient } from '../redis-client.js'
import { viewFromLines, type ClusterView } from '../view.js'

export type NodeProbe =
  | { reachable: true; lines: NodesLine[]; keys: number; clusterState: string }
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

export async function loadCluster(entry: HostPort, timeoutMs = 2000): Promise<LoadedCluster> {
  const lines = await withClient(local(entry), (c) => clusterNodes(c, formatAddr(entry)), { timeoutMs })
  const view = viewFromLines(lines, entry)
  const probes = new Map<string, NodeProbe>()
  await Promise.all(view.nodes.map(async (n) => probes.set(n.id, await probe(n.addr, timeoutMs))))
  return { entry, view, probes }
}

async function probe(addr: HostPort, timeoutMs: number): Promise<NodeProbe> {
  try {
    return await withClient(local(addr), async (c) => {
      const lines = await clusterNodes(c, formatAddr(addr))
      const keys = Number(await c.call('DBSIZE'))
      const state = (await clusterInfo(c)).get('cluster_state') ?? 'unknown'
      return { reachable: true as const, lines, keys, clusterState: state }
    }, { timeoutMs })
  } catch (e) {
    return { reachable: false, error: (e as Error).message }
  }
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
