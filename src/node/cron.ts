// The server cron (Redis's serverCron): every 1000/hz ms it runs the jobs the modules registered
// (active expiry, client timeouts, save points, replication, stats sampling), unless paused or loading.
import type { LoadingState } from './persistence/loading.js'
import type { Config } from './config/config.js'
import type { Clock } from './util/clock.js'
import type { Timers, TimerHandle } from './util/timers.js'

/** Runs once per cron tick (1000/hz ms): active expiry, client timeouts, stats sampling. */
export type CronJob = (now: number) => void

/** What the cron reads of the server. */
export interface CronHost {
  readonly config: Config
  readonly clock: Clock
  readonly timers: Timers
  readonly cronJobs: readonly CronJob[]
  /** DEBUG PAUSE-CRON */
  readonly cronPaused: boolean
  readonly loading: LoadingState
}

/** Starts ticking at the configured hz (1..500); cancel the handle to stop. */
export function startCron(host: CronHost): TimerHandle {
  const hz = Math.min(500, Math.max(1, host.config.getInt('hz')))
  return host.timers.every(Math.floor(1000 / hz), () => cronTick(host))
}

function cronTick(host: CronHost): void {
  if (host.cronPaused) return
  if (host.loading.active) return // as Redis, whose serverCron waits for the load to end
  const now = host.clock.now()
  for (const job of host.cronJobs) job(now)
}
