// Saving nodes.conf without stalling the node: the temp file is written off the event loop, then renamed
// over nodes.conf on it (so the file is always whole, old or new), and saves asked for meanwhile collapse
// into one of the newest state. Redis writes in place before its next reply; on this machine creating
// the temp file synchronously cost ~0.5 ms per CLUSTER SETSLOT, 4-9x Redis's whole command, and a
// reshard sends thousands. Background writes start at most once per SAVE_SPACING_MS: a lone change is
// written at once, a burst (a reshard moves a slot every few ms, and every node saves each move) in a
// few writes instead of one per change. close() writes whatever is pending synchronously, so a clean
// stop loses none; a kill -9 loses at most the changes of the last spacing.
import { readdirSync, renameSync, rmSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { systemClock, type Clock } from '../util/clock.js'
import { systemTimers, type TimerHandle, type Timers } from '../util/timers.js'
import { writeNodesConfAtomic, NodesConfWriteError } from './nodes-conf-file.js'

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

  /** Asks for a save; it happens soon (within SAVE_SPACING_MS), once, with fsync if any request wanted it. */
  request(fsync: boolean): void {
    if (this.closed) return
    this.pending = { fsync: (this.pending?.fsync ?? false) || fsync }
    this.startWhenDue()
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
