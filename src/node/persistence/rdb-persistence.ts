// The server's RDB state and policy: BGSAVE jobs (one at a time, as Redis has one child), save points
// checked by the cron, stop-writes-on-bgsave-error, what SHUTDOWN and FLUSHALL do with a save in
// flight, and the figures INFO persistence reports. The snapshot and the file writing live in
// snapshot.ts and snapshot-job.ts; the synchronous save and the loader in rdb-save.ts.
import { ReplyError } from '../resp/types.js'
import type { Server } from '../server.js'
import { SnapshotJob, type SnapshotOutcome } from './snapshot-job.js'
import { newSnapshot, saveSync } from './rdb-save.js'

/** After a failed BGSAVE, save points try again only after this long (CONFIG_BGSAVE_RETRY_DELAY). */
const RETRY_DELAY_SEC = 5

export const MISCONF = new ReplyError(
  "MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk. Commands that may modify the data set are disabled, because this instance is configured to report errors during writes if RDB snapshotting fails (stop-writes-on-bgsave-error option). Please check the Redis logs for details about the RDB error.",
)

export interface SavePoint {
  seconds: number
  changes: number
}

export class RdbPersistence {
  /** When the last successful save finished (LASTSAVE, rdb_last_save_time); the start time until then. */
  lastSave: number
  /** Keys the last load brought in and dropped as expired (kept across CONFIG RESETSTAT, as in Redis). */
  readonly lastLoad = { loaded: 0, expired: 0 }
  lastBgsaveStatus: 'ok' | 'err' = 'ok'
  /** Seconds the last BGSAVE took, -1 before the first. */
  lastBgsaveSeconds = -1
  /** A BGSAVE asked for while another job ran (BGSAVE SCHEDULE, or BGSAVE inside EXEC). */
  scheduled = false
  private job: SnapshotJob | null = null
  private jobStarted = 0
  private lastBgsaveTry = 0
  private dirtyAtStart = 0
  private jobSeq = 0

  constructor(private readonly server: Server) {
    this.lastSave = server.startTime
  }

  get bgsaveInProgress(): boolean { return this.job !== null }
  get current(): SnapshotJob | null { return this.job }
  get currentSeconds(): number { return this.job === null ? -1 : wholeSeconds(this.server.clock.now()) - wholeSeconds(this.jobStarted) }

  /** The `save` directive as pairs; empty when automatic snapshots are off. */
  savePoints(): SavePoint[] {
    const words = this.server.config.get('save').split(' ').filter(Boolean)
    const points: SavePoint[] = []
    for (let i = 0; i + 1 < words.length; i += 2) points.push({ seconds: Number(words[i]), changes: Number(words[i + 1]) })
    return points
  }

  /** A successful save, background or not: nothing is dirty any more and writes are welcome again. */
  saved(now: number, dirtyCovered = this.server.dirty): void {
    this.server.dirty -= dirtyCovered
    this.lastSave = now
    this.lastBgsaveStatus = 'ok'
  }

  /** rdbSaveBackground(): starts a job; the caller has checked that none runs. */
  startBgsave(): void {
    const server = this.server
    server.stats.rdbSaves++
    this.dirtyAtStart = server.dirty
    this.jobStarted = server.clock.now()
    this.lastBgsaveTry = this.jobStarted
    const snapshot = newSnapshot(server)
    snapshot.attach(server.dbs)
    const job = new SnapshotJob(snapshot, {
      dir: server.config.get('dir'),
      tempName: `temp-${process.pid}-${++this.jobSeq}.rdb`,
      filename: server.config.get('dbfilename'),
      what: 'RDB',
      keySaveDelay: server.config.getInt('rdb-key-save-delay'),
      incrementalFsync: server.config.getBool('rdb-save-incremental-fsync'),
    })
    this.job = job
    server.log.notice(`Background saving started by pid ${process.pid}`)
    void job.outcome.then((outcome) => this.finished(job, outcome))
  }

  /** killRDBChild(): drops the job in flight, if any; its temporary file goes with it. */
  abortBgsave(): void {
    const job = this.job
    if (job === null) return
    this.job = null
    job.abort()
    this.lastBgsaveSeconds = wholeSeconds(this.server.clock.now()) - wholeSeconds(this.jobStarted)
    this.server.log.warning('Background saving aborted')
  }

  private finished(job: SnapshotJob, outcome: SnapshotOutcome): void {
    if (this.job !== job) return // aborted: whoever aborted it has moved on
    this.job = null
    const log = this.server.log
    const now = this.server.clock.now()
    this.lastBgsaveSeconds = wholeSeconds(now) - wholeSeconds(this.jobStarted)
    if (outcome.ok) {
      log.notice('DB saved on disk')
      this.saved(now, this.dirtyAtStart)
      log.notice('Background saving terminated with success')
    } else {
      log.warning(outcome.reason)
      this.lastBgsaveStatus = 'err'
      log.warning('Background saving error')
    }
  }

  /** serverCron's part: a scheduled BGSAVE, or the first save point whose time and changes have come. */
  cron(now: number): void {
    if (this.server.snapshotBusy) return
    const retryAllowed = wholeSeconds(now) - wholeSeconds(this.lastBgsaveTry) > RETRY_DELAY_SEC || this.lastBgsaveStatus === 'ok'
    if (!retryAllowed) return
    if (this.scheduled) {
      this.scheduled = false
      this.startBgsave()
      return
    }
    const elapsed = wholeSeconds(now) - wholeSeconds(this.lastSave)
    for (const p of this.savePoints()) {
      if (this.server.dirty >= p.changes && elapsed > p.seconds) {
        this.server.log.notice(`${p.changes} changes in ${p.seconds} seconds. Saving...`)
        this.startBgsave()
        return
      }
    }
  }

  /** writeCommandsDeniedByDiskError() for RDB: the last BGSAVE failed and save points ask for snapshots. */
  writesDenied(): boolean {
    return this.lastBgsaveStatus === 'err' && this.server.config.getBool('stop-writes-on-bgsave-error') && this.savePoints().length > 0
  }

  /** FLUSHALL: a save in flight would bring the old data back; drop it, and save the empty set if configured. */
  afterFlushAll(): void {
    this.abortBgsave()
    if (this.savePoints().length > 0) saveSync(this.server)
  }

  /** prepareForShutdown()'s RDB part; a refusal keeps the server up. */
  beforeShutdown(save: boolean | undefined, force: boolean): ReplyError | null {
    const log = this.server.log
    if (this.job !== null) {
      log.warning('There is a child saving an .rdb. Killing it!')
      this.abortBgsave()
    }
    // a dataset still loading is not saved, whatever was asked: it would replace the file with part of itself
    if (this.server.loading.active || save === false || (save !== true && this.savePoints().length === 0)) return null
    log.notice('Saving the final RDB snapshot before exiting.')
    if (saveSync(this.server)) return null
    if (force) {
      log.warning('Error trying to save the DB. Exit anyway.')
      return null
    }
    log.warning("Error trying to save the DB, can't exit.")
    return new ReplyError('ERR Errors trying to SHUTDOWN. Check logs.')
  }
}

function wholeSeconds(ms: number): number {
  return Math.floor(ms / 1000)
}
