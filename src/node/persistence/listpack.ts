// Listpack byte format (Redis 7.0): a writer that encodes elements exactly as lpAppend does (canonical
// integers become integer entries) and a reader accepting every entry form. Elements are latin1 strings.
import { parseInt64, parseIntStrict } from '../util/int.js'

const HEADER_SIZE = 6
const EOF = 0xff
/** A listpack holding nothing: header + end byte (lpNew). */
export const EMPTY_LISTPACK_BYTES = HEADER_SIZE + 1

/** Canonical int64 text -> its value, else null. Fast path for short strings without BigInt. */
function asInteger(s: string): bigint | number | null {
  const n = s.length
  if (n === 0 || n > 20) return null
  const c = s.charCodeAt(n - 1)
  if (c < 48 || c > 57) return null
  return n <= 15 ? parseIntStrict(s) : parseInt64(s)
}

/** Bytes of the backlen field for an entry whose encoding+data is `l` bytes. */
function backlenSize(l: number): number {
  if (l <= 127) return 1
  if (l < 16383) return 2
  if (l < 2097151) return 3
  if (l < 268435455) return 4
  return 5
}

function intEncodedSize(v: number | bigint): number {
  const x = Number(v) // exact enough: every bound below is far inside 2^53
  if (x >= 0 && x <= 127) return 1
  if (x >= -4096 && x <= 4095) return 2
  if (x >= -32768 && x <= 32767) return 3
  if (x >= -8388608 && x <= 8388607) return 4
  if (x >= -2147483648 && x <= 2147483647) return 5
  return 9
}

function stringEncodedSize(len: number): number {
  if (len < 64) return 1 + len
  if (len < 4096) return 2 + len
  return 5 + len
}

/** Total bytes (encoding, data and backlen) that appending `s` adds to a listpack. */
export function listpackEntrySize(s: string): number {
  const iv = asInteger(s)
  const l = iv === null ? stringEncodedSize(s.length) : intEncodedSize(iv)
  return l + backlenSize(l)
}

/** Builds one listpack. Sizes are tracked as entries are added, so callers can split into nodes. */
export class ListpackWriter {
  private parts: Buffer[] = []
  private bytes = HEADER_SIZE + 1
  private n = 0

  get count(): number { return this.n }
  /** Size of the finished listpack so far (header and end byte included). */
  get size(): number { return this.bytes }

  /** Appends an element; canonical integer text is stored as an integer entry. */
  add(s: string): this {
    const iv = asInteger(s)
    return iv === null ? this.addString(s) : this.addInt(iv)
  }

  addString(s: string): this {
    const len = s.length
    const head = len < 64 ? 1 : len < 4096 ? 2 : 5
    const l = head + len
    const bl = backlenSize(l)
    const buf = Buffer.allocUnsafe(l + bl)
    if (head === 1) buf[0] = 0x80 | len
    else if (head === 2) { buf[0] = 0xe0 | (len >> 8); buf[1] = len & 0xff }
    else { buf[0] = 0xf0; buf.writeUInt32LE(len, 1) }
    buf.latin1Write(s, head, len)
    writeBacklen(buf, l, l)
    return this.push(buf)
  }

  addInt(v: number | bigint): this {
    const l = intEncodedSize(v)
    const buf = Buffer.allocUnsafe(l + 1)
    const n = Number(v)
    if (l === 1) buf[0] = n
    else if (l === 2) { const u = n < 0 ? n + 8192 : n; buf[0] = 0xc0 | (u >> 8); buf[1] = u & 0xff }
    else if (l === 3) { buf[0] = 0xf1; buf.writeInt16LE(n, 1) }
    else if (l === 4) { buf[0] = 0xf2; buf.writeIntLE(n, 1, 3) }
    else if (l === 5) { buf[0] = 0xf3; buf.writeInt32LE(n, 1) }
    else { buf[0] = 0xf4; buf.writeBigInt64LE(BigInt(v), 1) }
    buf[l] = l // backlen of a <= 9 byte entry is one byte
    return this.push(buf)
  }

  private push(entry: Buffer): this {
    this.parts.push(entry)
    this.bytes += entry.length
    this.n++
    return this
  }

  finish(): Buffer {
    const out = Buffer.allocUnsafe(this.bytes)
    out.writeUInt32LE(this.bytes, 0)
    out.writeUInt16LE(this.n < 65535 ? this.n : 65535, 4)
    let p = HEADER_SIZE
    for (const part of this.parts) { part.copy(out, p); p += part.length }
    out[p] = EOF
    return out
  }
}

function writeBacklen(buf: Buffer, l: number, at: number): void {
  if (l <= 127) { buf[at] = l; return }
  const n = backlenSize(l)
  // most significant 7-bit group first, with bit 7 set on every byte but the first
  for (let i = n - 1; i >= 0; i--) {
    buf[at + i] = (l & 127) | (i === 0 ? 0 : 128)
    l = Math.floor(l / 128)
  }
}

/** Encodes a list of elements as one listpack. */
export function encodeListpack(items: Iterable<string>): Buffer {
  const w = new ListpackWriter()
  for (const s of items) w.add(s)
  return w.finish()
}

/** Decodes a listpack into its elements (integers as decimal text). Throws on any inconsistency. */
export function decodeListpack(buf: Uint8Array): string[] {
  const b = Buffer.isBuffer(buf) ? buf : Buffer.from(buf.buffer, buf.byteOffset, buf.byteLength)
  if (b.length < HEADER_SIZE + 1) throw new Error('listpack: too short')
  if (b.readUInt32LE(0) !== b.length) throw new Error('listpack: total bytes mismatch')
  const declared = b.readUInt16LE(4)
  const out: string[] = []
  let p = HEADER_SIZE
  while (true) {
    if (p >= b.length) throw new Error('listpack: missing end byte')
    if (b[p] === EOF) break
    const [value, l] = readEntry(b, p)
    p += l
    const bl = backlenSize(l)
    if (p + bl > b.length || readBacklen(b, p, bl) !== l) throw new Error('listpack: bad backlen')
    p += bl
    out.push(value)
  }
  if (p !== b.length - 1) throw new Error('listpack: trailing bytes')
  if (declared !== 65535 && declared !== out.length) throw new Error('listpack: element count mismatch')
  return out
}

function readBacklen(b: Buffer, at: number, n: number): number {
  let v = 0
  for (let i = 0; i < n; i++) v = v * 128 + (b[at + i] & 127)
  return v
}

/** One entry at p: [value, size of encoding+data]. */
function readEntry(b: Buffer, p: number): [string, number] {
  const c = b[p]
  if ((c & 0x80) === 0) return [String(c), 1]
  if ((c & 0xc0) === 0x80) return [readStr(b, p + 1, c & 0x3f), 1 + (c & 0x3f)]
  if ((c & 0xe0) === 0xc0) {
    need(b, p, 2)
    const u = ((c & 0x1f) << 8) | b[p + 1]
    return [String(u >= 4096 ? u - 8192 : u), 2]
  }
  if ((c & 0xf0) === 0xe0) {
    need(b, p, 2)
    const len = ((c & 0x0f) << 8) | b[p + 1]
    return [readStr(b, p + 2, len), 2 + len]
  }
  switch (c) {
    case 0xf0: { need(b, p, 5); const len = b.readUInt32LE(p + 1); return [readStr(b, p + 5, len), 5 + len] }
    case 0xf1: need(b, p, 3); return [String(b.readInt16LE(p + 1)), 3]
    case 0xf2: need(b, p, 4); return [String(b.readIntLE(p + 1, 3)), 4]
    case 0xf3: need(b, p, 5); return [String(b.readInt32LE(p + 1)), 5]
    case 0xf4: need(b, p, 9); return [String(b.readBigInt64LE(p + 1)), 9]
    default: throw new Error(`listpack: invalid entry encoding 0x${c.toString(16)}`)
  }
}

function need(b: Buffer, p: number, n: number): void {
  if (p + n > b.length) throw new Error('listpack: entry out of bounds')
}

function readStr(b: Buffer, start: number, len: number): string {
  if (start + len > b.length) throw new Error('listpack: string out of bounds')
  return b.latin1Slice(start, start + len)
}
