// Rolling samples behind INFO's instantaneous_* fields and the memory peak: one sample per cron tick,
// the last 16 averaged, like Redis's trackInstantaneousMetric().
import type { Server } from '../server.js'

const SAMPLES = 16
/** Redis samples every 100 ms (STATS_METRIC_SAMPLE); we sample on cron ticks at least that far apart. */
const SAMPLE_PERIOD_MS = 100

class Metric {
  private readonly samples = new Array<number>(SAMPLES).fill(0)
  private idx = 0
  private lastTime = 0
  private lastValue = 0

  /** Records the rate (per second) since the previous call. */
  track(now: number, value: number): void {
    if (this.lastTime !== 0) {
      const dt = now - this.lastTime
      this.samples[this.idx] = dt > 0 ? ((value - this.lastValue) * 1000) / dt : 0
      this.idx = (this.idx + 1) % SAMPLES
    }
    this.lastTime = now
    this.lastValue = value
  }

  get average(): number {
    let sum = 0
    for (const s of this.samples) sum += s
    return sum / SAMPLES
  }
}

/** Heap plus off-heap bytes: what rcl-node reports as used_memory. */
export function usedMemory(): number {
  const m = process.memoryUsage()
  return m.heapUsed + m.external
}

export class StatsSampler {
  readonly ops = new Metric()
  readonly netInput = new Metric()
  readonly netOutput = new Metric()
  /** used_memory when the server was built (used_memory_startup) and the highest seen since. */
  readonly startupMemory = usedMemory()
  private peak = this.startupMemory
  private lastSample = 0

  constructor(private readonly server: Server) {
    server.cronJobs.push((now) => this.sample(now))
  }

  /** used_memory now, raising the recorded peak when it is higher. */
  usedMemory(): number {
    const used = usedMemory()
    if (used > this.peak) this.peak = used
    return used
  }

  get peakMemory(): number { return this.peak }

  private sample(now: number): void {
    if (now - this.lastSample < SAMPLE_PERIOD_MS) return
    this.lastSample = now
    const stats = this.server.stats
    this.ops.track(now, stats.totalCommandsProcessed)
    this.netInput.track(now, stats.totalNetInputBytes)
    this.netOutput.track(now, stats.totalNetOutputBytes)
    this.usedMemory()
  }
}
