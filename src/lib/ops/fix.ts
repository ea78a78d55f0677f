// rcl fix: repairs what an interrupted reshard or a lost node leaves behind, as redis-cli --cluster fix
// does: open slots (finish the move, send keys back to the owner, or close a one-sided migration),
// uncovered slots (given to the node holding their keys, or to a master when nobody has any) and slots
// with several owners (claimed by several masters, or with keys on masters that don't claim them: one
// owner is chosen and the others' keys are moved to it).
import { formatAddr, local, type HostPort } from '../addr.js'
import { RclError } from '../errors.js'
import { silent, type ProgressSink } from '../progress.js'
import type { NodeClient } from '../redis-client.js'
import type { ClusterNode } from '../view.js'
import { checkReport } from './check.js'
import { loadCluster, type LoadedCluster } from './load.js'
import { returnKeys, withSlotMover, type KeyOwner, type MigrateOptions, type SlotMover } from './migrate-slot.js'
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
  /** Slots that had several owners, with the one they now have and the keys moved to it. */
  owners: Array<{ slot: number; owner: string; keysMoved: number }>
  /** Slots left as they were, with the reason. */
  unfixed: Array<{ slot: number; reason: string }>
}

interface SlotState { owners: ClusterNode[]; migrating: ClusterNode[]; importing: ClusterNode[] }

export async function fixCluster(opts: FixOptions): Promise<FixResult> {
  const progress = opts.progress ?? silent
  const loaded = opts.loaded ?? await loadCluster(opts.entry)
  const masters = loaded.view.nodes.filter((n) => n.role === 'master' && loaded.probes.get(n.id)?.reachable === true)
  const result: FixResult = { openSlots: [], covered: [], owners: [], unfixed: [] }
  const reload = (): Promise<LoadedCluster> => loadCluster(opts.entry, { searchOwners: true })
  await withSlotMover(masters, opts, async (mover) => {
    for (const slot of checkReport(loaded).openSlots) await fixOpenSlot(slot, slotState(loaded, masters, slot), mover, progress, result)
    // each step judges the cluster as the previous one left it
    await fixCoverage(await reload(), masters, mover, opts, progress, result)
    await fixMultipleOwners(await reload(), masters, mover, progress, result)
  })
  if (result.openSlots.length + result.covered.length + result.owners.length > 0) await settle(loaded, opts.settleTimeoutMs ?? 30_000, progress)
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
      await returnKeys(slot, client(from), keyOwner(owner, mover), mover.opts)
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
  // nobody reachable claims these slots, so every key in them is a stray one
  const holders = (s: number): Holding[] => holdings(loaded, masters, s)
  const none = uncovered.filter((s) => holders(s).length === 0)
  const one = uncovered.filter((s) => holders(s).length === 1)
  const many = uncovered.filter((s) => holders(s).length > 1)
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
      for (const s of one) await cover(s, holders(s)[0].node, mover, progress, result)
    }
  }
  if (many.length > 0) {
    progress({ kind: 'info', text: `The following uncovered slots have keys in multiple nodes:\n${many.join(',')}` })
    if (opts.confirm === undefined || await opts.confirm("Fix these slots by moving keys into a single node? (type 'yes' to accept): ")) {
      for (const s of many) {
        const owner = chooseOwner(holders(s))
        progress({ kind: 'step', text: `Covering slot ${s} moving keys to ${formatAddr(owner.addr)}` })
        const moved = await consolidate(s, owner, holders(s), masters, mover, progress, result)
        if (moved !== null) result.covered.push({ slot: s, by: formatAddr(owner.addr) })
      }
    }
  }
}

/** A master's stake in a slot: whether it claims the slot, and how many of its keys it holds. */
interface Holding { node: ClusterNode; claims: boolean; keys: number }

/** The reachable masters that claim `slot` or hold keys in it, from a load with searchOwners. */
function holdings(loaded: LoadedCluster, masters: ClusterNode[], slot: number): Holding[] {
  const out: Holding[] = []
  for (const m of masters) {
    const p = loaded.probes.get(m.id)
    if (p?.reachable !== true) continue
    const me = p.lines.find((l) => l.flags.includes('myself'))
    const claims = me !== undefined && me.slots.some(([a, b]) => slot >= a && slot <= b)
    const stray = p.stray?.get(slot) ?? 0
    if (claims || stray > 0) out.push({ node: m, claims, keys: stray })
  }
  return out
}

/** The holder of the most keys; among equals, one that already claims the slot, so fewer clients are redirected. */
function chooseOwner(hs: Holding[]): ClusterNode {
  return [...hs].sort((a, b) => b.keys - a.keys || Number(b.claims) - Number(a.claims))[0].node
}

async function fixMultipleOwners(loaded: LoadedCluster, masters: ClusterNode[], mover: SlotMover, progress: ProgressSink, result: FixResult): Promise<void> {
  const slots = checkReport(loaded).multipleOwners.map((m) => m.slot)
  if (slots.length === 0) return
  for (const slot of slots) {
    progress({ kind: 'step', text: `Fixing multiple owners for slot ${slot}...` })
    const hs = holdings(loaded, masters, slot)
    // a claimant's key count is not in the stray map: count them now
    for (const h of hs) if (h.claims) h.keys = Number(await mover.client(h.node.id).call('CLUSTER', 'COUNTKEYSINSLOT', slot))
    if (hs.length < 2) continue
    const owner = chooseOwner(hs)
    progress({ kind: 'step', text: `Setting slot ${slot} owner: ${formatAddr(owner.addr)}` })
    const moved = await consolidate(slot, owner, hs, masters, mover, progress, result)
    if (moved !== null) result.owners.push({ slot, owner: formatAddr(owner.addr), keysMoved: moved })
  }
}

/**
 * Makes `owner` the one owner of `slot`: it claims the slot under a new config epoch, every other
 * holder gives up its claim and sends its keys to it, and every master is told. Resolves with the
 * keys moved, or null when a holder's keys could not all be moved (recorded as unfixed; the keys stay
 * where they are, and the holder's slot state is put back to stable).
 */
async function consolidate(slot: number, owner: ClusterNode, hs: Holding[], masters: ClusterNode[], mover: SlotMover, progress: ProgressSink, result: FixResult): Promise<number | null> {
  await claim(mover.client(owner.id), slot)
  let moved = 0
  for (const h of hs) {
    if (h.node.id === owner.id) continue
    const c = mover.client(h.node.id)
    // a claimant holding keys may not hand the slot over: it gives up the claim, then names the owner
    if (h.claims) await c.call('CLUSTER', 'DELSLOTS', slot)
    await c.call('CLUSTER', 'SETSLOT', slot, 'NODE', owner.id)
    if (h.keys === 0) continue
    progress({ kind: 'info', text: `Moving ${h.keys} keys of slot ${slot} from ${formatAddr(h.node.addr)} to ${formatAddr(owner.addr)}` })
    await c.call('CLUSTER', 'SETSLOT', slot, 'IMPORTING', owner.id)
    try {
      moved += await returnKeys(slot, c, keyOwner(owner, mover), mover.opts)
    } catch (e) {
      result.unfixed.push({ slot, reason: (e as Error).message })
      const hint = e instanceof RclError && e.hint !== undefined ? ` (${e.hint})` : ''
      progress({ kind: 'err', text: `${(e as Error).message}${hint}` })
      return null
    } finally {
      await c.call('CLUSTER', 'SETSLOT', slot, 'STABLE')
    }
  }
  for (const m of masters) {
    if (m.id !== owner.id && !hs.some((h) => h.node.id === m.id)) await mover.client(m.id).call('CLUSTER', 'SETSLOT', slot, 'NODE', owner.id).catch(() => undefined)
  }
  return moved
}

function keyOwner(owner: ClusterNode, mover: SlotMover): KeyOwner {
  return { ...local(owner.addr), client: mover.client(owner.id) }
}

async function cover(slot: number, node: ClusterNode, mover: SlotMover, progress: ProgressSink, result: FixResult): Promise<void> {
  progress({ kind: 'step', text: `Covering slot ${slot} with ${formatAddr(node.addr)}` })
  await claim(mover.client(node.id), slot)
  result.covered.push({ slot, by: formatAddr(node.addr) })
}

/**
 * The node claims `slot` under a new config epoch, so its claim wins over any other. It may still map
 * the slot to another node: it forgets that first (an error means it had no mapping).
 */
async function claim(c: NodeClient, slot: number): Promise<void> {
  await c.call('CLUSTER', 'DELSLOTS', slot).catch(() => undefined)
  await c.call('CLUSTER', 'ADDSLOTS', slot)
  await c.call('CLUSTER', 'BUMPEPOCH')
}
