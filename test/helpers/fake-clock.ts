// A hand-driven Clock and Timers for tests of timed state machines: time moves only when the test calls
// advance(), which fires the timers that fall due, in time order, without sleeping.
import type { Clock } from '../../src/node/util/clock.js'
import { MAX_TIMER_MS, type TimerHandle, type Timers } from '../../src/node/util/timers.js'

interface Scheduled {
  at: number
  /** 0 for `after`; the period for `every`. */
  periodMs: number
  fn: () => void
  cancelled: boolean
}

/**
 * Both halves of time for a Server or a state machine under test (`new Server(config, { clock: fc,
 * timers: fc })`). `after(0)` is due at once (it fires on the next advance, even advance(0)); `every`
 * periods below 1 ms count as 1 ms, as setInterval's do. A delay past MAX_TIMER_MS throws: the system
 * timers would fire it at once, so code under test must wait for far deadlines in steps.
 */
export class FakeClock implements Clock, Timers {
  private ms: number
  private queue: Scheduled[] = []

  /** `startMs`: what now() answers before any advance (epoch milliseconds; any number will do). */
  constructor(startMs = 0) {
    this.ms = startMs
  }

  now(): number { return this.ms }

  /** Timers scheduled and neither fired (for `after`) nor cancelled. */
  get pending(): number { return this.queue.length }

  after(ms: number, fn: () => void): TimerHandle {
    return this.schedule(Math.max(0, ms), 0, fn)
  }

  every(ms: number, fn: () => void): TimerHandle {
    const period = Math.max(1, ms)
    return this.schedule(period, period, fn)
  }

  /**
   * Moves time forward by `ms`, firing every timer due by the new time in time order; now() reads each
   * timer's own due time while it runs. Timers a callback schedules within the window fire too. A
   * callback that throws stops the advance there (time stays at that timer's due time) and the error
   * reaches the caller.
   */
  advance(ms: number): void {
    if (!(ms >= 0)) throw new RangeError(`advance needs a non-negative number of ms, got ${ms}`)
    const target = this.ms + ms
    for (let fired = 0; ; fired++) {
      const next = this.queue[0]
      if (next === undefined || next.at > target) break
      if (fired >= MAX_FIRINGS_PER_ADVANCE) throw new Error(`FakeClock: more than ${MAX_FIRINGS_PER_ADVANCE} timers fired in one advance (a timer re-arming at 0 ms?)`)
      this.queue.shift()
      this.ms = next.at
      if (next.periodMs > 0) {
        next.at += next.periodMs
        this.insert(next)
      }
      next.fn()
    }
    this.ms = target
  }

  /** Advances to the next timer's due time and fires what is due then; false when nothing is pending. */
  runNext(): boolean {
    const next = this.queue[0]
    if (next === undefined) return false
    this.advance(next.at - this.ms)
    return true
  }

  private schedule(delay: number, periodMs: number, fn: () => void): TimerHandle {
    if (!(delay <= MAX_TIMER_MS)) throw new RangeError(`FakeClock: a ${delay} ms timer, which setTimeout would fire at once (max ${MAX_TIMER_MS})`)
    const t: Scheduled = { at: this.ms + delay, periodMs, fn, cancelled: false }
    this.insert(t)
    return { cancel: () => this.cancel(t) }
  }

  private cancel(t: Scheduled): void {
    if (t.cancelled) return
    t.cancelled = true
    const i = this.queue.indexOf(t)
    if (i >= 0) this.queue.splice(i, 1)
  }

  /**
   * Keeps the queue ordered by due time, a newcomer after those already due at the same instant: ties
   * fire first-scheduled first (a re-armed `every` counts as scheduled when it re-arms), as Node's do.
   */
  private insert(t: Scheduled): void {
    let i = this.queue.length
    while (i > 0 && this.queue[i - 1].at > t.at) i--
    this.queue.splice(i, 0, t)
  }
}

/** A guard against a timer that keeps re-arming itself at the same instant. */
const MAX_FIRINGS_PER_ADVANCE = 1_000_000
