// CLUSTER SLOTS and CLUSTER SHARDS: the slot map as clients read it, shaped as Redis 7.0 shapes it
// (clusterReplyMultiBulkSlots, clusterReplyShards). Pure functions of the cluster state.
import { type ClusterNode, hasFlag, isReplica, NodeFlag } from '../cluster/node.js'
import type { ClusterMode } from '../cluster/cluster-mode.js'
import { map, type Reply } from '../resp/types.js'

const failed = (n: ClusterNode): boolean => hasFlag(n, NodeFlag.FAIL)

/** One node as CLUSTER SLOTS lists it: endpoint, port, id, and the networking metadata not in the endpoint. */
function slotsNodeEntry(cluster: ClusterMode, node: ClusterNode): Reply[] {
  const type = cluster.bus.preferredEndpointType
  const meta: Reply[] = []
  if (type !== 'ip') meta.push('ip', node.ip)
  if (type !== 'hostname' && node.hostname !== '') meta.push('hostname', node.hostname)
  return [cluster.bus.endpointOf(node), node.port, node.name, map(meta)]
}

/** CLUSTER SLOTS: one entry per run of slots with one owner, its replicas (not failed) after it. */
export function clusterSlotsReply(cluster: ClusterMode): Reply[] {
  const slots = cluster.state.slots
  const out: Reply[] = []
  let start = 0
  while (start < slots.length) {
    const owner = slots[start]
    let end = start
    while (end + 1 < slots.length && slots[end + 1] === owner) end++
    if (owner !== null) {
      const entry: Reply[] = [start, end, slotsNodeEntry(cluster, owner)]
      for (const r of owner.replicas) if (!failed(r)) entry.push(slotsNodeEntry(cluster, r))
      out.push(entry)
    }
    start = end + 1
  }
  return out
}

/** A node's health as CLUSTER SHARDS reports it: failed, a replica with no data yet, or online. */
function health(cluster: ClusterMode, node: ClusterNode, offset: bigint): string {
  if (failed(node)) return 'fail'
  if (isReplica(node) && offset === 0n) return 'loading'
  return 'online'
}

function shardNode(cluster: ClusterMode, node: ClusterNode): Reply {
  const offset = cluster.bus.replOffsetOf(node)
  const fields: Reply[] = ['id', node.name, 'port', node.port, 'ip', node.ip, 'endpoint', cluster.bus.endpointOf(node)]
  if (node.hostname !== '') fields.push('hostname', node.hostname)
  fields.push('role', isReplica(node) ? 'replica' : 'master', 'replication-offset', offset, 'health', health(cluster, node, offset))
  return map(fields)
}

/** CLUSTER SHARDS: each master with its slot ranges and its nodes (master first, then its replicas). */
export function clusterShardsReply(cluster: ClusterMode): Reply[] {
  const runs = cluster.state.slotRuns()
  const out: Reply[] = []
  for (const node of cluster.state.nodes.values()) {
    if (isReplica(node) || hasFlag(node, NodeFlag.HANDSHAKE)) continue
    const slots: Reply[] = []
    for (const [a, b] of runs.get(node) ?? []) slots.push(a, b)
    const nodes: Reply[] = [shardNode(cluster, node)]
    for (const r of node.replicas) nodes.push(shardNode(cluster, r))
    out.push(map(['slots', slots, 'nodes', nodes]))
  }
  return out
}
