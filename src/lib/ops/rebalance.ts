// rcl rebalance: even out slots across masters by weight (redis-cli --cluster rebalance), moving them
// with the same per-slot protocol as reshard; --simulate prints the plan and moves nothing.
import { formatAddr, type HostPort } from '../addr.js'
import { UsageError } from '../errors.js'
import { planRebalance, type RebalanceOptions, type RebalanceStep } from '../plan/rebalance.js'
import { silent, type ProgressSink } from '../progress.js'
import { ambiguity, byIdPrefix, type ClusterNode } from '../view.js'
import { loadOkCluster, type CheckObserver } from './check.js'
import { withSlotMover, type MigrateOptions } from './migrate-slot.js'
import type { MoveWrapper, SlotCallback } from './reshard.js'

export interface RebalanceRunOptions extends Omit<RebalanceOptions, 'weights'>, Partial<MigrateOptions> {
  entry: HostPort
  /** Weights by node id or unique id prefix. */
  weights?: ReadonlyArray<readonly [string, number]>
  simulate?: boolean
  progress?: ProgressSink
  /** Wraps the moving of the slots, as for reshard (a live display). */
  around?: MoveWrapper
  /** Sees the cluster check before anything is planned or moved. */
  onCheck?: CheckObserver
}

export interface RebalanceResult {
  needed: boolean
  simulated: boolean
  moves: Array<{ from: string; to: string; slots: number; keys: number }>
}

export async function rebalance(opts: RebalanceRunOptions): Promise<RebalanceResult> {
  const progress = opts.progress ?? silent
  const loaded = await loadOkCluster(opts.entry, 'rebalancing', opts.onCheck)
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
  const addr = (id: string): string => formatAddr((byId.get(id) as ClusterNode).addr)
  const announce = (step: RebalanceStep): void => progress({ kind: 'info', text: `Moving ${step.moves.length} slots from ${addr(step.from)} to ${addr(step.to)}` })
  const hashes = (step: RebalanceStep): void => progress({ kind: 'detail', text: '#'.repeat(step.moves.length) })
  if (opts.simulate === true) {
    return steps.map((step) => {
      announce(step)
      hashes(step)
      return { from: addr(step.from), to: addr(step.to), slots: step.moves.length, keys: 0 }
    })
  }
  return withSlotMover(masters, opts, async (mover) => {
    const moves: RebalanceResult['moves'] = []
    let done = 0
    let keysSoFar = 0
    for (const step of steps) {
      announce(step)
      let keys = 0
      for (const mv of step.moves) {
        const k = await mover.move(mv.slot, step.from, step.to)
        keys += k
        keysSoFar += k
        onSlot(++done, total, keysSoFar)
      }
      hashes(step)
      moves.push({ from: addr(step.from), to: addr(step.to), slots: step.moves.length, keys })
    }
    return moves
  })
}
