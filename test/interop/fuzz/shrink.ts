// Shrinks a failing sequence to a short one that still shows the same difference: delta debugging
// over the steps, then over each step's arguments, each candidate replayed on freshly flushed servers.
import type { Sequence } from './generator.js'
import type { Difference, FuzzRunner } from './runner.js'

export interface ShrinkResult {
  steps: string[][]
  difference: Difference
  /** Replays spent. */
  runs: number
  /** False when the original sequence did not fail again on replay (a timing-dependent difference). */
  reproduced: boolean
}

export interface ShrinkOptions {
  maxRuns?: number
  deadlineMs?: number
}

type Test = (steps: string[][]) => Promise<Difference | null>

/** ddmin over a list: removes chunks, then single items, while `fails` still holds. */
async function ddmin<T>(items: T[], fails: (candidate: T[]) => Promise<boolean>, budgetLeft: () => boolean): Promise<T[]> {
  let cur = items
  let n = 2
  while (cur.length >= 2 && budgetLeft()) {
    const size = Math.ceil(cur.length / n)
    let reduced = false
    for (let i = 0; i < cur.length && budgetLeft(); i += size) {
      const candidate = [...cur.slice(0, i), ...cur.slice(i + size)]
      if (candidate.length > 0 && (await fails(candidate))) {
        cur = candidate
        n = Math.max(n - 1, 2)
        reduced = true
        break
      }
    }
    if (!reduced) {
      if (n >= cur.length) break
      n = Math.min(n * 2, cur.length)
    }
  }
  return cur
}

export async function shrink(runner: FuzzRunner, seq: Sequence, first: Difference, opts: ShrinkOptions = {}): Promise<ShrinkResult> {
  const maxRuns = opts.maxRuns ?? 3000
  const deadline = Date.now() + (opts.deadlineMs ?? 10 * 60_000)
  let runs = 0
  let last = first
  const budgetLeft = (): boolean => runs < maxRuns && Date.now() < deadline
  const test: Test = async (steps) => {
    runs++
    const r = await runner.run({ seed: seq.seed, steps })
    return r.difference?.signature === first.signature ? r.difference : null
  }
  const fails = async (steps: string[][]): Promise<boolean> => {
    const d = await test(steps)
    if (d) last = d
    return d !== null
  }

  // everything after the failing step is irrelevant
  let steps = seq.steps.slice(0, first.kind === 'reply' ? first.step + 1 : first.step)
  if (!(await fails(steps))) return { steps: seq.steps, difference: first, runs, reproduced: false }
  steps = await ddmin(steps, fails, budgetLeft)
  // then the arguments of each remaining step (keeping the command's name and first argument)
  for (let i = 0; i < steps.length && budgetLeft(); i++) {
    const head = steps[i].slice(0, 2)
    const tail = steps[i].slice(2)
    if (tail.length < 1) continue
    const without = (t: string[]): string[][] => steps.map((s, j) => (j === i ? [...head, ...t] : s))
    if (await fails(without([]))) { steps = without([]); continue }
    const kept = await ddmin(tail, (t) => fails(without(t)), budgetLeft)
    steps = without(kept)
  }
  // a last pass at step level: argument removal can make whole steps unnecessary
  steps = await ddmin(steps, fails, budgetLeft)
  return { steps, difference: last, runs, reproduced: true }
}
