// The layout of a new cluster (rcl create), planned the way redis-cli --cluster create plans it, so the
// same node list gives the same masters and slot ranges: masters picked host by host in turn, slots
// cut in equal runs, replicas handed out avoiding their master's host, then random swaps that never
// make anti-affinity worse. Pure: the randomness comes in as a function.
import type { HostPort } from '../addr.js'
import { UsageError } from '../errors.js'
import { SLOT_COUNT } from '../slots.js'

export interface PlannedMaster {
  addr: HostPort
  /** The first and last slot of its single run. */
  slots: [number, number]
}

export interface PlannedReplica {
  addr: HostPort
  /** Index into masters. */
  master: number
}

export type AntiAffinity = 'not-needed' | 'perfect' | 'replica-with-its-master' | 'replicas-of-one-master-together'

export interface CreatePlan {
  masters: PlannedMaster[]
  replicas: PlannedReplica[]
  /** The replica assignment before the anti-affinity swaps, in the order redis-cli announces it. */
  initialReplicas: PlannedReplica[]
  /** True when the nodes did not divide evenly and extra replicas were handed out. */
  extraReplicas: boolean
  antiAffinity: AntiAffinity
}

/** redis-cli's refusal when there are too few nodes for 3 masters with N replicas each. */
export class InvalidCreateError extends UsageError {
  constructor(nodes: number, replicas: number) {
    super([
      'Invalid configuration for cluster creation.',
      'Redis Cluster requires at least 3 master nodes.',
      `This is not possible with ${nodes} nodes and ${replicas} replicas per node.`,
      `At least ${3 * (replicas + 1)} nodes are required.`,
    ].join('\n'))
  }
}

export function planCreate(nodes: HostPort[], replicasPerMaster: number, random: () => number = Math.random): CreatePlan {
  const masterCount = Math.floor(nodes.length / (replicasPerMaster + 1))
  if (masterCount < 3) throw new InvalidCreateError(nodes.length, replicasPerMaster)
  const interleaved = interleaveByHost(nodes)
  const masterAddrs = interleaved.slice(0, masterCount)
  const masters = masterAddrs.map((addr, i) => ({ addr, slots: slotRun(i, masterCount) }))
  // redis-cli rotates the rest by one before handing out replicas: it often starts anti-affinity better
  const rest = interleaved.slice(masterCount)
  if (rest.length > 1) rest.push(rest.shift() as HostPort)
  const { assigned, extra } = assignReplicas(masterAddrs, rest, replicasPerMaster)
  const initialReplicas = assigned.map((r) => ({ ...r }))
  const antiAffinity = optimizeAntiAffinity(masterAddrs, assigned, nodes.length, random)
  return { masters, replicas: assigned, initialReplicas, extraReplicas: extra, antiAffinity }
}

/** Nodes grouped by host, then taken one host at a time in turn. */
function interleaveByHost(nodes: HostPort[]): HostPort[] {
  const byHost = new Map<string, HostPort[]>()
  for (const n of nodes) {
    const list = byHost.get(n.host) ?? []
    list.push(n)
    byHost.set(n.host, list)
  }
  const groups = [...byHost.values()]
  const out: HostPort[] = []
  while (out.length < nodes.length) {
    for (const g of groups) {
      const n = g.shift()
      if (n !== undefined) out.push(n)
    }
  }
  return out
}

/** Master i of n gets slots [first, last]: equal runs, rounded as redis-cli rounds them. */
function slotRun(i: number, n: number): [number, number] {
  const per = SLOT_COUNT / n
  const first = i === 0 ? 0 : Math.round(i * per - 1) + 1
  const last = i === n - 1 ? SLOT_COUNT - 1 : Math.max(first, Math.round(i * per + per - 1))
  return [first, Math.min(last, SLOT_COUNT - 1)]
}

/**
 * Each master in turn takes the first free node on another host (or, failing that, the first free
 * node, skipping past it). Nodes left over once every master has its count get one more round.
 */
function assignReplicas(masters: HostPort[], pool: Array<HostPort | null>, perMaster: number): { assigned: PlannedReplica[]; extra: boolean } {
  const assigned: PlannedReplica[] = []
  let start = 0
  let available = pool.length
  let extra = false
  const round = (limit: number): void => {
    for (let m = 0; m < masters.length && available > 0; m++) {
      for (let k = 0; k < limit && available > 0; k++) {
        let pick = -1
        let firstSame = -1
        for (let j = start; j < pool.length; j++) {
          const n = pool[j]
          if (n === null) continue
          if (n.host !== masters[m].host) { pick = j; break }
          if (firstSame < 0) firstSame = j
        }
        if (pick < 0 && firstSame >= 0) { pick = firstSame; start = firstSame + 1 }
        if (pick < 0) return
        assigned.push({ addr: pool[pick] as HostPort, master: m })
        pool[pick] = null
        available--
      }
    }
  }
  round(perMaster)
  // one more round, one node per master, as redis-cli does: a node still left after it stays a master without slots
  if (available > 0) {
    extra = true
    round(1)
  }
  return { assigned, extra }
}

/** 10000 per replica on its master's host, 1 per replica sharing a host with a sibling. */
export function antiAffinityScore(masters: HostPort[], replicas: PlannedReplica[]): { score: number; offenders: number[] } {
  const groups = new Map<string, { master: boolean; replicas: number[] }>()
  masters.forEach((m, i) => groups.set(`${m.host}\0${i}`, { master: true, replicas: [] }))
  replicas.forEach((r, idx) => {
    const key = `${r.addr.host}\0${r.master}`
    const g = groups.get(key) ?? { master: false, replicas: [] }
    g.replicas.push(idx)
    groups.set(key, g)
  })
  let score = 0
  const offenders: number[] = []
  for (const g of groups.values()) {
    const together = g.replicas.length + (g.master ? 1 : 0)
    if (together < 2) continue
    score += g.master ? 10000 * g.replicas.length : g.replicas.length
    offenders.push(...g.replicas)
  }
  return { score, offenders }
}

function optimizeAntiAffinity(masters: HostPort[], replicas: PlannedReplica[], nodeCount: number, random: () => number): AntiAffinity {
  if (antiAffinityScore(masters, replicas).score === 0) return 'not-needed'
  for (let iter = 500 * nodeCount; iter > 0; iter--) {
    const { score, offenders } = antiAffinityScore(masters, replicas)
    if (score === 0) break
    const first = offenders[Math.floor(random() * offenders.length)]
    const others = replicas.map((_, i) => i).filter((i) => i !== first)
    if (others.length === 0) break
    const second = others[Math.floor(random() * others.length)]
    swapMasters(replicas, first, second)
    // keep a swap that does not make things worse: the best layout may need several
    if (antiAffinityScore(masters, replicas).score > score) swapMasters(replicas, first, second)
  }
  const score = antiAffinityScore(masters, replicas).score
  return score === 0 ? 'perfect' : score >= 10000 ? 'replica-with-its-master' : 'replicas-of-one-master-together'
}

function swapMasters(replicas: PlannedReplica[], a: number, b: number): void {
  const m = replicas[a].master
  replicas[a].master = replicas[b].master
  replicas[b].master = m
}
