// Bitmap family: bit-level commands over string values (GETBIT, SETBIT, BITCOUNT, BITPOS, BITOP) and the
// table rows for BITFIELD/BITFIELD_RO, whose handlers live in bitmaps-bitfield.ts.
import { NOT_INTEGER, SYNTAX, WRONGTYPE, err } from '../resp/errors.js'
import type { Reply } from '../resp/types.js'
import { markRaw } from '../keyspace/string-encoding.js'
import { parseIntStrict } from '../util/int.js'
import { POPCOUNT, lookupStringForBit, popcount, readBitOffset, replaceByte, storeBits } from './bitmaps-common.js'
import { bitfieldCommand, bitfieldKeyFlags, bitfieldRoCommand } from './bitmaps-bitfield.js'
import { readIndex } from './strings-edit.js'
import type { CommandContext, CommandSpec } from './core/types.js'

const B = 'bitmap' as const
export const bitmapCommands: CommandSpec[] = [
  { name: 'getbit', arity: 3, flags: ['readonly', 'fast'], keys: [1, 1, 1], handler: getbitCommand, group: B, since: '2.2.0', summary: 'Returns a bit value by offset', complexity: 'O(1)' },
  { name: 'setbit', arity: 4, flags: ['write', 'denyoom'], keys: [1, 1, 1], handler: setbitCommand, group: B, since: '2.2.0', summary: 'Sets or clears the bit at offset of the string value; creates the key if it does not exist', complexity: 'O(1)' },
  { name: 'bitcount', arity: -2, flags: ['readonly'], keys: [1, 1, 1], handler: bitcountCommand, group: B, since: '2.6.0', summary: 'Counts the number of set bits (population counting) in a string', complexity: 'O(N)' },
  { name: 'bitpos', arity: -3, flags: ['readonly'], keys: [1, 1, 1], handler: bitposCommand, group: B, since: '2.8.7', summary: 'Finds the first set (1) or clear (0) bit in a string', complexity: 'O(N)' },
  { name: 'bitop', arity: -4, flags: ['write', 'denyoom'], keys: [2, -1, 1], handler: bitopCommand, group: B, since: '2.6.0', summary: 'Performs bitwise operations on multiple strings, and stores the result', complexity: 'O(N)' },
  { name: 'bitfield', arity: -2, flags: ['write', 'denyoom'], keys: [1, 1, 1], keyFlags: bitfieldKeyFlags, handler: bitfieldCommand, group: B, since: '3.2.0', summary: 'Performs arbitrary bitfield integer operations on strings', complexity: 'O(1) for each subcommand specified' },
  { name: 'bitfield_ro', arity: -2, flags: ['readonly', 'fast'], keys: [1, 1, 1], handler: bitfieldRoCommand, group: B, since: '6.0.0', summary: 'Performs arbitrary read-only bitfield integer operations on strings', complexity: 'O(1) for each subcommand specified' },
]

/** GETBIT key offset */
function getbitCommand(ctx: CommandContext, argv: string[]): Reply {
  const offset = readBitOffset(ctx, argv[2])
  const s = ctx.db.getString(argv[1])
  if (s === undefined) return 0
  const byte = Math.floor(offset / 8)
  if (byte >= s.length) return 0
  return (s.charCodeAt(byte) >> (7 - (offset % 8))) & 1
}

/** SETBIT key offset value */
function setbitCommand(ctx: CommandContext, argv: string[]): Reply {
  const key = argv[1]
  const offset = readBitOffset(ctx, argv[2])
  const on = parseIntStrict(argv[3])
  if (on !== 0 && on !== 1) throw err('bit is not an integer or out of range')
  const { value, grown } = lookupStringForBit(ctx, key, offset)
  const byte = Math.floor(offset / 8)
  const shift = 7 - (offset % 8)
  const old = value.charCodeAt(byte)
  const bit = (old >> shift) & 1
  if (grown || bit !== on) {
    storeBits(ctx, key, replaceByte(value, byte, (old & ~(1 << shift)) | (on << shift)))
    ctx.modified(key, '$', 'setbit')
  }
  return bit
}

/** BITCOUNT key [start end [BYTE | BIT]] */
function bitcountCommand(ctx: CommandContext, argv: string[]): Reply {
  const s = ctx.db.getString(argv[1])
  if (s === undefined) return 0
  if (argv.length === 2) return popcount(s, 0, s.length - 1)
  if (argv.length !== 4 && argv.length !== 5) throw SYNTAX
  let start = readIndex(argv[2])
  let end = readIndex(argv[3])
  if (start < 0 && end < 0 && start > end) return 0
  const isBit = argv.length === 5 && readUnit(argv[4])
  const total = isBit ? s.length * 8 : s.length
  if (start < 0) start = Math.max(0, total + start)
  if (end < 0) end = Math.max(0, total + end)
  if (end >= total) end = total - 1
  if (start > end) return 0
  if (!isBit) return popcount(s, start, end)
  const first = Math.floor(start / 8)
  const last = Math.floor(end / 8)
  // count whole bytes, then take back the bits of the edge bytes that lie outside the range
  const headMask = ~((1 << (8 - (start % 8))) - 1) & 0xff
  const tailMask = (1 << (7 - (end % 8))) - 1
  return popcount(s, first, last) - POPCOUNT[s.charCodeAt(first) & headMask] - POPCOUNT[s.charCodeAt(last) & tailMask]
}

/** BYTE -> false, BIT -> true, anything else is a syntax error. */
function readUnit(s: string): boolean {
  const u = s.toLowerCase()
  if (u === 'bit') return true
  if (u === 'byte') return false
  throw SYNTAX
}

/** BITPOS key bit [start [end [BYTE | BIT]]] */
function bitposCommand(ctx: CommandContext, argv: string[]): Reply {
  const bit = parseIntStrict(argv[2])
  if (bit === null) throw NOT_INTEGER
  if (bit !== 0 && bit !== 1) throw err('The bit argument must be 1 or 0.')
  const s = ctx.db.lookupRead(argv[1])
  // a missing key reads as an endless run of zeros
  if (s === undefined) return bit === 1 ? -1 : 0
  if (typeof s !== 'string') throw WRONGTYPE
  const argc = argv.length
  let start = 0
  let end = s.length - 1
  let isBit = false
  if (argc >= 4 && argc <= 6) {
    start = readIndex(argv[3])
    if (argc === 6) isBit = readUnit(argv[5])
    if (argc >= 5) end = readIndex(argv[4])
    const total = isBit ? s.length * 8 : s.length
    if (start < 0) start = Math.max(0, total + start)
    if (end < 0) end = Math.max(0, total + end)
    if (end >= total) end = total - 1
  } else if (argc !== 3) {
    throw SYNTAX
  }
  if (start > end) return -1
  const firstBit = isBit ? start : start * 8
  const lastBit = isBit ? end : end * 8 + 7
  const pos = findBit(s, bit, firstBit, lastBit)
  if (pos !== -1 || bit === 1) return pos
  // without an explicit end, the zeros past the string count as the answer
  return argc >= 5 ? -1 : lastBit + 1
}

/** First bit equal to `bit` in [first, last], or -1. Skips whole bytes that can't contain it. */
function findBit(s: string, bit: number, first: number, last: number): number {
  const skip = bit === 1 ? 0 : 0xff
  let i = first
  while (i <= last) {
    const byte = Math.floor(i / 8)
    const inByte = i - byte * 8
    const b = s.charCodeAt(byte)
    if (inByte === 0 && i + 7 <= last && b === skip) { i += 8; continue }
    if (((b >> (7 - inByte)) & 1) === bit) return i
    i++
  }
  return -1
}

const BITOP_AND = 0
const BITOP_OR = 1
const BITOP_XOR = 2
const BITOP_NOT = 3

/** BITOP <AND | OR | XOR | NOT> destkey key [key ...] */
function bitopCommand(ctx: CommandContext, argv: string[]): Reply {
  const op = bitopCode(argv[1])
  if (op === BITOP_NOT && argv.length !== 4) throw err('BITOP NOT must be called with a single source key.')
  const dest = argv[2]
  const sources: Buffer[] = []
  let maxLen = 0
  for (let i = 3; i < argv.length; i++) {
    const v = ctx.db.lookupRead(argv[i])
    if (v !== undefined && typeof v !== 'string') throw WRONGTYPE
    const buf = Buffer.from(v ?? '', 'latin1')
    if (buf.length > maxLen) maxLen = buf.length
    sources.push(buf)
  }
  if (maxLen === 0) {
    // an empty result deletes the destination rather than storing ""
    if (ctx.db.delete(dest)) ctx.modified(dest, 'g', 'del')
    return 0
  }
  ctx.db.set(dest, combine(op, sources, maxLen).toString('latin1'))
  markRaw(ctx.db, dest)
  ctx.modified(dest, '$', 'set')
  return maxLen
}

function bitopCode(name: string): number {
  switch (name.toLowerCase()) {
    case 'and': return BITOP_AND
    case 'or': return BITOP_OR
    case 'xor': return BITOP_XOR
    case 'not': return BITOP_NOT
    default: throw SYNTAX
  }
}

/** Applies the operation byte by byte; shorter inputs are padded with zero bytes. */
function combine(op: number, sources: Buffer[], maxLen: number): Buffer {
  const out = Buffer.alloc(maxLen)
  const first = sources[0]
  for (let j = 0; j < maxLen; j++) {
    let acc = j < first.length ? first[j] : 0
    if (op === BITOP_NOT) { out[j] = ~acc & 0xff; continue }
    for (let i = 1; i < sources.length; i++) {
      const src = sources[i]
      const byte = j < src.length ? src[j] : 0
      if (op === BITOP_AND) acc &= byte
      else if (op === BITOP_OR) acc |= byte
      else acc ^= byte
    }
    out[j] = acc
  }
  return out
}
