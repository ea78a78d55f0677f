// rcl fix: repairs what an interrupted reshard or a lost node leaves behind, as redis-cli --cluster fix
// does: open slots (finish the move, send keys back to the owner, or close a one-sided migration),
// uncovered slots (given to the node holding their keys, or to a master when nobody has any) and slots
// with several owners (claimed by several masters, or with keys on masters that don't claim them: one
// owner is chosen and the others' keys are moved to it).
import { formatAddr, type HostPort } from '../addr.js'
import { silent, type ProgressSink } from '../progress.js'
import { inRuns } from '../slots.js'
import type { ClusterNode } from '../view.js'
import { checkReport } from './check.js'
import { fixOpenSlot, slotState } from './fix-open-slot.js'
import { loadCluster, ownLine, type LoadedCluster } from './load.js'
import { ConflictingKeysError, withSlotMover, type MigrateOptions, type SlotMover } from './migrate-slot.js'
import { chooseOwner, claim, handOver, type Holding } from './slot-owner.js'
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

export async function fixCluster(opts: FixOptions): Promise<FixResult> {
  const progress = opts.progress ?? silent
  const loaded = opts.loaded ?? await loadCluster(opts.entry)
  const masters = loaded.view.nodes.filter((n) => n.role === 'master' && loaded.probes.get(n.id)?.reachable === true)
  const result: FixResult = { openSlots: [], covered: [], owners: [], unfixed: [] }
  const reload = (): Promise<LoadedCluster> => loadCluster(opts.entry, { searchOwners: true })
  await withSlotMover(masters, opts, async (mover) => {
    const open = checkReport(loaded).openSlots
    for (const slot of open) {
      const outcome = await unlessConflict(slot, result, progress, () => fixOpenSlot(slot, slotState(loaded, masters, slot), mover, progress))
      if (outcome?.fixed === true) result.openSlots.push({ slot, action: outcome.action })
      else if (outcome?.fixed === false) {
        result.unfixed.push({ slot, reason: outcome.reason })
        progress({ kind: 'err', text: `Sorry, rcl fix cannot repair slot ${slot} (${outcome.reason})` })
      }
    }
    // each step judges the cluster as the previous one left it; a step that changed nothing, or a
    // load that already searched for stray keys, needs no new load (a search is a command per slot)
    let current = open.length > 0 || !checkReport(loaded).ownersSearched ? await reload() : loaded
    const touched = (): number => result.covered.length + result.unfixed.length
    const before = touched()
    await fixCoverage(current, masters, mover, opts, progress, result)
    if (touched() > before) current = await reload()
    await fixMultipleOwners(current, masters, mover, progress, result)
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

/** The reachable masters that claim `slot` or hold keys in it, from a load with searchOwners. */
function holdings(loaded: LoadedCluster, masters: ClusterNode[], slot: number): Holding[] {
  const out: Holding[] = []
  for (const m of masters) {
    const p = loaded.probes.get(m.id)
    if (p?.reachable !== true) continue
    const me = ownLine(p)
    const claims = me !== undefined && inRuns(slot, me.slots)
    const stray = p.stray?.get(slot) ?? 0
    if (claims || stray > 0) out.push({ node: m, claims, keys: stray })
  }
  return out
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
 * keys moved, or null when a key's two copies differ (recorded as unfixed).
 */
async function consolidate(slot: number, owner: ClusterNode, hs: Holding[], masters: ClusterNode[], mover: SlotMover, progress: ProgressSink, result: FixResult): Promise<number | null> {
  return unlessConflict(slot, result, progress, async () => {
    await claim(mover.client(owner.id), slot)
    let moved = 0
    for (const h of hs) if (h.node.id !== owner.id) moved += await handOver(slot, h.node, h.claims, owner, mover, progress)
    for (const m of masters) {
      if (m.id !== owner.id && !hs.some((h) => h.node.id === m.id)) await mover.client(m.id).call('CLUSTER', 'SETSLOT', slot, 'NODE', owner.id).catch(() => undefined)
    }
    return moved
  })
}

/**
 * Runs one slot's repair. A key whose two copies differ stops only that slot (recorded as unfixed,
 * null returned; both copies stay); any other failure stops the fix.
 */
async function unlessConflict<T>(slot: number, result: FixResult, progress: ProgressSink, repair: () => Promise<T>): Promise<T | null> {
  try {
    return await repair()
  } catch (e) {
    if (!(e instanceof ConflictingKeysError)) throw e
    result.unfixed.push({ slot, reason: e.message })
    progress({ kind: 'err', text: `${e.message} (${e.hint ?? ''})` })
    return null
  }
}

async function cover(slot: number, node: ClusterNode, mover: SlotMover, progress: ProgressSink, result: FixResult): Promise<void> {
  progress({ kind: 'step', text: `Covering slot ${slot} with ${formatAddr(node.addr)}` })
  await claim(mover.client(node.id), slot)
  result.covered.push({ slot, by: formatAddr(node.addr) })
}
