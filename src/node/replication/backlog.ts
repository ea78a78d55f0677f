// The replication backlog: the last `repl-backlog-size` bytes of the replication stream, in a ring, so a
// replica that lost its link can continue from where it was (partial resync) instead of copying all.
// Offsets are stream offsets: the first byte ever fed is offset 1, as in Redis.

export class ReplBacklog {
  private ring: Buffer
  /** Where the next byte goes in the ring. */
  private head = 0
  /** Bytes held, at most the ring's size. */
  histlen = 0
  /** Stream offset of the last byte held (master_repl_offset when it was last fed). */
  private endOffset: number

  /** `offset`: the stream offset so far; the first byte fed next is offset + 1. */
  constructor(size: number, offset: number) {
    this.ring = Buffer.alloc(size)
    this.endOffset = offset
  }

  get size(): number { return this.ring.length }
  /** repl_backlog_first_byte_offset */
  get firstByteOffset(): number { return this.endOffset - this.histlen + 1 }

  append(bytes: Uint8Array): void {
    const size = this.ring.length
    this.endOffset += bytes.length
    // only the last `size` bytes can matter
    const src = bytes.length > size ? bytes.subarray(bytes.length - size) : bytes
    const first = Math.min(src.length, size - this.head)
    this.ring.set(src.subarray(0, first), this.head)
    if (first < src.length) this.ring.set(src.subarray(first), 0)
    this.head = (this.head + src.length) % size
    this.histlen = Math.min(size, this.histlen + bytes.length)
  }

  /** True when every byte from `offset` on is held (offset may be one past the end: nothing to send). */
  covers(offset: number): boolean {
    return this.histlen >= 0 && offset >= this.firstByteOffset && offset <= this.endOffset + 1
  }

  /** The bytes from stream offset `offset` to the end; the caller has checked covers(). */
  since(offset: number): Buffer {
    const n = this.endOffset + 1 - offset
    if (n <= 0) return Buffer.alloc(0)
    const size = this.ring.length
    const start = (this.head - n + size * 2) % size
    if (start + n <= size) return Buffer.from(this.ring.subarray(start, start + n))
    return Buffer.concat([this.ring.subarray(start), this.ring.subarray(0, (start + n) % size)])
  }

  /** The bytes held stay, at offsets `delta` further on (a history continued from an older one). */
  rebase(delta: number): void {
    this.endOffset += delta
  }

  /** CONFIG SET repl-backlog-size: a new ring keeping as much of the tail as fits. */
  resize(size: number): void {
    const keep = Math.min(size, this.histlen)
    const tail = this.since(this.endOffset + 1 - keep)
    this.ring = Buffer.alloc(size)
    this.head = 0
    this.histlen = 0
    const end = this.endOffset
    this.endOffset = end - keep
    this.append(tail)
  }
}
