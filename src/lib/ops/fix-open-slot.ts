// fix's repair of one open slot (migrating or importing somewhere), redis-cli's cases in its order: first
// the slot gets exactly one owner (when nobody or several claim it), then a stale migration is closed
// (case 4), then the move is finished (1), the keys go back to the owner (2), or the migration is
// closed (3).
import { formatAddr } from '../addr.js'
import type { ProgressSink } from '../progress.js'
import { inRuns } from '../slots.js'
import type { ClusterNode } from '../view.js'
import { ownLine, type LoadedCluster } from './load.js'
import type { SlotMover } from './migrate-slot.js'
import { claim, handOver } from './slot-owner.js'

/** A slot's owners, migrating and importing nodes, each from the node's own CLUSTER NODES. */
export interface SlotState {
  owners: ClusterNode[]
  migrating: ClusterNode[]
  importing: ClusterNode[]
  /** Migrating node id -> the id it migrates to. */
  migratingTo: Map<string, string>
}

export type SlotOutcome = { fixed: true; action: string } | { fixed: false; reason: string }

export function slotState(loaded: LoadedCluster, masters: ClusterNode[], slot: number): SlotState {
  const state: SlotState = { owners: [], migrating: [], importing: [], migratingTo: new Map() }
  for (const m of masters) {
    const me = ownLine(loaded.probes.get(m.id))
    if (me === undefined) continue
    if (inRuns(slot, me.slots)) state.owners.push(m)
    const to = me.migrating.find((x) => x.slot === slot)
    if (to !== undefined) { state.migrating.push(m); state.migratingTo.set(m.id, to.to) }
    if (me.importing.some((x) => x.slot === slot)) state.importing.push(m)
  }
  return state
}

export async function fixOpenSlot(slot: number, state: SlotState, mover: SlotMover, progress: ProgressSink): Promise<SlotOutcome> {
  const say = (text: string): void => progress({ kind: 'info', text })
  const step = (text: string): void => progress({ kind: 'step', text })
  const addr = (n: ClusterNode): string => formatAddr(n.addr)
  step(`Fixing open slot ${slot}`)
  if (state.migrating.length > 0) say(`Set as migrating in: ${state.migrating.map(addr).join(',')}`)
  if (state.importing.length > 0) say(`Set as importing in: ${state.importing.map(addr).join(',')}`)
  const s = await oneOwner(slot, state, mover, progress)
  const owner = s.owners[0]
  // case 4: a source killed between the target's SETSLOT NODE and its own keeps migrating a slot it lost
  const stale = s.migrating.filter((n) => n.id !== owner.id)
  for (const m of stale) {
    step(`Case 4: Closing the stale migration of slot ${slot} in ${addr(m)} (owned by ${addr(owner)})`)
    await handOver(slot, m, false, owner, mover, progress)
  }
  const migrating = s.migrating.filter((n) => n.id === owner.id)
  const importing = s.importing
  if (migrating.length === 0 && importing.length === 0) return { fixed: true, action: `stale migration closed, owner ${addr(owner)}` }
  if (migrating.length === 1 && importing.length > 0) {
    // several importers: the one the owner migrates to takes the slot, the others give their keys back
    const to = importing.length === 1 ? importing[0] : importing.find((n) => n.id === s.migratingTo.get(owner.id))
    if (to === undefined) return { fixed: false, reason: `importing in ${importing.length} nodes, none of them the one ${addr(owner)} migrates it to` }
    for (const n of importing.filter((x) => x !== to)) await giveBack(slot, n, owner, mover, progress)
    step(`Case 1: Moving slot ${slot} from ${addr(owner)} to ${addr(to)}`)
    await mover.move(slot, owner.id, to.id)
    return { fixed: true, action: `moved to ${addr(to)}` }
  }
  if (migrating.length === 0) {
    for (const n of importing) await giveBack(slot, n, owner, mover, progress)
    return { fixed: true, action: `keys returned to ${addr(owner)}` }
  }
  step(`Case 3: Setting slot ${slot} as stable in ${addr(owner)}`)
  await mover.client(owner.id).call('CLUSTER', 'SETSLOT', slot, 'STABLE')
  return { fixed: true, action: `stable in ${addr(owner)}` }
}

/** Case 2: an importing node that does not own the slot sends its keys of it to the owner. */
async function giveBack(slot: number, from: ClusterNode, owner: ClusterNode, mover: SlotMover, progress: ProgressSink): Promise<void> {
  progress({ kind: 'step', text: `Case 2: Moving all the slot ${slot} keys to its owner ${formatAddr(owner.addr)}` })
  await handOver(slot, from, false, owner, mover, progress)
}

/**
 * The slot's state once it has exactly one owner. Nobody claiming it: the open node holding the most
 * keys claims it and drops its own open state. Several claiming it: the claimant holding the most keys
 * keeps it, and the others give up their claims and hand their keys over to it.
 */
async function oneOwner(slot: number, s: SlotState, mover: SlotMover, progress: ProgressSink): Promise<SlotState> {
  if (s.owners.length === 1) return s
  const pool = s.owners.length === 0 ? [...new Set([...s.migrating, ...s.importing])] : s.owners
  const counts = await Promise.all(pool.map(async (n) => Number(await mover.client(n.id).call('CLUSTER', 'COUNTKEYSINSLOT', slot))))
  const owner = pool[counts.indexOf(Math.max(...counts))]
  progress({ kind: 'step', text: `${s.owners.length === 0 ? 'Nobody claims' : `${s.owners.length} nodes claim`} slot ${slot}; setting its owner: ${formatAddr(owner.addr)}` })
  const c = mover.client(owner.id)
  await claim(c, slot)
  if (s.owners.length === 0) {
    await c.call('CLUSTER', 'SETSLOT', slot, 'STABLE')
    return { ...s, owners: [owner], migrating: s.migrating.filter((n) => n !== owner), importing: s.importing.filter((n) => n !== owner) }
  }
  const others = s.owners.filter((n) => n !== owner)
  for (const n of others) await handOver(slot, n, true, owner, mover, progress)
  const open = (n: ClusterNode): boolean => !others.includes(n)
  return { ...s, owners: [owner], migrating: s.migrating.filter(open), importing: s.importing.filter(open) }
}
