// How slots move in a rebalance, planned as redis-cli --cluster rebalance plans them: each master's
// fair share by weight, nothing done when every master is within the threshold, then the most
// over-served master feeds the most under-served one until both are even.
import { SLOT_COUNT } from '../slots.js'
import type { ClusterNode } from '../view.js'
import { reshardTable, type SlotMove } from './reshard.js'

export interface RebalanceOptions {
  /** Weight by node id (default 1); 0 empties a master. */
  weights?: ReadonlyMap<string, number>
  /** Give slots to masters that have none (otherwise they are left out). */
  useEmptyMasters?: boolean
  /** Percent a master may be off its share before anything moves (default 2). */
  thresholdPercent?: number
}

export interface RebalanceStep {
  from: string
  to: string
  moves: SlotMove[]
}

export interface RebalancePlan {
  /** Masters taking part, with their share and how far off it they are (positive: too many slots). */
  nodes: Array<{ id: string; weight: number; expected: number; balance: number }>
  totalWeight: number
  /** False when every master is within the threshold: steps is then empty. */
  needed: boolean
  steps: RebalanceStep[]
}

export function planRebalance(masters: ClusterNode[], opts: RebalanceOptions = {}): RebalancePlan {
  const weightOf = (n: ClusterNode): number => opts.weights?.get(n.id) ?? 1
  const involved = masters.filter((m) => !m.failing && (opts.useEmptyMasters === true || m.slotCount > 0))
  const totalWeight = involved.reduce((s, n) => s + weightOf(n), 0)
  const threshold = opts.thresholdPercent ?? 2
  const nodes: Array<{ id: string; weight: number; expected: number; balance: number; node: ClusterNode }> = involved.map((n) => {
    const expected = totalWeight === 0 ? 0 : Math.floor((SLOT_COUNT / totalWeight) * weightOf(n))
    return { id: n.id, weight: weightOf(n), expected, balance: n.slotCount - expected, node: n }
  })
  const needed = nodes.some((n) => (n.node.slotCount === 0 ? n.expected > 0 : Math.abs(100 - (100 * n.expected) / n.node.slotCount) > threshold))
  const summary = nodes.map(({ id, weight, expected, balance }) => ({ id, weight, expected, balance }))
  if (!needed || totalWeight === 0) return { nodes: summary, totalWeight, needed: false, steps: [] }
  // rounding down leaves some slots unassigned: the masters at or below their share take one more each
  let total = nodes.reduce((s, n) => s + n.balance, 0)
  while (total > 0) {
    for (const n of nodes) if (n.balance <= 0 && total > 0) { n.balance--; total-- }
  }
  const order = [...nodes].sort((a, b) => a.balance - b.balance)
  const steps: RebalanceStep[] = []
  let dst = 0
  let src = order.length - 1
  while (dst < src) {
    const d = order[dst]
    const s = order[src]
    const count = Math.min(Math.abs(d.balance), Math.abs(s.balance))
    if (count > 0) {
      const moves = reshardTable([s.node], count)
      steps.push({ from: s.id, to: d.id, moves })
      // a source feeding several masters gives each different slots
      s.node = withoutSlots(s.node, new Set(moves.map((m) => m.slot)))
    }
    d.balance += count
    s.balance -= count
    if (d.balance === 0) dst++
    if (s.balance === 0) src--
  }
  return { nodes: summary, totalWeight, needed: true, steps }
}

function withoutSlots(n: ClusterNode, gone: Set<number>): ClusterNode {
  const slots: Array<[number, number]> = []
  for (const [a, b] of n.slots) {
    let start = -1
    for (let x = a; x <= b + 1; x++) {
      const keep = x <= b && !gone.has(x)
      if (keep && start < 0) start = x
      if (!keep && start >= 0) { slots.push([start, x - 1]); start = -1 }
    }
  }
  return { ...n, slots, slotCount: slots.reduce((c, [a, b]) => c + b - a + 1, 0) }
}
