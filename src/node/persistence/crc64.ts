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

/** Incremental CRC64: feed chunks with update(), read the result with value() or bytesLE(). */
export class Crc64 {
  private hi = 0
  private lo = 0

  update(buf: Uint8Array, start = 0, end = buf.length): this {
    let hi = this.hi
    let lo = this.lo
    for (let i = start; i < end; i++) {
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
