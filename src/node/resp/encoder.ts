// Reply -> bytes for RESP2 or RESP3. Writes into one growable buffer per connection so a whole
// pipeline of replies leaves in a single socket write. Knows nothing of commands or sockets.
import { formatG17 } from '../util/double.js'
import type { ProtocolVersion, Reply, TaggedReply } from './types.js'

const CRLF = 0x0d0a
/** A new connection's reply buffer (Redis's PROTO_REPLY_CHUNK_BYTES). */
export const INITIAL_SIZE = 16 * 1024
const SMALL_INTS: Buffer[] = []
for (let i = 0; i < 128; i++) SMALL_INTS.push(Buffer.from(`:${i}\r\n`))
const NULL_BULK_2 = Buffer.from('$-1\r\n')
const NULL_3 = Buffer.from('_\r\n')
const NULL_ARRAY_2 = Buffer.from('*-1\r\n')

/** A buffer grown past this by a burst is given back once the burst is written. */
const MAX_KEPT_SIZE = 4 * 1024 * 1024

/**
 * Accumulates encoded replies; `take()` hands out what was written and starts afresh. The buffer grows
 * when a reply does not fit; the server cron shrinks an idle one (net/reply-buffer.ts), from its peak.
 */
export class ReplyWriter {
  private buf: Buffer
  private pos = 0
  /** The most bytes held at once since the peak was last reset (Redis's buf_peak; CLIENT LIST rbp). */
  peak = 0
  /** When the cron last reset the peak (ms); 0 until it first sees this writer. */
  peakResetAt = 0
  /** Times the buffer grew to fit replies since the cron last collected them (reply_buffer_expands). */
  grows = 0

  constructor(size = INITIAL_SIZE) {
    this.buf = Buffer.allocUnsafe(size)
  }

  get length(): number { return this.pos }

  /** Bytes of the buffer (CLIENT LIST rbs). */
  get size(): number { return this.buf.length }

  /** Gives the buffer `bytes` of room; false (nothing changed) while it holds replies. */
  resize(bytes: number): boolean {
    if (this.pos !== 0) return false
    this.buf = Buffer.allocUnsafe(bytes)
    return true
  }

  take(): Buffer {
    if (this.pos > this.peak) this.peak = this.pos
    const out = Buffer.from(this.buf.subarray(0, this.pos))
    this.pos = 0
    if (this.buf.length > MAX_KEPT_SIZE) this.buf = Buffer.allocUnsafe(INITIAL_SIZE)
    return out
  }

  /**
   * After a takeView() was written: keeps the memory for the next replies unless someone still holds
   * the view (`inUse`, e.g. a socket that queued part of it) or a burst grew it past 4 MB.
   */
  recycle(inUse: boolean): void {
    if (this.buf.length > MAX_KEPT_SIZE) this.buf = Buffer.allocUnsafe(INITIAL_SIZE)
    else if (inUse) this.buf = Buffer.allocUnsafe(Math.min(this.buf.length, INITIAL_SIZE))
    this.pos = 0
  }

  /** Returns a view valid until the next write (cheaper when the socket copies it synchronously). */
  takeView(): Buffer {
    if (this.pos > this.peak) this.peak = this.pos
    const out = this.buf.subarray(0, this.pos)
    this.pos = 0
    return out
  }

  write(reply: Reply, proto: ProtocolVersion): void {
    if (typeof reply === 'string') return this.bulk(reply)
    if (reply === null) return this.bytes(proto === 3 ? NULL_3 : NULL_BULK_2)
    if (typeof reply === 'number') return this.integer(reply)
    if (Array.isArray(reply)) return this.aggregate('*', reply, proto)
    if (typeof reply === 'bigint') return this.line(':', reply.toString())
    this.tagged(reply, proto)
  }

  private tagged(reply: TaggedReply, proto: ProtocolVersion): void {
    switch (reply.kind) {
      case 'raw': return this.bytes(reply.bytes)
      case 'simple': return this.line('+', reply.text)
      case 'error': return this.line('-', reply.text.replace(/[\r\n]/g, ' '))
      case 'double': return this.doubleReply(reply.value, proto)
      case 'bool':
        return proto === 3 ? this.line('#', reply.value ? 't' : 'f') : this.integer(reply.value ? 1 : 0)
      case 'map':
        if (proto === 3) return this.aggregate('%', reply.items, proto, reply.items.length >> 1)
        return this.aggregate('*', reply.items, proto)
      case 'set': return this.aggregate(proto === 3 ? '~' : '*', reply.items, proto)
      case 'push': return this.aggregate(proto === 3 ? '>' : '*', reply.items, proto)
      case 'verbatim':
        if (proto === 3) return this.verbatim(reply.format, reply.text)
        return this.bulk(reply.text)
      case 'bignum': return proto === 3 ? this.line('(', reply.digits) : this.bulk(reply.digits)
      case 'nullarray': return this.bytes(proto === 3 ? NULL_3 : NULL_ARRAY_2)
      case 'multi': for (const r of reply.replies) this.write(r, proto); return
      case 'attribute':
        if (proto === 3) this.aggregate('|', reply.attrs, proto, reply.attrs.length >> 1)
        return this.write(reply.reply, proto)
    }
  }

  private doubleReply(value: number, proto: ProtocolVersion): void {
    const text = formatG17(value)
    if (proto === 3) return this.line(',', text)
    this.bulk(text)
  }

  private aggregate(prefix: string, items: Reply[], proto: ProtocolVersion, count = items.length): void {
    this.line(prefix, String(count))
    for (let i = 0; i < items.length; i++) this.write(items[i], proto)
  }

  private verbatim(format: string, text: string): void {
    this.line('=', String(text.length + 4))
    this.ensure(text.length + 6)
    this.pos += this.buf.latin1Write(format + ':', this.pos)
    this.pos += this.buf.latin1Write(text, this.pos)
    this.buf.writeUInt16BE(CRLF, this.pos)
    this.pos += 2
  }

  integer(n: number): void {
    if (n >= 0 && n < 128 && Number.isInteger(n)) return this.bytes(SMALL_INTS[n])
    this.line(':', String(n))
  }

  bulk(s: string): void {
    const len = s.length
    this.ensure(len + 16)
    const buf = this.buf
    buf[this.pos++] = 0x24 // '$'
    this.pos = writeDecimal(buf, this.pos, len)
    buf[this.pos++] = 0x0d
    buf[this.pos++] = 0x0a
    this.pos = writeLatin1(buf, this.pos, s)
    buf[this.pos++] = 0x0d
    buf[this.pos++] = 0x0a
  }

  line(prefix: string, text: string): void {
    this.ensure(text.length + 3)
    const buf = this.buf
    buf[this.pos++] = prefix.charCodeAt(0)
    this.pos = writeLatin1(buf, this.pos, text)
    buf[this.pos++] = 0x0d
    buf[this.pos++] = 0x0a
  }

  bytes(b: Buffer): void {
    const n = b.length
    this.ensure(n)
    if (n <= SMALL_COPY) {
      const buf = this.buf
      for (let i = 0; i < n; i++) buf[this.pos + i] = b[i]
    } else {
      b.copy(this.buf, this.pos)
    }
    this.pos += n
  }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return
    let size = this.buf.length * 2
    while (size < this.pos + n) size *= 2
    const next = Buffer.allocUnsafe(size)
    this.buf.copy(next, 0, 0, this.pos)
    this.buf = next
    this.grows++
  }
}

/**
 * Below this many bytes a JavaScript loop beats the native copy/write calls, whose argument checks
 * and boundary crossing cost more than the copying itself (most replies are a few bytes).
 */
const SMALL_COPY = 32

/** Writes s (latin1) at pos; returns the position after it. */
function writeLatin1(buf: Buffer, pos: number, s: string): number {
  const n = s.length
  if (n > SMALL_COPY) return pos + buf.latin1Write(s, pos)
  for (let i = 0; i < n; i++) buf[pos + i] = s.charCodeAt(i)
  return pos + n
}

/** Writes a non-negative integer's decimal digits at pos; returns the position after them. */
function writeDecimal(buf: Buffer, pos: number, n: number): number {
  if (n < 10) { buf[pos] = 48 + n; return pos + 1 }
  if (n < 100) { buf[pos] = 48 + ((n / 10) | 0); buf[pos + 1] = 48 + (n % 10); return pos + 2 }
  return writeLatin1(buf, pos, String(n))
}

/** Encodes one reply on its own (tests, replication, MONITOR). */
export function encodeReply(reply: Reply, proto: ProtocolVersion = 2): Buffer {
  const w = new ReplyWriter()
  w.write(reply, proto)
  return w.take()
}

/**
 * An argument vector as a RESP multibulk request, as latin1 text (one char per byte, as keyspace strings
 * are): the AOF and the replication stream join many of these before turning them into bytes once.
 */
export function encodeCommand(argv: readonly string[]): string {
  let out = `*${argv.length}\r\n`
  for (const a of argv) out += `$${a.length}\r\n${a}\r\n`
  return out
}
