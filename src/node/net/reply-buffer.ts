// Sizing each client's reply buffer from the server cron, as Redis's clientsCronResizeOutputBuffer does:
// a buffer whose peak use stayed under half its size shrinks to that peak (at least 1 KB), and the peak
// starts over every peak-reset-time, so an idle client's buffer ends up small. rcl-node's writer grows by
// itself the moment a reply does not fit (resp/encoder.ts), so the cron never has to grow one; those
// growths are what INFO reports as reply_buffer_expands. DEBUG REPLYBUFFER tunes both knobs.
import type { ReplyWriter } from '../resp/encoder.js'
import type { ServerStats } from '../stats.js'

/** The smallest buffer the cron shrinks to (PROTO_REPLY_MIN_BYTES). */
export const REPLY_BUFFER_MIN_BYTES = 1024
/** REPLY_BUFFER_DEFAULT_PEAK_RESET_TIME */
export const DEFAULT_PEAK_RESET_MS = 5000

export class ReplyBufferResizer {
  /** Milliseconds between peak resets; -1 = never (DEBUG REPLYBUFFER PEAK-RESET-TIME). */
  peakResetMs = DEFAULT_PEAK_RESET_MS
  /** DEBUG REPLYBUFFER RESIZING: off leaves every buffer at the size it has. */
  resizing = true

  constructor(private readonly stats: ServerStats) {}

  /** DEBUG REPLYBUFFER PEAK-RESET-TIME RESET: back to the default period. */
  restoreDefaultPeakReset(): void {
    this.peakResetMs = DEFAULT_PEAK_RESET_MS
  }

  /** One cron pass: each writer's growths counted, its buffer shrunk when due, its peak reset when due. */
  cron(now: number, writers: Iterable<ReplyWriter>): void {
    for (const w of writers) {
      this.stats.replyBufferExpands += w.grows
      w.grows = 0
      if (w.peakResetAt === 0) {
        w.peakResetAt = now // first seen: its peak period starts now
        continue
      }
      const target = this.resizing ? shrinkTarget(w) : 0
      if (this.peakResetMs >= 0 && now - w.peakResetAt >= this.peakResetMs) {
        w.peak = w.length
        w.peakResetAt = now
      }
      if (target !== 0 && w.resize(target)) this.stats.replyBufferShrinks++
    }
  }
}

/** The size to shrink to, or 0: when even half the buffer was more than its peak needed. */
function shrinkTarget(w: ReplyWriter): number {
  const half = w.size >> 1
  if (half < REPLY_BUFFER_MIN_BYTES || w.peak >= half) return 0
  return Math.max(REPLY_BUFFER_MIN_BYTES, w.peak + 1)
}
