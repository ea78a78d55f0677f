// rcl fix: repairs what an interrupted reshard or a lost node leaves behind, as redis-cli --cluster fix
// does: open slots (finish the move, send keys back to the owner, or close a one-sided migration) and
// uncovered slots (given to the node holding their keys, or to a master when nobody has any).
import { formatAddr, local, type HostPort } from '../addr.js'
import { silent, type ProgressSink } from '../progress.js'
import type { NodeClient } from '../redis-client.js'
import type { ClusterNode } from '../view.js'
import { checkReport } from './check.js'
import { loadCluster, type LoadedCluster } from './load.js'
import { returnKeys, withSlotMover, type MigrateOptions, type SlotMover } from './migrate-slot.js'
import { waitForClusterReady } from './wait.js'

export interface FixOptions extends Partial<MigrateOptions> {
  entry: HostPort
  /** Also cover slots whose master cannot be reached (redis-cli's --cluster-fix-with-unreachable-masters). */
  withUnreachableMasters?: boolean
  confirm?: (question: string) => Promise<boolean>
  progress?: ProgressSink
  /** Bound on the wait for the nodes to agree again after repairs (default 30 s). */
  settleTimeoutMs?: number
  /** The cluster as just loaded from `entry` (the CLI shows its check first), to save loading it again. */
  loaded?: LoadedCluster
}

export interface FixResult {
  openSlots: Array<{ slot: number; action: string }>
  covered: Array<{ slot: number; by: string }>
  /** Slots left as they were, with the reason. */
  unfixed: Array<{ slot: number; reason: string }>
}

interface SlotState { owners: ClusterNode[]; migrating: ClusterNode[]; importing: ClusterNode[] }

export async function fixCluster(opts: FixOptions): Promise<FixResult> {
  const progress = opts.progress ?? silent
  const loaded = opts.loaded ?? await loadCluster(opts.entry)
  const masters = loaded.view.nodes.filter((n) => n.role === 'master' && loaded.probes.get(n.id)?.reachable === true)
  const result: FixResult = { openSlots: [], covered: [], unfixed: [] }
  await withSlotMover(masters, opts, async (mover) => {
    for (const slot of checkReport(loaded).openSlots) await fixOpenSlot(slot, slotState(loaded, masters, slot), mover, progress, result)
    // open slots fixed, the coverage is judged on the cluster as it now is
    await fixCoverage(await loadCluster(opts.entry), masters, mover, opts, progress, result)
  })
  if (result.openSlots.length + result.covered.length > 0) await settle(loaded, opts.settleTimeoutMs ?? 30_000, progress)
  return result
}

/** After repairs, the reachable nodes need a moment of gossip to agree again; bounded, and reported if it runs out. */
async function settle(loaded: LoadedCluster, timeoutMs: number, progress: ProgressSink): Promise<void> {
  const reachable = loaded.view.nodes.filter((n) => loaded.probes.get(n.id)?.reachable === true).map((n) => n.addr)
  try {
    await waitForClusterReady(reachable, timeoutMs)
  } catch (e) {
    progress({ kind: 'warn', text: (e as Error).message })
  }
}

/** Owners, migrating and importing nodes of a slot, each from the node's own CLUSTER NODES. */
function slotState(loaded: LoadedCluster, masters: ClusterNode[], slot: number): SlotState {
  const state: SlotState = { owners: [], migrating: [], importing: [] }
  for (const m of masters) {
    const p = loaded.probes.get(m.id)
    const me = p?.reachable ? p.lines.find((l) => l.flags.includes('myself')) : undefined
    if (me === undefined) continue
    if (me.slots.some(([a, b]) => slot >= a && slot <= b)) state.owners.push(m)
    if (me.migrating.some((x) => x.slot === slot)) state.migrating.push(m)
    if (me.importing.some((x) => x.slot === slot)) state.importing.push(m)
  }
  return state
}

async function fixOpenSlot(slot: number, s: SlotState, mover: SlotMover, progress: ProgressSink, result: FixResult): Promise<void> {
  const say = (text: string): void => progress({ kind: 'info', text })
  const client = (n: ClusterNode): NodeClient => mover.client(n.id)
  progress({ kind: 'step', text: `Fixing open slot ${slot}` })
  if (s.migrating.length > 0) say(`Set as migrating in: ${s.migrating.map((n) => formatAddr(n.addr)).join(',')}`)
  if (s.importing.length > 0) say(`Set as importing in: ${s.importing.map((n) => formatAddr(n.addr)).join(',')}`)
  if (s.owners.length !== 1) {
    result.unfixed.push({ slot, reason: `${s.owners.length} nodes claim it` })
    progress({ kind: 'err', text: `Slot ${slot} is claimed by ${s.owners.length} nodes: rcl fix cannot repair that yet` })
    return
  }
  const owner = s.owners[0]
  // a source killed between the target's SETSLOT NODE and its own keeps migrating a slot it lost
  const stale = s.migrating.filter((n) => n.id !== owner.id)
  for (const m of stale) {
    const keys = Number(await client(m).call('CLUSTER', 'COUNTKEYSINSLOT', slot))
    if (keys > 0) {
      result.unfixed.push({ slot, reason: `${formatAddr(m.addr)} migrates it without owning it and still holds ${keys} of its keys` })
      progress({ kind: 'err', text: `Slot ${slot}: ${formatAddr(m.addr)} migrates it without owning it and still holds ${keys} keys: rcl fix cannot repair that yet` })
      return
    }
    progress({ kind: 'step', text: `Case 4: Closing the stale migration of slot ${slot} in ${formatAddr(m.addr)} (owned by ${formatAddr(owner.addr)})` })
    await client(m).call('CLUSTER', 'SETSLOT', slot, 'STABLE')
  }
  const migrating = s.migrating.filter((n) => n.id === owner.id)
  if (stale.length > 0 && migrating.length === 0 && s.importing.length === 0) {
    result.openSlots.push({ slot, action: `stale migration closed, owner ${formatAddr(owner.addr)}` })
    return
  }
  if (migrating.length === 1 && s.importing.length === 1) {
    const to = s.importing[0]
    progress({ kind: 'step', text: `Case 1: Moving slot ${slot} from ${formatAddr(owner.addr)} to ${formatAddr(to.addr)}` })
    await mover.move(slot, owner.id, to.id)
    result.openSlots.push({ slot, action: `moved to ${formatAddr(to.addr)}` })
  } else if (migrating.length === 0 && s.importing.length > 0) {
    progress({ kind: 'step', text: `Case 2: Moving all the slot ${slot} keys to its owner ${formatAddr(owner.addr)}` })
    for (const from of s.importing) {
      await returnKeys(slot, client(from), local(owner.addr), mover.opts)
      await client(from).call('CLUSTER', 'SETSLOT', slot, 'STABLE')
    }
    result.openSlots.push({ slot, action: `keys returned to ${formatAddr(owner.addr)}` })
  } else if (migrating.length === 1 && s.importing.length === 0) {
    progress({ kind: 'step', text: `Case 3: Setting slot ${slot} as stable in ${formatAddr(owner.addr)}` })
    await client(owner).call('CLUSTER', 'SETSLOT', slot, 'STABLE')
    result.openSlots.push({ slot, action: `stable in ${formatAddr(owner.addr)}` })
  } else {
    result.unfixed.push({ slot, reason: `owner ${formatAddr(owner.addr)}, migrating in ${migrating.length}, importing in ${s.importing.length}` })
    progress({ kind: 'err', text: `Sorry, rcl fix cannot repair slot ${slot} yet (migrating in ${migrating.length} nodes, importing in ${s.importing.length})` })
  }
}

async function fixCoverage(loaded: LoadedCluster, masters: ClusterNode[], mover: SlotMover, opts: FixOptions, progress: ProgressSink, result: FixResult): Promise<void> {
  const report = checkReport(loaded)
  const unreachableOwned = new Set<number>()
  for (const n of loaded.view.nodes) {
    if (n.role !== 'master' || loaded.probes.get(n.id)?.reachable === true) continue
    for (const [a, b] of n.slots) for (let s = a; s <= b; s++) unreachableOwned.add(s)
  }
  const uncovered = report.uncovered.flatMap(([a, b]) => Array.from({ length: b - a + 1 }, (_, i) => a + i))
    .concat(opts.withUnreachableMasters === true ? [...unreachableOwned] : [])
  if (uncovered.length === 0) return
  progress({ kind: 'step', text: 'Fixing slots coverage...' })
  const holders = await keyHolders(uncovered, masters, mover)
  const none = uncovered.filter((s) => (holders.get(s) ?? []).length === 0)
  const one = uncovered.filter((s) => (holders.get(s) ?? []).length === 1)
  const many = uncovered.filter((s) => (holders.get(s) ?? []).length > 1)
  for (const s of many) result.unfixed.push({ slot: s, reason: 'keys in several nodes' })
  if (many.length > 0) progress({ kind: 'err', text: `Slots with keys in several nodes are not fixed yet: ${many.join(',')}` })
  if (none.length > 0) {
    progress({ kind: 'info', text: `The following uncovered slots have no keys across the cluster:\n${none.join(',')}` })
    if (opts.confirm === undefined || await opts.confirm("Fix these slots by covering with a random node? (type 'yes' to accept): ")) {
      const sorted = [...masters].sort((a, b) => a.slotCount - b.slotCount)
      for (const [i, s] of none.entries()) await cover(s, sorted[i % sorted.length], mover, progress, result)
    }
  }
  if (one.length > 0) {
    progress({ kind: 'info', text: `The following uncovered slots have keys in just one node:\n${one.join(',')}` })
    if (opts.confirm === undefined || await opts.confirm("Fix these slots by covering with those nodes? (type 'yes' to accept): ")) {
      for (const s of one) await cover(s, (holders.get(s) as ClusterNode[])[0], mover, progress, result)
    }
  }
}

async function keyHolders(slots: number[], masters: ClusterNode[], mover: SlotMover): Promise<Map<number, ClusterNode[]>> {
  const out = new Map<number, ClusterNode[]>()
  for (const s of slots) {
    const counts = await Promise.all(masters.map((m) => mover.client(m.id).call('CLUSTER', 'COUNTKEYSINSLOT', s).then(Number, () => 0)))
    out.set(s, masters.filter((_, i) => counts[i] > 0))
  }
  return out
}

async function cover(slot: number, node: ClusterNode, mover: SlotMover, progress: ProgressSink, result: FixResult): Promise<void> {
  progress({ kind: 'step', text: `Covering slot ${slot} with ${formatAddr(node.addr)}` })
  const c = mover.client(node.id)
  // the node may still map the slot to a node that dropped it: forget that first (an error means it
  // had no mapping), then claim it under a new epoch so the claim wins over the stale one elsewhere
  await c.call('CLUSTER', 'DELSLOTS', slot).catch(() => undefined)
  await c.call('CLUSTER', 'ADDSLOTS', slot)
  await c.call('CLUSTER', 'BUMPEPOCH')
  result.covered.push({ slot, by: formatAddr(node.addr) })
}

