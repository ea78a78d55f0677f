// A point-in-time RDB image of the keyspace, produced in slices while the server keeps serving. Node
// has no fork, so the copy-on-write happens at key granularity instead of page granularity: every db
// announces a key before it changes (Db.guard), and a key the walker has not reached yet is written out
// right then, as it still is. The walker then skips it. Keys created after the start are marked the
// same way and never written. The output is a whole RDB file; where it goes (a file, a replica) is the
// caller's business.
import type { ChangeGuard, Db } from '../keyspace/db.js'
import { idleSeconds, lfuFrequency, type AccessView } from '../keyspace/lru.js'
import type { Value } from '../keyspace/value.js'
import type { AccessHint } from './keyspace-rdb.js'
import { AofBaseWriter } from './aof-base-writer.js'
import { RdbFileWriter, type RdbWriteOptions } from './rdb-file.js'
import { toRdbValue } from './rdb-value-keyspace.js'
import type { RdbValue } from './rdb-value.js'

export interface SnapshotOptions extends RdbWriteOptions {
  /** AUX fields for the header, in order. */
  aux: Array<[string, string]>
  hint: AccessHint
  /** An RDB file (the default), or AOF commands (a rewritten AOF base without the RDB preamble). */
  format?: 'rdb' | 'aof'
  /** aof-timestamp-enabled: the unix second a command-form base starts with, as a "#TS:" line. */
  timestamp?: number
}

/** What the snapshot writes through: RdbFileWriter, or AofBaseWriter for a command-form AOF base. */
interface SnapshotWriter {
  selectDb(db: number, size: number, expires: number): this
  entry(key: string, value: RdbValue, expireAt: number | null, idle: number | null, freq: number | null): this
  append(bytes: Uint8Array): this
  finish(): this
  take(): Buffer
}

/** A slice ends once it has run this long; checked every CHECK_EVERY keys. */
const CHECK_EVERY = 32

/** One db's contents as they were at the start: the maps themselves, which SWAPDB and FLUSHDB leave alone. */
interface DbPart {
  readonly index: number
  readonly data: Map<string, Value>
  readonly expires: Map<string, number>
  readonly access: AccessView
  readonly size: number
  readonly expiresSize: number
  /** Keys the walker must skip: written early, created after the start, or met again after a re-insert. */
  skip: Set<string>
  /** Keys the walker has written (only while watched: a synchronous save cannot meet a key twice). */
  walked: KeySet
  /** Entries written ahead of this db's turn, spliced in after its SELECTDB. */
  early: SnapshotWriter | null
  state: 'pending' | 'walking' | 'finished'
}

export class KeyspaceSnapshot implements ChangeGuard {
  private readonly parts: DbPart[] = []
  /** Parts by the data Map they cover: a Db may hold another db's map after SWAPDB. */
  private readonly byMap = new Map<Map<string, Value>, DbPart>()
  private readonly out: SnapshotWriter
  private guarded: readonly Db[] = []
  private cursor = 0
  private entries: Iterator<[string, Value]> | null = null
  private done = false
  /** Keys written so far, and the number there were at the start (INFO current_save_keys_*). */
  keysWritten = 0
  readonly keysTotal: number

  constructor(dbs: readonly Db[], private readonly opts: SnapshotOptions) {
    this.out = opts.format === 'aof' ? new AofBaseWriter(opts.timestamp) : new RdbFileWriter(opts).header(opts.aux)
    let total = 0
    for (const db of dbs) {
      if (db.size === 0) continue
      const part = partOf(db)
      this.parts.push(part)
      this.byMap.set(part.data, part)
      total += part.size
    }
    this.keysTotal = total
  }

  /** Starts watching the dbs, so the image stays the one of this moment while the server goes on. */
  attach(dbs: readonly Db[]): void {
    // one snapshot at a time (as Redis has one child): a second would silently unguard the first
    if (dbs.some((db) => db.guard !== null && db.guard !== this)) throw new Error('another snapshot is already being written')
    for (const db of dbs) db.guard = this
    this.guarded = dbs
  }

  /** Stops watching (finished or abandoned); idempotent. */
  detach(): void {
    for (const db of this.guarded) if (db.guard === this) db.guard = null
    this.guarded = []
  }

  get finished(): boolean { return this.done }

  /** The "#TS:" second a command-form base begins with, or null. */
  get annotation(): { second: number } | null {
    return this.opts.format === 'aof' && this.opts.timestamp !== undefined ? { second: this.opts.timestamp } : null
  }

  /** ChangeGuard: writes `key` as it still is, unless its fate is already settled. */
  beforeChange(db: Db, key: string): void {
    const part = this.byMap.get(db.data)
    if (part === undefined || part.state === 'finished' || part.skip.has(key)) return
    // from now on the walker skips this key, even if a delete and re-insert puts it ahead of the walker
    part.skip.add(key)
    if (part.walked.has(key)) return
    const value = part.data.get(key)
    if (value === undefined) return // created after the start
    if (part.state === 'walking') this.write(this.out, part, key, value)
    else this.write(part.early ??= this.newWriter(), part, key, value)
  }

  /**
   * The next piece of the file: keys until `deadline` (performance.now() ms) or `maxKeys`, whichever
   * comes first. Null once the whole file, trailer included, has been handed out.
   */
  next(deadline: number, maxKeys = Infinity): Buffer | null {
    if (this.done) return null
    let budget = maxKeys
    while (this.cursor < this.parts.length) {
      const part = this.parts[this.cursor]
      if (part.state === 'pending') this.enter(part)
      budget = this.walk(part, budget, deadline)
      if (part.state !== 'finished') return this.out.take()
      this.cursor++
      if (budget <= 0 || performance.now() >= deadline) return this.out.take()
    }
    this.done = true
    this.detach()
    return this.out.finish().take()
  }

  /** A db's turn: its header, then whatever was written for it early. */
  private enter(part: DbPart): void {
    this.out.selectDb(part.index, part.size, part.expiresSize)
    if (part.early !== null) {
      this.out.append(part.early.take())
      part.early = null
    }
    part.state = 'walking'
    this.entries = part.data.entries()
  }

  /** Writes keys of `part` until the budget or the deadline runs out; returns the budget left. */
  private walk(part: DbPart, budget: number, deadline: number): number {
    // entries(), not keys() and get(): a second lookup per key is a cache miss each on a big keyspace
    const entries = this.entries as Iterator<[string, Value]>
    const watched = this.guarded.length !== 0
    let sinceCheck = 0
    while (budget > 0) {
      const r = entries.next()
      if (r.done === true) {
        part.state = 'finished'
        part.skip = new Set()
        part.walked = new KeySet()
        this.entries = null
        return budget
      }
      const [key, value] = r.value
      if (watched) {
        if (part.skip.size !== 0 && part.skip.has(key)) continue
        part.walked.add(key)
      }
      this.write(this.out, part, key, value)
      budget--
      if (++sinceCheck === CHECK_EVERY) {
        sinceCheck = 0
        if (performance.now() >= deadline) break
      }
    }
    return budget
  }

  private newWriter(): SnapshotWriter {
    return this.opts.format === 'aof' ? new AofBaseWriter() : new RdbFileWriter(this.opts)
  }

  private write(w: SnapshotWriter, part: DbPart, key: string, value: Value): void {
    const hint = this.opts.hint
    w.entry(
      key,
      toRdbValue(value),
      part.expires.get(key) ?? null,
      hint === 'idle' ? idleSeconds(part.access, key) : null,
      hint === 'freq' ? lfuFrequency(part.access, key) : null,
    )
    this.keysWritten++
  }
}

function partOf(db: Db): DbPart {
  const lru = db.lru
  const lfu = db.lfu
  const lruBase = db.lruBase
  return {
    index: db.id,
    data: db.data,
    expires: db.expires,
    // idle times are read when a key is written, against the clock of the db it started in
    access: { lru, lfu, lruBase, get lruClock() { return db.lruClock } },
    size: db.size,
    expiresSize: db.expires.size,
    skip: new Set(),
    walked: new KeySet(),
    early: null,
    state: 'pending',
  }
}

/**
 * A set of many strings kept as a list of bounded Sets. One Set of a million keys rehashes all of them
 * at once when it doubles, a pause of tens of milliseconds; here no single step copies more than
 * GENERATION keys. Lookups visit every generation, which only the (rarer) writes during a save pay.
 */
class KeySet {
  private static readonly GENERATION = 1 << 16
  private readonly full: Set<string>[] = []
  private current = new Set<string>()

  add(key: string): void {
    if (this.current.size === KeySet.GENERATION) {
      this.full.push(this.current)
      this.current = new Set()
    }
    this.current.add(key)
  }

  has(key: string): boolean {
    if (this.current.has(key)) return true
    for (const g of this.full) if (g.has(key)) return true
    return false
  }
}
