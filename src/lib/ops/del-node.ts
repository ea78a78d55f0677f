// rcl del-node: a node leaves its cluster. Refused while it owns slots (naming them); its replicas move to
// the master with the fewest replicas; every other node forgets it; the node itself gets CLUSTER RESET
// SOFT (when it still answers). The call returns once no remaining node lists it.
import { formatAddr, local, type HostPort } from '../addr.js'
import { RclError } from '../errors.js'
import { pollUntil } from '../poll.js'
import { silent, type ProgressSink } from '../progress.js'
import { withClient } from '../redis-client.js'
import { formatRuns } from '../slots.js'
import { ambiguity, byIdPrefix, type ClusterNode } from '../view.js'
import { clusterNodes, loadCluster } from './load.js'
import { rebalance } from './rebalance.js'

export interface DelNodeOptions {
  existing: HostPort
  /** Node id (or a unique prefix) of the node to remove. */
  nodeId: string
  timeoutMs?: number
  progress?: ProgressSink
}

export interface DeletedNode {
  addr: string
  id: string
  /** Replicas of the removed node that now follow another master. */
  movedReplicas: string[]
  /** False when the node could not be reached for CLUSTER RESET SOFT (it was down). */
  reset: boolean
}

export class NodeHasSlotsError extends RclError {
  constructor(addr: string, slots: string) {
    super('E_NODE_HAS_SLOTS', `Node ${addr} is not empty! Reshard data away and try again. It still owns slots ${slots}.`)
  }
}

export async function delNode(opts: DelNodeOptions): Promise<DeletedNode> {
  const progress = opts.progress ?? silent
  progress({ kind: 'step', text: `Removing node ${opts.nodeId} from cluster ${formatAddr(opts.existing)}` })
  const { view } = await loadCluster(opts.existing)
  const victim = findNode(view.nodes, opts.nodeId)
  const addr = formatAddr(victim.addr)
  if (victim.slotCount > 0) throw new NodeHasSlotsError(addr, formatRuns(victim.slots))
  const others = view.nodes.filter((n) => n.id !== victim.id)
  const movedReplicas = await moveReplicas(victim, others, progress)
  progress({ kind: 'step', text: 'Sending CLUSTER FORGET messages to the cluster...' })
  for (const n of others) await withClient(local(n.addr), (c) => c.call('CLUSTER', 'FORGET', victim.id))
  progress({ kind: 'step', text: 'Sending CLUSTER RESET SOFT to the deleted node.' })
  const reset = await withClient(local(victim.addr), (c) => c.call('CLUSTER', 'RESET', 'SOFT')).then(() => true, () => false)
  if (!reset) progress({ kind: 'warn', text: `${addr} could not be reached for CLUSTER RESET SOFT: it may still believe it belongs to the cluster` })
  await untilForgotten(others.map((n) => n.addr), victim.id, opts.timeoutMs ?? 30_000)
  return { addr, id: victim.id, movedReplicas, reset }
}

function findNode(nodes: ClusterNode[], id: string): ClusterNode {
  const found = byIdPrefix(nodes, id)
  if (typeof found === 'number') throw new RclError('E_UNKNOWN_NODE', `No such node ID ${id}${ambiguity(found)}`)
  return found
}

async function moveReplicas(victim: ClusterNode, others: ClusterNode[], progress: ProgressSink): Promise<string[]> {
  const replicas = others.filter((n) => n.masterId === victim.id)
  const masters = others.filter((n) => n.role === 'master' && !n.failing && n.slotCount > 0)
  const moved: string[] = []
  for (const r of replicas) {
    if (masters.length === 0) break
    const count = (m: ClusterNode): number => others.filter((n) => n.masterId === m.id).length
    const target = masters.reduce((a, b) => (count(b) < count(a) ? b : a))
    progress({ kind: 'step', text: `${formatAddr(r.addr)} as replica of ${formatAddr(target.addr)}` })
    await withClient(local(r.addr), (c) => c.call('CLUSTER', 'REPLICATE', target.id))
    r.masterId = target.id
    moved.push(formatAddr(r.addr))
  }
  return moved
}

async function untilForgotten(addrs: HostPort[], id: string, timeoutMs: number): Promise<void> {
  const listing = async (): Promise<number> => (await Promise.all(addrs.map((a) => withClient(local(a), (c) => clusterNodes(c, formatAddr(a))).then((lines) => lines.some((l) => l.id === id), () => false)))).filter(Boolean).length
  await pollUntil(listing, (n) => n === 0, timeoutMs, 50, (n) => `${n} node(s) still list ${id} after ${timeoutMs} ms`)
}

/** Moves every slot of a master to the others (a rebalance in which it weighs 0), so it can be removed. */
export async function emptyNode(existing: HostPort, nodeId: string, progress: ProgressSink = silent): Promise<void> {
  const { view } = await loadCluster(existing)
  const node = findNode(view.nodes, nodeId)
  if (node.slotCount === 0) return
  progress({ kind: 'step', text: `Moving the ${node.slotCount} slots of ${formatAddr(node.addr)} to the other masters` })
  await rebalance({ entry: existing, weights: [[node.id, 0]], thresholdPercent: 0, progress })
}
