// Cuts a cluster-bus byte stream into frames and classifies them as Redis 7.0's clusterReadHandler
// does: 8 bytes first (signature + totlen), then the rest of the frame, then decode. The socket is
// not here (bus-link.ts owns it); this is pure and fed with whatever chunks arrive.
import { decodeBusMessage, isAcceptableFrameStart, type DecodeOutcome } from './bus-codec.js'
import { BUS_LOG, HDR, type BusLogLine } from './bus-types.js'

/** The 8 bytes Redis reads before it trusts anything: sig[4] + totlen u32. */
const FRAME_PREFIX = 8
/** Growth rule of 7.0's link->rcvbuf: double while under 1 MB, then 1 MB more at a time. */
const RCVBUF_MAX_PREALLOC = 1 << 20
/** A buffer that grew beyond this is dropped once its frame is done (RCVBUF_INIT_LEN). */
const RCVBUF_INIT_LEN = 1024

/**
 * One reader event. `close` means the link must be freed now (bad signature or a totlen below the
 * header size); nothing after it on that link is read.
 */
export type BusReadEvent = DecodeOutcome | { kind: 'close'; log: BusLogLine }

/**
 * Incremental frame reader for one link. It keeps only the bytes that arrived (never a buffer of the
 * announced length, which a peer controls), and copies what it keeps, so chunks may be borrowed.
 */
export class BusReader {
  private buf: Buffer = Buffer.alloc(0)
  private held = 0
  /** totlen of the frame being assembled, known once its first 8 bytes are in. */
  private totlen = 0
  private dead = false

  /** Bytes held for an incomplete frame. */
  get bufferedBytes(): number { return this.held }
  /** True while part of a frame is held: an EOF now cuts a message in half. */
  get hasPartial(): boolean { return this.held > 0 }
  /** True after a `close` event or eof(); the reader ignores further input. */
  get closed(): boolean { return this.dead }

  /** Takes the next chunk from the socket and returns what it completed, in order. */
  feed(chunk: Buffer): BusReadEvent[] {
    const out: BusReadEvent[] = []
    let at = 0
    while (!this.dead && at < chunk.length) {
      if (this.held === 0 && chunk.length - at >= FRAME_PREFIX) {
        at = this.fromChunk(chunk, at, out)
        continue
      }
      at = this.accumulate(chunk, at, out)
    }
    return out
  }

  /**
   * The link reached EOF (or a read error). Redis frees the link either way; `partial` says whether a
   * message was cut off, and the log line is the one 7.0 writes at debug level.
   */
  eof(): { kind: 'free'; partial: boolean; log: BusLogLine } {
    const partial = this.hasPartial
    this.reset()
    this.dead = true
    return { kind: 'free', partial, log: BUS_LOG.connectionClosed() }
  }

  /** Fast path: a frame that starts at `at` in this chunk; decoded in place when all of it is there. */
  private fromChunk(chunk: Buffer, at: number, out: BusReadEvent[]): number {
    if (!this.checkPrefix(chunk.subarray(at, at + FRAME_PREFIX), out)) return chunk.length
    const totlen = chunk.readUInt32BE(at + HDR.totlen)
    if (chunk.length - at >= totlen) {
      out.push(decodeBusMessage(chunk.subarray(at, at + totlen)))
      return at + totlen
    }
    this.totlen = totlen
    this.keep(chunk.subarray(at))
    return chunk.length
  }

  /** Slow path: adds bytes to the held frame, up to its end, and decodes it once complete. */
  private accumulate(chunk: Buffer, at: number, out: BusReadEvent[]): number {
    const want = (this.held < FRAME_PREFIX ? FRAME_PREFIX : this.totlen) - this.held
    const take = Math.min(want, chunk.length - at)
    this.keep(chunk.subarray(at, at + take))
    at += take
    if (this.held === FRAME_PREFIX && this.totlen === 0) {
      if (!this.checkPrefix(this.buf.subarray(0, FRAME_PREFIX), out)) return chunk.length
      this.totlen = this.buf.readUInt32BE(HDR.totlen)
    } else if (this.totlen !== 0 && this.held === this.totlen) {
      // the decoder copies what it keeps, so the buffer can be reused (or dropped) right after
      out.push(decodeBusMessage(this.buf.subarray(0, this.held)))
      this.held = 0
      this.totlen = 0
      if (this.buf.length > RCVBUF_INIT_LEN) this.buf = Buffer.alloc(0)
    }
    return at
  }

  /** The read handler's sanity check on the first 8 bytes; a failure closes the link. */
  private checkPrefix(prefix: Buffer, out: BusReadEvent[]): boolean {
    if (isAcceptableFrameStart(prefix)) return true
    out.push({ kind: 'close', log: BUS_LOG.badFrame() })
    this.reset()
    this.dead = true
    return false
  }

  /** Appends bytes, growing the buffer only as far as what arrived requires (as 7.0 does). */
  private keep(bytes: Buffer): void {
    const required = this.held + bytes.length
    if (required > this.buf.length) {
      const grown = Buffer.allocUnsafe(required < RCVBUF_MAX_PREALLOC ? required * 2 : required + RCVBUF_MAX_PREALLOC)
      this.buf.copy(grown, 0, 0, this.held)
      this.buf = grown
    }
    bytes.copy(this.buf, this.held)
    this.held = required
  }

  private reset(): void {
    this.buf = Buffer.alloc(0)
    this.held = 0
    this.totlen = 0
  }
}
