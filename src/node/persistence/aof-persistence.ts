// The append-only file, Redis 7.0's multi-part way: loading the directory at start-up, appending every
// propagated change to the current incremental file (aof-writer.ts), rewriting (BGREWRITEAOF, automatic
// growth, turning appendonly on at run time) as a background snapshot into a new base file while writes
// go on into a new incremental file, and the figures INFO persistence reports.
import { existsSync, mkdirSync, openSync, readFileSync, statSync, unlinkSync } from 'node:fs'
import { join } from 'node:path'
import { ReplyError } from '../resp/types.js'
import type { Server } from '../server.js'
import { strerror } from '../util/errno.js'
import { aofLoadSteps } from './aof-load.js'
import { runServingClients, runToEnd, type LoadSteps } from './loading.js'
import { DatasetLoadError } from './load-errors.js'
import { baseName, formatManifest, incrName, manifestName, parseManifest, type AofFileInfo, type AofManifest } from './aof-manifest.js'
import { AofTimestamp, AofWriter, type FsyncPolicy } from './aof-writer.js'
import { writeFileAtomically } from './rdb-disk.js'
import { drain, newSnapshot } from './rdb-save.js'
import { SnapshotJob, type SnapshotOutcome } from './snapshot-job.js'

export type AofState = 'off' | 'on' | 'wait_rewrite'

/** After a failed rewrite, automatic ones wait this long times 2^(failures-1), at most an hour (backoffOver). */
const REWRITE_BACKOFF_MS = 60_000

interface Rewrite {
  job: SnapshotJob
  started: number
  base: AofFileInfo
  /** The incremental file opened when the rewrite began: the new base plus it (and any later) is complete. */
  incr: AofFileInfo | null
}

export class AofPersistence {
  state: AofState
  /** BGREWRITEAOF asked for while another background job ran. */
  scheduled = false
  lastRewriteSeconds = -1
  lastRewriteStatus: 'ok' | 'err' = 'ok'
  consecutiveFailures = 0
  /** The last write error, until a write works again. */
  writeError: Error | null = null
  /** aof_base_size: the size right after the last load or rewrite. */
  baseSize = 0
  private writer: AofWriter | null = null
  private manifest: AofManifest | null = null
  private rewriting: Rewrite | null = null
  /** Bytes in the base and the incremental files before the current one. */
  private closedSize = 0
  private lastFsyncTick = 0
  private lastRewriteFailure = 0
  /** The last "#TS:" second written (aof_cur_timestamp). */
  private readonly timestamp = new AofTimestamp()

  constructor(private readonly server: Server) {
    this.state = server.config.getBool('appendonly') ? 'on' : 'off'
  }

  get dir(): string { return join(this.server.config.get('dir'), this.server.config.get('appenddirname')) }
  private get prefix(): string { return this.server.config.get('appendfilename') }
  get rewriteInProgress(): boolean { return this.rewriting !== null }
  get currentRewriteSeconds(): number { return this.rewriting === null ? -1 : secondsSince(this.server, this.rewriting.started) }
  get currentSize(): number { return this.closedSize + (this.writer?.fileSize ?? 0) }
  get bufferLength(): number { return this.writer?.bufferLength ?? 0 }
  get fsyncPending(): boolean { return this.writer?.fsyncPending ?? false }

  /** PropagationSink: every change, in order, while the AOF is on or waiting for its first rewrite. */
  readonly feed = (db: number, argvs: string[][]): void => {
    this.writer?.feed(db, argvs)
  }

  /** Run before each turn's replies are written: nothing is acknowledged before it is in the file. */
  flush(): void {
    this.writer?.flush()
  }

  /**
   * Start-up with appendonly yes: loads the directory's files when there is a manifest (the RDB dump is
   * then not read, as in Redis). Throws DatasetLoadError / AofManifestError when it cannot.
   */
  async loadAtStart(): Promise<boolean> {
    try {
      return await runServingClients(this.server, this.loadSteps())
    } finally {
      this.server.loading.stop()
    }
  }

  /** The manifest's files into the keyspace; false when there is no manifest. */
  private *loadSteps(): LoadSteps<boolean> {
    const manifest = this.readManifest()
    if (manifest === null) {
      const legacy = join(this.server.config.get('dir'), this.prefix)
      if (existsSync(legacy)) {
        throw new DatasetLoadError([`Found the single-file AOF ${this.prefix} of Redis before 7.0, which rcl-node does not convert; start redis-server 7.0 on it once with appendonly yes to convert it, or move it away`])
      }
      return false
    }
    const loaded = yield* aofLoadSteps(this.server, this.dir, manifest)
    this.manifest = manifest
    this.baseSize = loaded.totalSize
    this.closedSize = loaded.totalSize
    return true
  }

  /**
   * DEBUG LOADAOF, into a keyspace the caller emptied: what is buffered goes to the file first, then the
   * files the manifest on disk names are loaded again. Appending goes on into the open incremental file.
   * False when there is no manifest to load.
   */
  reload(): boolean {
    this.flush()
    // the command answers once the data is in, so nobody is let in meanwhile
    try {
      if (!runToEnd(this.loadSteps())) return false
    } finally {
      this.server.loading.stop()
    }
    // loadAtStart counted the open incremental file among the closed ones
    if (this.writer !== null) this.closedSize -= this.writer.fileSize
    return true
  }

  /**
   * Start-up with appendonly no: the manifest is still read, so that a later rewrite continues its
   * numbering and removes the files it replaces; one that cannot be read is left alone.
   */
  adoptManifest(): void {
    try {
      this.manifest = this.readManifest()
    } catch {
      this.manifest = null
    }
  }

  private readManifest(): AofManifest | null {
    const path = join(this.dir, manifestName(this.prefix))
    if (!existsSync(path)) return null
    return parseManifest(readFileSync(path, 'latin1'))
  }

  /** Start-up with appendonly yes, after loading: opens the last incremental file, creating what is missing. */
  openAtStart(): void {
    const log = this.server.log
    this.ensureDir()
    if (this.manifest === null) {
      const base = { name: baseName(this.prefix, 1, this.server.config.getBool('aof-use-rdb-preamble')), seq: 1, type: 'b' as const }
      const snapshot = newSnapshot(this.server, { aofBase: true })
      // written here rather than by a child, the base's "#TS:" line is the server's last one too
      if (snapshot.annotation !== null) this.timestamp.next(snapshot.annotation.second, true)
      writeFileAtomically(this.dir, base.name, drain(snapshot), `temp-${process.pid}.aof`)
      log.notice(`Creating AOF base file ${base.name} on server start`)
      this.manifest = { base, incrs: [], history: [] }
      this.closedSize = this.baseSize = statSync(join(this.dir, base.name)).size
    }
    const last = this.manifest.incrs[this.manifest.incrs.length - 1]
    if (last !== undefined) {
      const fd = openSync(join(this.dir, last.name), 'a')
      const size = statSync(join(this.dir, last.name)).size
      this.closedSize -= size
      this.writer = this.newWriter(fd, size)
      log.notice(`Opening AOF incr file ${last.name} on server start`)
    } else {
      const incr = this.openNewIncr()
      this.manifest.incrs.push(incr)
      this.persistManifest(this.manifest)
      log.notice(`Creating AOF incr file ${incr.name} on server start`)
    }
    this.attachSink()
  }

  /** appenddirname inside dir, as Redis makes it: not the parents (a vanished dir is an error, not recreated). */
  private ensureDir(): void {
    try {
      mkdirSync(this.dir)
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e
    }
  }

  private attachSink(): void {
    if (!this.server.propagation.sinks.includes(this.feed)) this.server.propagation.sinks.push(this.feed)
  }

  /** CONFIG SET appendonly yes: writes go to a new incremental file from now; a rewrite makes its base. */
  enable(): void {
    if (this.state !== 'off') return
    if (this.rewriting !== null) this.abortRewrite()
    this.ensureDir()
    this.state = 'wait_rewrite'
    // nothing is appended until the rewrite starts: its base and its incr file must begin at one moment;
    // while the dataset is still loading, its base would miss the rest, so the cron starts it afterwards
    if (this.server.snapshotBusy || this.server.loading.active) this.scheduled = true
    else this.startRewrite()
  }

  /** CONFIG SET appendonly no: the file is synced and closed, a rewrite in flight dropped. */
  disable(): void {
    if (this.state === 'off') return
    if (this.rewriting !== null) this.abortRewrite()
    this.closeWriter()
    this.state = 'off'
  }

  private newWriter(fd: number, size: number): AofWriter {
    const config = this.server.config
    return new AofWriter(fd, size, {
      // no-appendfsync-on-rewrite: while a rewrite writes its base, appended data is not fsynced
      policy: () => (this.rewriting !== null && config.getBool('no-appendfsync-on-rewrite') ? 'no' : config.get('appendfsync') as FsyncPolicy),
      annotation: () => (config.getBool('aof-timestamp-enabled') ? this.timestamp.next(Math.floor(this.server.clock.now() / 1000)) : null),
      writeStatus: (e) => this.onWriteStatus(e),
    })
  }

  private closeWriter(): void {
    const w = this.writer
    if (w === null) return
    this.writer = null
    const sinks = this.server.propagation.sinks
    if (sinks.includes(this.feed)) sinks.splice(sinks.indexOf(this.feed), 1)
    w.close()
  }

  private onWriteStatus(e: Error | null): void {
    const log = this.server.log
    if (e === null) {
      this.writeError = null
      log.warning('AOF write error looks solved, Redis can write again.')
      return
    }
    if (this.server.config.get('appendfsync') === 'always') {
      log.warning(`Can't recover from AOF write error when the AOF fsync policy is 'always'. Exiting...`)
      process.exit(1)
    }
    if (this.writeError === null) log.warning(`Error writing to the AOF file: ${strerror(e)}`)
    this.writeError = e
  }

  /** Writes are refused while the AOF cannot be written (writeCommandsDeniedByDiskError). */
  writesDenied(): ReplyError | null {
    if (this.state === 'off' || this.writeError === null) return null
    return new ReplyError(`MISCONF Errors writing to the AOF file: ${strerror(this.writeError)}`)
  }

  private openNewIncr(): AofFileInfo {
    const incrs = this.manifest?.incrs ?? []
    const seq = (incrs[incrs.length - 1]?.seq ?? 0) + 1
    const incr: AofFileInfo = { name: incrName(this.prefix, seq), seq, type: 'i' }
    const fd = openSync(join(this.dir, incr.name), 'a')
    if (this.writer === null) {
      this.writer = this.newWriter(fd, 0)
      this.attachSink()
    } else {
      this.closedSize += this.writer.fileSize
      this.writer.switchTo(fd)
    }
    return incr
  }

  private persistManifest(m: AofManifest): void {
    writeFileAtomically(this.dir, manifestName(this.prefix), [Buffer.from(formatManifest(m), 'latin1')], `temp-${manifestName(this.prefix)}`)
  }

  /**
   * rewriteAppendOnlyFileBackground(): a new incremental file takes the writes from this moment, and
   * the keyspace of this moment becomes the new base, written in the background.
   */
  startRewrite(): void {
    const server = this.server
    const log = server.log
    this.ensureDir()
    if (this.state !== 'off') this.writer?.flush()
    let incr: AofFileInfo | null = null
    if (this.state !== 'off') {
      incr = this.openNewIncr()
      if (this.state === 'on' && this.manifest !== null) {
        // a crash before the rewrite ends still finds every write: old base, old incrs, this one
        this.manifest = { ...this.manifest, incrs: [...this.manifest.incrs, incr] }
        this.persistManifest(this.manifest)
      }
      log.notice(`Creating AOF incr file ${incr.name} on background rewrite`)
    }
    const rdb = server.config.getBool('aof-use-rdb-preamble')
    const seq = (this.manifest?.base?.seq ?? 0) + 1
    const base: AofFileInfo = { name: baseName(this.prefix, seq, rdb), seq, type: 'b' }
    const snapshot = newSnapshot(server, { aofBase: true })
    snapshot.attach(server.dbs)
    const job = new SnapshotJob(snapshot, {
      dir: this.dir,
      tempName: `temp-rewriteaof-bg-${process.pid}.aof`,
      filename: base.name,
      what: 'AOF base',
      keySaveDelay: server.config.getInt('rdb-key-save-delay'),
      incrementalFsync: server.config.getBool('aof-rewrite-incremental-fsync'),
    })
    this.rewriting = { job, started: server.clock.now(), base, incr }
    log.notice(`Background append only file rewriting started by pid ${process.pid}`)
    void job.outcome.then((outcome) => this.rewriteDone(job, outcome))
  }

  /** Drops the rewrite in flight (SHUTDOWN, appendonly no); the files already named stay valid. */
  abortRewrite(): void {
    const r = this.rewriting
    if (r === null) return
    this.rewriting = null
    r.job.abort()
  }

  private rewriteDone(job: SnapshotJob, outcome: SnapshotOutcome): void {
    const r = this.rewriting
    if (r === null || r.job !== job) return
    this.rewriting = null
    const log = this.server.log
    this.lastRewriteSeconds = secondsSince(this.server, r.started)
    if (!outcome.ok) {
      log.warning(outcome.reason)
      log.warning('Background AOF rewrite terminated with error')
      this.lastRewriteStatus = 'err'
      this.consecutiveFailures++
      this.lastRewriteFailure = this.server.clock.now()
      if (this.state === 'wait_rewrite') this.dropFirstIncr(r.incr)
      return
    }
    log.notice('Background AOF rewrite terminated with success')
    log.notice(`Successfully renamed the temporary AOF base file temp-rewriteaof-bg-${process.pid}.aof into ${r.base.name}`)
    try {
      this.installRewrite(r)
    } catch (e) {
      log.warning(`Error trying to install the rewritten AOF: ${strerror(e)}`)
      this.lastRewriteStatus = 'err'
      this.consecutiveFailures++
      return
    }
    this.lastRewriteStatus = 'ok'
    this.consecutiveFailures = 0
    this.server.stats.aofRewrites++
    if (this.state === 'wait_rewrite') this.state = 'on'
    log.notice('Background AOF rewrite finished successfully')
  }

  /**
   * The first rewrite of a run-time enabled AOF failed: its incr file is in no manifest and has no base,
   * so it stops taking writes and goes; the cron tries the whole thing again later.
   */
  private dropFirstIncr(incr: AofFileInfo | null): void {
    this.closeWriter()
    this.closedSize = 0
    if (incr !== null) try { unlinkSync(join(this.dir, incr.name)) } catch { /* never created */ }
  }

  /** The new base and the incrs from the rewrite's start become the manifest; the files before go. */
  private installRewrite(r: Rewrite): void {
    const old = this.manifest
    // with the AOF on, the manifest already lists the rewrite's incr (and nothing newer can exist)
    const incrs = r.incr === null ? [] : this.state === 'on' && old !== null ? old.incrs.filter((f) => f.seq >= (r.incr as AofFileInfo).seq) : [r.incr]
    const next: AofManifest = { base: r.base, incrs, history: [] }
    this.persistManifest(next)
    this.manifest = next
    const keep = new Set([r.base.name, ...incrs.map((f) => f.name)])
    for (const f of old === null ? [] : [...(old.base ? [old.base] : []), ...old.incrs, ...old.history]) {
      if (keep.has(f.name)) continue
      this.server.log.notice(`Removing the history file ${f.name} in the background`)
      try { unlinkSync(join(this.dir, f.name)) } catch { /* already gone */ }
    }
    const baseBytes = statSync(join(this.dir, r.base.name)).size
    this.baseSize = baseBytes + (this.writer?.fileSize ?? 0)
    this.closedSize = baseBytes
  }

  /** serverCron's AOF part: the everysec fsync, a scheduled rewrite, and the automatic one on growth. */
  cron(now: number, otherJobRunning: boolean): void {
    if (this.writer !== null && now - this.lastFsyncTick >= 1000) {
      this.lastFsyncTick = now
      this.writer.fsyncTick()
    }
    if (this.rewriting !== null || otherJobRunning) return
    if (this.scheduled) {
      this.scheduled = false
      this.startRewrite()
      return
    }
    if (this.state === 'wait_rewrite' && this.backoffOver(now)) this.startRewrite()
    else if (this.state === 'on' && this.growthCallsForRewrite(now)) this.startRewrite()
  }

  /** After failed rewrites, the next automatic one waits a minute, doubling per failure, at most an hour. */
  private backoffOver(now: number): boolean {
    if (this.consecutiveFailures === 0) return true
    return now - this.lastRewriteFailure >= Math.min(3_600_000, REWRITE_BACKOFF_MS * 2 ** (this.consecutiveFailures - 1))
  }

  private growthCallsForRewrite(now: number): boolean {
    const config = this.server.config
    const percentage = config.getInt('auto-aof-rewrite-percentage')
    const size = this.currentSize
    if (percentage <= 0 || size < config.getInt('auto-aof-rewrite-min-size') || !this.backoffOver(now)) return false
    const base = this.baseSize > 0 ? this.baseSize : 1
    const growth = Math.floor((size * 100) / base) - 100
    if (growth < percentage) return false
    this.server.log.notice(`Starting automatic rewriting of AOF on ${growth}% growth`)
    return true
  }

  /**
   * prepareForShutdown()'s AOF part: no rewrite survives, and every write is on disk. The file stays
   * open: a shutdown refused later (a failed final save) keeps the server, and its AOF, running.
   */
  beforeShutdown(): void {
    if (this.rewriting !== null) {
      this.server.log.warning('There is a child rewriting the AOF. Killing it!')
      this.abortRewrite()
    }
    if (this.writer !== null) {
      this.server.log.notice('Calling fsync() on the AOF file.')
      this.writer.syncNow()
    }
  }
}

function secondsSince(server: Server, startMs: number): number {
  return Math.floor(server.clock.now() / 1000) - Math.floor(startMs / 1000)
}

