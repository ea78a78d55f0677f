// redis-cli's node blocks ("M: <id> <ip:port>", "   slots:[0-5460] (5461 slots) master", ...) and the
// other fixed-shape lines of its cluster output, as plain text: scripts and blog posts grep for them.
import { formatAddr, type HostPort } from './addr.js'
import { formatRuns } from './slots.js'
import type { ClusterNode } from './view.js'

/** A node of a live cluster, as check shows it; `replicas` is how many replicate it. */
export function nodeBlock(n: Omit<ClusterNode, 'addr'> & { addr: string }, replicas: number, indent = 0): string[] {
  const pad = ' '.repeat(indent)
  const lines = [`${pad}${n.role === 'master' ? 'M' : 'S'}: ${n.id} ${n.addr}`]
  lines.push(`${pad}   slots:${formatRuns(n.slots)} (${n.slotCount} slots) ${n.flags.join(',')}`)
  if (n.role === 'replica' && n.masterId !== null) lines.push(`${pad}   replicates ${n.masterId}`)
  if (replicas > 0) lines.push(`${pad}   ${replicas} additional replica(s)`)
  return lines
}

/** A node of a create plan: masters with their slots, replicas with their master only. */
export function plannedBlock(id: string, addr: HostPort, slots: [number, number] | null, masterId: string | null): string[] {
  if (masterId !== null) return [`S: ${id} ${formatAddr(addr)}`, `   replicates ${masterId}`]
  const count = slots === null ? 0 : slots[1] - slots[0] + 1
  return [`M: ${id} ${formatAddr(addr)}`, `   slots:${slots === null ? '' : formatRuns([slots])} (${count} slots) master`]
}
