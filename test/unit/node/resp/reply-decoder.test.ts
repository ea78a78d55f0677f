import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { ProtocolError } from '../../../../src/node/resp/decoder.js'
import { encodeReply } from '../../../../src/node/resp/encoder.js'
import { MAX_REPLY_DEPTH, ReplyDecoder } from '../../../../src/node/resp/reply-decoder.js'
import {
  AttributeReply, BigNumberReply, BoolReply, DoubleReply, MapReply, NULL_ARRAY, PushReply, ReplyError, SetReply,
  SimpleString, VerbatimReply, type Reply,
} from '../../../../src/node/resp/types.js'

function decodeAll(bytes: Buffer, split = bytes.length): Array<Reply | ProtocolError> {
  const d = new ReplyDecoder()
  const out: Array<Reply | ProtocolError> = []
  for (let i = 0; i < bytes.length; i += split) {
    d.push(bytes.subarray(i, i + split))
    for (let r = d.next(); r !== undefined; r = d.next()) {
      out.push(r)
      // the stream is lost after a protocol error: the decoder keeps answering it
      if (r instanceof ProtocolError) return out
    }
  }
  return out
}

const SAMPLES: Array<[string, Reply]> = [
  ['+OK\r\n', new SimpleString('OK')],
  ['-BUSYKEY Target key name already exists.\r\n', new ReplyError('BUSYKEY Target key name already exists.')],
  [':-42\r\n', -42],
  [':9223372036854775807\r\n', 9223372036854775807n],
  ['$5\r\nhe\r\no\r\n', 'he\r\no'],
  ['$0\r\n\r\n', ''],
  ['$-1\r\n', null],
  ['*-1\r\n', NULL_ARRAY],
  ['*3\r\n$1\r\na\r\n:1\r\n*1\r\n+x\r\n', ['a', 1, [new SimpleString('x')]]],
  ['_\r\n', null],
  [',1.5\r\n', new DoubleReply(1.5)],
  [',inf\r\n', new DoubleReply(Infinity)],
  ['#t\r\n', new BoolReply(true)],
  ['(12345678901234567890123\r\n', new BigNumberReply('12345678901234567890123')],
  ['%1\r\n+k\r\n:2\r\n', new MapReply([new SimpleString('k'), 2])],
  ['~2\r\n:1\r\n:2\r\n', new SetReply([1, 2])],
  ['>2\r\n+message\r\n$1\r\nx\r\n', new PushReply([new SimpleString('message'), 'x'])],
  ['=8\r\ntxt:abcd\r\n', new VerbatimReply('abcd', 'txt')],
  ['!3\r\nERR\r\n', new ReplyError('ERR')],
  ['|1\r\n+a\r\n+b\r\n:7\r\n', new AttributeReply([new SimpleString('a'), new SimpleString('b')], 7)],
]

describe('ReplyDecoder', () => {
  it('decodes every RESP2 and RESP3 reply type, split at every byte', () => {
    for (const [wire, want] of SAMPLES) {
      const bytes = Buffer.from(wire, 'latin1')
      for (let split = 1; split <= bytes.length; split++) {
        assert.deepEqual(decodeAll(bytes, split), [want], `${JSON.stringify(wire)} split ${split}`)
      }
    }
  })

  it('returns pipelined replies in order from one chunk', () => {
    const wire = SAMPLES.map(([w]) => w).join('')
    assert.deepEqual(decodeAll(Buffer.from(wire, 'latin1')), SAMPLES.map(([, r]) => r))
  })

  it('round-trips what the encoder writes, binary bulks included', () => {
    const bin = Buffer.from([0, 255, 13, 10, 128]).toString('latin1')
    const reply: Reply = [bin, 3, [null, new SimpleString('s')], new ReplyError('ERR x')]
    assert.deepEqual(decodeAll(encodeReply(reply, 2), 1), [reply])
  })

  it('assembles a big bulk arriving in many reads without re-parsing each time', () => {
    const big = 'x'.repeat(1_000_000)
    const d = new ReplyDecoder()
    const bytes = Buffer.from(`$${big.length}\r\n${big}\r\n`, 'latin1')
    let got: Reply | ProtocolError | undefined
    for (let i = 0; i < bytes.length; i += 1000) {
      d.push(bytes.subarray(i, i + 1000))
      got = d.next() ?? got
    }
    assert.equal(got, big)
    assert.equal(d.pendingBytes, 0)
  })

  it('refuses nesting beyond the depth limit instead of overflowing the stack', () => {
    const wire = '*1\r\n'.repeat(MAX_REPLY_DEPTH + 2) + ':1\r\n'
    const [r] = decodeAll(Buffer.from(wire))
    assert.ok(r instanceof ProtocolError)
  })

  it('refuses bytes that are not a reply', () => {
    for (const wire of ['?x\r\n', ':12a\r\n', '$-2\r\n', '+OK\n', '#x\r\n']) {
      const [r] = decodeAll(Buffer.from(wire))
      assert.ok(r instanceof ProtocolError, wire)
    }
  })
})
