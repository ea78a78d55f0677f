// Pins the cluster-bus header and gossip layout of Redis 7.0 (clusterMsg, clusterMsgDataGossip) by
// literal offsets, both in the constants and in the bytes the encoder writes / the decoder reads.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { decodeBusMessage, encodeBusMessage } from '../../../../src/node/cluster/bus-codec.js'
import { CLUSTERMSG_MIN_LEN, GOSSIP, GOSSIP_SIZE, HDR, MsgType, isValidNodeName, msgTypeName, setSlotBit, slotBit, type BusMessage } from '../../../../src/node/cluster/bus-types.js'
import { ID1, ID2, fixture, manifest, sampleHeader, sampleMessages } from '../../../helpers/cluster-bus.js'

/** [field, offset, size] as laid out by Redis 7.0.15's cluster.h (protocol version 1). */
const HEADER_TABLE: Array<[keyof typeof HDR, number, number]> = [
  ['sig', 0, 4], ['totlen', 4, 4], ['ver', 8, 2], ['port', 10, 2], ['type', 12, 2], ['count', 14, 2],
  ['currentEpoch', 16, 8], ['configEpoch', 24, 8], ['offset', 32, 8], ['sender', 40, 40], ['myslots', 80, 2048],
  ['slaveof', 2128, 40], ['myip', 2168, 46], ['extensions', 2214, 2], ['notused1', 2216, 30], ['pport', 2246, 2],
  ['cport', 2248, 2], ['flags', 2250, 2], ['state', 2252, 1], ['mflags', 2253, 3], ['data', 2256, 0],
]
const GOSSIP_TABLE: Array<[keyof typeof GOSSIP, number, number]> = [
  ['nodename', 0, 40], ['pingSent', 40, 4], ['pongReceived', 44, 4], ['ip', 48, 46], ['port', 94, 2],
  ['cport', 96, 2], ['flags', 98, 2], ['pport', 100, 2], ['notused1', 102, 2],
]

describe('bus header layout', () => {
  it('has the 7.0 offsets, contiguous, 2256 bytes in all', () => {
    for (const [name, off] of HEADER_TABLE) assert.equal(HDR[name], off, name)
    assert.equal(Object.keys(HDR).length, HEADER_TABLE.length)
    for (let i = 1; i < HEADER_TABLE.length; i++) assert.equal(HEADER_TABLE[i - 1][1] + HEADER_TABLE[i - 1][2], HEADER_TABLE[i][1])
    assert.equal(CLUSTERMSG_MIN_LEN, 2256)
    for (const [name, off] of GOSSIP_TABLE) assert.equal(GOSSIP[name], off, name)
    assert.equal(GOSSIP_SIZE, 104)
  })

  it('writes each header field at its literal offset', () => {
    const m: BusMessage = { type: MsgType.PING, header: sampleHeader(), gossip: [], extensions: [] }
    const b = encodeBusMessage(m)
    assert.equal(b.toString('latin1', 0, 4), 'RCmb')
    assert.deepEqual([b.readUInt32BE(4), b.readUInt16BE(8), b.readUInt16BE(10), b.readUInt16BE(12), b.readUInt16BE(14)], [2256, 1, 17990, 0, 0])
    assert.deepEqual([b.readBigUInt64BE(16), b.readBigUInt64BE(24), b.readBigUInt64BE(32)], [0x0102030405060708n, 7n, 154n])
    assert.equal(b.toString('latin1', 40, 80), ID1)
    assert.deepEqual([...b.subarray(80 + 631, 80 + 635)], [0xff, 0xdf, 0xff, 0xff]) // slot 5061 clear
    assert.deepEqual([...b.subarray(80 + 1023, 80 + 1026)], [0xff, 0, 0]) // 8191 is the last slot set
    assert.equal(b.toString('latin1', 2128, 2168), ID2)
    assert.equal(b.toString('latin1', 2168, 2214), '10.0.0.1'.padEnd(46, '\0'))
    assert.ok(b.subarray(2214, 2246).every((x) => x === 0), 'extensions count and notused1')
    assert.deepEqual([b.readUInt16BE(2246), b.readUInt16BE(2248), b.readUInt16BE(2250), b[2252]], [6380, 27990, 18, 1])
    assert.deepEqual([...b.subarray(2253, 2256)], [1, 0, 0])
  })

  it('writes each gossip field at its literal offset', () => {
    const meet = encodeBusMessage(sampleMessages()[2])
    assert.deepEqual([meet.readUInt16BE(14), meet.readUInt16BE(2214)], [2, 1])
    const g = 2256 + 104 // the second entry
    assert.equal(meet.toString('latin1', g, g + 40), ID1)
    assert.deepEqual([meet.readUInt32BE(g + 40), meet.readUInt32BE(g + 44)], [1, 1796684984])
    assert.equal(meet.toString('latin1', g + 48, g + 94), '127.0.0.1'.padEnd(46, '\0'))
    assert.deepEqual([meet.readUInt16BE(g + 94), meet.readUInt16BE(g + 96), meet.readUInt16BE(g + 98), meet.readUInt16BE(g + 100), meet.readUInt16BE(g + 102)], [17992, 27992, 5, 0, 0])
    assert.deepEqual([meet.readUInt32BE(g + 104), meet.readUInt16BE(g + 108), meet.toString('latin1', g + 112, g + 120)], [16, 0, 'x'.padEnd(8, '\0')])
  })

  it('reads each field of a real message from its literal offset', () => {
    const bytes = fixture('ping-hostname')
    const r = decodeBusMessage(bytes)
    if (r.kind !== 'message' || r.type !== MsgType.PING) return assert.fail(r.kind)
    const { header: h, gossip } = r.message as Extract<BusMessage, { gossip: unknown }>
    const { A } = manifest.nodes
    assert.deepEqual([h.port, h.cport, h.sender], [A.port, A.cport, A.id])
    assert.deepEqual([h.port, h.currentEpoch, h.configEpoch, h.offset], [bytes.readUInt16BE(10), bytes.readBigUInt64BE(16), bytes.readBigUInt64BE(24), bytes.readBigUInt64BE(32)])
    assert.deepEqual([h.sender, h.pport, h.cport, h.flags, h.state, h.mflags], [bytes.toString('latin1', 40, 80), bytes.readUInt16BE(2246), bytes.readUInt16BE(2248), bytes.readUInt16BE(2250), bytes[2252], bytes[2253]])
    assert.deepEqual(h.myslots, new Uint8Array(bytes.subarray(80, 2128)))
    assert.equal(gossip.length, bytes.readUInt16BE(14))
    assert.deepEqual([gossip[1].nodename, gossip[1].port, gossip[1].cport], [bytes.toString('latin1', 2360, 2400), bytes.readUInt16BE(2360 + 94), bytes.readUInt16BE(2360 + 96)])
    assert.equal(bytes.readUInt32BE(2256 + 208), 24) // HOSTNAME: 8 + "node-a.example\0" padded to 16
    assert.equal(bytes.toString('latin1', 2256 + 216, 2256 + 230), 'node-a.example')
  })

  it('names the types as CLUSTER INFO and the logs do, and checks node names as Redis looks them up', () => {
    assert.deepEqual(Object.values(MsgType).map(msgTypeName), ['ping', 'pong', 'meet', 'fail', 'publish', 'auth-req', 'auth-ack', 'update', 'mfstart', 'module', 'publishshard'])
    assert.equal(msgTypeName(11), 'unknown')
    assert.ok(isValidNodeName(ID1) && isValidNodeName('z'.repeat(40)))
    assert.ok(!isValidNodeName(ID1.toUpperCase()) && !isValidNodeName(ID1.slice(1)) && !isValidNodeName('\0'.repeat(40)))
  })

  it('numbers slots LSB-first within each bitmap byte', () => {
    const b = new Uint8Array(2048)
    setSlotBit(b, 5061)
    assert.deepEqual([b[632], slotBit(b, 5061), slotBit(b, 5060), slotBit(b, 5062)], [0x20, true, false, false])
    setSlotBit(b, 16383)
    assert.equal(b[2047], 0x80)
  })
})
