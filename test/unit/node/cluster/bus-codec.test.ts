// Decoding real Redis 7.0.15 bus messages (fixtures captured by test/fixtures/cluster-bus/capture.ts),
// re-encoding them byte for byte, and encoding every message type, MODULE included.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { decodeBusMessage, encodeBusMessage } from '../../../../src/node/cluster/bus-codec.js'
import { MFLAG0, MsgType, NodeFlag, slotBit, type BusMessage, type PingMessage } from '../../../../src/node/cluster/bus-types.js'
import { fixture, fixtureNames, manifest, sampleMessages } from '../../../helpers/cluster-bus.js'

const { A, B, D } = manifest.nodes
const byId = new Map(Object.entries(manifest.nodes).map(([k, v]) => [v.id, { name: k, ...v }]))

function decodeFixture(name: string): BusMessage {
  const r = decodeBusMessage(fixture(name))
  if (r.kind !== 'message') assert.fail(`${name} decoded as ${r.kind}`)
  return r.message
}

function decodePing(name: string): PingMessage {
  const m = decodeFixture(name)
  assert.ok(m.type === MsgType.PING || m.type === MsgType.PONG || m.type === MsgType.MEET)
  return m
}

/** Checks every gossip entry against what the node it describes said about itself. */
function assertGossipMatchesManifest(m: PingMessage): void {
  for (const g of m.gossip) {
    const n = byId.get(g.nodename)
    assert.ok(n, `gossip about an unknown node ${g.nodename}`)
    assert.notEqual(g.nodename, m.header.sender)
    assert.deepEqual([g.ip, g.port, g.cport, g.pport], ['127.0.0.1', n.port, n.cport, 0])
  }
}

describe('bus codec: real 7.0.15 messages', () => {
  it('re-encodes every captured message to the same bytes', () => {
    assert.ok(fixtureNames().length >= 14)
    for (const name of fixtureNames()) {
      const bytes = fixture(name)
      assert.equal(bytes.length, manifest.files[name].totlen)
      assert.deepEqual(encodeBusMessage(decodeFixture(name)), bytes, name)
    }
  })

  it('decodes a MEET with the HOSTNAME extension', () => {
    const m = decodePing('meet-hostname')
    assert.equal(m.type, MsgType.MEET)
    const h = m.header
    assert.deepEqual([h.sender, h.port, h.cport, h.pport, h.slaveof, h.myip], [A.id, A.port, A.cport, 0, null, ''])
    assert.equal(h.flags, NodeFlag.MASTER | NodeFlag.MYSELF)
    assert.equal(h.mflags, MFLAG0.EXT_DATA)
    assert.deepEqual(m.gossip, [])
    assert.deepEqual(m.extensions, [{ type: 0, hostname: 'node-a.example' }])
    assert.ok(slotBit(h.myslots, 0) && slotBit(h.myslots, 5460) && !slotBit(h.myslots, 5461) && !slotBit(h.myslots, 16383))
  })

  it('decodes PINGs with gossip, with and without the extension', () => {
    const g = decodePing('ping-gossip')
    assert.deepEqual([g.type, g.header.sender, g.header.port, g.header.cport], [MsgType.PING, B.id, B.port, B.cport])
    assert.equal(g.gossip.length, 2)
    assert.deepEqual(g.extensions, [])
    assertGossipMatchesManifest(g)
    assert.ok(slotBit(g.header.myslots, 5461) && slotBit(g.header.myslots, 10922) && !slotBit(g.header.myslots, 5460))
    const h = decodePing('ping-hostname')
    assert.deepEqual([h.header.sender, h.gossip.length, h.extensions], [A.id, 2, [{ type: 0, hostname: 'node-a.example' }]])
    assertGossipMatchesManifest(h)
    assert.ok(h.gossip.every((e) => e.pongReceived > 1_700_000_000 && e.pongReceived < 2_000_000_000), 'pong_received in unix seconds')
  })

  it('decodes the PAUSED flag of a master in a manual failover', () => {
    const m = decodePing('ping-paused')
    assert.equal(m.header.sender, A.id)
    assert.equal(m.header.mflags, MFLAG0.PAUSED | MFLAG0.EXT_DATA)
    assert.ok(m.header.offset > 0n)
  })

  it('decodes a PONG from a replica: slaveof and its master slots', () => {
    const m = decodePing('pong-replica')
    assert.deepEqual([m.type, m.header.sender, m.header.slaveof], [MsgType.PONG, D.id, A.id])
    assert.equal(m.header.flags, NodeFlag.SLAVE | NodeFlag.MYSELF)
    assert.ok(slotBit(m.header.myslots, 0) && !slotBit(m.header.myslots, 5461))
    assertGossipMatchesManifest(m)
  })

  it('decodes gossip flags reporting a node as PFAIL', () => {
    const m = decodePing('gossip-fail')
    const aboutD = m.gossip.find((e) => e.nodename === D.id)
    assert.ok(aboutD && (aboutD.flags & NodeFlag.PFAIL) !== 0)
    assertGossipMatchesManifest(m)
  })

  it('decodes FAIL, PUBLISH and PUBLISHSHARD bodies', () => {
    const f = decodeFixture('fail')
    assert.ok(f.type === MsgType.FAIL)
    assert.deepEqual([f.header.sender, f.nodename], [A.id, D.id])
    const p = decodeFixture('publish')
    assert.ok(p.type === MsgType.PUBLISH)
    assert.deepEqual([p.header.sender, p.channel.toString(), p.message.toString()], [B.id, 'news', 'hello'])
    const s = decodeFixture('publishshard')
    assert.ok(s.type === MsgType.PUBLISHSHARD)
    assert.deepEqual([s.header.sender, s.channel.toString(), s.message.toString()], [A.id, 'bar', 'hi'])
  })

  it('decodes the failover messages', () => {
    const req = decodeFixture('auth-request-forceack')
    assert.deepEqual([req.type, req.header.sender, req.header.slaveof, req.header.mflags], [MsgType.FAILOVER_AUTH_REQUEST, D.id, A.id, MFLAG0.FORCEACK])
    const auto = decodeFixture('auth-request')
    assert.deepEqual([auto.type, auto.header.sender, auto.header.mflags, auto.header.state], [MsgType.FAILOVER_AUTH_REQUEST, A.id, 0, 1])
    assert.ok(auto.header.currentEpoch > req.header.currentEpoch)
    const ack = decodeFixture('auth-ack')
    assert.deepEqual([ack.type, ack.header.sender], [MsgType.FAILOVER_AUTH_ACK, B.id])
    const mf = decodeFixture('mfstart')
    assert.deepEqual([mf.type, mf.header.sender, mf.header.slaveof], [MsgType.MFSTART, D.id, A.id])
  })

  it('decodes UPDATE: configEpoch, node and slots', () => {
    const u = decodeFixture('update')
    assert.ok(u.type === MsgType.UPDATE)
    assert.equal(u.nodename, D.id)
    assert.equal(u.configEpoch, 4n)
    for (const s of [0, 1, 5460]) assert.ok(slotBit(u.slots, s), `slot ${s}`)
    for (const s of [5461, 10923, 16383]) assert.ok(!slotBit(u.slots, s), `slot ${s}`)
  })
})

describe('bus codec: encoding', () => {
  it('round-trips one message of every 7.0 type', () => {
    const msgs = sampleMessages()
    assert.deepEqual(msgs.map((m) => m.type).sort((a, b) => a - b), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10])
    for (const m of msgs) {
      const bytes = encodeBusMessage(m)
      const r = decodeBusMessage(bytes)
      assert.equal(r.kind, 'message', `type ${m.type}`)
      assert.deepEqual((r as { message: BusMessage }).message, m, `type ${m.type}`)
      assert.deepEqual(encodeBusMessage((r as { message: BusMessage }).message), bytes)
    }
  })

  it('lays out the bodies at their 7.0 offsets and lengths', () => {
    const [ping, pong, meet, fail, pub, req, , upd, , mod] = sampleMessages().map(encodeBusMessage)
    assert.deepEqual([ping.length, req.length, fail.length, upd.length], [2256 + 104, 2256, 2296, 4352])
    assert.equal(meet.length, 2256 + 2 * 104 + 16) // 'x' + NUL padded to 8, plus the 8-byte ext header
    assert.equal(pong.length, 2256 + 24)
    assert.deepEqual([...pong.subarray(2256, 2264)], [0, 0, 0, 24, 0, 0, 0, 0])
    assert.equal(pong.toString('latin1', 2264, 2280), 'node-a.example\0\0')
    assert.deepEqual([pub.readUInt32BE(2256), pub.readUInt32BE(2260), pub.toString('latin1', 2264)], [4, 4, 'news\x00\xff\r\n'])
    assert.equal(upd.readBigUInt64BE(2256), 9n)
    assert.ok((upd[2256 + 48 + (100 >> 3)] & (1 << (100 & 7))) !== 0)
    // module_id goes out in the sender's native order (little-endian), len big-endian, then type and payload
    assert.deepEqual([...mod.subarray(2256, 2264)], [0x88, 0x77, 0x66, 0x55, 0x44, 0x33, 0x22, 0x11])
    assert.deepEqual([mod.readUInt32BE(2264), mod[2268], mod.toString('latin1', 2269)], [7, 200, 'payload'])
    assert.equal(mod.length, 2256 + 13 + 7)
  })

  it('pads HOSTNAME to 8 bytes after its NUL (getHostnamePingExtSize)', () => {
    const base = sampleMessages()[1] as PingMessage
    for (const [name, len] of [['', 8 + 8], ['1234567', 8 + 8], ['12345678', 8 + 16], ['node-a.example', 8 + 16]] as const) {
      const b = encodeBusMessage({ ...base, extensions: [{ type: 0, hostname: name }] })
      assert.equal(b.readUInt32BE(2256), len, name)
      assert.equal(b.length, 2256 + len)
    }
  })

  it('refuses extensions without EXT_DATA, and values that do not fit their fields', () => {
    const pong = sampleMessages()[1] as PingMessage
    assert.throws(() => encodeBusMessage({ ...pong, header: { ...pong.header, mflags: 0 } }), RangeError)
    assert.throws(() => encodeBusMessage({ ...pong, header: { ...pong.header, sender: 'short' } }), RangeError)
    assert.throws(() => encodeBusMessage({ ...pong, header: { ...pong.header, myip: 'x'.repeat(46) } }), RangeError)
    assert.throws(() => encodeBusMessage({ ...pong, extensions: [{ type: 1, payload: new Uint8Array(5) }] }), RangeError)
  })
})
