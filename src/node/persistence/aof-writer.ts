// Appending to the current incremental AOF file. Commands are buffered as they are propagated and
// written once per event-loop turn, before that turn's replies leave (PendingWrites runs flush() first),
// so a client never sees the reply to a write the file does not have. `appendfsync always` fsyncs in the
// same place; `everysec` fsyncs from the cron on the thread pool, so a slow disk never blocks the loop.
import { closeSync, fsync, fsyncSync, writeSync } from 'node:fs'
import { encodeCommand } from '../resp/encoder.js'

export type FsyncPolicy = 'always' | 'everysec' | 'no'

export interface AofWriterHooks {
  policy(): FsyncPolicy
  /** aof-timestamp-enabled: the "#TS:" line due before the next command, or null for none. */
  annotation(): string | null
  /** A write failed (err) or worked again after failing (null); `fatal` when the policy is always. */
  writeStatus(error: Error | null): void
}

/**
 * genAofTimestampAnnotationIfNeeded(): a "#TS:<unix seconds>" line once the clock has moved past the
 * last second written. One per server, not per file: a new incremental file opened within the same
 * second gets none, as in Redis.
 */
export class AofTimestamp {
  private current = 0

  /** The line due at `nowSec`, or null; `force` always gives one (a base being written starts with it). */
  next(nowSec: number, force = false): string | null {
    if (!force && !(this.current < nowSec)) return null
    this.current = nowSec
    return `#TS:${nowSec}\r\n`
  }
}

export class AofWriter {
  private pending: string[] = []
  private pendingLength = 0
  /** The db the file's next command runs in; -1 forces a SELECT (a new file starts with one). */
  private db = -1
  private failed = false
  private unsynced = false
  private fsyncInFlight = false
  private scheduled = false
  /** Bytes in the current file, including what is still buffered. */
  fileSize: number

  constructor(private fd: number, size: number, private readonly hooks: AofWriterHooks) {
    this.fileSize = size
  }

  get bufferLength(): number { return this.pendingLength }
  get fsyncPending(): boolean { return this.fsyncInFlight }

  /** A propagated change (PropagationSink): SELECT first when the db differs from the last command's. */
  feed(db: number, argvs: readonly string[][]): void {
    const ts = this.hooks.annotation()
    if (ts !== null) this.push(ts)
    if (db !== this.db) {
      this.push(encodeCommand(['SELECT', String(db)]))
      this.db = db
    }
    for (const argv of argvs) this.push(encodeCommand(argv))
    if (!this.scheduled) {
      // changes made outside a client's request (expiry) have no reply to wait for
      this.scheduled = true
      setImmediate(() => { this.scheduled = false; this.flush() })
    }
  }

  private push(text: string): void {
    this.pending.push(text)
    this.pendingLength += text.length
    this.fileSize += text.length
  }

  /** Writes what is buffered; under `always` also fsyncs. A failed write keeps the buffer for the next try. */
  flush(): void {
    if (this.pendingLength === 0) return
    // latin1 text is one byte per char, so the string goes to the file without a Buffer copy
    const data = this.pending.length === 1 ? this.pending[0] : this.pending.join('')
    let written = 0
    try {
      while (written < data.length) written += writeSync(this.fd, written === 0 ? data : data.slice(written), null, 'latin1')
      if (this.hooks.policy() === 'always') fsyncSync(this.fd)
      else this.unsynced = true
    } catch (e) {
      // keep what did not reach the file; the next flush tries again
      this.pending = [data.slice(written)]
      this.pendingLength = data.length - written
      this.failed = true
      this.hooks.writeStatus(e as Error)
      return
    }
    this.pending = []
    this.pendingLength = 0
    if (this.failed) {
      this.failed = false
      this.hooks.writeStatus(null)
    }
  }

  /** everysec: called by the cron once a second; fsyncs on the thread pool unless one is still running. */
  fsyncTick(): void {
    this.flush()
    if (!this.unsynced || this.fsyncInFlight || this.hooks.policy() !== 'everysec') return
    this.unsynced = false
    this.fsyncInFlight = true
    const fd = this.fd
    fsync(fd, () => { this.fsyncInFlight = false })
  }

  /** Everything buffered to the file and to the disk, now (shutdown, before switching files). */
  syncNow(): void {
    this.flush()
    fsyncSync(this.fd)
    this.unsynced = false
  }

  /** Continues in a new file: the old one is synced and closed; the new one starts with a SELECT. */
  switchTo(fd: number): void {
    this.syncNow()
    closeSync(this.fd)
    this.fd = fd
    this.fileSize = 0
    this.db = -1
  }

  close(): void {
    try {
      this.syncNow()
    } finally {
      closeSync(this.fd)
    }
  }
}
