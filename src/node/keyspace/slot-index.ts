// Per-slot key index for cluster mode: CLUSTER COUNTKEYSINSLOT / GETKEYSINSLOT and slot migration.
// Only built when cluster-enabled is yes, so standalone nodes pay nothing per key.
import { CLUSTER_SLOTS, keySlot } from '../../common/key-slot.js'

export class SlotIndex {
  private readonly slots: Array<Set<string> | undefined> = new Array(CLUSTER_SLOTS)

  add(key: string): void {
    const slot = keySlot(key)
    let set = this.slots[slot]
    if (set === undefined) this.slots[slot] = set = new Set()
    set.add(key)
  }

  remove(key: string): void {
    this.slots[keySlot(key)]?.delete(key)
  }

  count(slot: number): number {
    return this.slots[slot]?.size ?? 0
  }

  keys(slot: number, limit: number): string[] {
    const out: string[] = []
    const set = this.slots[slot]
    if (set === undefined) return out
    for (const k of set) {
      if (out.length >= limit) break
      out.push(k)
    }
    return out
  }

  clear(): void {
    this.slots.fill(undefined)
  }
}
