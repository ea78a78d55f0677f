// Which slots a reshard moves, chosen as redis-cli chooses them: sources with the most slots first,
// each giving its share of the total (the largest rounded up, the others down), lowest slots first.
import type { ClusterNode } from '../view.js'

export interface SlotMove {
  slot: number
  /** Node id of the source. */
  from: string
}

export function reshardTable(sources: ClusterNode[], count: number): SlotMove[] {
  const sorted = [...sources].filter((s) => s.slotCount > 0).sort((a, b) => b.slotCount - a.slotCount)
  const total = sorted.reduce((n, s) => n + s.slotCount, 0)
  const moves: SlotMove[] = []
  sorted.forEach((src, i) => {
    const share = (count / total) * src.slotCount
    const max = i === 0 ? Math.ceil(share) : Math.floor(share)
    let taken = 0
    for (const [a, b] of src.slots) {
      for (let slot = a; slot <= b && taken < max && moves.length < count; slot++, taken++) moves.push({ slot, from: src.id })
    }
  })
  return moves
}
