// Keys a master holds in slots it does not claim: what redis-cli's --cluster-search-multiple-owners
// looks for. They are invisible to clients (the node answers MOVED for them) and are lost if nobody
// moves them, e.g. after an import or a migration that was cleared by hand. Finding them takes one
// CLUSTER COUNTKEYSINSLOT per slot the node does not claim, all sent at once on one connection.
import { SLOT_COUNT } from '../slots.js'
import type { NodeClient } from '../redis-client.js'

/** Slot -> number of keys, for every slot outside `claimed` where the node holds keys. */
export async function strayKeyCounts(c: NodeClient, claimed: ReadonlyArray<readonly [number, number]>): Promise<Map<number, number>> {
  const mine = new Uint8Array(SLOT_COUNT)
  for (const [a, b] of claimed) mine.fill(1, a, b + 1)
  const slots: number[] = []
  for (let s = 0; s < SLOT_COUNT; s++) if (mine[s] === 0) slots.push(s)
  const counts = await Promise.all(slots.map((s) => c.call('CLUSTER', 'COUNTKEYSINSLOT', s).then(Number)))
  const out = new Map<number, number>()
  slots.forEach((s, i) => { if (counts[i] > 0) out.set(s, counts[i]) })
  return out
}
