// Whole RDB files (version 10, as Redis 7.0 writes them): magic and version, AUX fields, databases
// with their keys, expire times and access hints, EOF and the CRC64 trailer. Values go through the
// value codec (rdb-value.ts); this module knows nothing of the keyspace, so SAVE, full resync and
// tests all drive it with neutral RdbValues.
import { Crc64 } from './crc64.js'
import { RDB_VERSION, RdbFormatError, RdbReader, RdbWriter, isValueType, readValue, writeValue, DEFAULT_LIMITS, type RdbLimits, type RdbValue } from './rdb-value.js'

const OP_FUNCTION2 = 0xf5
const OP_FUNCTION = 0xf6
const OP_MODULE_AUX = 0xf7
const OP_IDLE = 0xf8
const OP_FREQ = 0xf9
const OP_AUX = 0xfa
const OP_RESIZEDB = 0xfb
const OP_EXPIRETIME_MS = 0xfc
const OP_EXPIRETIME = 0xfd
const OP_SELECTDB = 0xfe
const OP_EOF = 0xff

const MAGIC = 'REDIS'
/** The oldest version whose files end with a checksum. */
const FIRST_CHECKSUMMED_VERSION = 5

/** One key as stored: its db, value, absolute expiry and the LRU/LFU hint written before it. */
export interface RdbEntry {
  db: number
  key: string
  value: RdbValue
  /** Absolute unix milliseconds, or null for no expiry. */
  expireAt: number | null
  /** Seconds idle (IDLE opcode), or null. */
  idle: number | null
  /** LFU counter (FREQ opcode), or null. */
  freq: number | null
}

/**
 * What is wrong with a file, as far as Redis tells the cases apart in its log (load-errors.ts has the
 * words): signature, version, checksum, eof (cut short, or bytes that are no RDB), type (an unknown value
 * type), databases (a db past `databases`), duplicate (a key twice), unsupported (what rcl-node cannot
 * hold: functions, modules).
 */
export type RdbFault = 'signature' | 'version' | 'checksum' | 'eof' | 'type' | 'databases' | 'duplicate' | 'unsupported'

/** A file that cannot be loaded: what is wrong and the byte offset where reading found it. */
export class RdbFileError extends Error {
  /**
   * `offset` < 0: not known where it is raised (a visitor); the reader fills in the key's offset.
   * `checksums`: for a checksum fault, the one computed over the file and the one stored in it.
   */
  constructor(
    readonly reason: string,
    readonly offset = -1,
    readonly fault: RdbFault = 'eof',
    readonly checksums?: { computed: bigint; stored: bigint },
  ) {
    super(offset >= 0 ? `${reason} (at offset ${offset})` : reason)
    this.name = 'RdbFileError'
  }

  /** The same fault, found at `offset`. */
  at(offset: number): RdbFileError {
    return new RdbFileError(this.reason, offset, this.fault, this.checksums)
  }
}

export interface RdbVisitor {
  aux?(key: string, value: string): void
  resizeDb?(db: number, size: number, expires: number): void
  entry(e: RdbEntry): void
  /** An empty aggregate, which Redis skips with a warning rather than failing. */
  skippedEmpty?(db: number, key: string): void
}

export interface RdbReadResult {
  version: number
  /** 'disabled' when the file was saved with rdbchecksum no (a zero trailer), or read without checking it. */
  checksum: 'verified' | 'disabled' | 'absent'
}

/**
 * Reads a whole file from memory, calling `visitor` for AUX fields and keys in file order. Throws
 * RdbFileError (with the offset) for anything Redis 7.0 would refuse to load. `verifyChecksum` false
 * (rdbchecksum no) leaves the trailer unchecked, as Redis then does.
 */
export function readRdbFile(buf: Buffer, visitor: RdbVisitor, databases = Infinity, verifyChecksum = true): RdbReadResult {
  return new RdbFileCursor(buf, visitor, databases, verifyChecksum).readUntil(Infinity) as RdbReadResult
}

/**
 * A whole file in memory, read a piece at a time so that a caller can let other work run between the
 * pieces (loading at start-up serves clients between them, as Redis's loader does).
 */
export class RdbFileCursor {
  private readonly r: RdbReader
  private readonly state: BodyState = { db: 0, prefix: noPrefix() }
  private version = -1

  constructor(
    private readonly buf: Buffer,
    private readonly visitor: RdbVisitor,
    private readonly databases = Infinity,
    private readonly verifyChecksum = true,
  ) {
    this.r = new RdbReader(buf)
  }

  /** Bytes read so far. */
  get offset(): number { return this.r.pos }

  /** Reads on until at least `stopAt` bytes are read; the result once the file is done, else null. */
  readUntil(stopAt: number): RdbReadResult | null {
    const r = this.r
    try {
      if (this.version < 0) this.version = readHeader(r)
      while (r.pos < stopAt) {
        if (!readOp(r, this.state, this.visitor, this.databases)) {
          return { version: this.version, checksum: checkTrailer(r, this.buf, this.version, this.verifyChecksum) }
        }
      }
      return null
    } catch (e) {
      if (e instanceof RdbFileError) throw e
      if (e instanceof RdbFormatError) throw formatFault(e, r.pos)
      throw e
    }
  }
}

/** A value-codec error as a file fault: Redis reports a cut file and unreadable bytes alike, as a short read. */
function formatFault(e: RdbFormatError, at: number): RdbFileError {
  return new RdbFileError(e.message, at, e.kind === 'unsupported' ? 'unsupported' : 'eof')
}

/** C's atoi() of the version digits: the number Redis's message shows. */
function leadingNumber(text: string): number {
  const m = /^\s*([+-]?\d+)/.exec(text)
  return m === null ? 0 : Number(m[1])
}

function readHeader(r: RdbReader): number {
  if (r.remaining < 9 || r.bytes(5).toString('latin1') !== MAGIC) throw new RdbFileError('Wrong signature trying to load DB from file', 0, 'signature')
  const digits = r.bytes(4).toString('latin1')
  const version = /^\d{4}$/.test(digits) ? Number(digits) : NaN
  if (!(version >= 1 && version <= RDB_VERSION)) throw new RdbFileError(`Can't handle RDB format version ${leadingNumber(digits)}`, 5, 'version')
  return version
}

/** Pending per-key prefixes: EXPIRETIME/IDLE/FREQ apply to the next key only. */
interface KeyPrefix { expireAt: number | null; idle: number | null; freq: number | null }

/** Where a reader is in the body: the selected db and the prefixes waiting for the next key. */
interface BodyState { db: number; prefix: KeyPrefix }

const noPrefix = (): KeyPrefix => ({ expireAt: null, idle: null, freq: null })

/** Reads one opcode (and a key with its value); false at EOF. */
function readOp(r: RdbReader, state: BodyState, visitor: RdbVisitor, databases: number): boolean {
  const at = r.pos
  const op = r.byte()
  const prefix = state.prefix
  switch (op) {
    case OP_EOF: return false
    case OP_AUX: { const key = r.string(); const value = r.string(); visitor.aux?.(key, value); return true }
    case OP_SELECTDB: {
      const db = r.length()
      if (db >= databases) throw new RdbFileError(`FATAL: Data file was created with a Redis server configured to handle more than ${databases} databases. Exiting`, at, 'databases')
      state.db = db
      return true
    }
    // both lengths are read before the optional call: `?.()` skips evaluating its arguments
    case OP_RESIZEDB: { const size = r.length(); const expires = r.length(); visitor.resizeDb?.(state.db, size, expires); return true }
    case OP_EXPIRETIME_MS: prefix.expireAt = Number(r.bytes(8).readBigInt64LE(0)); return true
    case OP_EXPIRETIME: prefix.expireAt = r.bytes(4).readInt32LE(0) * 1000; return true
    case OP_IDLE: prefix.idle = r.length(); return true
    case OP_FREQ: prefix.freq = r.byte(); return true
    case OP_FUNCTION2: case OP_FUNCTION: throw new RdbFileError('the file holds Redis functions, which rcl-node does not support', at, 'unsupported')
    case OP_MODULE_AUX: throw new RdbFileError('the file holds module data, which rcl-node does not support', at, 'unsupported')
  }
  if (!isValueType(op)) throw new RdbFileError(`Unknown RDB encoding type ${op}`, at, 'type')
  readEntry(r, op, state.db, prefix, visitor)
  state.prefix = noPrefix()
  return true
}

function readEntry(r: RdbReader, type: number, db: number, prefix: KeyPrefix, visitor: RdbVisitor): void {
  const keyAt = r.pos
  const key = r.string()
  const at = r.pos
  let value: RdbValue
  try {
    value = readValue(r, type)
  } catch (e) {
    if (e instanceof RdbFormatError && e.kind === 'empty') { visitor.skippedEmpty?.(db, key); return }
    if (e instanceof RdbFormatError && e.kind === 'truncated') throw e // a stream reader waits for more
    if (e instanceof RdbFormatError) throw formatFault(new RdbFormatError(`${e.message} in the value of key '${key}'`, e.kind), at)
    throw e
  }
  try {
    visitor.entry({ db, key, value, expireAt: prefix.expireAt, idle: prefix.idle, freq: prefix.freq })
  } catch (e) {
    if (e instanceof RdbFileError && e.offset < 0) throw e.at(keyAt)
    throw e
  }
}

function checkTrailer(r: RdbReader, buf: Buffer, version: number, verify: boolean): RdbReadResult['checksum'] {
  if (version < FIRST_CHECKSUMMED_VERSION) return 'absent'
  const end = r.pos
  if (r.remaining < 8) throw new RdbFileError('unexpected end of file in the checksum', end, 'eof')
  const stored = r.bytes(8)
  if (!verify || stored.every((b) => b === 0)) return 'disabled'
  return compareChecksum(new Crc64().update(buf, 0, end), stored, end)
}

/** The trailer against the checksum of everything before it (which ends at `end`). */
function compareChecksum(crc: Crc64, stored: Buffer, end: number): 'verified' {
  if (crc.bytesLE().equals(stored)) return 'verified'
  throw new RdbFileError('Wrong RDB checksum', end, 'checksum', { computed: crc.value(), stored: stored.readBigUInt64LE(0) })
}

/**
 * Reads a file as it arrives (a replica's full-sync payload), calling `visitor` for each key as soon
 * as its bytes are there, so loading overlaps the transfer. push() the bytes in order, then end().
 * A key cut between two pushes is parsed again once more bytes came; to keep that linear for a value
 * far bigger than a push, a retry waits until the bytes held have doubled.
 */
export class RdbStreamReader {
  private held: Buffer = Buffer.alloc(0)
  /** Bytes of the file before `held`, for error offsets. */
  private base = 0
  private version = -1
  private readonly state: BodyState = { db: 0, prefix: noPrefix() }
  private readonly crc = new Crc64()
  private done = false
  private retryAt = 0

  constructor(private readonly visitor: RdbVisitor, private readonly databases = Infinity) {}

  /** Pushed bytes not yet joined to `held` (joined only when a parse is due, so a big value is copied once). */
  private waiting: Buffer[] = []
  private waitingBytes = 0

  push(chunk: Buffer): void {
    this.waiting.push(chunk)
    this.waitingBytes += chunk.length
    if (this.done || this.held.length + this.waitingBytes < this.retryAt) return
    this.join()
    this.parse()
  }

  private join(): void {
    if (this.waiting.length === 0) return
    this.held = this.held.length === 0 && this.waiting.length === 1 ? this.waiting[0] : Buffer.concat([this.held, ...this.waiting])
    this.waiting = []
    this.waitingBytes = 0
  }

  /** The whole file has been pushed: the rest is parsed and the trailer checked. */
  end(): RdbReadResult {
    this.join()
    if (!this.done) {
      this.retryAt = 0
      this.parse()
      if (!this.done) throw new RdbFileError('unexpected end of payload', this.base + this.held.length, 'eof')
    }
    if (this.version < FIRST_CHECKSUMMED_VERSION) return { version: this.version, checksum: 'absent' }
    if (this.held.length < 8) throw new RdbFileError('unexpected end of file in the checksum', this.base, 'eof')
    const stored = this.held.subarray(0, 8)
    if (stored.every((b) => b === 0)) return { version: this.version, checksum: 'disabled' }
    return { version: this.version, checksum: compareChecksum(this.crc, stored, this.base) }
  }

  private parse(): void {
    const r = new RdbReader(this.held)
    let consumed = 0
    try {
      if (this.version < 0) {
        if (this.held.length < 9) return
        this.version = readHeader(r)
        consumed = r.pos
      }
      for (;;) {
        const more = readOp(r, this.state, this.visitor, this.databases)
        consumed = r.pos
        if (!more) { this.done = true; break }
      }
    } catch (e) {
      if (!(e instanceof RdbFormatError && e.kind === 'truncated')) {
        if (e instanceof RdbFileError) throw e.offset >= 0 ? e.at(this.base + e.offset) : e
        if (e instanceof RdbFormatError) throw formatFault(e, this.base + r.pos)
        throw e
      }
      // cut inside the next opcode: keep its bytes for the next push, and wait for twice as many
      this.retryAt = (this.held.length - consumed) * 2
    }
    this.crc.update(this.held.subarray(0, consumed))
    this.base += consumed
    this.held = this.held.subarray(consumed)
  }
}

export interface RdbWriteOptions {
  /** rdbcompression: LZF for long strings. */
  compress?: boolean
  /** rdbchecksum: when false the trailer is eight zero bytes. */
  checksum?: boolean
  limits?: RdbLimits
}

/**
 * Writes a file piece by piece so a snapshot can be produced in slices: call header(), then per db
 * selectDb() and entry(), then finish(); take() hands over the bytes written so far.
 */
export class RdbFileWriter {
  private w: RdbWriter
  private readonly crc = new Crc64()
  private readonly checksum: boolean
  private readonly limits: RdbLimits
  private readonly compress: boolean
  private finished = false

  constructor(opts: RdbWriteOptions = {}) {
    this.compress = opts.compress ?? true
    this.checksum = opts.checksum ?? true
    this.limits = opts.limits ?? DEFAULT_LIMITS
    this.w = new RdbWriter(4096, this.compress)
  }

  /** Magic, version and AUX fields in the order given (7.0: redis-ver, redis-bits, ctime, used-mem, [repl-*], aof-base). */
  header(aux: Array<[string, string]>): this {
    this.w.rawLatin1(`${MAGIC}${String(RDB_VERSION).padStart(4, '0')}`)
    for (const [k, v] of aux) this.w.byte(OP_AUX).string(k).string(v)
    return this
  }

  selectDb(db: number, size: number, expires: number): this {
    this.w.byte(OP_SELECTDB).length(db).byte(OP_RESIZEDB).length(size).length(expires)
    return this
  }

  entry(key: string, value: RdbValue, expireAt: number | null = null, idle: number | null = null, freq: number | null = null): this {
    const w = this.w
    if (expireAt !== null) {
      w.byte(OP_EXPIRETIME_MS)
      w.uint64LE(BigInt.asUintN(64, BigInt(expireAt)))
    }
    if (idle !== null) w.byte(OP_IDLE).length(idle)
    else if (freq !== null) w.byte(OP_FREQ).byte(freq)
    writeValue(w, value, this.limits, key)
    return this
  }

  /** Bytes another writer produced (entries written ahead of their place); counted in the checksum. */
  append(bytes: Uint8Array): this {
    this.w.raw(bytes)
    return this
  }

  /** EOF and the checksum trailer; take() then returns the file's last bytes. */
  finish(): this {
    this.w.byte(OP_EOF)
    this.crc.update(this.w.result())
    this.w.raw(this.checksum ? this.crc.bytesLE() : Buffer.alloc(8))
    this.finished = true
    return this
  }

  /** The bytes produced since the last take(). */
  take(): Buffer {
    const out = this.w.result()
    // until finish() the checksum is fed here; finish() feeds it the rest itself, before the trailer
    if (!this.finished) this.crc.update(out)
    this.w = new RdbWriter(4096, this.compress)
    return out
  }
}

/** A whole file in one buffer: what SAVE-style callers and tests use. */
export function writeRdbFile(aux: Array<[string, string]>, entries: Iterable<RdbEntry>, opts: RdbWriteOptions = {}): Buffer {
  const byDb = new Map<number, RdbEntry[]>()
  for (const e of entries) {
    let list = byDb.get(e.db)
    if (list === undefined) byDb.set(e.db, (list = []))
    list.push(e)
  }
  const f = new RdbFileWriter(opts).header(aux)
  for (const db of [...byDb.keys()].sort((a, b) => a - b)) {
    const list = byDb.get(db) as RdbEntry[]
    f.selectDb(db, list.length, list.filter((e) => e.expireAt !== null).length)
    for (const e of list) f.entry(e.key, e.value, e.expireAt, e.idle, e.freq)
  }
  return f.finish().take()
}
