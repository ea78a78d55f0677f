// Hash slot sets as redis-cli prints them: sorted ranges "[0-5460],[5462]".

export const SLOT_COUNT = 16384

/** Consecutive runs of the given slots, each as [first, last]. */
export function slotRanges(slots: Iterable<number>): Array<[number, number]> {
  const sorted = [...new Set(slots)].sort((a, b) => a - b)
  const out: Array<[number, number]> = []
  for (const s of sorted) {
    const last = out[out.length - 1]
    if (last !== undefined && last[1] === s - 1) last[1] = s
    else out.push([s, s])
  }
  return out
}

/** "[0-5460],[5462]" (empty string for no slots), as redis-cli's node blocks show them. */
export function formatSlotRanges(slots: Iterable<number>): string {
  return slotRanges(slots).map(([a, b]) => (a === b ? `[${a}]` : `[${a}-${b}]`)).join(',')
}
