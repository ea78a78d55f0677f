import { strict as assert } from 'node:assert'
import { describe, it } from 'node:test'
import {
  createClusterNode, flagOfToken, flagsText, isNodeName, NodeFlag, nodeHasSlot, randomNodeName,
} from '../../../../src/node/cluster/node.js'
import { bitmapRuns, ClusterState } from '../../../../src/node/cluster/state.js'

const A = 'a'.repeat(40)
const B = 'b'.repeat(40)
const C = 'c'.repeat(40)

function threeNodes(): { s: ClusterState; b: ReturnType<typeof createClusterNode>; c: ReturnType<typeof createClusterNode> } {
  const s = ClusterState.fresh(A, 0)
  Object.assign(s.myself, { ip: '127.0.0.1', port: 7000, cport: 17000 })
  const b = createClusterNode(B, NodeFlag.MASTER, 0)
  const c = createClusterNode(C, NodeFlag.MASTER, 0)
  Object.assign(b, { ip: '127.0.0.1', port: 7001, cport: 17001, configEpoch: 2, linked: true })
  Object.assign(c, { ip: '127.0.0.1', port: 7002, cport: 17002, configEpoch: 3 })
  s.addNode(b)
  s.addNode(c)
  return { s, b, c }
}

describe('cluster node flags', () => {
  it('prints flags in Redis order and noflags when none is printable', () => {
    assert.equal(flagsText(NodeFlag.NOFAILOVER | NodeFlag.SLAVE | NodeFlag.MYSELF), 'myself,slave,nofailover')
    assert.equal(flagsText(NodeFlag.MASTER | NodeFlag.PFAIL | NodeFlag.FAIL), 'master,fail?,fail')
    assert.equal(flagsText(NodeFlag.MEET | NodeFlag.MIGRATE_TO), 'noflags')
    assert.deepEqual([flagOfToken('fail?'), flagOfToken('noflags'), flagOfToken('meet')], [NodeFlag.PFAIL, 0, undefined])
  })

  it('makes random 40-hex names', () => {
    const n = randomNodeName()
    assert.ok(isNodeName(n), n)
    assert.notEqual(n, randomNodeName())
  })
})

describe('ClusterState', () => {
  it('starts fresh as a master with no slots, printed as Redis prints a new node', () => {
    const s = ClusterState.fresh(A, 5)
    assert.equal(s.nodesDescription(), `${A} :0@0 myself,master - 0 0 0 connected\n`)
  })

  it('assigns and unassigns slots, keeping the table and the bitmap in step', () => {
    const { s, b } = threeNodes()
    assert.equal(s.addSlot(b, 10), true)
    assert.equal(s.addSlot(s.myself, 10), false)
    assert.deepEqual([s.slots[10], nodeHasSlot(b, 10), b.numSlots], [b, true, 1])
    assert.equal(s.delSlot(10), true)
    assert.equal(s.delSlot(10), false)
    assert.deepEqual([s.slots[10], nodeHasSlot(b, 10), b.numSlots], [null, false, 0])
    for (let i = 0; i < 5; i++) s.addSlot(b, i)
    assert.equal(s.delNodeSlots(b), 5)
    assert.equal(b.numSlots, 0)
  })

  it('renders slot runs, single slots and open-slot markers in slot order on the myself line', () => {
    const { s, b, c } = threeNodes()
    for (let i = 0; i <= 99; i++) s.addSlot(s.myself, i)
    s.addSlot(s.myself, 300)
    for (let i = 101; i <= 200; i++) s.addSlot(b, i)
    s.setMigrating(50, b)
    s.setImporting(20, c)
    s.setMigrating(250, c)
    assert.equal(
      s.nodesDescription(),
      `${A} 127.0.0.1:7000@17000 myself,master - 0 0 0 connected 0-99 300 [20-<-${C}] [50->-${B}] [250->-${C}]\n` +
        `${B} 127.0.0.1:7001@17001 master - 0 0 2 connected 101-200\n` +
        `${C} 127.0.0.1:7002@17002 master - 0 0 3 disconnected\n`,
    )
  })

  it('prints a replica with its master and its master\'s configEpoch, a hostname after a comma', () => {
    const { s, b, c } = threeNodes()
    s.setNodeAsReplica(c, b)
    c.hostname = 'node-c.example'
    assert.deepEqual([c.master, b.replicas], [b, [c]])
    assert.equal(s.nodesDescription().split('\n')[2], `${C} 127.0.0.1:7002@17002,node-c.example slave ${B} 0 0 2 disconnected`)
  })

  it('leaves handshake nodes out when asked (nodes.conf)', () => {
    const { s, c } = threeNodes()
    c.flags = NodeFlag.HANDSHAKE
    assert.equal(s.nodesDescription().split('\n').length, 4)
    assert.equal(s.nodesDescription(NodeFlag.HANDSHAKE).split('\n').length, 3)
  })

  it('drops my slots and open slots when I become a replica', () => {
    const { s, b } = threeNodes()
    s.addSlot(s.myself, 7)
    s.setMigrating(7, b)
    s.setImporting(8, b)
    s.setNodeAsReplica(s.myself, b)
    assert.deepEqual([s.slots[7], s.myself.numSlots, s.migratingSlotsTo[7], s.importingSlotsFrom[8]], [null, 0, null, null])
    assert.equal(flagsText(s.myself.flags), 'myself,slave')
  })

  it('moves a replica between masters and promotes it with MIGRATE_TO', () => {
    const { s, b, c } = threeNodes()
    const r = createClusterNode('d'.repeat(40), NodeFlag.MASTER, 0)
    s.addNode(r)
    s.setNodeAsReplica(r, b)
    s.setNodeAsReplica(r, c)
    assert.deepEqual([b.replicas, c.replicas, r.master], [[], [r], c])
    s.setNodeAsMaster(r)
    assert.deepEqual([c.replicas, r.master], [[], null])
    assert.equal(r.flags, NodeFlag.MASTER | NodeFlag.MIGRATE_TO)
  })

  it('forgets a node with its slots, open slots and replica links', () => {
    const { s, b, c } = threeNodes()
    s.addSlot(b, 1)
    s.setMigrating(2, b)
    s.setImporting(3, b)
    s.setNodeAsReplica(c, b)
    s.delNode(b)
    assert.deepEqual([s.lookupNode(B), s.slots[1], s.migratingSlotsTo[2], s.importingSlotsFrom[3], c.master], [undefined, null, null, null, null])
    assert.throws(() => s.delNode(s.myself))
  })

  it('knows the greatest epoch', () => {
    const { s } = threeNodes()
    assert.equal(s.maxEpoch(), 3)
    s.currentEpoch = 9
    assert.equal(s.maxEpoch(), 9)
  })
})

describe('bitmapRuns', () => {
  it('gives the runs a slot-by-slot walk gives, for random and edge bitmaps', () => {
    let seed = 11
    const rnd = (): number => (seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32
    const walk = (bits: Uint8Array): Array<[number, number]> => {
      const out: Array<[number, number]> = []
      for (let s = 0; s < bits.length * 8; s++) {
        if ((bits[s >> 3] & (1 << (s & 7))) === 0) continue
        const last = out[out.length - 1]
        if (last !== undefined && last[1] === s - 1) last[1] = s
        else out.push([s, s])
      }
      return out
    }
    const cases = [new Uint8Array(2048), new Uint8Array(2048).fill(0xff)]
    for (let n = 0; n < 200; n++) {
      const b = new Uint8Array(2048)
      const density = rnd()
      for (let i = 0; i < b.length; i++) b[i] = rnd() < density ? (rnd() < 0.5 ? 0xff : Math.floor(rnd() * 256)) : 0
      cases.push(b)
    }
    for (const b of cases) assert.deepEqual(bitmapRuns(b), walk(b))
  })
})
