// rcl rebalance: even out slots across masters by weight (redis-cli --cluster rebalance), moving them
// with the same per-slot protocol as reshard; --simulate prints the plan and moves nothing.
import { formatAddr, type HostPort } from '../addr.js'
import { UsageError } from '../errors.js'
import { planRebalance, type RebalanceOptions, type RebalanceStep } from '../plan/rebalance.js'
import { silent, type ProgressSink } from '../progress.js'
import { connect, type NodeClient } from '../redis-client.js'
import { ambiguity, byIdPrefix, type ClusterNode } from '../view.js'
import { checkReport } from './check.js'
import { loadCluster, local } from './load.js'
import { migrateSlot, type MigrateOptions } from './migrate-slot.js'
import { ClusterNotOkError, type MoveWrapper, type SlotCallback } from './reshard.js'

export interface RebalanceRunOptions extends Omit<RebalanceOptions, 'weights'>, Partial<MigrateOptions> {
  entry: HostPort
  /** Weights by node id or unique id prefix. */
  weights?: ReadonlyArray<readonly [string, number]>
  simulate?: boolean
  progress?: ProgressSink
  /** Wraps the moving of the slots, as for reshard (a live display). */
  around?: MoveWrapper
}

export interface RebalanceResult {
  needed: boolean
  simulated: boolean
  moves: Array<{ from: string; to: string; slots: number; keys: number }>
}

export async function rebalance(opts: RebalanceRunOptions): Promise<RebalanceResult> {
  const progress = opts.progress ?? silent
  const loaded = await loadCluster(opts.entry)
  const report = checkReport(loaded)
  if (!report.ok) throw new ClusterNotOkError(report.openSlots.length > 0 ? `open slots ${report.openSlots.join(',')}` : 'rcl check shows what')
  const masters = loaded.view.nodes.filter((n) => n.role === 'master')
  const weights = new Map((opts.weights ?? []).map(([id, w]) => [resolve(masters, id).id, w]))
  const plan = planRebalance(masters, { weights, useEmptyMasters: opts.useEmptyMasters, thresholdPercent: opts.thresholdPercent })
  const threshold = (opts.thresholdPercent ?? 2).toFixed(2)
  if (!plan.needed) {
    progress({ kind: 'info', text: `*** No rebalancing needed! All nodes are within the ${threshold}% threshold.` })
    return { needed: false, simulated: opts.simulate === true, moves: [] }
  }
  const byId = new Map(masters.map((m) => [m.id, m]))
  progress({ kind: 'step', text: `Rebalancing across ${plan.nodes.length} nodes. Total weight = ${plan.totalWeight.toFixed(2)}` })
  const total = plan.steps.reduce((n, st) => n + st.moves.length, 0)
  const wrap: MoveWrapper = opts.around ?? ((_t, run) => run(() => undefined))
  const moves = await wrap(total, (onSlot) => moveAll(plan.steps, masters, byId, opts, progress, onSlot, total))
  return { needed: true, simulated: opts.simulate === true, moves }
}

function resolve(masters: ClusterNode[], id: string): ClusterNode {
  const found = byIdPrefix(masters, id)
  if (typeof found === 'number') throw new UsageError(`*** No such master node ${id}${ambiguity(found)}`)
  return found
}

async function moveAll(steps: RebalanceStep[], masters: ClusterNode[], byId: Map<string, ClusterNode>, opts: RebalanceRunOptions, progress: ProgressSink, onSlot: SlotCallback, total: number): Promise<RebalanceResult['moves']> {
  const clients = new Map<string, NodeClient>()
  const moves: RebalanceResult['moves'] = []
  let done = 0
  let keysSoFar = 0
  try {
    if (opts.simulate !== true) for (const m of masters) clients.set(m.id, await connect(local(m.addr), { timeoutMs: (opts.timeoutMs ?? 60_000) + 5000 }))
    const migrate: MigrateOptions = { pipeline: opts.pipeline ?? 10, timeoutMs: opts.timeoutMs ?? 60_000, replace: opts.replace ?? false }
    for (const step of steps) {
      const from = byId.get(step.from) as ClusterNode
      const to = byId.get(step.to) as ClusterNode
      progress({ kind: 'info', text: `Moving ${step.moves.length} slots from ${formatAddr(from.addr)} to ${formatAddr(to.addr)}` })
      let keys = 0
      const pending: Array<Promise<unknown>> = []
      if (opts.simulate !== true) {
        const others = masters.filter((m) => m.id !== from.id && m.id !== to.id).map((m) => clients.get(m.id) as NodeClient)
        for (const mv of step.moves) {
          const k = await migrateSlot(mv.slot, {
            source: { id: from.id, client: clients.get(from.id) as NodeClient },
            target: { id: to.id, host: local(to.addr).host, port: to.addr.port, client: clients.get(to.id) as NodeClient },
            others,
          }, migrate, undefined, pending)
          keys += k
          keysSoFar += k
          onSlot(++done, total, keysSoFar)
        }
        await Promise.all(pending)
      }
      progress({ kind: 'detail', text: '#'.repeat(step.moves.length) })
      moves.push({ from: formatAddr(from.addr), to: formatAddr(to.addr), slots: step.moves.length, keys })
    }
  } finally {
    for (const c of clients.values()) c.close()
  }
  return moves
}
