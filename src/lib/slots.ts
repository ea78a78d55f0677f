// Hash slot sets as redis-cli prints them: sorted ranges "[0-5460],[5462]".

export const SLOT_COUNT = 16384

/** Consecutive runs of the given slots, each as [first, last]. */
/** Whether `slot` falls in one of the runs. */
export function inRuns(slot: number, runs: ReadonlyArray<readonly [number, number]>): boolean {
  return runs.some(([a, b]) => slot >= a && slot <= b)
}

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
  return formatRuns(slotRanges(slots))
}

/** The same text from [first, last] runs, sorted and joined where they touch, without listing every slot. */
export function formatRuns(runs: ReadonlyArray<readonly [number, number]>): string {
  const merged: Array<[number, number]> = []
  for (const [a, b] of [...runs].sort((x, y) => x[0] - y[0])) {
    const last = merged[merged.length - 1]
    if (last !== undefined && a <= last[1] + 1) last[1] = Math.max(last[1], b)
    else merged.push([a, b])
  }
  return merged.map(([a, b]) => (a === b ? `[${a}]` : `[${a}-${b}]`)).join(',')
}
