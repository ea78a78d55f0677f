// This node's replication history: its replication ids, the offset of its stream (every byte ever fed
// to replicas counts), and the backlog of the stream's last bytes. The master side feeds it propagated
// changes; the replica side (later) will feed it the bytes applied from its own master, so a chain of
// replicas shares one id and offset space.
import { randomBytes } from 'node:crypto'
import { encodeCommand } from '../resp/encoder.js'
import { ReplBacklog } from './backlog.js'

const NO_ID = '0'.repeat(40)

export function newReplId(): string {
  return randomBytes(20).toString('hex')
}

export class ReplicationStream {
  replid = newReplId()
  /** The previous history, valid up to (not including) secondOffset; forty zeros when none. */
  replid2 = NO_ID
  secondOffset = -1
  /** master_repl_offset */
  offset = 0
  backlog: ReplBacklog | null = null
  /** The db the stream's last command ran in; -1 puts a SELECT before the next one. */
  private db = -1
  /** Receives every byte fed, in order (the replicas being served). */
  readonly listeners: Array<(bytes: Buffer) => void> = []
  /** Commands fed this turn, not yet in the backlog nor sent: they leave together in flush(). */
  private pending: string[] = []
  private flushScheduled = false

  /**
   * Commands as the stream carries them: a SELECT first when the db changes; db -1 for db-less ones
   * (PING). The offset moves now (WAIT reads it); the bytes go out with the turn's replies (flush()).
   */
  feedCommands(db: number, argvs: readonly string[][]): void {
    let text = ''
    if (db >= 0 && db !== this.db) {
      text += encodeCommand(['SELECT', String(db)])
      this.db = db
    }
    for (const argv of argvs) text += encodeCommand(argv)
    this.offset += text.length
    this.pending.push(text)
    if (!this.flushScheduled) {
      this.flushScheduled = true
      setImmediate(() => this.flush())
    }
  }

  /** Bytes passed on as they are (a replica proxying its master's stream). */
  feedBytes(bytes: Buffer): void {
    this.flush()
    this.offset += bytes.length
    this.backlog?.append(bytes)
    for (const l of this.listeners) l(bytes)
  }

  /**
   * The turn's commands into the backlog and to the replicas, as one piece. Runs before the turn's
   * replies leave, and before anything that reads the backlog or starts a sync at the current offset.
   */
  flush(): void {
    this.flushScheduled = false
    if (this.pending.length === 0) return
    const bytes = Buffer.from(this.pending.length === 1 ? this.pending[0] : this.pending.join(''), 'latin1')
    this.pending = []
    this.backlog?.append(bytes)
    for (const l of this.listeners) l(bytes)
  }

  /** The next command gets a SELECT (after a full sync starts, as Redis forces one). */
  forceSelect(): void {
    this.db = -1
  }

  /** The db the stream is in, as the full-sync RDB tells the replica (repl-stream-db). */
  get streamDb(): number {
    return this.db < 0 ? 0 : this.db
  }

  /** The first replica asked to sync: a backlog from here on, under a fresh id (Redis does the same). */
  createBacklog(size: number): void {
    this.flush()
    this.replid = newReplId()
    this.replid2 = NO_ID
    this.secondOffset = -1
    this.backlog = new ReplBacklog(size, this.offset)
  }

  /** A replica's backlog after a full sync: it continues its master's history, so the id stays. */
  createBacklogKeepingId(size: number): void {
    this.flush()
    this.backlog = new ReplBacklog(size, this.offset)
    this.db = -1
  }

  /** rebaseReplicationBuffer(): the history so far is moved to start after `base` bytes of an older one. */
  rebase(base: number): void {
    this.flush()
    this.offset += base
    this.backlog?.rebase(base)
  }

  /** repl-backlog-ttl passed with no replica: the backlog goes, and the history is renamed. */
  freeBacklog(): void {
    this.flush()
    this.backlog = null
    this.replid = newReplId()
    this.replid2 = NO_ID
    this.secondOffset = -1
  }

  /** Whether a replica at `offset` of history `replid` can continue from the backlog (PSYNC2 rules). */
  canContinue(replid: string, offset: number): boolean {
    this.flush()
    if (this.backlog === null) return false
    const known = replid === this.replid || (replid === this.replid2 && offset <= this.secondOffset)
    return known && this.backlog.covers(offset)
  }
}
