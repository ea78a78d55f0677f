import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { decodeListpack, encodeListpack, listpackEntrySize } from '../../../../src/node/persistence/listpack.js'

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex')
/** Wraps entry bytes in a listpack header and end byte. */
function lp(entries: string, count: number): Buffer {
  const body = hex(entries)
  const out = Buffer.alloc(7 + body.length)
  out.writeUInt32LE(out.length, 0)
  out.writeUInt16LE(count, 4)
  body.copy(out, 6)
  out[out.length - 1] = 0xff
  return out
}

describe('listpack', () => {
  it('encodes elements the way Redis 7.0 does', () => {
    // RPUSH numlist 1 -5 300 70000, and the myhash / myzset listpacks of the sample RDB
    assert.deepEqual(encodeListpack(['1', '-5', '300', '70000']), hex('14000000 0400 0101 dffb02 c12c02 f270110104 ff'))
    assert.deepEqual(encodeListpack(['f1', 'v1', 'f2', 'v2']), hex('17000000 0400 82663103 82763103 82663203 82763203 ff'))
    assert.deepEqual(encodeListpack(['a', '1', 'b', '2.5']), hex('14000000 0400 816102 0101 816202 83322e3504 ff'))
  })

  it('stores only canonical integers as integers', () => {
    for (const s of ['007', '-0', '+1', ' 1', '1 ', '9223372036854775808', '']) {
      assert.equal(decodeListpack(encodeListpack([s]))[0], s)
      assert.equal(encodeListpack([s])[6] & 0xc0, 0x80, `${JSON.stringify(s)} stays a string`)
    }
  })

  it('round-trips every integer width and string length form', () => {
    const items = ['0', '127', '128', '-1', '-4096', '4095', '4096', '-32768', '32767', '32768', '-8388608', '8388607',
      '8388608', '-2147483648', '2147483647', '2147483648', '-9223372036854775808', '9223372036854775807',
      'x'.repeat(63), 'x'.repeat(64), 'y'.repeat(4095), 'z'.repeat(4096), 'w'.repeat(20000), '\x00\xff\r\n']
    const buf = encodeListpack(items)
    assert.deepEqual(decodeListpack(buf), items)
    let size = 7
    for (const s of items) size += listpackEntrySize(s)
    assert.equal(buf.length, size)
  })

  it('reads every entry form', () => {
    assert.deepEqual(decodeListpack(lp('816102 0101 dffb02 c12c02 f270110104', 5)), ['a', '1', '-5', '300', '70000'])
    assert.deepEqual(decodeListpack(lp('f1ffff03 f2ffff7f04 f3ffffffff05 f4ffffffffffffffff09', 4)), ['-1', '8388607', '-1', '-1'])
    assert.deepEqual(decodeListpack(lp('f003000000616263 08', 1)), ['abc'])
    assert.deepEqual(decodeListpack(lp('0101', 65535)), ['1'])
  })

  it('rejects corrupt listpacks', () => {
    const good = encodeListpack(['a', 'b'])
    const wrongTotal = Buffer.from(good); wrongTotal[0]++
    const wrongCount = Buffer.from(good); wrongCount[4] = 3
    const noEnd = Buffer.from(good); noEnd[noEnd.length - 1] = 0x01
    const badBacklen = Buffer.from(good); badBacklen[8] = 9
    for (const b of [wrongTotal, wrongCount, noEnd, badBacklen, good.subarray(0, 5)]) assert.throws(() => decodeListpack(b))
  })
})
