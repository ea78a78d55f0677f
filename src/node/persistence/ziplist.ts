// Legacy containers found in RDB files written before 7.0 (load-only): ziplist (lists, hashes and zsets
// of Redis <= 6.2) and zipmap (hashes of Redis < 2.6). Elements come back as latin1 strings.

const ZIPLIST_HEADER = 10
const ZIP_END = 0xff

/** Decodes a ziplist into its elements (integers as decimal text). Throws on any inconsistency. */
export function decodeZiplist(b: Buffer): string[] {
  if (b.length < ZIPLIST_HEADER + 1) throw new Error('ziplist: too short')
  if (b.readUInt32LE(0) !== b.length) throw new Error('ziplist: total bytes mismatch')
  const declared = b.readUInt16LE(8)
  const out: string[] = []
  let p = ZIPLIST_HEADER
  let prevSize = 0
  while (true) {
    if (p >= b.length) throw new Error('ziplist: missing end byte')
    if (b[p] === ZIP_END) break
    const start = p
    let prevlen = b[p++]
    if (prevlen === 0xfe) { need(b, p, 4); prevlen = b.readUInt32LE(p); p += 4 }
    if (prevlen !== prevSize) throw new Error('ziplist: bad prevlen')
    const [value, next] = readZiplistEntry(b, p)
    out.push(value)
    p = next
    prevSize = p - start
  }
  if (p !== b.length - 1) throw new Error('ziplist: trailing bytes')
  if (declared !== 65535 && declared !== out.length) throw new Error('ziplist: element count mismatch')
  return out
}

/** Reads encoding+data at p; returns the value and the offset after it. */
function readZiplistEntry(b: Buffer, p: number): [string, number] {
  need(b, p, 1)
  const c = b[p]
  switch (c >> 6) {
    case 0: return readStr(b, p + 1, c & 0x3f)
    case 1: need(b, p, 2); return readStr(b, p + 2, ((c & 0x3f) << 8) | b[p + 1])
    case 2: need(b, p, 5); return readStr(b, p + 5, b.readUInt32BE(p + 1))
  }
  switch (c) {
    case 0xc0: need(b, p, 3); return [String(b.readInt16LE(p + 1)), p + 3]
    case 0xd0: need(b, p, 5); return [String(b.readInt32LE(p + 1)), p + 5]
    case 0xe0: need(b, p, 9); return [String(b.readBigInt64LE(p + 1)), p + 9]
    case 0xf0: need(b, p, 4); return [String(b.readIntLE(p + 1, 3)), p + 4]
    case 0xfe: need(b, p, 2); return [String(b.readInt8(p + 1)), p + 2]
  }
  if (c >= 0xf1 && c <= 0xfd) return [String((c & 0x0f) - 1), p + 1]
  throw new Error(`ziplist: invalid entry encoding 0x${c.toString(16)}`)
}

function need(b: Buffer, p: number, n: number): void {
  if (p + n > b.length) throw new Error('ziplist: entry out of bounds')
}

function readStr(b: Buffer, start: number, len: number): [string, number] {
  if (start + len > b.length) throw new Error('ziplist: string out of bounds')
  return [b.latin1Slice(start, start + len), start + len]
}

/** Decodes a zipmap (the pre-2.6 small hash) into [field, value] pairs. */
export function decodeZipmap(b: Buffer): Array<[string, string]> {
  if (b.length < 2) throw new Error('zipmap: too short')
  const out: Array<[string, string]> = []
  let p = 1 // byte 0 is a count hint (254 = unknown)
  while (true) {
    if (p >= b.length) throw new Error('zipmap: missing end byte')
    if (b[p] === ZIP_END) break
    const [field, afterField] = readZipmapString(b, p, false)
    const [value, afterValue] = readZipmapString(b, afterField, true)
    out.push([field, value])
    p = afterValue
  }
  if (p !== b.length - 1) throw new Error('zipmap: trailing bytes')
  return out
}

/** A zipmap length (1 byte, or 254 + u32) then the bytes; values also carry a free-space byte. */
function readZipmapString(b: Buffer, p: number, isValue: boolean): [string, number] {
  need(b, p, 1)
  let len = b[p++]
  if (len === 0xfe) { need(b, p, 4); len = b.readUInt32LE(p); p += 4 } else if (len === 0xff) throw new Error('zipmap: unexpected end')
  let free = 0
  if (isValue) { need(b, p, 1); free = b[p++] }
  if (p + len + free > b.length) throw new Error('zipmap: string out of bounds')
  return [b.latin1Slice(p, p + len), p + len + free]
}
