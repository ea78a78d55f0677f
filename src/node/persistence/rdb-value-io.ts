// Low-level RDB reading and writing: lengths, strings (raw, int-encoded, LZF) and doubles, over a Buffer.
// Shared by the value codec, and later by whole-file save/load; knows nothing of keys or value types.
import { lzfCompress, lzfDecompress } from './lzf.js'

/** A payload that is not valid RDB. `empty` marks an empty aggregate, which file loading skips. */
export class RdbFormatError extends Error {
  /** 'truncated': the bytes ended inside what was being read (more may come, when reading a stream). */
  constructor(message: string, readonly kind: 'corrupt' | 'empty' | 'unsupported' | 'truncated' = 'corrupt') {
    super(message)
    this.name = 'RdbFormatError'
  }
}

const ENC_INT8 = 0
const ENC_INT16 = 1
const ENC_INT32 = 2
const ENC_LZF = 3
/** Raw strings longer than this are tried with LZF when compression is on (rdbSaveRawString). */
const LZF_MIN_LENGTH = 20

/** Growable output buffer with RDB's primitive encodings. */
export class RdbWriter {
  private buf: Buffer
  private pos = 0

  constructor(initial = 256, readonly compress = true) {
    this.buf = Buffer.allocUnsafe(initial)
  }

  get size(): number { return this.pos }

  private ensure(n: number): void {
    if (this.pos + n <= this.buf.length) return
    let size = this.buf.length * 2
    while (size < this.pos + n) size *= 2
    const next = Buffer.allocUnsafe(size)
    this.buf.copy(next, 0, 0, this.pos)
    this.buf = next
  }

  byte(b: number): this {
    this.ensure(1)
    this.buf[this.pos++] = b
    return this
  }

  raw(bytes: Uint8Array): this {
    this.ensure(bytes.length)
    this.buf.set(bytes, this.pos)
    this.pos += bytes.length
    return this
  }

  rawLatin1(s: string): this {
    this.ensure(s.length)
    this.pos += this.buf.latin1Write(s, this.pos, s.length)
    return this
  }

  /** rdbSaveLen: 6, 14, 32 or 64-bit form, the shortest that fits. */
  length(n: number): this {
    this.ensure(9)
    const b = this.buf
    if (n < 64) b[this.pos++] = n
    else if (n < 16384) { b[this.pos++] = 0x40 | (n >> 8); b[this.pos++] = n & 0xff }
    else if (n <= 0xffffffff) { b[this.pos++] = 0x80; b.writeUInt32BE(n, this.pos); this.pos += 4 }
    else { b[this.pos++] = 0x81; b.writeBigUInt64BE(BigInt(n), this.pos); this.pos += 8 }
    return this
  }

  /** A string as rdbSaveRawString writes it: small canonical ints encoded, long ones tried with LZF. */
  string(s: string | Buffer): this {
    const len = s.length
    if (len <= 11) {
      const iv = canonicalInt32(s)
      if (iv !== null) return this.encodedInt(iv)
    }
    if (this.compress && len > LZF_MIN_LENGTH && this.lzfString(s)) return this
    this.length(len)
    return typeof s === 'string' ? this.rawLatin1(s) : this.raw(s)
  }

  /** A string that is never int-encoded or compressed (e.g. 8-byte stream IDs). */
  plainString(s: Buffer): this {
    return this.length(s.length).raw(s)
  }

  private encodedInt(v: number): this {
    this.ensure(5)
    if (v >= -128 && v <= 127) { this.buf[this.pos++] = 0xc0 | ENC_INT8; this.buf.writeInt8(v, this.pos); this.pos += 1 }
    else if (v >= -32768 && v <= 32767) { this.buf[this.pos++] = 0xc0 | ENC_INT16; this.buf.writeInt16LE(v, this.pos); this.pos += 2 }
    else { this.buf[this.pos++] = 0xc0 | ENC_INT32; this.buf.writeInt32LE(v, this.pos); this.pos += 4 }
    return this
  }

  /** rdbSaveLzfStringObject: only when the compressed form is at least 4 bytes shorter. */
  private lzfString(s: string | Buffer): boolean {
    const input = typeof s === 'string' ? Buffer.from(s, 'latin1') : s
    const out = lzfCompress(input, input.length - 4)
    if (out === null) return false
    this.lzfBlob(out, input.length)
    return true
  }

  /** An already-compressed blob (quicklist nodes kept compressed in memory). */
  lzfBlob(compressed: Uint8Array, uncompressedLength: number): this {
    this.byte(0xc0 | ENC_LZF).length(compressed.length).length(uncompressedLength)
    return this.raw(compressed)
  }

  /** 8-byte little-endian IEEE double (ZSET_2 scores). */
  binaryDouble(x: number): this {
    this.ensure(8)
    this.buf.writeDoubleLE(x, this.pos)
    this.pos += 8
    return this
  }

  uint64LE(v: bigint): this {
    this.ensure(8)
    this.buf.writeBigUInt64LE(BigInt.asUintN(64, v), this.pos)
    this.pos += 8
    return this
  }

  /** The bytes written so far (a copy-free view until the next write). */
  result(): Buffer {
    return this.buf.subarray(0, this.pos)
  }
}

/** rdbTryIntegerEncoding: canonical decimal text of an int32, else null. */
function canonicalInt32(s: string | Buffer): number | null {
  const n = s.length
  if (n === 0) return null
  const at = typeof s === 'string' ? (i: number) => s.charCodeAt(i) : (i: number) => s[i]
  let i = 0
  if (at(0) === 45) { if (n === 1) return null; i = 1 }
  const first = at(i)
  if (first === 48) return n === 1 ? 0 : null
  if (first < 49 || first > 57) return null
  let v = 0
  for (; i < n; i++) {
    const c = at(i)
    if (c < 48 || c > 57) return null
    v = v * 10 + (c - 48)
  }
  if (at(0) === 45) v = -v
  return v >= -2147483648 && v <= 2147483647 ? v : null
}

/** Cursor over an RDB byte buffer; every read is bounds-checked and throws RdbFormatError. */
export class RdbReader {
  pos: number

  constructor(readonly buf: Buffer, start = 0, readonly end = buf.length) {
    this.pos = start
  }

  get remaining(): number { return this.end - this.pos }

  private need(n: number): void {
    if (n < 0) throw new RdbFormatError('unexpected end of payload')
    if (this.pos + n > this.end) throw new RdbFormatError('unexpected end of payload', 'truncated')
  }

  byte(): number {
    this.need(1)
    return this.buf[this.pos++]
  }

  bytes(n: number): Buffer {
    this.need(n)
    const out = this.buf.subarray(this.pos, this.pos + n)
    this.pos += n
    return out
  }

  /** A length, or the special-encoding kind of a string (encoded = true). */
  lengthOrEncoding(): { len: number; encoded: boolean } {
    const first = this.byte()
    switch (first >> 6) {
      case 0: return { len: first & 0x3f, encoded: false }
      case 1: return { len: ((first & 0x3f) << 8) | this.byte(), encoded: false }
      case 3: return { len: first & 0x3f, encoded: true }
    }
    if (first === 0x80) { this.need(4); const v = this.buf.readUInt32BE(this.pos); this.pos += 4; return { len: v, encoded: false } }
    if (first === 0x81) {
      this.need(8)
      const v = this.buf.readBigUInt64BE(this.pos)
      this.pos += 8
      if (v > BigInt(Number.MAX_SAFE_INTEGER)) throw new RdbFormatError('length out of range')
      return { len: Number(v), encoded: false }
    }
    throw new RdbFormatError(`unknown length encoding 0x${first.toString(16)}`)
  }

  length(): number {
    const { len, encoded } = this.lengthOrEncoding()
    if (encoded) throw new RdbFormatError('unexpected string encoding where a length was expected')
    return len
  }

  /** A string as bytes (int-encoded strings come back as their decimal text). */
  stringBytes(): Buffer {
    const { len, encoded } = this.lengthOrEncoding()
    if (!encoded) return this.bytes(len)
    if (len === ENC_LZF) return this.lzf()
    return Buffer.from(String(this.encodedInt(len)), 'latin1')
  }

  /** A string as a latin1 JS string. */
  string(): string {
    const { len, encoded } = this.lengthOrEncoding()
    if (!encoded) {
      this.need(len)
      const s = this.buf.latin1Slice(this.pos, this.pos + len)
      this.pos += len
      return s
    }
    if (len === ENC_LZF) return this.lzf().latin1Slice()
    return String(this.encodedInt(len))
  }

  private encodedInt(kind: number): number {
    if (kind === ENC_INT8) { this.need(1); return this.buf.readInt8(this.pos++) }
    if (kind === ENC_INT16) { this.need(2); const v = this.buf.readInt16LE(this.pos); this.pos += 2; return v }
    if (kind === ENC_INT32) { this.need(4); const v = this.buf.readInt32LE(this.pos); this.pos += 4; return v }
    throw new RdbFormatError(`unknown string encoding ${kind}`)
  }

  private lzf(): Buffer {
    const clen = this.length()
    const ulen = this.length()
    // LZF expands at most ~132x (a 2-byte back reference yields 264 bytes): reject absurd sizes early
    if (ulen === 0 || ulen > clen * 133 + 64) throw new RdbFormatError('invalid LZF lengths')
    const data = this.bytes(clen)
    try {
      return lzfDecompress(data, ulen)
    } catch (e) {
      throw new RdbFormatError(`invalid LZF data: ${(e as Error).message}`)
    }
  }

  /** 8-byte little-endian IEEE double. */
  binaryDouble(): number {
    this.need(8)
    const v = this.buf.readDoubleLE(this.pos)
    this.pos += 8
    return v
  }

  /** The old text form: a length byte (253 nan, 254 +inf, 255 -inf) then that many ASCII chars. */
  stringDouble(): number {
    const n = this.byte()
    if (n === 253) return NaN
    if (n === 254) return Infinity
    if (n === 255) return -Infinity
    const text = this.bytes(n).latin1Slice()
    const v = Number(text)
    if (text.trim() === '' || Number.isNaN(v)) {
      const lower = text.toLowerCase()
      if (lower === 'inf' || lower === '+inf') return Infinity
      if (lower === '-inf') return -Infinity
      throw new RdbFormatError(`invalid double '${text}'`)
    }
    return v
  }

  uint64LE(): bigint {
    this.need(8)
    const v = this.buf.readBigUInt64LE(this.pos)
    this.pos += 8
    return v
  }
}
