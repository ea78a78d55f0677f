// Incremental decoder of the replies a server sends (RESP2 and RESP3), for rcl-node's own outbound
// connections (MIGRATE; later Sentinel links and the master link). Bytes in, Reply values out; the
// request side (what clients send us) is decoder.ts.
import { MAX_ARG_LEN, ProtocolError } from './decoder.js'
import {
  AttributeReply, BigNumberReply, BoolReply, DoubleReply, MapReply, NULL_ARRAY, PushReply, ReplyError, SetReply,
  SimpleString, VerbatimReply, type Reply,
} from './types.js'

/** Aggregates nested deeper than this are refused, so a hostile peer cannot overflow the stack. */
export const MAX_REPLY_DEPTH = 64
/** A line (simple string, error, number, header) longer than this without its CRLF is refused. */
export const MAX_LINE_BYTES = 64 * 1024
const EMPTY = Buffer.alloc(0)
/** Returned by the parse steps when the reply is not yet whole. */
const INCOMPLETE = Symbol('incomplete')
type Step = Reply | typeof INCOMPLETE

/**
 * Reads whole replies out of a byte stream. A reply that arrives in many reads is re-parsed from its
 * start only once the bytes it is known to need are there, so a big bulk is assembled in linear time.
 */
export class ReplyDecoder {
  private buf: Buffer = EMPTY
  private pos = 0
  private chunks: Buffer[] = []
  private chunkBytes = 0
  /** Bytes (from `pos`) the reply in progress needs at least before parsing it again is worth it. */
  private need = 0
  /** While parsing: the furthest byte count a step found missing. */
  private want = 0

  /** Bytes received and not yet part of a returned reply. */
  get pendingBytes(): number { return this.buf.length - this.pos + this.chunkBytes }

  push(chunk: Buffer): void {
    if (chunk.length === 0) return
    this.chunks.push(chunk)
    this.chunkBytes += chunk.length
  }

  /** The next whole reply, undefined when more bytes are needed, or a ProtocolError (the stream is lost). */
  next(): Reply | ProtocolError | undefined {
    if (this.pendingBytes === 0 || this.pendingBytes < this.need) return undefined
    if (this.chunkBytes > 0) this.merge()
    const start = this.pos
    this.want = 0
    let r: Step
    try {
      r = this.parse(0)
    } catch (e) {
      if (e instanceof ProtocolError) return e
      throw e
    }
    if (r === INCOMPLETE) {
      this.need = Math.max(this.want - start, this.buf.length - start + 1)
      this.pos = start
      return undefined
    }
    this.need = 0
    if (this.pos >= this.buf.length) { this.buf = EMPTY; this.pos = 0 }
    return r
  }

  private merge(): void {
    const rest = this.pos < this.buf.length ? [this.buf.subarray(this.pos), ...this.chunks] : this.chunks
    this.buf = rest.length === 1 ? rest[0] : Buffer.concat(rest)
    this.pos = 0
    this.chunks = []
    this.chunkBytes = 0
  }

  private parse(depth: number): Step {
    if (depth > MAX_REPLY_DEPTH) throw new ProtocolError('reply nested too deep')
    const line = this.line()
    if (line === null) return INCOMPLETE
    const type = String.fromCharCode(this.buf[line.start - 1])
    const text = this.buf.latin1Slice(line.start, line.end)
    switch (type) {
      case '+': return new SimpleString(text)
      case '-': return new ReplyError(text)
      case ':': return integer(text)
      case '$': case '!': case '=': return this.blob(type, text)
      case '*': case '~': case '>': return this.aggregate(type, text, depth)
      case '%': case '|': return this.pairs(type, text, depth)
      case '_': return null
      case ',': return new DoubleReply(parseDouble(text))
      case '#': return this.bool(text)
      case '(': return new BigNumberReply(text)
      default: throw new ProtocolError(`unexpected reply type byte '${type}'`)
    }
  }

  /** The line after the type byte, consumed with its CRLF; null (and `want` set) when incomplete. */
  private line(): { start: number; end: number } | null {
    const from = this.pos + 1
    const lf = this.buf.indexOf(0x0a, from)
    if (lf < 0) {
      if (this.buf.length - this.pos > MAX_LINE_BYTES) throw new ProtocolError('too big reply line')
      this.want = Math.max(this.want, this.buf.length + 1)
      return null
    }
    if (lf === from || this.buf[lf - 1] !== 0x0d) throw new ProtocolError('reply line not ended by CRLF')
    this.pos = lf + 1
    return { start: from, end: lf - 1 }
  }

  private blob(type: string, header: string): Step {
    const len = count(header)
    if (len === -1 && type === '$') return null
    if (len < 0 || len > MAX_ARG_LEN) throw new ProtocolError('invalid bulk length')
    if (this.buf.length - this.pos < len + 2) {
      this.want = Math.max(this.want, this.pos + len + 2)
      return INCOMPLETE
    }
    const body = this.buf.latin1Slice(this.pos, this.pos + len)
    this.pos += len + 2
    if (type === '$') return body
    if (type === '!') return new ReplyError(body)
    // verbatim: "txt:" then the text
    return new VerbatimReply(body.slice(4), body.slice(0, 3))
  }

  private aggregate(type: string, header: string, depth: number): Step {
    const n = count(header)
    if (n === -1 && type === '*') return NULL_ARRAY
    if (n < 0) throw new ProtocolError('invalid multibulk length')
    const items = this.items(n, depth)
    if (items === null) return INCOMPLETE
    return type === '*' ? items : type === '~' ? new SetReply(items) : new PushReply(items)
  }

  private pairs(type: string, header: string, depth: number): Step {
    const n = count(header)
    if (n < 0) throw new ProtocolError('invalid multibulk length')
    const items = this.items(n * 2, depth)
    if (items === null) return INCOMPLETE
    if (type === '%') return new MapReply(items)
    // an attribute annotates the reply that follows it
    const inner = this.parse(depth + 1)
    return inner === INCOMPLETE ? INCOMPLETE : new AttributeReply(items, inner)
  }

  private items(n: number, depth: number): Reply[] | null {
    const items: Reply[] = []
    for (let i = 0; i < n; i++) {
      if (this.pos >= this.buf.length) {
        this.want = Math.max(this.want, this.buf.length + 1)
        return null
      }
      const r = this.parse(depth + 1)
      if (r === INCOMPLETE) return null
      items.push(r)
    }
    return items
  }

  private bool(text: string): Reply {
    if (text === 't') return new BoolReply(true)
    if (text === 'f') return new BoolReply(false)
    throw new ProtocolError('invalid boolean reply')
  }
}

/** An aggregate's count or a blob's length: a non-negative decimal, or -1. */
function count(text: string): number {
  if (!/^(-1|0|[1-9][0-9]{0,15})$/.test(text)) throw new ProtocolError('invalid length')
  return Number(text)
}

/** Integers beyond 2^53 keep every digit, as a bigint. */
function integer(text: string): number | bigint {
  if (!/^-?[0-9]{1,19}$/.test(text)) throw new ProtocolError('invalid integer reply')
  const n = Number(text)
  return Number.isSafeInteger(n) ? n : BigInt(text)
}

function parseDouble(text: string): number {
  if (text === 'inf') return Infinity
  if (text === '-inf') return -Infinity
  if (text === 'nan') return NaN
  const n = Number(text)
  if (text === '' || Number.isNaN(n)) throw new ProtocolError('invalid double reply')
  return n
}
