// BITFIELD and BITFIELD_RO: signed/unsigned integers of 1..64 bits (u63 at most) at any bit offset of a
// string, with WRAP/SAT/FAIL overflow control. All field arithmetic is BigInt (these are never hot).
import { NOT_INTEGER, SYNTAX, WRONGTYPE, err } from '../resp/errors.js'
import type { Reply } from '../resp/types.js'
import { parseInt64 } from '../util/int.js'
import { lookupStringForBit, readBitOffset, storeBits } from './bitmaps-common.js'
import type { CommandContext } from './core/types.js'

const OP_GET = 0
const OP_SET = 1
const OP_INCRBY = 2
const OVERFLOW_WRAP = 0
const OVERFLOW_SAT = 1
const OVERFLOW_FAIL = 2

interface FieldOp {
  op: number
  overflow: number
  signed: boolean
  bits: number
  offset: number
  value: bigint
}

const TYPE_ERR = err('Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.')

/** BITFIELD key [GET encoding offset | [OVERFLOW <WRAP | SAT | FAIL>] <SET encoding offset value | INCRBY encoding offset increment> ...] */
export function bitfieldCommand(ctx: CommandContext, argv: string[]): Reply {
  return bitfieldGeneric(ctx, argv, false)
}

/** BITFIELD_RO key [GET encoding offset [GET encoding offset ...]] */
export function bitfieldRoCommand(ctx: CommandContext, argv: string[]): Reply {
  return bitfieldGeneric(ctx, argv, true)
}

/** Every argument is checked before anything is read or written, so a bad one leaves the key alone. */
function bitfieldGeneric(ctx: CommandContext, argv: string[], readonlyCmd: boolean): Reply {
  const ops = parseOps(ctx, argv)
  const key = argv[1]
  let highest = -1
  for (const op of ops) if (op.op !== OP_GET && op.offset + op.bits - 1 > highest) highest = op.offset + op.bits - 1
  if (highest < 0) {
    const v = ctx.db.lookupRead(key)
    if (v !== undefined && typeof v !== 'string') throw WRONGTYPE
    const buf = Buffer.from(v ?? '', 'latin1')
    return ops.map((op) => toReply(readField(buf, op.offset, op.bits, op.signed)))
  }
  if (readonlyCmd) throw err('BITFIELD_RO only supports the GET subcommand')
  const target = lookupStringForBit(ctx, key, highest)
  const buf = Buffer.from(target.value, 'latin1')
  const replies: Reply[] = []
  let changes = 0
  for (const op of ops) {
    if (op.op === OP_GET) { replies.push(toReply(readField(buf, op.offset, op.bits, op.signed))); continue }
    const old = readField(buf, op.offset, op.bits, op.signed)
    const next = applyOverflow(op, op.op === OP_INCRBY ? old + op.value : op.value)
    if (next === null) { replies.push(null); continue }
    writeField(buf, op.offset, op.bits, next)
    replies.push(toReply(op.op === OP_INCRBY ? next : old))
    if (target.grown || next !== old) changes++
  }
  if (changes > 0) {
    storeBits(ctx, key, buf.toString('latin1'))
    ctx.modified(key, '$', 'setbit')
    // Redis counts one change per field written
    ctx.server.dirty += changes - 1
  }
  return replies
}

function parseOps(ctx: CommandContext, argv: string[]): FieldOp[] {
  const ops: FieldOp[] = []
  let overflow = OVERFLOW_WRAP
  for (let j = 2; j < argv.length; j++) {
    const remaining = argv.length - j - 1
    const name = argv[j].toLowerCase()
    let op: number
    if (name === 'get' && remaining >= 2) op = OP_GET
    else if (name === 'set' && remaining >= 3) op = OP_SET
    else if (name === 'incrby' && remaining >= 3) op = OP_INCRBY
    else if (name === 'overflow' && remaining >= 1) {
      overflow = overflowCode(argv[++j])
      continue
    } else throw SYNTAX
    const { signed, bits } = readType(argv[j + 1])
    const offset = readBitOffset(ctx, argv[j + 2], bits)
    let value = 0n
    if (op !== OP_GET) {
      const v = parseInt64(argv[j + 3])
      if (v === null) throw NOT_INTEGER
      value = v
    }
    ops.push({ op, overflow, signed, bits, offset, value })
    j += op === OP_GET ? 2 : 3
  }
  return ops
}

function overflowCode(s: string): number {
  switch (s.toLowerCase()) {
    case 'wrap': return OVERFLOW_WRAP
    case 'sat': return OVERFLOW_SAT
    case 'fail': return OVERFLOW_FAIL
    default: throw err('Invalid OVERFLOW type specified')
  }
}

/** "i1".."i64" or "u1".."u63" (lower-case letter only, as Redis checks it). */
function readType(s: string): { signed: boolean; bits: number } {
  const c = s.charCodeAt(0)
  if (c !== 105 /* i */ && c !== 117 /* u */) throw TYPE_ERR
  const signed = c === 105
  const n = parseInt64(s.slice(1))
  if (n === null || n < 1n || n > (signed ? 64n : 63n)) throw TYPE_ERR
  return { signed, bits: Number(n) }
}

/**
 * The value to store for a SET/INCRBY whose exact result is `v`, or null when OVERFLOW FAIL refuses it.
 * An unsigned SET of a negative value is read as its 64-bit two's complement first, as Redis does.
 */
function applyOverflow(op: FieldOp, v: bigint): bigint | null {
  const bits = BigInt(op.bits)
  let min: bigint
  let max: bigint
  if (op.signed) {
    max = (1n << (bits - 1n)) - 1n
    min = -max - 1n
  } else {
    max = (1n << bits) - 1n
    min = 0n
    if (op.op === OP_SET) v = BigInt.asUintN(64, v)
  }
  if (v >= min && v <= max) return v
  if (op.overflow === OVERFLOW_FAIL) return null
  if (op.overflow === OVERFLOW_SAT) return v > max ? max : min
  return op.signed ? BigInt.asIntN(op.bits, v) : BigInt.asUintN(op.bits, v)
}

/** Reads `bits` bits at bit `offset` (big-endian, zeros past the end). */
function readField(buf: Buffer, offset: number, bits: number, signed: boolean): bigint {
  let v = 0n
  for (let i = 0; i < bits; i++) {
    const pos = offset + i
    const byte = Math.floor(pos / 8)
    const bit = byte < buf.length ? (buf[byte] >> (7 - (pos - byte * 8))) & 1 : 0
    v = (v << 1n) | BigInt(bit)
  }
  return signed ? BigInt.asIntN(bits, v) : v
}

/** Writes the low `bits` bits of `v` at bit `offset`; the buffer already holds them. */
function writeField(buf: Buffer, offset: number, bits: number, v: bigint): void {
  const u = BigInt.asUintN(bits, v)
  for (let i = 0; i < bits; i++) {
    const pos = offset + i
    const byte = Math.floor(pos / 8)
    const mask = 1 << (7 - (pos - byte * 8))
    if ((u >> BigInt(bits - 1 - i)) & 1n) buf[byte] |= mask
    else buf[byte] &= ~mask
  }
}

const toReply = (v: bigint): Reply => (v >= -9007199254740991n && v <= 9007199254740991n ? Number(v) : v)

/**
 * BITFIELD's key flags (bitfieldGetKeys()): read-only while every operation is a whole GET or OVERFLOW;
 * a SET, an INCRBY or anything unreadable makes the key read-write, as Redis assumes the worst.
 */
export function bitfieldKeyFlags(argv: string[]): string[] {
  for (let i = 2; i < argv.length; i++) {
    const left = argv.length - i - 1
    const op = argv[i].toLowerCase()
    if (op === 'get' && left >= 2) i += 2
    else if (op === 'overflow' && left >= 1) i += 1
    else return ['RW', 'access', 'update']
  }
  return ['RO', 'access']
}
