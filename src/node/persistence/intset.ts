// Intset byte format: u32 LE width (2, 4 or 8), u32 LE count, then the members as signed little-endian
// integers in strictly ascending order. Members travel as canonical decimal strings.

/** Encodes canonical-integer members (any order) as an intset with the smallest width that fits all. */
export function encodeIntset(members: Iterable<string>): Buffer {
  const values: bigint[] = []
  for (const m of members) values.push(BigInt(m))
  values.sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  let width = 2
  for (const v of values) {
    if (v < -2147483648n || v > 2147483647n) { width = 8; break }
    if (v < -32768n || v > 32767n) width = 4
  }
  const out = Buffer.allocUnsafe(8 + values.length * width)
  out.writeUInt32LE(width, 0)
  out.writeUInt32LE(values.length, 4)
  let p = 8
  for (const v of values) {
    if (width === 2) out.writeInt16LE(Number(v), p)
    else if (width === 4) out.writeInt32LE(Number(v), p)
    else out.writeBigInt64LE(v, p)
    p += width
  }
  return out
}

/** Decodes an intset into decimal strings; throws when the header, size or ordering is wrong. */
export function decodeIntset(buf: Buffer): string[] {
  if (buf.length < 8) throw new Error('intset: too short')
  const width = buf.readUInt32LE(0)
  if (width !== 2 && width !== 4 && width !== 8) throw new Error('intset: bad encoding')
  const count = buf.readUInt32LE(4)
  if (buf.length !== 8 + count * width) throw new Error('intset: size mismatch')
  const out: string[] = []
  let prev: bigint | null = null
  for (let i = 0, p = 8; i < count; i++, p += width) {
    const v = width === 2 ? BigInt(buf.readInt16LE(p)) : width === 4 ? BigInt(buf.readInt32LE(p)) : buf.readBigInt64LE(p)
    if (prev !== null && v <= prev) throw new Error('intset: members not strictly ascending')
    prev = v
    out.push(v.toString())
  }
  return out
}
