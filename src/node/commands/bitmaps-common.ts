// Helpers the bitmap commands share: bit offset arguments, the write lookup that grows a string to hold
// a bit, and byte-level bit counting. Bit 0 is the most significant bit of byte 0, as in Redis.
import { WRONGTYPE, err } from '../resp/errors.js'
import { markRaw } from '../keyspace/string-encoding.js'
import { parseIntStrict } from '../util/int.js'
import { checkStringLength } from './strings-edit.js'
import type { CommandContext } from './core/types.js'

const BIT_OFFSET_ERR = err('bit offset is not an integer or out of range')

/**
 * getBitOffsetFromArgument(): a bit offset below proto-max-bulk-len bytes. With `bits` > 0 the
 * "#<n>" form is accepted and means n * bits (BITFIELD).
 */
export function readBitOffset(ctx: CommandContext, s: string, bits = 0): number {
  const usehash = bits > 0 && s.length > 1 && s.charCodeAt(0) === 35 /* # */
  let n = parseIntStrict(usehash ? s.slice(1) : s)
  if (n === null) throw BIT_OFFSET_ERR
  if (usehash) n *= bits
  if (n < 0 || Math.floor(n / 8) >= ctx.server.config.numbers.protoMaxBulkLen) throw BIT_OFFSET_ERR
  return n
}

export interface BitTarget {
  value: string
  /** True when the key was created or had to grow (a write then counts as a change even if no bit flips). */
  grown: boolean
}

/**
 * lookupStringForBitCommand(): the string at `key`, zero-padded so bit `maxBit` exists, created if missing.
 * The padded value is stored at once (Redis grows the object before touching bits) and is raw-encoded.
 */
export function lookupStringForBit(ctx: CommandContext, key: string, maxBit: number): BitTarget {
  const db = ctx.db
  const cur = db.get(key)
  if (cur !== undefined && typeof cur !== 'string') throw WRONGTYPE
  const need = Math.floor(maxBit / 8) + 1
  checkStringLength(ctx, need, 0)
  let value = cur ?? ''
  const grown = cur === undefined || value.length < need
  if (grown) {
    value += '\0'.repeat(need - value.length)
    db.set(key, value, true)
  }
  markRaw(db, key)
  return { value, grown }
}

/** Stores a bitmap value that lookupStringForBit() returned, after its bits changed. */
export function storeBits(ctx: CommandContext, key: string, value: string): void {
  ctx.db.set(key, value, true)
  markRaw(ctx.db, key)
}

/** Set bits in each byte value 0..255. */
export const POPCOUNT = new Uint8Array(256)
for (let i = 1; i < 256; i++) POPCOUNT[i] = (i & 1) + POPCOUNT[i >> 1]

/** Number of set bits in bytes [start, end] of a latin1 string. */
export function popcount(s: string, start: number, end: number): number {
  let n = 0
  for (let i = start; i <= end; i++) n += POPCOUNT[s.charCodeAt(i)]
  return n
}

/** `s` with the byte at `index` replaced. */
export function replaceByte(s: string, index: number, byte: number): string {
  return s.slice(0, index) + String.fromCharCode(byte) + s.slice(index + 1)
}
