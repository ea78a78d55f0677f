// CRC-64/Jones as Redis uses it for RDB files and DUMP payloads: reflected polynomial
// 0x95ac9329ac4bc9b5, init 0, no final xor. Kept as two 32-bit halves so it runs without BigInt.

const POLY_HI = 0x95ac9329
const POLY_LO = 0xac4bc9b5

const TABLE_HI = new Uint32Array(256)
const TABLE_LO = new Uint32Array(256)

for (let n = 0; n < 256; n++) {
  let hi = 0
  let lo = n
  for (let k = 0; k < 8; k++) {
    const carry = lo & 1
    lo = ((lo >>> 1) | ((hi & 1) << 31)) >>> 0
    hi = hi >>> 1
    if (carry) { hi = (hi ^ POLY_HI) >>> 0; lo = (lo ^ POLY_LO) >>> 0 }
  }
  TABLE_HI[n] = hi
  TABLE_LO[n] = lo
}

// Slicing by 8: SLICE_*[k * 256 + b] is the CRC of byte b followed by k zero bytes, so eight input
// bytes cost eight independent lookups instead of eight dependent table steps (files are ~3x faster).
const SLICE_HI = new Uint32Array(8 * 256)
const SLICE_LO = new Uint32Array(8 * 256)
SLICE_HI.set(TABLE_HI)
SLICE_LO.set(TABLE_LO)
for (let k = 1; k < 8; k++) {
  for (let n = 0; n < 256; n++) {
    const hi = SLICE_HI[(k - 1) * 256 + n]
    const lo = SLICE_LO[(k - 1) * 256 + n]
    const idx = lo & 0xff
    SLICE_LO[k * 256 + n] = (((lo >>> 8) | (hi << 24)) ^ TABLE_LO[idx]) >>> 0
    SLICE_HI[k * 256 + n] = ((hi >>> 8) ^ TABLE_HI[idx]) >>> 0
  }
}

/** Incremental CRC64: feed chunks with update(), read the result with value() or bytesLE(). */
export class Crc64 {
  private hi = 0
  private lo = 0

  update(buf: Uint8Array, start = 0, end = buf.length): this {
    let hi = this.hi
    let lo = this.lo
    let i = start
    for (; i + 8 <= end; i += 8) {
      const a = (lo ^ (buf[i] | (buf[i + 1] << 8) | (buf[i + 2] << 16) | (buf[i + 3] << 24))) >>> 0
      const b = (hi ^ (buf[i + 4] | (buf[i + 5] << 8) | (buf[i + 6] << 16) | (buf[i + 7] << 24))) >>> 0
      const t7 = 7 * 256 + (a & 0xff)
      const t6 = 6 * 256 + ((a >>> 8) & 0xff)
      const t5 = 5 * 256 + ((a >>> 16) & 0xff)
      const t4 = 4 * 256 + (a >>> 24)
      const t3 = 3 * 256 + (b & 0xff)
      const t2 = 2 * 256 + ((b >>> 8) & 0xff)
      const t1 = 256 + ((b >>> 16) & 0xff)
      const t0 = b >>> 24
      lo = (SLICE_LO[t7] ^ SLICE_LO[t6] ^ SLICE_LO[t5] ^ SLICE_LO[t4] ^ SLICE_LO[t3] ^ SLICE_LO[t2] ^ SLICE_LO[t1] ^ SLICE_LO[t0]) >>> 0
      hi = (SLICE_HI[t7] ^ SLICE_HI[t6] ^ SLICE_HI[t5] ^ SLICE_HI[t4] ^ SLICE_HI[t3] ^ SLICE_HI[t2] ^ SLICE_HI[t1] ^ SLICE_HI[t0]) >>> 0
    }
    for (; i < end; i++) {
      const idx = (lo ^ buf[i]) & 0xff
      lo = (((lo >>> 8) | (hi << 24)) ^ TABLE_LO[idx]) >>> 0
      hi = ((hi >>> 8) ^ TABLE_HI[idx]) >>> 0
    }
    this.hi = hi
    this.lo = lo
    return this
  }

  value(): bigint {
    return (BigInt(this.hi) << 32n) | BigInt(this.lo)
  }

  /** The 8 bytes Redis appends: the CRC, little-endian. */
  bytesLE(): Buffer {
    const out = Buffer.allocUnsafe(8)
    out.writeUInt32LE(this.lo, 0)
    out.writeUInt32LE(this.hi, 4)
    return out
  }
}

/** CRC64 of a whole buffer (or a range of it). */
export function crc64(buf: Uint8Array, start = 0, end = buf.length): bigint {
  return new Crc64().update(buf, start, end).value()
}
