// What Redis 7.0's clusterProcessPacket does with a complete frame that is not a valid message:
// another version is ignored, a wrong length for the type (or bad extension padding) drops the packet
// with its log line, an unknown type still yields the header. The link survives all of these.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { decodeBusMessage, encodeBusMessage, type DecodeOutcome } from '../../../../src/node/cluster/bus-codec.js'
import { MsgType } from '../../../../src/node/cluster/bus-types.js'
import { fixture, manifest, sampleMessages } from '../../../helpers/cluster-bus.js'

/** A copy of `b` with totlen set to its (possibly changed) length. */
function framed(b: Buffer): Buffer {
  const c = Buffer.from(b)
  c.writeUInt32BE(c.length, 4)
  return c
}
const plusOne = (b: Buffer): Buffer => framed(Buffer.concat([b, Buffer.alloc(1)]))

function droppedText(r: DecodeOutcome): string {
  if (r.kind !== 'dropped') return assert.fail(`expected dropped, got ${r.kind}`)
  assert.equal(r.log.level, 'warning')
  return r.log.text
}

describe('bus codec: invalid frames', () => {
  it('ignores a message of another protocol version', () => {
    const b = Buffer.from(fixture('fail'))
    b.writeUInt16BE(2, 8)
    assert.deepEqual(decodeBusMessage(b), { kind: 'ignored', type: MsgType.FAIL, reason: 'version' })
    b.writeUInt16BE(0, 8)
    assert.equal(decodeBusMessage(b).kind, 'ignored')
  })

  it('drops fixed-size messages one byte too long, with the 7.0 log line', () => {
    const cases: Array<[string, string, number]> = [
      ['fail', 'fail', 2296], ['auth-request', 'auth-req', 2256], ['auth-ack', 'auth-ack', 2256],
      ['mfstart', 'mfstart', 2256], ['update', 'update', 4352],
    ]
    for (const [name, word, explen] of cases) {
      const r = decodeBusMessage(plusOne(fixture(name)))
      assert.equal(droppedText(r), `Received invalid ${word} packet of length ${explen + 1} but expected length ${explen}`)
      assert.equal(r.type, fixture(name).readUInt16BE(12))
    }
  })

  it('drops a truncated FAIL body', () => {
    const fail = framed(fixture('fail').subarray(0, 2256))
    assert.equal(droppedText(decodeBusMessage(fail)), 'Received invalid fail packet of length 2256 but expected length 2296')
  })

  it('drops a ping whose count does not match its gossip section', () => {
    const b = Buffer.from(fixture('ping-gossip'))
    b.writeUInt16BE(3, 14)
    assert.equal(droppedText(decodeBusMessage(b)), 'Received invalid ping packet of length 2464 but expected length 2568')
  })

  it('drops PUBLISH / PUBLISHSHARD / MODULE whose inner lengths disagree with totlen', () => {
    const pub = Buffer.from(fixture('publish'))
    pub.writeUInt32BE(5, 2256) // channel_len "news" is 4
    assert.equal(droppedText(decodeBusMessage(pub)), 'Received invalid publish packet of length 2273 but expected length 2274')
    const shard = Buffer.from(fixture('publishshard'))
    shard.writeUInt32BE(1, 2260)
    assert.equal(droppedText(decodeBusMessage(shard)), 'Received invalid publishshard packet of length 2269 but expected length 2268')
    const mod = encodeBusMessage(sampleMessages()[9])
    mod.writeUInt32BE(8, 2264)
    assert.equal(droppedText(decodeBusMessage(mod)), `Received invalid module packet of length ${mod.length} but expected length ${mod.length + 1}`)
    const short = framed(mod.subarray(0, 2260))
    assert.equal(droppedText(decodeBusMessage(short)), 'Received invalid module packet of length 2260 but expected length 2269')
  })

  it('drops PUBLISH lengths that only match totlen modulo 2^32 (7.0 would read past the packet)', () => {
    const pub = Buffer.from(fixture('publish'))
    pub.writeUInt32BE(0xffffffff, 2256)
    pub.writeUInt32BE(2273 - 2264 + 1, 2260) // channel_len + message_len wraps to 9 in 32 bits
    assert.match(droppedText(decodeBusMessage(pub)), /^Received invalid publish packet of length 2273 but expected length /)
  })

  it('returns the header of a message of unknown type', () => {
    for (const type of [11, 200, 0xffff]) {
      const b = Buffer.from(fixture('fail'))
      b.writeUInt16BE(type, 12)
      const r = decodeBusMessage(b)
      if (r.kind !== 'unknown-type') return assert.fail(r.kind)
      assert.deepEqual([r.type, r.header.sender, r.log.text], [type, manifest.nodes.A.id, `Received unknown packet type: ${type}`])
    }
  })

  it('drops an extension whose length is not a multiple of 8', () => {
    const b = Buffer.from(fixture('ping-hostname'))
    b.writeUInt32BE(20, 2256 + 208)
    assert.equal(droppedText(decodeBusMessage(b)), 'Received a ping packet without proper padding (20 bytes)')
    b.writeUInt32BE(0x10014, 2256 + 208) // 7.0 keeps the length in 16 bits for this check and its log
    assert.equal(droppedText(decodeBusMessage(b)), 'Received a ping packet without proper padding (20 bytes)')
  })

  it('drops extensions that run past the packet', () => {
    const tooLong = Buffer.from(fixture('ping-hostname'))
    tooLong.writeUInt32BE(32, 2256 + 208)
    const text = 'Received invalid ping packet with extension data that exceeds total packet length (2488)'
    assert.equal(droppedText(decodeBusMessage(tooLong)), text)
    const missing = Buffer.from(fixture('ping-hostname'))
    missing.writeUInt16BE(2, 2214) // announces a second extension that is not there
    assert.equal(droppedText(decodeBusMessage(missing)), text)
    const wide = Buffer.from(fixture('ping-hostname'))
    wide.writeUInt32BE(0x10018, 2256 + 208) // 24 in the 16 bits 7.0 checks, 65560 when it walks on
    assert.equal(droppedText(decodeBusMessage(wide)), text)
  })

  it('counts extensions only when EXT_DATA is set, as 7.0 does', () => {
    const b = Buffer.from(fixture('ping-hostname'))
    b[2253] = 0
    assert.equal(droppedText(decodeBusMessage(b)), 'Received invalid ping packet of length 2488 but expected length 2464')
    const noExt = Buffer.from(fixture('ping-gossip'))
    noExt.writeUInt16BE(1, 2214) // a count without the flag is not looked at
    const r = decodeBusMessage(noExt)
    assert.ok(r.kind === 'message' && 'extensions' in r.message && r.message.extensions.length === 0)
  })

  it('keeps extension types 7.0 does not know as raw bytes', () => {
    const pong = encodeBusMessage({ ...sampleMessages()[1], extensions: [{ type: 0, hostname: 'h' }, { type: 2, payload: new Uint8Array(40).fill(97) }] } as never)
    const r = decodeBusMessage(pong)
    assert.ok(r.kind === 'message' && 'extensions' in r.message)
    assert.deepEqual(r.message.extensions, [{ type: 0, hostname: 'h' }, { type: 2, payload: new Uint8Array(40).fill(97) }])
  })

  it('throws on a frame the reader would never hand over', () => {
    const fail = fixture('fail')
    assert.throws(() => decodeBusMessage(fail.subarray(0, 2295)), RangeError)
    assert.throws(() => decodeBusMessage(Buffer.concat([fail, Buffer.alloc(1)])), RangeError)
    const badSig = Buffer.from(fail)
    badSig.write('RCmB', 0, 'latin1')
    assert.throws(() => decodeBusMessage(badSig), RangeError)
  })
})
