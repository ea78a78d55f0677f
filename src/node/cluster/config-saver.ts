// Saving nodes.conf without stalling the node: the temp file is written off the event loop, then renamed
// over nodes.conf on it (so the file is always whole, old or new), and saves asked for meanwhile collapse
// into one of the newest state. Redis writes in place before its next reply; on this machine creating
// the temp file synchronously cost ~0.5 ms per CLUSTER SETSLOT, 4-9x Redis's whole command, and a
// reshard sends thousands. close() writes whatever is pending synchronously, so a clean stop loses none.
import { readdirSync, renameSync, rmSync } from 'node:fs'
import { open } from 'node:fs/promises'
import { basename, dirname, join } from 'node:path'
import { writeNodesConfAtomic, NodesConfWriteError } from './nodes-conf-file.js'

export class ConfigSaver {
  private writing = false
  private pending: { fsync: boolean } | null = null
  private closed = false
  private seq = 0
  private inflight: Promise<void> = Promise.resolve()

  /**
   * `text` gives the file's current content; `fatal` is called when a write fails (Redis exits: it
   * cannot go on with a config it cannot record).
   */
  constructor(private readonly path: string, private readonly text: () => string, private readonly fatal: (e: NodesConfWriteError) => void) {}

  /** Asks for a save; it happens soon, once, with fsync if any request wanted it. */
  request(fsync: boolean): void {
    if (this.closed) return
    this.pending = { fsync: (this.pending?.fsync ?? false) || fsync }
    if (!this.writing) this.writeNext()
  }

  /** Saves now, synchronously (start-up, SAVECONFIG, shutdown). Throws NodesConfWriteError. */
  saveNow(fsync: boolean): void {
    this.pending = null
    this.seq++ // a background write still in flight must not rename its older text over this one
    writeNodesConfAtomic(this.path, this.text(), { fsync })
  }

  /** Resolves once no background write is in flight (its temp file renamed or removed). */
  whenIdle(): Promise<void> {
    return this.inflight
  }

  /** Writes what is pending, synchronously, and stops background saves. */
  close(): void {
    const pending = this.pending
    this.closed = true
    this.seq++
    if (pending !== null || this.writing) this.saveNow(pending?.fsync ?? false)
  }

  private writeNext(): void {
    const job = this.pending as { fsync: boolean }
    this.pending = null
    this.writing = true
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
      if (this.pending !== null && !this.closed) this.writeNext()
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
