// A cluster as one node describes it (its CLUSTER NODES), in checked types: the entry point of every
// cluster operation. Pure: the replies are fetched by ops/.
import type { NodesLine } from '../common/nodes-line.js'
import type { HostPort } from './addr.js'

export interface ClusterNode {
  id: string
  addr: HostPort
  cport: number
  role: 'master' | 'replica'
  /** Flags as printed, without "myself" (redis-cli shows them so). */
  flags: string[]
  masterId: string | null
  slots: Array<[number, number]>
  slotCount: number
  configEpoch: number
  /** fail or fail? in the describing node's eyes. */
  failing: boolean
  migrating: Array<{ slot: number; to: string }>
  importing: Array<{ slot: number; from: string }>
}

export interface ClusterView {
  /** Nodes in the describing node's order, itself first (as redis-cli lists them). */
  nodes: ClusterNode[]
}

export function viewFromLines(lines: NodesLine[], entry: HostPort): ClusterView {
  const mine = lines.filter((l) => l.flags.includes('myself'))
  const others = lines.filter((l) => !l.flags.includes('myself') && !l.flags.includes('handshake') && !l.flags.includes('noaddr'))
  return { nodes: [...mine, ...others].map((l) => toNode(l, l.flags.includes('myself') ? entry : null)) }
}

function toNode(l: NodesLine, self: HostPort | null): ClusterNode {
  // a node that has not met anyone yet prints its own address as ":port": we reached it, so we know it
  const host = l.ip === '' && self !== null ? self.host : l.ip
  return {
    id: l.id, addr: { host, port: l.port }, cport: l.cport,
    role: l.flags.includes('slave') ? 'replica' : 'master',
    flags: l.flags.filter((f) => f !== 'myself'),
    masterId: l.masterId, slots: l.slots, slotCount: l.slots.reduce((n, [a, b]) => n + b - a + 1, 0),
    configEpoch: l.configEpoch, failing: l.flags.includes('fail') || l.flags.includes('fail?'),
    migrating: l.migrating, importing: l.importing,
  }
}

/** redis-cli's config signature: every master's id with its slots, sorted. Equal signatures = agreement. */
export function configSignature(lines: NodesLine[]): string {
  return lines
    .filter((l) => l.slots.length > 0)
    .map((l) => `${l.id}:${l.slots.map(([a, b]) => (a === b ? `${a}` : `${a}-${b}`)).join(',')}`)
    .sort()
    .join('|')
}

/**
 * Who is who, as one node sees it: every node's role, master and slots, sorted. Equal topology
 * signatures everywhere mean every node has also learnt every replica, which slots alone don't show.
 */
export function topologySignature(lines: NodesLine[]): string {
  return lines
    .filter((l) => !l.flags.includes('handshake'))
    .map((l) => `${l.id}:${l.flags.includes('slave') ? 'S' : 'M'}:${l.masterId ?? '-'}:${l.slots.map(([a, b]) => `${a}-${b}`).join(',')}`)
    .sort()
    .join('|')
}

/** The one node whose id starts with `prefix` (any case), or, when not exactly one, how many did. */
export function byIdPrefix(nodes: ClusterNode[], prefix: string): ClusterNode | number {
  const found = nodes.filter((n) => n.id.startsWith(prefix.toLowerCase()))
  return found.length === 1 ? found[0] : found.length
}

/** " (the prefix is ambiguous)" after a lookup that matched several nodes, else nothing. */
export const ambiguity = (matches: number): string => (matches > 1 ? ' (the prefix is ambiguous)' : '')

export const replicasOf = (view: ClusterView, masterId: string): ClusterNode[] => view.nodes.filter((n) => n.masterId === masterId)
