// rcl add-node: an empty cluster node joins an existing cluster (MEET), as a master without slots or as
// a replica (of --master-id, or of the master with the fewest replicas), and the call returns once
// every node knows it (and, for a replica, once its link is up and every node agrees on roles).
import { formatAddr, isLocalHost, local, type HostPort } from '../addr.js'
import { RclError } from '../errors.js'
import { startNodes } from '../lifecycle.js'
import { silent, type ProgressSink } from '../progress.js'
import { connect } from '../redis-client.js'
import { ambiguity, byIdPrefix, type ClusterNode } from '../view.js'
import { readyToJoin } from './create.js'
import { loadCluster } from './load.js'
import { waitForClusterReady, waitForJoin } from './wait.js'

export interface AddNodeOptions {
  node: HostPort
  existing: HostPort
  replica?: boolean
  masterId?: string
  start?: { stateDir: string; server?: string; overrides?: ReadonlyArray<readonly [string, string]> }
  timeoutMs?: number
  progress?: ProgressSink
}

export interface AddedNode {
  addr: string
  id: string
  role: 'master' | 'replica'
  masterId: string | null
}

export async function addNode(opts: AddNodeOptions): Promise<AddedNode> {
  const progress = opts.progress ?? silent
  const timeoutMs = opts.timeoutMs ?? 60_000
  const where = formatAddr(opts.node)
  progress({ kind: 'step', text: `Adding node ${where} to cluster ${formatAddr(opts.existing)}` })
  const cluster = await loadCluster(opts.existing)
  const master = opts.replica || opts.masterId !== undefined ? pickMaster(cluster.view.nodes, opts.masterId, progress) : null
  if (opts.start !== undefined && isLocalHost(opts.node.host)) {
    await startNodes({ ...opts.start, addrs: [opts.node], template: 'cluster', progress })
  }
  const c = await connect(local(opts.node))
  try {
    const id = await readyToJoin(c, where)
    progress({ kind: 'step', text: `Send CLUSTER MEET to node ${where} to make it join the cluster.` })
    const entry = cluster.view.nodes[0]
    await c.call('CLUSTER', 'MEET', local(entry.addr).host, entry.addr.port, entry.cport || entry.addr.port + 10000)
    const all = [...cluster.view.nodes.map((n) => n.addr), opts.node]
    progress({ kind: 'info', text: 'Waiting for the cluster to join' })
    await waitForJoin(all, timeoutMs)
    if (master !== null) {
      progress({ kind: 'step', text: `Configure node as replica of ${formatAddr(master.addr)}.` })
      await c.call('CLUSTER', 'REPLICATE', master.id)
    }
    await waitForClusterReady(all, timeoutMs)
    progress({ kind: 'ok', text: 'New node added correctly.' })
    return { addr: where, id, role: master === null ? 'master' : 'replica', masterId: master?.id ?? null }
  } finally {
    c.close()
  }
}

/** The master named by id (a prefix is enough if it is unique), or the one with the fewest replicas. */
function pickMaster(nodes: ClusterNode[], masterId: string | undefined, progress: ProgressSink): ClusterNode {
  const masters = nodes.filter((n) => n.role === 'master' && !n.failing)
  if (masterId !== undefined) {
    const found = byIdPrefix(masters, masterId)
    if (typeof found === 'number') throw new RclError('E_UNKNOWN_MASTER', `No master with node ID ${masterId} in the cluster${ambiguity(found)}`)
    return found
  }
  if (masters.length === 0) throw new RclError('E_UNKNOWN_MASTER', 'The cluster has no master to replicate')
  const count = (m: ClusterNode): number => nodes.filter((n) => n.masterId === m.id).length
  const best = masters.reduce((a, b) => (count(b) < count(a) ? b : a))
  progress({ kind: 'info', text: `Automatically selected master ${formatAddr(best.addr)}` })
  return best
}
