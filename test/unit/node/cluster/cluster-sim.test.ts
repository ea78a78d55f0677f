// Cluster instances in one process over a fake network with fake time: joining by MEET and gossip,
// slot propagation, epoch collisions, UPDATE, FORGET's ban, a silent node, PUBLISH fan-out.
import { strict as assert } from 'node:assert'
import { describe, it } from 'node:test'
import { type ClusterNode, NodeFlag } from '../../../../src/node/cluster/node.js'
import { ClusterSim } from '../../../helpers/cluster-sim.js'

/** Node 0 meets every other node, then the rest is gossip. */
async function joined(n: number, opts = {}): Promise<{ sim: ClusterSim; ms: number }> {
  const sim = new ClusterSim(n, opts)
  await sim.listen()
  for (const o of sim.nodes.slice(1)) assert.equal(sim.nodes[0].cluster.meet(o.ip, o.port, o.cport), true)
  const ms = sim.until('all nodes to know each other', () => sim.allKnowAll())
  return { sim, ms }
}

/** Gives each of the first `masters` nodes an equal share of the slots. */
function assignSlots(sim: ClusterSim, masters: number): void {
  const per = Math.ceil(16384 / masters)
  for (let m = 0; m < masters; m++) {
    const c = sim.nodes[m].cluster
    for (let s = m * per; s < Math.min(16384, (m + 1) * per); s++) c.state.addSlot(c.myself, s)
    c.changed('ADDSLOTS')
  }
}

describe('cluster bus over a fake network', () => {
  it('MEET with one node makes six nodes know each other by their real names', async () => {
    const { sim, ms } = await joined(6)
    console.log(`# 6 nodes converged in ${ms} simulated ms`)
    sim.until('every node to have a pong from every other', () => sim.nodes.every((_, i) => sim.nodes.every((_, j) => i === j || (sim.view(i, j)?.pongReceived ?? 0) > 0)), 3000)
    for (let i = 0; i < 6; i++) {
      for (let j = 0; j < 6; j++) {
        const v = sim.view(i, j) as ClusterNode
        assert.equal(v.ip, sim.nodes[j].ip)
        assert.equal(v.port, sim.nodes[j].port)
        assert.equal(v.cport, sim.nodes[j].cport)
      }
    }
    // each node learnt its own IP from the MEET/PING it received
    for (const n of sim.nodes) assert.equal(n.cluster.myself.ip, n.ip)
    assert.match(sim.nodes[1].cluster.clusterInfoText(), /cluster_stats_messages_meet_received:1\r\n/)
    sim.close()
  })

  it('spreads slots, resolves configEpoch collisions and turns the state ok', async () => {
    const { sim } = await joined(4)
    assignSlots(sim, 3)
    sim.until('slot tables to agree and the state to be ok', () => sim.slotsAgree() && sim.nodes.every((n) => n.cluster.stateOk))
    const epochs = sim.nodes.slice(0, 3).map((n) => n.cluster.myself.configEpoch)
    assert.equal(new Set(epochs).size, 3, `master epochs must differ: ${epochs}`)
    assert.equal(sim.nodes[3].cluster.state.slots[0]?.name, sim.nodes[0].name)
    assert.match(sim.nodes[3].cluster.clusterInfoText(), /cluster_state:ok\r\ncluster_slots_assigned:16384\r\n.*cluster_size:3\r\n/s)
    sim.close()
  })

  it('is fail while a slot is unassigned or its owner is marked FAIL, unless full coverage is not required', async () => {
    const { sim } = await joined(4)
    assignSlots(sim, 3)
    sim.until('the state to be ok', () => sim.slotsAgree() && sim.nodes.every((n) => n.cluster.stateOk))
    const replica = sim.nodes[3].cluster
    const owner = replica.state.slots[16383] as ClusterNode
    owner.flags |= NodeFlag.FAIL
    replica.changed('test: owner failed')
    assert.equal(replica.stateOk, false, 'the last slot\'s owner is FAIL')
    owner.flags &= ~NodeFlag.FAIL
    replica.changed('test: owner back')
    assert.equal(replica.stateOk, true)
    replica.state.delSlot(5000)
    replica.changed('test: slot unassigned')
    assert.equal(replica.stateOk, false, 'slot 5000 has no owner')
    replica.reconfigure({ requireFullCoverage: false })
    assert.equal(replica.stateOk, true, 'cluster-require-full-coverage no: a majority of masters is enough')
    sim.close()
  })

  it('a higher configEpoch wins a slot, a stale node gets an UPDATE, and a master that lost all its slots follows the winner', async () => {
    const { sim } = await joined(3)
    assignSlots(sim, 3)
    sim.until('slots to agree', () => sim.slotsAgree() && new Set(sim.nodes.map((n) => n.cluster.myself.configEpoch)).size === 3)
    // c: the lowest epoch (the loser); b: the middle one, so BUMPEPOCH gives it a new, highest epoch
    const [c, b, a] = [...sim.nodes].sort((x, y) => x.cluster.myself.configEpoch - y.cluster.myself.configEpoch)
    sim.net.down.add(c.ip)
    // b and c never hear each other again: c can only learn of b's claim through a's UPDATE
    sim.net.cuts.add(`${b.ip}|${c.ip}`)
    // b takes every slot of c with a bumped epoch while c cannot hear it
    const bs = b.cluster.state
    for (let s = 0; s < 16384; s++) if (bs.slots[s]?.name === c.name) { bs.delSlot(s); bs.addSlot(bs.myself, s) }
    assert.equal(b.cluster.bumpEpoch().bumped, true)
    b.cluster.changed('SETSLOT', true)
    sim.until('a to learn b took c\'s slots', () => a.cluster.state.lookupNode(c.name)?.numSlots === 0)
    sim.net.down.delete(c.ip)
    sim.until('c to become a replica of b', () => c.cluster.myself.master?.name === b.name)
    assert.deepEqual(c.masterChanges, [b.name])
    assert.ok((c.cluster.state.myself.flags & NodeFlag.SLAVE) !== 0)
    sim.until('a to see c as b\'s replica', () => a.cluster.state.lookupNode(c.name)?.master?.name === b.name && sim.slotsAgree())
    assert.match(c.cluster.clusterInfoText(), /cluster_stats_messages_update_received:[1-9]/)
    sim.close()
  })

  it('FORGET drops a node and ignores gossip about it for 60 s', async () => {
    const { sim } = await joined(4)
    const gone = sim.nodes[3].name
    assert.equal(sim.nodes[0].cluster.forget(gone), null)
    assert.equal(sim.nodes[0].cluster.state.lookupNode(gone), undefined)
    sim.timers.advance(30_000)
    assert.equal(sim.nodes[0].cluster.state.lookupNode(gone), undefined, 'gossip must not bring it back within the ban')
    sim.until('the node to be learnt again after the ban', () => sim.nodes[0].cluster.state.lookupNode(gone) !== undefined, 40_000)
    assert.equal(sim.nodes[0].cluster.forget('x'.repeat(40))?.text, `ERR Unknown node ${'x'.repeat(40)}`)
    assert.equal(sim.nodes[0].cluster.forget(sim.nodes[0].name)?.text, "ERR I tried hard but I can't forget myself...")
    sim.close()
  })

  it('a silent node shows disconnected and is reconnected when it answers again', async () => {
    const { sim } = await joined(3)
    sim.net.down.add(sim.nodes[2].ip)
    // look between cron ticks: a reconnect attempt counts as a link until it fails 1 ms later, as in Redis
    sim.timers.advance(50)
    const ms = sim.until('node 2 to be disconnected', () => sim.view(0, 2)?.linked === false && sim.view(1, 2)?.linked === false)
    assert.ok(ms >= 1000, `link dropped after ${ms} ms, before node_timeout/2`)
    assert.match(sim.nodes[0].cluster.state.nodesDescription(), new RegExp(`^${sim.nodes[2].name} .* disconnected`, 'm'))
    sim.net.down.delete(sim.nodes[2].ip)
    sim.until('node 2 to be connected again', () => sim.allKnowAll() && sim.view(0, 2)?.pingSent === 0, 5000)
    sim.close()
  })

  it('PUBLISH reaches every node, PUBLISHSHARD only my shard', async () => {
    const { sim } = await joined(4)
    const [m, , , r] = sim.nodes
    r.cluster.replicate(r.cluster.state.lookupNode(m.name) as ClusterNode)
    sim.until('the replica to be known as one', () => sim.nodes.every((n) => n.cluster.state.lookupNode(r.name)?.master?.name === m.name))
    m.cluster.publish(Buffer.from('news'), Buffer.from('hello'), false)
    m.cluster.publish(Buffer.from('shard'), Buffer.from('hi'), true)
    sim.timers.advance(10)
    for (const n of sim.nodes.slice(1)) assert.deepEqual(n.published[0], { channel: 'news', message: 'hello', shard: false })
    assert.deepEqual(r.published[1], { channel: 'shard', message: 'hi', shard: true })
    assert.equal(sim.nodes[1].published.length, 1)
    assert.equal(m.published.length, 0)
    sim.close()
  })

  it('announces its hostname and forgets a handshake nobody answers', async () => {
    const { sim } = await joined(2, { announceHostname: 'node.example' })
    assert.equal(sim.view(0, 1)?.hostname, 'node.example')
    assert.equal(sim.nodes[0].cluster.meet('10.9.9.9', 7000), true)
    assert.equal(sim.nodes[0].cluster.state.nodes.size, 3)
    sim.timers.advance(2100)
    assert.equal(sim.nodes[0].cluster.state.nodes.size, 2, 'handshake must expire after node_timeout')
    assert.equal(sim.nodes[0].cluster.meet('not-an-ip', 7000), false)
    assert.equal(sim.nodes[0].cluster.meet('10.0.0.1', 70000), false)
    sim.close()
  })

  it('frees a link whose send buffer passes cluster-link-sendbuf-limit', async () => {
    const { sim } = await joined(2, { sendbufLimit: 1000 })
    sim.net.stalled.add(sim.nodes[1].ip)
    sim.until('the limit to be hit', () => /total_cluster_links_buffer_limit_exceeded:[1-9]/.test(sim.nodes[0].cluster.clusterInfoText()), 10_000)
    sim.net.stalled.delete(sim.nodes[1].ip)
    sim.close()
  })
})
