// Incremental request decoder: multibulk and inline requests, one command at a time, with Redis 7.0's
// limits and exact protocol-error texts. Bytes in, latin1 argument vectors out; nothing else.
import { parseIntStrict } from '../util/int.js'
import { splitInlineArgs } from '../util/split-args.js'

export const PROTO_INLINE_MAX_SIZE = 64 * 1024
const UNAUTH_MAX_MULTIBULK = 10
const UNAUTH_MAX_BULK = 16384
const INT_MAX = 2147483647
const PREALLOC_ARGC = 1024
/**
 * The longest string V8 can make (buffer.constants.MAX_STRING_LENGTH on 64-bit builds): a bulk beyond
 * it cannot become an argument. Its header is accepted as Redis accepts it (up to proto-max-bulk-len),
 * but once its bytes are all there it is refused like a bulk above proto-max-bulk-len; making the
 * string threw out of the decoder and ended the process.
 */
export const MAX_ARG_LEN = 536870888
/**
 * What an argument already read is charged on top of its bytes when the request in progress is held
 * against client-query-buffer-limit: about what a string and its array slot cost in V8's heap, so a
 * request of millions of tiny arguments cannot outgrow the heap while its bytes stay under the limit.
 */
export const ARG_OVERHEAD_BYTES = 32
const EMPTY = Buffer.alloc(0)
const CR = 0x0d
const LF = 0x0a

/** A request the client cannot recover from: reply `-ERR Protocol error: <message>` and close. */
export class ProtocolError {
  readonly kind = 'protocol-error'
  constructor(readonly message: string) {}
}

export interface DecoderLimits {
  /** proto-max-bulk-len; Infinity on the master link. */
  maxBulkLen: number
  /** True while the client must still authenticate: tighter limits apply. */
  unauthenticated: boolean
}

export class RequestDecoder implements DecoderLimits {
  maxBulkLen = 512 * 1024 * 1024
  unauthenticated = false
  private buf: Buffer = EMPTY
  /** True while `buf` is the caller's memory, which release() must copy out of. */
  private bufBorrowed = false
  private pos = 0
  private extra: Buffer[] = []
  private extraBytes = 0
  private waitBytes = 0
  private argv: string[] | null = null
  private argc = 0
  /** How many of argv's slots are filled. */
  private argi = 0
  private bulkLen = -1
  /** What the arguments already read of the request in progress weigh (argWeight()). */
  private argvBytes = 0

  /** Bytes received but not yet consumed by a complete request (for query-buffer accounting). */
  get pendingBytes(): number { return this.buf.length - this.pos + this.extraBytes }

  /**
   * What the request in progress holds: its unread bytes plus the arguments already read (each at
   * argWeight()). client-query-buffer-limit applies to this, not to the unread bytes alone.
   */
  get heldBytes(): number { return this.pendingBytes + this.argvBytes }

  /** True when a request is partially read (for CLIENT LIST qbuf and inline keepalives). */
  get midRequest(): boolean { return this.argv !== null || this.pendingBytes > 0 }

  /**
   * Adds received bytes. A `borrowed` chunk is memory the caller reuses after release(): the decoder
   * reads it in place and copies only what it still needs then.
   */
  push(chunk: Buffer, borrowed = false): void {
    if (this.pos >= this.buf.length && this.extraBytes === 0) {
      this.buf = chunk
      this.bufBorrowed = borrowed
      this.pos = 0
      return
    }
    // queued behind unread bytes: it will outlive this read, so keep a copy now (each byte is copied once)
    this.extra.push(borrowed ? Buffer.from(chunk) : chunk)
    this.extraBytes += chunk.length
    if (this.buf.length - this.pos + this.extraBytes >= this.waitBytes) this.merge()
  }

  /** The next complete request, null when more bytes are needed, or a ProtocolError. */
  next(): string[] | ProtocolError | null {
    if (this.extraBytes > 0) {
      // joining the queued reads only once the awaited bytes are all there keeps a value that
      // arrives in many reads linear to assemble (joining on every read copied it quadratically)
      if (this.pendingBytes < this.waitBytes) return null
      this.merge()
    }
    const r = this.parse()
    // a returned request (or error) means the next call starts fresh, whatever the caller does between
    if (r !== null) this.waitBytes = 0
    return r
  }

  private parse(): string[] | ProtocolError | null {
    for (;;) {
      if (this.pos >= this.buf.length) return this.wait(1)
      if (this.argv === null) {
        const c = this.buf[this.pos]
        if (c !== 0x2a /* * */) return this.inline()
        const r = this.multibulkHeader()
        if (r !== undefined) return r
        if (this.argv === null) continue // *0 or *-1: ignored
      }
      const r = this.bulkArgs()
      if (r !== undefined) return r
    }
  }

  /** Gives back the memory of the last borrowed push(): unread bytes in it are copied first. */
  release(): void {
    if (!this.bufBorrowed) return
    this.buf = this.pos < this.buf.length ? Buffer.from(this.buf.subarray(this.pos)) : EMPTY
    this.pos = 0
    this.bufBorrowed = false
  }

  private merge(): void {
    const parts = this.pos < this.buf.length ? [this.buf.subarray(this.pos), ...this.extra] : this.extra
    // one part is a queued chunk, which push() already copied; several are concatenated into new memory
    this.buf = parts.length === 1 ? parts[0] : Buffer.concat(parts)
    this.bufBorrowed = false
    this.pos = 0
    this.extra = []
    this.extraBytes = 0
  }

  private wait(bytesAhead: number): null {
    this.waitBytes = bytesAhead
    return null
  }

  /** Reads "*<n>\r\n". Returns null/error to stop, undefined to continue. */
  private multibulkHeader(): ProtocolError | null | undefined {
    const cr = findCR(this.buf, this.pos)
    if (cr < 0 || cr + 1 >= this.buf.length) {
      if (this.buf.length - this.pos > PROTO_INLINE_MAX_SIZE) return new ProtocolError('too big mbulk count string')
      return this.wait(this.buf.length - this.pos + 1)
    }
    const count = parseIntBytes(this.buf, this.pos + 1, cr)
    if (count === null || count > INT_MAX) return new ProtocolError('invalid multibulk length')
    if (this.unauthenticated && count > UNAUTH_MAX_MULTIBULK) return new ProtocolError('unauthenticated multibulk length')
    this.pos = cr + 2
    if (count <= 0) return undefined
    // sized up front when small (no growth, no spare slots to collect); a huge count grows as bulks arrive
    this.argv = count <= PREALLOC_ARGC ? new Array<string>(count) : []
    this.argi = 0
    this.argc = count
    return undefined
  }

  private bulkArgs(): string[] | ProtocolError | null | undefined {
    const argv = this.argv as string[]
    while (this.argi < this.argc) {
      if (this.bulkLen < 0) {
        const r = this.bulkHeader()
        if (r !== undefined) return r
      }
      const avail = this.buf.length - this.pos
      if (avail < this.bulkLen + 2) return this.wait(this.bulkLen + 2)
      // the header was taken as Redis takes it; only the whole bulk shows it cannot become a string
      if (this.bulkLen > MAX_ARG_LEN) return new ProtocolError('invalid bulk length')
      argv[this.argi] = this.argi === 0 && this.bulkLen <= NAME_CACHE_MAX_LEN
        ? commandName(this.buf, this.pos, this.bulkLen)
        : this.buf.latin1Slice(this.pos, this.pos + this.bulkLen)
      this.argi++
      this.argvBytes += this.bulkLen + ARG_OVERHEAD_BYTES
      this.pos += this.bulkLen + 2
      this.bulkLen = -1
    }
    this.argv = null
    this.argvBytes = 0
    return argv
  }

  private bulkHeader(): ProtocolError | null | undefined {
    if (this.pos >= this.buf.length) return this.wait(1)
    const c = this.buf[this.pos]
    if (c !== 0x24 /* $ */) return new ProtocolError(`expected '$', got '${String.fromCharCode(c)}'`)
    const cr = findCR(this.buf, this.pos)
    if (cr < 0 || cr + 1 >= this.buf.length) {
      if (this.buf.length - this.pos > PROTO_INLINE_MAX_SIZE) return new ProtocolError('too big bulk count string')
      return this.wait(this.buf.length - this.pos + 1)
    }
    const len = parseIntBytes(this.buf, this.pos + 1, cr)
    if (len === null || len < 0 || len > this.maxBulkLen) return new ProtocolError('invalid bulk length')
    if (this.unauthenticated && len > UNAUTH_MAX_BULK) return new ProtocolError('unauthenticated bulk length')
    this.pos = cr + 2
    this.bulkLen = len
    return undefined
  }

  private inline(): string[] | ProtocolError | null {
    const nl = this.buf.indexOf(LF, this.pos)
    // Redis looks for the newline with strchr(), which stops at a NUL byte: such a line never
    // completes and the client waits until the 64 KB inline limit closes it.
    const nul = nl < 0 ? -1 : this.buf.indexOf(0, this.pos)
    if (nl < 0 || (nul >= 0 && nul < nl)) {
      if (this.buf.length - this.pos > PROTO_INLINE_MAX_SIZE) return new ProtocolError('too big inline request')
      return this.wait(this.buf.length - this.pos + 1)
    }
    let end = nl
    if (end > this.pos && this.buf[end - 1] === CR) end--
    const line = this.buf.latin1Slice(this.pos, end)
    this.pos = nl + 1
    const args = splitInlineArgs(line)
    if (args === null) return new ProtocolError('unbalanced quotes in request')
    if (args.length === 0) return this.next()
    return args
  }
}


/** What a parsed argument vector weighs against client-query-buffer-limit (MULTI's queue is held to it too). */
export function argvWeight(argv: readonly string[]): number {
  let n = 0
  for (let i = 0; i < argv.length; i++) n += argv[i].length + ARG_OVERHEAD_BYTES
  return n
}

/**
 * The first CR at or after `from`, or -1. Count and length lines are a few bytes long: a JavaScript
 * loop finds their end faster than Buffer#indexOf, whose argument checks and native call dominate.
 */
function findCR(buf: Buffer, from: number): number {
  const end = buf.length
  for (let i = from; i < end; i++) if (buf[i] === CR) return i
  return -1
}

/**
 * string2ll over raw bytes: the count and length lines are parsed without first making a string
 * (that allocation was a fifth of the decoder's time). Long numbers take the exact string path.
 */
function parseIntBytes(buf: Buffer, start: number, end: number): number | null {
  const n = end - start
  if (n <= 0 || n > 15) return n > 15 ? parseIntStrict(buf.latin1Slice(start, end)) : null
  let i = start
  let neg = false
  if (buf[i] === 45) { if (n === 1) return null; neg = true; i++ }
  if (buf[i] === 48) return end - i === 1 && !neg ? 0 : null
  let v = 0
  for (; i < end; i++) {
    const c = buf[i]
    if (c < 48 || c > 57) return null
    v = v * 10 + (c - 48)
  }
  return neg ? -v : v
}

const NAME_CACHE_MAX_LEN = 16
const NAME_CACHE_SIZE = 256
const nameCache: Array<string | undefined> = new Array(NAME_CACHE_SIZE)

/**
 * argv[0] of most requests is one of a few command names: hand back the same string each time
 * (no allocation, and its hash is already cached for the command-table lookup).
 */
function commandName(buf: Buffer, start: number, len: number): string {
  let h = len
  for (let i = 0; i < len; i++) h = (h * 31 + buf[start + i]) & (NAME_CACHE_SIZE - 1)
  const cached = nameCache[h]
  if (cached !== undefined && cached.length === len) {
    let same = true
    for (let i = 0; i < len; i++) if (cached.charCodeAt(i) !== buf[start + i]) { same = false; break }
    if (same) return cached
  }
  const s = buf.latin1Slice(start, start + len)
  nameCache[h] = s
  return s
}
