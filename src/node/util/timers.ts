// Timer adapter: the one place (with clock.ts) where src/node touches setTimeout/setInterval, so that
// state machines can be driven by a fake implementation in tests.

export interface TimerHandle { cancel(): void }

/**
 * The longest delay a timer can hold: setTimeout fires at once (after a warning) for anything longer,
 * so callers with far deadlines wait in steps of at most this.
 */
export const MAX_TIMER_MS = 2 ** 31 - 1

export interface Timers {
  after(ms: number, fn: () => void): TimerHandle
  every(ms: number, fn: () => void): TimerHandle
}

export const systemTimers: Timers = {
  after(ms, fn) {
    const t = setTimeout(fn, Math.max(0, ms))
    return { cancel: () => clearTimeout(t) }
  },
  every(ms, fn) {
    const t = setInterval(fn, ms)
    return { cancel: () => clearInterval(t) }
  },
}
