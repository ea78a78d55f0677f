// Saving nodes.conf without stalling the node. A change a command made (urgent: its client is about to
// be told it is done) is written at once, in place, as Redis 7.0 writes before its next reply (~12 us:
// no new file, no rename), so a kill -9 right after the reply loses nothing the client was told. Other
// changes (learnt from the bus: peers tell a restarted node again) are written off the event loop to a
// temp file renamed over nodes.conf on it (so that file is always whole), at most once per
// SAVE_SPACING_MS, requests meanwhile collapsing into one write of the newest state: every node hears
// of every slot a reshard moves, and a save per change (open, write, close, rename on the thread pool,
// several with fsync) more than doubled a reshard's time. close() writes whatever is pending
// synchronously, so a clean stop loses none.
import { readdirSync, renameSync, rmSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { systemClock, type Clock } from '../util/clock.js'
import { systemTimers, type TimerHandle, type Timers } from '../util/timers.js'
import { writeNodesConfAtomic, writeNodesConfInPlace, NodesConfWriteError } from './nodes-conf-file.js'

/**
 * The shortest time between the starts of two background saves. A reshard of 4096 slots between
 * rcl-node masters took 2.4x as long as between redis-server masters while every node saved every
 * change (each save an open, write, close and rename, several with fsync); spaced, they are a few
 * dozen a second at most.
 */
export const SAVE_SPACING_MS = 50

export interface SaverTime { clock: Clock; timers: Timers }

export class ConfigSaver {
  private writing = false
  private pending: { fsync: boolean } | null = null
  private closed = false
  private seq = 0
  private inflight: Promise<void> = Promise.resolve()
  /** When the last background write started (-Infinity: none yet). */
  private lastStart = -Infinity
  /** The deferred start of the next background write, while spacing holds it back. */
  private deferred: TimerHandle | null = null

  /**
   * `text` gives the file's current content; `fatal` is called when a write fails (Redis exits: it
   * cannot go on with a config it cannot record).
   */
  constructor(
    private readonly path: string,
    private readonly text: () => string,
    private readonly fatal: (e: NodesConfWriteError) => void,
    private readonly time: SaverTime = { clock: systemClock, timers: systemTimers },
  ) {}

  /**
   * Asks for a save, with fsync if any request wanted it: an urgent one is written now, in place (and
   * takes along whatever was held back); others within SAVE_SPACING_MS of the last background start,
   * requests meanwhile collapsing.
   */
  request(fsync: boolean, urgent = false): void {
    if (this.closed) return
    if (urgent) return this.writeInPlace(fsync)
    this.pending = { fsync: (this.pending?.fsync ?? false) || fsync }
    this.startWhenDue()
  }

  /**
   * The urgent save. It writes what was held back too; held-back changes that wanted an fsync stay
   * pending, so the background save makes them durable off the event loop (only the command's own
   * fsync, such as an epoch bump's, is paid here, as Redis pays it before replying).
   */
  private writeInPlace(fsync: boolean): void {
    if (this.pending !== null && !this.pending.fsync) {
      this.pending = null
      this.deferred?.cancel()
      this.deferred = null
    }
    this.seq++ // a background write still in flight must not rename its older text over this one
    try {
      writeNodesConfInPlace(this.path, this.text(), { fsync })
    } catch (e) {
      this.fatal(e as NodesConfWriteError)
    }
  }

  /** Saves now, synchronously (start-up, SAVECONFIG, shutdown). Throws NodesConfWriteError. */
  saveNow(fsync: boolean): void {
    this.pending = null
    this.seq++ // a background write still in flight must not rename its older text over this one
    writeNodesConfAtomic(this.path, this.text(), { fsync })
  }

  /**
   * Resolves once no background write is in flight (its temp file renamed or removed); a save the
   * spacing holds back has not started and is not waited for.
   */
  whenIdle(): Promise<void> {
    return this.inflight
  }

  /** Writes what is pending, synchronously, and stops background saves. */
  close(): void {
    const pending = this.pending
    this.closed = true
    this.seq++
    this.deferred?.cancel()
    this.deferred = null
    if (pending !== null || this.writing) this.saveNow(pending?.fsync ?? false)
  }

  /** Starts the pending save now, or arms its start for when the spacing allows; nothing if one is under way. */
  private startWhenDue(): void {
    if (this.writing || this.deferred !== null || this.pending === null || this.closed) return
    const wait = this.lastStart + SAVE_SPACING_MS - this.time.clock.now()
    if (wait <= 0) return this.writeNext()
    this.deferred = this.time.timers.after(wait, () => {
      this.deferred = null
      this.startWhenDue()
    })
  }

  private writeNext(): void {
    const job = this.pending as { fsync: boolean }
    this.pending = null
    this.writing = true
    this.lastStart = this.time.clock.now()
    const seq = ++this.seq
    const tmp = `${this.path}.tmp-${process.pid}-${seq}`
    this.inflight = writeTemp(tmp, Buffer.from(this.text(), 'latin1'), job.fsync).then(async () => {
      if (seq !== this.seq) return rmSync(tmp, { force: true })
      renameSync(tmp, this.path)
      if (job.fsync) await syncDirAsync(dirname(this.path))
    }).catch((e: NodeJS.ErrnoException) => {
      rmSync(tmp, { force: true })
      if (!this.closed) this.fatal(new NodesConfWriteError(e))
    }).finally(() => {
      this.writing = false
      this.startWhenDue()
    })
  }
}

/**
 * Removes temp files a node stopped mid-save left beside `path` (called with the lock held, so none is
 * anyone else's).
 */
export function removeStaleTemps(path: string): void {
  const prefix = `${basename(path)}.tmp-`
  let names: string[]
  try { names = readdirSync(dirname(path)) } catch { return }
  for (const name of names) if (name.startsWith(prefix)) rmSync(join(dirname(path), name), { force: true })
}

async function writeTemp(path: string, data: Buffer, fsync: boolean): Promise<void> {
  const fh = await open(path, 'w', 0o644)
  try {
    await fh.writeFile(data)
    if (fsync) await fh.sync()
  } finally {
    await fh.close()
  }
}

/** Makes the rename durable, off the event loop. */
async function syncDirAsync(dir: string): Promise<void> {
  try {
    const fh = await open(dir, 'r')
    try { await fh.sync() } finally { await fh.close() }
  } catch {
    // some filesystems refuse fsync on a directory; the rename already happened
  }
}
