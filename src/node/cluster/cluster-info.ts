// CLUSTER INFO and CLUSTER LINKS as Redis 7.0 prints them, computed from the runtime state.
import { MSG_TYPE_NAMES } from './bus-types.js'
import type { ClusterCore } from './cluster-core.js'
import { hasFlag, NodeFlag } from './node.js'

/** The CLUSTER INFO text: `key:value` lines ending in CRLF; per-type counters only when non-zero. */
export function clusterInfoText(core: ClusterCore): string {
  const { state } = core
  let assigned = 0
  let pfail = 0
  let fail = 0
  for (const owner of state.slots) {
    if (owner === null) continue
    assigned++
    if (hasFlag(owner, NodeFlag.FAIL)) fail++
    else if (hasFlag(owner, NodeFlag.PFAIL)) pfail++
  }
  const lines = [
    `cluster_state:${core.ok ? 'ok' : 'fail'}`,
    `cluster_slots_assigned:${assigned}`,
    `cluster_slots_ok:${assigned - fail - pfail}`,
    `cluster_slots_pfail:${pfail}`,
    `cluster_slots_fail:${fail}`,
    `cluster_known_nodes:${state.nodes.size}`,
    `cluster_size:${core.size}`,
    `cluster_current_epoch:${state.currentEpoch}`,
    `cluster_my_epoch:${state.nodeEpoch(core.myself)}`,
    ...counters(core.sent, 'sent'),
    ...counters(core.received, 'received'),
    `total_cluster_links_buffer_limit_exceeded:${core.linksBufferLimitExceeded}`,
  ]
  return lines.map((l) => `${l}\r\n`).join('')
}

function counters(counts: number[], dir: 'sent' | 'received'): string[] {
  const out: string[] = []
  let total = 0
  counts.forEach((n, type) => {
    if (n === 0) return
    out.push(`cluster_stats_messages_${MSG_TYPE_NAMES[type]}_${dir}:${n}`)
    total += n
  })
  out.push(`cluster_stats_messages_${dir}:${total}`)
  return out
}

/** One CLUSTER LINKS entry; the keys are Redis's, in its order. */
export interface LinkRow {
  direction: 'to' | 'from'
  node: string
  'create-time': number
  events: string
  /** Node has no separate allocation: both figures are the bytes still queued on the socket. */
  'send-buffer-allocated': number
  'send-buffer-used': number
}

/** Each node's outbound link, then its inbound one, in node order (myself has none). */
export function linkRows(core: ClusterCore): LinkRow[] {
  const rows: LinkRow[] = []
  for (const node of core.state.nodes.values()) {
    const r = core.rt.get(node)
    if (r === undefined) continue
    for (const link of [r.link, r.inbound]) {
      if (link === null) continue
      const used = link.sendBufferUsed
      rows.push({
        direction: link.inbound ? 'from' : 'to', node: node.name, 'create-time': link.ctime, events: link.eventsText,
        'send-buffer-allocated': used, 'send-buffer-used': used,
      })
    }
  }
  return rows
}
