// What `rcl check` and `rcl info` report, computed from a loaded cluster: redis-cli's checks (slot
// agreement, open slots, coverage, multiple owners) plus what redis-cli leaves out: nodes that cannot
// be reached, nodes flagged as failing, and nodes whose cluster_state is not ok.
import { formatAddr, type HostPort } from '../addr.js'
import { RclError } from '../errors.js'
import { SLOT_COUNT, slotRanges } from '../slots.js'
import { configSignature, replicasOf, type ClusterNode } from '../view.js'
import { loadCluster, ownLine, type LoadedCluster } from './load.js'

export interface MasterInfo {
  addr: string
  id: string
  keys: number | null
  slots: number
  replicas: number
}

export interface ClusterInfoReport {
  masters: MasterInfo[]
  keys: number
  keysPerSlot: number
  /** Every node that answered, for a cluster client (ioredis: new Redis.Cluster(startupNodes)). */
  startupNodes: Array<{ host: string; port: number }>
}

/** A node as reports carry it: its address as "host:port" text. */
export type ReportedNode = Omit<ClusterNode, 'addr'> & { addr: string }

export interface CheckReport {
  entry: string
  nodes: ReportedNode[]
  agree: boolean
  /** Per node (its own view): slots it migrates or imports. */
  migrating: Array<{ addr: string; slots: number[] }>
  importing: Array<{ addr: string; slots: number[] }>
  openSlots: number[]
  coveredSlots: number
  uncovered: Array<[number, number]>
  /** Slots claimed by several masters or (when searched) with keys on masters that don't claim them. */
  multipleOwners: Array<{ slot: number; owners: string[] }>
  /** Whether keys outside their owners were looked for (loaded with searchOwners). */
  ownersSearched: boolean
  unreachable: Array<{ addr: string; error: string }>
  failing: Array<{ addr: string; flags: string[] }>
  notOk: Array<{ addr: string; state: string }>
  ok: boolean
}

export function clusterInfoReport(c: LoadedCluster): ClusterInfoReport {
  const masters = c.view.nodes.filter((n) => n.role === 'master').map((n) => {
    const p = c.probes.get(n.id)
    return { addr: formatAddr(n.addr), id: n.id, keys: p?.reachable ? p.keys : null, slots: n.slotCount, replicas: replicasOf(c.view, n.id).length }
  })
  const keys = masters.reduce((s, m) => s + (m.keys ?? 0), 0)
  const startupNodes = c.view.nodes.filter((n) => c.probes.get(n.id)?.reachable === true).map((n) => ({ host: n.addr.host, port: n.addr.port }))
  return { masters, keys, keysPerSlot: keys / SLOT_COUNT, startupNodes }
}

export function checkReport(c: LoadedCluster): CheckReport {
  const nodes = c.view.nodes
  const signatures = new Set<string>()
  const unreachable: CheckReport['unreachable'] = []
  const migrating: CheckReport['migrating'] = []
  const importing: CheckReport['importing'] = []
  const notOk: CheckReport['notOk'] = []
  for (const n of nodes) {
    const p = c.probes.get(n.id)
    const addr = formatAddr(n.addr)
    if (p === undefined || !p.reachable) { unreachable.push({ addr, error: p?.reachable === false ? p.error : 'not probed' }); continue }
    signatures.add(configSignature(p.lines))
    const me = ownLine(p)
    if (me !== undefined && me.migrating.length > 0) migrating.push({ addr, slots: me.migrating.map((m) => m.slot) })
    if (me !== undefined && me.importing.length > 0) importing.push({ addr, slots: me.importing.map((m) => m.slot) })
    if (p.clusterState !== 'ok') notOk.push({ addr, state: p.clusterState })
  }
  const openSlots = [...new Set([...migrating, ...importing].flatMap((x) => x.slots))].sort((a, b) => a - b)
  const owners = slotOwners(c)
  const covered = owners.filter((o) => o.length > 0).length
  const uncovered = slotRanges(owners.flatMap((o, slot) => (o.length === 0 ? [slot] : [])))
  const holders = strayHolders(c)
  const order = nodes.map((n) => formatAddr(n.addr))
  const multipleOwners = owners.flatMap((o, slot) => {
    const all = new Set([...o, ...(holders.get(slot) ?? [])])
    return all.size > 1 ? [{ slot, owners: order.filter((a) => all.has(a)) }] : []
  })
  const ownersSearched = [...c.probes.values()].some((p) => p.reachable && p.stray !== undefined)
  const failing = nodes.filter((n) => n.failing).map((n) => ({ addr: formatAddr(n.addr), flags: n.flags }))
  const agree = signatures.size <= 1
  const ok = agree && openSlots.length === 0 && covered === SLOT_COUNT && multipleOwners.length === 0 && unreachable.length === 0 && failing.length === 0 && notOk.length === 0
  return { entry: formatAddr(c.entry), nodes: nodes.map((n) => ({ ...n, addr: formatAddr(n.addr) })), agree, migrating, importing, openSlots, coveredSlots: covered, uncovered, multipleOwners, ownersSearched, unreachable, failing, notOk, ok }
}

/**
 * For every slot, the masters claiming it: each reachable node's claim in its own CLUSTER NODES (as
 * redis-cli loads it), the entry's view for the others.
 */
function slotOwners(c: LoadedCluster): string[][] {
  const owners: string[][] = Array.from({ length: SLOT_COUNT }, () => [])
  for (const n of c.view.nodes) {
    const me = ownLine(c.probes.get(n.id))
    const isMaster = me === undefined ? n.role === 'master' : !me.flags.includes('slave')
    if (!isMaster) continue
    for (const [a, b] of me?.slots ?? n.slots) for (let s = a; s <= b; s++) owners[s].push(formatAddr(n.addr))
  }
  return owners
}

/** For every slot where some master holds keys without claiming it, those masters' addresses. */
function strayHolders(c: LoadedCluster): Map<number, string[]> {
  const out = new Map<number, string[]>()
  for (const n of c.view.nodes) {
    const p = c.probes.get(n.id)
    if (!p?.reachable || p.stray === undefined) continue
    for (const slot of p.stray.keys()) out.set(slot, [...(out.get(slot) ?? []), formatAddr(n.addr)])
  }
  return out
}

/** The cluster as loaded from `entry`, for an operation that changes it: refused unless it checks OK. */
/** Sees the cluster check an operation runs first, before it goes on or refuses (redis-cli prints it). */
export type CheckObserver = (report: CheckReport) => void

export async function loadOkCluster(entry: HostPort, action: string, onCheck?: CheckObserver): Promise<LoadedCluster> {
  const loaded = await loadCluster(entry)
  const report = checkReport(loaded)
  onCheck?.(report)
  if (!report.ok) throw new ClusterNotOkError(action, report)
  return loaded
}

/** redis-cli's refusal to change a cluster that is not OK, with what is wrong in a few words. */
export class ClusterNotOkError extends RclError {
  constructor(action: string, report: CheckReport) {
    super('E_CLUSTER_NOT_OK', `Please fix your cluster problems before ${action} (${problemSummary(report)})`, 'rcl check shows them; rcl fix repairs open slots and coverage')
  }
}

export function problemSummary(r: CheckReport): string {
  const out: string[] = []
  if (r.openSlots.length > 0) out.push(`open slots ${r.openSlots.join(',')}`)
  if (r.coveredSlots < SLOT_COUNT) out.push(`${SLOT_COUNT - r.coveredSlots} uncovered slots`)
  if (!r.agree) out.push('nodes disagree about the slots')
  if (r.multipleOwners.length > 0) out.push(`${r.multipleOwners.length} slots with several owners`)
  if (r.unreachable.length > 0) out.push(`unreachable ${r.unreachable.map((u) => u.addr).join(',')}`)
  if (r.failing.length > 0) out.push(`failing ${r.failing.map((f) => f.addr).join(',')}`)
  if (r.notOk.length > 0) out.push(`cluster_state not ok on ${r.notOk.map((n) => n.addr).join(',')}`)
  return out.join('; ')
}
