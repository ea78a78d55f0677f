// Cluster-bus test helpers: the fixtures captured from real Redis 7.0.15 (test/fixtures/cluster-bus)
// with their manifest, and builders for messages of every type.
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { MFLAG0, MsgType, NodeFlag, SLOTS_BITMAP_BYTES, setSlotBit, type BusHeader, type BusMessage } from '../../src/node/cluster/bus-types.js'

const DIR = fileURLToPath(new URL('../fixtures/cluster-bus/', import.meta.url))

export interface ManifestNode { id: string; port: number; cport: number }
export interface Manifest {
  nodes: Record<'A' | 'B' | 'C' | 'D', ManifestNode>
  files: Record<string, { from: string; to: string; type: string; totlen: number }>
}

export const manifest: Manifest = JSON.parse(readFileSync(`${DIR}manifest.json`, 'utf8'))

/** The bytes of one captured message. */
export function fixture(name: string): Buffer {
  return readFileSync(`${DIR}${name}.bin`)
}

export const fixtureNames = (): string[] => Object.keys(manifest.files)

/** A slots bitmap with the inclusive ranges set. */
export function slotsOf(...ranges: Array<[number, number]>): Uint8Array {
  const b = new Uint8Array(SLOTS_BITMAP_BYTES)
  for (const [lo, hi] of ranges) for (let s = lo; s <= hi; s++) setSlotBit(b, s)
  return b
}

export const ID1 = 'b5ffc592d6db9d8c60aaa9d37d4d1e07e948ced7'
export const ID2 = 'be6f86a051d611f3329ff5cb13ba7574b6100d72'

/** A header with a distinct, non-zero value in every field. */
export function sampleHeader(over: Partial<BusHeader> = {}): BusHeader {
  return {
    port: 17990, currentEpoch: 0x0102030405060708n, configEpoch: 7n, offset: 154n, sender: ID1,
    myslots: slotsOf([0, 5060], [5062, 8191]), slaveof: ID2, myip: '10.0.0.1', pport: 6380, cport: 27990,
    flags: NodeFlag.SLAVE | NodeFlag.MYSELF, state: 1, mflags: MFLAG0.PAUSED, ...over,
  }
}

/** One message of every type Redis 7.0 sends, MODULE included. */
export function sampleMessages(): BusMessage[] {
  const header = sampleHeader()
  const gossip = [{ nodename: ID2, pingSent: 1, pongReceived: 1796684984, ip: '127.0.0.1', port: 17992, cport: 27992, flags: NodeFlag.PFAIL | NodeFlag.MASTER, pport: 0 }]
  const ext = { ...header, mflags: MFLAG0.EXT_DATA }
  return [
    { type: MsgType.PING, header, gossip, extensions: [] },
    { type: MsgType.PONG, header: ext, gossip: [], extensions: [{ type: 0, hostname: 'node-a.example' }] },
    { type: MsgType.MEET, header: ext, gossip: [...gossip, { ...gossip[0], nodename: ID1 }], extensions: [{ type: 0, hostname: 'x' }] },
    { type: MsgType.FAIL, header, nodename: ID2 },
    { type: MsgType.PUBLISH, header, channel: Buffer.from('news'), message: Buffer.from([0, 255, 13, 10]) },
    { type: MsgType.FAILOVER_AUTH_REQUEST, header: { ...header, mflags: MFLAG0.FORCEACK } },
    { type: MsgType.FAILOVER_AUTH_ACK, header },
    { type: MsgType.UPDATE, header, configEpoch: 9n, nodename: ID2, slots: slotsOf([100, 200]) },
    { type: MsgType.MFSTART, header },
    { type: MsgType.MODULE, header, moduleId: 0x1122334455667788n, moduleType: 200, payload: Buffer.from('payload') },
    { type: MsgType.PUBLISHSHARD, header, channel: Buffer.from(''), message: Buffer.from('m') },
  ]
}
