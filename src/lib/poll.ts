// Bounded polling: every wait in the library ends, and the caller words what never happened from the
// last thing it saw.
import { ReadinessTimeoutError } from './errors.js'

/**
 * Calls `probe` every `everyMs` until `done` accepts its result, and returns that result. When
 * `timeoutMs` runs out first, throws a ReadinessTimeoutError with `why(last result)`.
 */
export async function pollUntil<T>(probe: () => Promise<T>, done: (v: T) => boolean, timeoutMs: number, everyMs: number, why: (last: T) => string): Promise<T> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const v = await probe()
    if (done(v)) return v
    if (Date.now() >= deadline) throw new ReadinessTimeoutError(why(v))
    await new Promise((r) => setTimeout(r, everyMs))
  }
}
