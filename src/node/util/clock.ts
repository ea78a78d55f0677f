// Time source. Everything in src/node reads time through a Clock so state machines can be tested
// with a fake one; only adapters (timers, cron) and this file touch Date.now()/setTimeout.

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number
}

export const systemClock: Clock = { now: () => Date.now() }
