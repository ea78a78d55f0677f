// Giving a slot one owner, for fix: the owner claims it under a new config epoch, and a master that
// holds keys of it without owning it (or gives up a claim) sends those keys over.
import { formatAddr, local } from '../addr.js'
import type { ProgressSink } from '../progress.js'
import type { NodeClient } from '../redis-client.js'
import type { ClusterNode } from '../view.js'
import { returnKeys, type KeyOwner, type SlotMover } from './migrate-slot.js'

/** A master's stake in a slot: whether it claims the slot, and how many of its keys it holds. */
export interface Holding { node: ClusterNode; claims: boolean; keys: number }

/** The holder of the most keys; among equals, one that already claims the slot, so fewer clients are redirected. */
export function chooseOwner(hs: Holding[]): ClusterNode {
  return [...hs].sort((a, b) => b.keys - a.keys || Number(b.claims) - Number(a.claims))[0].node
}

/**
 * The node claims `slot` under a new config epoch, so its claim wins over any other. It may still map
 * the slot to another node: it forgets that first (an error means it had no mapping).
 */
export async function claim(c: NodeClient, slot: number): Promise<void> {
  await c.call('CLUSTER', 'DELSLOTS', slot).catch(() => undefined)
  await c.call('CLUSTER', 'ADDSLOTS', slot)
  await c.call('CLUSTER', 'BUMPEPOCH')
}

/**
 * `holder` stops claiming or migrating `slot`, names `owner` as its owner and sends it every key of
 * the slot it holds; resolves with the number of keys sent. To be served MIGRATE for a slot it doesn't
 * own, the holder imports the slot from the owner meanwhile; its slot state ends stable whatever
 * happens. Throws when keys could not all be sent (those left stay on the holder).
 */
export async function handOver(slot: number, holder: ClusterNode, claims: boolean, owner: ClusterNode, mover: SlotMover, progress: ProgressSink): Promise<number> {
  const c = mover.client(holder.id)
  // a claimant holding keys may not name another owner: it gives up the claim first
  if (claims) await c.call('CLUSTER', 'DELSLOTS', slot)
  await c.call('CLUSTER', 'SETSLOT', slot, 'STABLE')
  await c.call('CLUSTER', 'SETSLOT', slot, 'NODE', owner.id)
  const keys = Number(await c.call('CLUSTER', 'COUNTKEYSINSLOT', slot))
  if (keys === 0) return 0
  progress({ kind: 'info', text: `Moving ${keys} keys of slot ${slot} from ${formatAddr(holder.addr)} to ${formatAddr(owner.addr)}` })
  await c.call('CLUSTER', 'SETSLOT', slot, 'IMPORTING', owner.id)
  try {
    return await returnKeys(slot, c, keyOwner(owner, mover), mover.opts)
  } finally {
    await c.call('CLUSTER', 'SETSLOT', slot, 'STABLE')
  }
}

export function keyOwner(owner: ClusterNode, mover: SlotMover): KeyOwner {
  return { ...local(owner.addr), client: mover.client(owner.id) }
}
