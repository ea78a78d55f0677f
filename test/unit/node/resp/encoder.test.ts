import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { ReplyWriter, encodeCommand, encodeReply } from '../../../../src/node/resp/encoder.js'
import { RawReply, SimpleString } from '../../../../src/node/resp/types.js'

const latin1 = (b: Buffer): string => b.toString('latin1')

describe('ReplyWriter', () => {
  it('encodes bulk strings of every length class exactly (short ones are copied in JavaScript)', () => {
    for (const len of [0, 1, 9, 10, 31, 32, 33, 99, 100, 101, 999, 1000, 70000]) {
      const s = Array.from({ length: len }, (_, i) => String.fromCharCode((i * 37) & 0xff)).join('')
      assert.equal(latin1(encodeReply(s)), `$${len}\r\n${s}\r\n`, `length ${len}`)
    }
  })

  it('writes only the low byte of characters above 0xff, as a latin1 write does', () => {
    const s = 'a\u0141b'
    assert.deepEqual([...encodeReply(s)], [...Buffer.from('$3\r\n'), 0x61, 0x41, 0x62, 0x0d, 0x0a])
    const long = 'x'.repeat(40) + '\u0141'
    assert.equal(encodeReply(long).at(-3), 0x41)
  })

  it('encodes status lines, raw bytes and integers across the small-copy threshold', () => {
    assert.equal(latin1(encodeReply(new SimpleString('OK'))), '+OK\r\n')
    assert.equal(latin1(encodeReply(new SimpleString('y'.repeat(50)))), `+${'y'.repeat(50)}\r\n`)
    const big = Buffer.from('z'.repeat(100))
    assert.equal(latin1(encodeReply(new RawReply(big))), 'z'.repeat(100))
    assert.equal(latin1(encodeReply(new RawReply(Buffer.from('+PONG\r\n')))), '+PONG\r\n')
    for (const n of [0, 127, 128, -1, 2 ** 53]) assert.equal(latin1(encodeReply(n)), `:${n}\r\n`)
  })

  it('keeps earlier replies intact when a later one grows the buffer', () => {
    const w = new ReplyWriter()
    const parts = ['a', 'b'.repeat(20_000), 'c', 'd'.repeat(40_000)]
    for (const p of parts) w.write(p, 2)
    assert.equal(latin1(w.take()), parts.map((p) => `$${p.length}\r\n${p}\r\n`).join(''))
  })

  it('encodes a command as a multibulk request', () => {
    assert.equal(encodeCommand(['SET', 'k', 'v'.repeat(12)]), `*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$12\r\n${'v'.repeat(12)}\r\n`)
  })
})
