// A snapshot written to disk in the background (BGSAVE, and the base file of an AOF rewrite): slice by
// slice to a temporary file with asynchronous writes, so the event loop keeps serving clients between
// slices; then fsync, rename into place and fsync of the directory, as SAVE does. The job knows files and
// pacing; what the result means (dirty counter, status, manifests, logs) is its owner's business.
import { close, fdatasync, fsync, openSync, unlinkSync, write } from 'node:fs'
import { rename, unlink } from 'node:fs/promises'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises'
import type { KeyspaceSnapshot } from './snapshot.js'
import { strerror } from '../util/errno.js'
import { syncDirectory } from './rdb-disk.js'

/** A slice of the walk lasts about this long, so other clients wait at most about this much. */
const SLICE_MS = 4

export type SnapshotOutcome = { ok: true } | { ok: false; aborted: boolean; reason: string }

export interface SnapshotTarget {
  dir: string
  /** The temporary name, in `dir`, the file is written under until it is complete. */
  tempName: string
  filename: string
  /** What the file is, for error lines: "RDB" or "AOF base". */
  what: string
  /** rdb-key-save-delay: microseconds to spend per key (a test knob); negative -n means 1 µs every n keys. */
  keySaveDelay: number
  /** rdb-save-incremental-fsync / aof-rewrite-incremental-fsync: sync every 4 MB, not all at the end. */
  incrementalFsync: boolean
}

/** Redis syncs a snapshot being written every REDIS_AUTOSYNC_BYTES, so the final fsync has little left. */
const AUTOSYNC_BYTES = 4 * 1024 * 1024

export class SnapshotJob {
  private aborted = false
  /** Settles once the file is in place, the attempt failed, or the job was aborted and cleaned up. */
  readonly outcome: Promise<SnapshotOutcome>

  constructor(private readonly snapshot: KeyspaceSnapshot, private readonly target: SnapshotTarget) {
    this.outcome = this.run()
  }

  get keysWritten(): number { return this.snapshot.keysWritten }
  get keysTotal(): number { return this.snapshot.keysTotal }

  /**
   * Stops the job now: the keyspace is no longer watched and the temporary file is removed; any write
   * still in flight finishes into the unlinked file. `outcome` then settles as aborted.
   */
  abort(): void {
    if (this.aborted) return
    this.aborted = true
    this.snapshot.detach()
    // at once, not on the thread pool: SHUTDOWN exits right after aborting
    try { unlinkSync(this.tempPath()) } catch { /* not created yet, or already gone */ }
  }

  private tempPath(): string {
    return join(this.target.dir, this.target.tempName)
  }

  private async run(): Promise<SnapshotOutcome> {
    // start on the next turn, so the caller has replied and recorded the job before any failure lands
    await nextTurn()
    if (this.aborted) return this.failed('aborted', true)
    let fh: TempFile
    try {
      // created synchronously: an open still in flight on the thread pool when abort() unlinks (SHUTDOWN
      // during a BGSAVE) would create the file afterwards and leave it behind as the process exits
      fh = new TempFile(openSync(this.tempPath(), 'w', 0o644))
    } catch (e) {
      this.snapshot.detach()
      return this.failed(`Failed opening the temp ${this.target.what} file ${this.target.tempName} (in server root dir ${this.target.dir}) for saving: ${strerror(e)}`)
    }
    let moved = false
    try {
      if (!(await this.writeAll(fh))) return this.failed('aborted', true)
      await fh.sync()
      await fh.close()
      if (this.aborted) return this.failed('aborted', true)
      await rename(this.tempPath(), join(this.target.dir, this.target.filename))
      moved = true
      syncDirectory(this.target.dir)
      return { ok: true }
    } catch (e) {
      return this.failed(`Write error saving DB on disk: ${strerror(e)}`)
    } finally {
      this.snapshot.detach()
      await fh.close().catch(() => { /* closed already */ })
      if (!moved) await unlink(this.tempPath()).catch(() => { /* removed by abort() */ })
    }
  }

  /** The snapshot into the file, slice by slice; false when aborted on the way. */
  private async writeAll(fh: TempFile): Promise<boolean> {
    const pace = pacing(this.target.keySaveDelay)
    let unsynced = 0
    for (;;) {
      if (this.aborted) return false
      const chunk = this.snapshot.next(performance.now() + SLICE_MS, pace.keysPerSlice)
      if (chunk === null) return true
      for (let off = 0; off < chunk.length;) off += (await fh.write(chunk, off, chunk.length - off)).bytesWritten
      unsynced += chunk.length
      if (this.target.incrementalFsync && unsynced >= AUTOSYNC_BYTES) {
        unsynced = 0
        await fh.datasync()
      }
      if (pace.pauseMs > 0) await sleep(pace.pauseMs)
      else if (chunk.length === 0) await nextTurn()
    }
  }

  private failed(reason: string, aborted = this.aborted): SnapshotOutcome {
    return { ok: false, aborted, reason }
  }
}

const writeAsync = promisify(write)
const fsyncAsync = promisify(fsync)
const fdatasyncAsync = promisify(fdatasync)
const closeAsync = promisify(close)

/** An open file written, synced and closed off the event loop; closing twice is harmless. */
class TempFile {
  private closed = false

  constructor(private readonly fd: number) {}

  async write(data: Buffer, offset: number, length: number): Promise<{ bytesWritten: number }> {
    return writeAsync(this.fd, data, offset, length, null)
  }

  sync(): Promise<void> { return fsyncAsync(this.fd) }
  datasync(): Promise<void> { return fdatasyncAsync(this.fd) }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    await closeAsync(this.fd)
  }
}

/** rdb-key-save-delay as keys per slice and a pause after each: about one millisecond of delay per pause. */
function pacing(delayUs: number): { keysPerSlice: number; pauseMs: number } {
  if (delayUs === 0) return { keysPerSlice: Infinity, pauseMs: 0 }
  const perKeyUs = delayUs > 0 ? delayUs : 1 / -delayUs
  const keysPerSlice = Math.max(1, Math.floor(1000 / perKeyUs))
  return { keysPerSlice, pauseMs: (keysPerSlice * perKeyUs) / 1000 }
}
