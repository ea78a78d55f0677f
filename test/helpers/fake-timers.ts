// A Timers implementation driven by the test: nothing fires until advance() moves time past it.
import type { TimerHandle, Timers } from '../../src/node/util/timers.js'

interface Entry { at: number; fn: () => void; every: number; live: boolean }

export class FakeTimers implements Timers {
  now = 0
  private entries: Entry[] = []

  after(ms: number, fn: () => void): TimerHandle { return this.add(ms, fn, 0) }
  every(ms: number, fn: () => void): TimerHandle { return this.add(ms, fn, ms) }

  /** Timers still waiting to fire. */
  get armed(): number { return this.entries.filter((e) => e.live).length }

  /** Moves time forward by `ms`, firing each timer due on the way, earliest first. */
  advance(ms: number): void {
    const end = this.now + ms
    for (;;) {
      const due = this.entries.filter((e) => e.live && e.at <= end).sort((a, b) => a.at - b.at)[0]
      if (due === undefined) break
      this.now = due.at
      if (due.every > 0) due.at += due.every
      else due.live = false
      due.fn()
    }
    this.now = end
    this.entries = this.entries.filter((e) => e.live)
  }

  private add(ms: number, fn: () => void, every: number): TimerHandle {
    const e: Entry = { at: this.now + Math.max(0, ms), fn, every, live: true }
    this.entries.push(e)
    return { cancel: () => { e.live = false } }
  }
}
