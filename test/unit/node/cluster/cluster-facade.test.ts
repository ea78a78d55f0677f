// The Cluster facade's commands and reports (epochs, RESET, INFO, LINKS, failure reports) and how it
// treats raw packets from a peer (bad frames, MEET from strangers, unknown extensions).
import { strict as assert } from 'node:assert'
import { describe, it } from 'node:test'
import { encodeBusMessage } from '../../../../src/node/cluster/bus-codec.js'
import { MFLAG0, MsgType, SLOTS_BITMAP_BYTES, type BusHeader } from '../../../../src/node/cluster/bus-types.js'
import { NodeFlag } from '../../../../src/node/cluster/node.js'
import { ClusterSim } from '../../../helpers/cluster-sim.js'

const STRANGER = 'abcdef0123456789abcdef0123456789abcdef01'

function header(over: Partial<BusHeader> = {}): BusHeader {
  return {
    port: 9000, currentEpoch: 0n, configEpoch: 0n, offset: 0n, sender: STRANGER, myslots: new Uint8Array(SLOTS_BITMAP_BYTES),
    slaveof: null, myip: '', pport: 0, cport: 19000, flags: NodeFlag.MASTER | NodeFlag.MYSELF, state: 1, mflags: 0, ...over,
  }
}

describe('Cluster facade', () => {
  it('prints CLUSTER INFO of a fresh node as Redis 7.0 does', async () => {
    const sim = new ClusterSim(1)
    assert.equal(sim.nodes[0].cluster.clusterInfoText(), [
      'cluster_state:fail', 'cluster_slots_assigned:0', 'cluster_slots_ok:0', 'cluster_slots_pfail:0', 'cluster_slots_fail:0',
      'cluster_known_nodes:1', 'cluster_size:1', 'cluster_current_epoch:0', 'cluster_my_epoch:0', 'cluster_stats_messages_sent:0',
      'cluster_stats_messages_received:0', 'total_cluster_links_buffer_limit_exceeded:0', '',
    ].join('\r\n'))
    sim.close()
  })

  it('a master reports ok only 2 s after its first evaluation, unless told to skip that delay', () => {
    for (const skip of [false, true]) {
      const sim = new ClusterSim(1, { skipWritableDelay: skip })
      const c = sim.nodes[0].cluster
      for (let s = 0; s < 16384; s++) c.state.addSlot(c.myself, s)
      c.changed('ADDSLOTS')
      assert.equal(c.stateOk, skip)
      sim.timers.advance(1950)
      assert.equal(c.stateOk, skip)
      sim.timers.advance(100)
      assert.equal(c.stateOk, true)
      assert.equal(sim.nodes[0].logs.filter((l) => l === 'warning Cluster state changed: ok').length, 1)
      sim.close()
    }
  })

  it('SET-CONFIG-EPOCH and BUMPEPOCH follow Redis rules and texts', async () => {
    const sim = new ClusterSim(2)
    await sim.listen()
    const c = sim.nodes[0].cluster
    assert.equal(c.setConfigEpoch(-1)?.text, 'ERR Invalid config epoch specified: -1')
    assert.equal(c.setConfigEpoch(5), null)
    assert.equal(c.state.currentEpoch, 5)
    assert.equal(c.setConfigEpoch(6)?.text, 'ERR Node config epoch is already non-zero')
    assert.deepEqual(c.bumpEpoch(), { bumped: false, epoch: 5 })
    assert.deepEqual(sim.nodes[1].cluster.bumpEpoch(), { bumped: true, epoch: 1 })
    c.meet(sim.nodes[1].ip, sim.nodes[1].port, sim.nodes[1].cport)
    assert.equal(c.setConfigEpoch(7)?.text, 'ERR The user can assign a config epoch only when the node does not know any other node.')
    sim.close()
  })

  it('RESET HARD forgets everyone, takes a new name and zeroes the epochs; SOFT keeps them', async () => {
    const sim = new ClusterSim(2)
    await sim.listen()
    const c = sim.nodes[0].cluster
    c.meet(sim.nodes[1].ip, sim.nodes[1].port, sim.nodes[1].cport)
    sim.until('joined', () => sim.allKnowAll())
    c.state.addSlot(c.myself, 1)
    c.bumpEpoch()
    c.reset(false)
    assert.equal(c.state.nodes.size, 1)
    assert.equal(c.state.slots[1], null)
    assert.equal(c.myself.name, sim.nodes[0].name)
    assert.notEqual(c.myself.configEpoch, 0)
    c.reset(true)
    assert.notEqual(c.myself.name, sim.nodes[0].name)
    assert.deepEqual([c.myself.configEpoch, c.state.currentEpoch], [0, 0])
    assert.equal(c.state.lookupNode(c.myself.name), c.myself)
    sim.close()
  })

  it('lists both links of each peer for CLUSTER LINKS', async () => {
    const sim = new ClusterSim(2)
    await sim.listen()
    sim.nodes[0].cluster.meet(sim.nodes[1].ip, sim.nodes[1].port, sim.nodes[1].cport)
    sim.until('joined', () => sim.allKnowAll() && sim.nodes[0].cluster.links().length === 2)
    const rows = sim.nodes[0].cluster.links()
    assert.deepEqual(rows.map((r) => [r.direction, r.node, r.events, r['send-buffer-used']]), [['to', sim.nodes[1].name, 'r', 0], ['from', sim.nodes[1].name, 'r', 0]])
    assert.ok(rows.every((r) => r['create-time'] >= sim.timers.now - 10_000))
    sim.close()
  })

  it('counts failure reports gossiped by masters', async () => {
    const sim = new ClusterSim(3)
    await sim.listen()
    for (const o of sim.nodes.slice(1)) sim.nodes[0].cluster.meet(o.ip, o.port, o.cport)
    sim.until('joined', () => sim.allKnowAll())
    const target = sim.view(0, 2)!
    assert.equal(sim.nodes[0].cluster.countFailureReports(target), 0)
    sim.net.down.add(sim.nodes[2].ip)
    sim.view(1, 2)!.flags |= NodeFlag.PFAIL // what node 1's failure detector would do
    sim.until('node 0 to hold node 1\'s report', () => sim.nodes[0].cluster.countFailureReports(target) === 1, 3000)
    sim.view(1, 2)!.flags &= ~NodeFlag.PFAIL
    sim.until('the report to be withdrawn', () => sim.nodes[0].cluster.countFailureReports(target) === 0, 3000)
    sim.close()
  })

  it('answers a MEET from a stranger, adds it in handshake, and drops a link sending a bad frame', async () => {
    const sim = new ClusterSim(1)
    await sim.listen()
    const n = sim.nodes[0]
    const peer = sim.net.view('10.0.0.50').connect(n.ip, n.cport)
    const got: Buffer[] = []
    let closed = false
    peer.on('data', (b) => got.push(b))
    peer.on('close', () => { closed = true })
    const ext = [{ type: 7, payload: new Uint8Array(8) }]
    peer.write(encodeBusMessage({ type: MsgType.MEET, header: header({ mflags: MFLAG0.EXT_DATA }), gossip: [], extensions: ext }))
    sim.timers.advance(10)
    assert.equal(Buffer.concat(got).readUInt16BE(12), MsgType.PONG)
    const hs = [...n.cluster.state.nodes.values()].find((x) => x !== n.cluster.myself)!
    assert.equal(hs.flags, NodeFlag.HANDSHAKE)
    assert.deepEqual([hs.ip, hs.port, hs.cport], ['10.0.0.50', 9000, 19000])
    assert.equal(n.cluster.myself.ip, n.ip)
    peer.write(Buffer.from('GET / HTTP/1.1\r\n\r\n'))
    sim.timers.advance(10)
    assert.equal(closed, true)
    assert.ok(n.logs.includes('warning Bad message length or signature received from Cluster bus.'))
    sim.close()
  })

  it('logs unknown extensions from a known node, takes its hostname from the extension, and clears it when absent', async () => {
    const sim = new ClusterSim(2, { announceHostname: 'h.example' })
    await sim.listen()
    const [n, o] = sim.nodes
    n.cluster.meet(o.ip, o.port, o.cport)
    sim.until('joined', () => sim.allKnowAll() && sim.view(0, 1)?.hostname === 'h.example')
    const view = sim.view(0, 1)!
    const peer = sim.net.view(o.ip).connect(n.ip, n.cport)
    const h = header({ sender: o.name, port: o.port, cport: o.cport, mflags: MFLAG0.EXT_DATA, myslots: view.slots })
    peer.write(encodeBusMessage({ type: MsgType.PING, header: h, gossip: [], extensions: [{ type: 1, payload: new Uint8Array(8) }] }))
    sim.timers.advance(5)
    assert.ok(n.logs.includes('warning Received unknown extension type 1'))
    assert.equal(view.hostname, '')
    sim.close()
  })
})
