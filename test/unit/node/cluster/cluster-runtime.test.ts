// The bus runtime's test hooks and run-time settings over the fake network: how fast nodes that met
// learn each other's slots and turn ok, DEBUG DROP-CLUSTER-PACKET-FILTER, DEBUG CLUSTERLINK KILL,
// and CONFIG SET of cluster-* directives reaching a running node.
import { strict as assert } from 'node:assert'
import { describe, it } from 'node:test'
import { MsgType } from '../../../../src/node/cluster/bus-types.js'
import { ClusterSim } from '../../../helpers/cluster-sim.js'

/** Node i serves its share of the slots of `n` masters. */
function ownShare(sim: ClusterSim, i: number, n: number): void {
  const c = sim.nodes[i].cluster
  const per = Math.ceil(16384 / n)
  for (let s = i * per; s < Math.min(16384, (i + 1) * per); s++) c.state.addSlot(c.myself, s)
  c.changed('ADDSLOTS')
}

async function joined(n: number, opts = {}): Promise<ClusterSim> {
  const sim = new ClusterSim(n, opts)
  await sim.listen()
  for (const o of sim.nodes.slice(1)) sim.nodes[0].cluster.meet(o.ip, o.port, o.cport)
  sim.until('all to know all', () => sim.allKnowAll() && sim.nodes.every((_, i) => sim.nodes.every((_, j) => i === j || sim.view(i, j)?.pingSent === 0)))
  return sim
}

const pongsReceived = (sim: ClusterSim, i: number): number => Number(/cluster_stats_messages_pong_received:(\d+)/.exec(sim.nodes[i].cluster.clusterInfoText())?.[1] ?? 0)

describe('cluster runtime', () => {
  it('masters that evaluated their state while empty, then took slots and met, are ok within one round of handshakes', async () => {
    const sim = new ClusterSim(3)
    await sim.listen()
    // a second of crons with no slots: Redis would count these nodes as "in the minority"
    sim.timers.advance(1000)
    for (let i = 0; i < 3; i++) ownShare(sim, i, 3)
    for (const [a, b] of [[0, 1], [0, 2], [1, 2]]) sim.nodes[a].cluster.meet(sim.nodes[b].ip, sim.nodes[b].port, sim.nodes[b].cport)
    const ms = sim.until('every node to be ok', () => sim.nodes.every((n) => n.cluster.stateOk), 10_000)
    // no rejoin delay (min(node timeout, 5 s) = 2 s here), and no waiting for a second packet after the handshake
    assert.ok(ms <= 500, `ok after ${ms} simulated ms`)
    assert.ok(sim.slotsAgree())
    sim.close()
  })

  it('DROP-CLUSTER-PACKET-FILTER drops received packets of one type (counted, logged) until -1', async () => {
    const sim = await joined(2)
    const [a] = sim.nodes
    const counted = pongsReceived(sim, 0)
    a.cluster.dropPacketFilter = MsgType.PONG
    sim.until('a ping left without its pong', () => (sim.view(0, 1)?.pingSent ?? 0) !== 0 && pongsReceived(sim, 0) > counted, 5000)
    sim.timers.advance(3000)
    assert.notEqual(sim.view(0, 1)?.pingSent, 0, 'the pong must not have been taken')
    assert.ok(a.logs.includes('warning Dropping packet that matches debug drop filter'))
    a.cluster.dropPacketFilter = -1
    assert.equal(a.cluster.killLinks(sim.nodes[1].name, 'to'), null)
    sim.until('the pong of the new link\'s ping', () => sim.view(0, 1)?.pingSent === 0, 1000)
    sim.close()
  })

  it('CLUSTERLINK KILL frees the chosen links, which the crons of both ends open again', async () => {
    const sim = await joined(2)
    const [a, b] = sim.nodes
    const links = (): string[] => a.cluster.links().map((l) => `${l.direction}@${l['create-time']}`).sort()
    const before = links()
    sim.timers.advance(1)
    assert.equal(a.cluster.killLinks(b.name, 'TO'), null)
    assert.deepEqual(a.cluster.links().map((l) => l.direction), ['from'])
    sim.until('a new outbound link', () => a.cluster.links().length === 2, 1000)
    assert.equal(a.cluster.killLinks(b.name, 'from'), null)
    assert.deepEqual(a.cluster.links().map((l) => l.direction), ['to'])
    sim.until('b to connect again', () => a.cluster.links().length === 2, 5000)
    assert.equal(a.cluster.killLinks(b.name, 'all'), null)
    assert.equal(a.cluster.links().length, 0)
    assert.equal(a.cluster.killLinks(b.name, 'all'), null, 'no link is nothing to kill')
    sim.until('both links anew', () => a.cluster.links().length === 2, 5000)
    assert.equal(links().filter((l) => before.includes(l)).length, 0)
    assert.equal(a.cluster.killLinks('x'.repeat(40), 'to')?.text, `ERR Unknown node ${'x'.repeat(40)}`)
    assert.equal(a.cluster.killLinks(b.name, 'up')?.text, 'ERR Unknown direction up')
    assert.equal(a.cluster.killLinks(a.name, 'to')?.text, 'ERR Cannot free cluster link(s) to myself')
    sim.close()
  })

  it('reconfigure: announced port, ip and hostname reach the peer; the send-buffer limit and endpoint type apply at once', async () => {
    const sim = await joined(2)
    const [a, b] = sim.nodes
    a.cluster.reconfigure({ announcePort: 1234, announceHostname: 'a.test' })
    assert.equal(a.cluster.myself.port, 1234)
    sim.until('b to see a\'s new port and hostname', () => sim.view(1, 0)?.port === 1234 && sim.view(1, 0)?.hostname === 'a.test', 5000)
    a.cluster.reconfigure({ announcePort: 0, announceIp: '' })
    assert.equal(a.cluster.myself.port, a.port)
    assert.equal(a.cluster.myself.ip, '', 'an emptied announce-ip is learnt again')
    sim.until('a to learn its ip and b its port again', () => a.cluster.myself.ip === a.ip && sim.view(1, 0)?.port === a.port, 5000)
    assert.equal(b.cluster.endpointOf(sim.view(1, 0)!), a.ip)
    b.cluster.reconfigure({ preferredEndpointType: 'hostname' })
    assert.equal(b.cluster.endpointOf(sim.view(1, 0)!), 'a.test')
    b.cluster.reconfigure({ preferredEndpointType: 'unknown-endpoint' })
    assert.equal(b.cluster.endpointOf(sim.view(1, 0)!), '')
    sim.net.stalled.add(b.ip)
    sim.timers.advance(3000)
    assert.match(a.cluster.clusterInfoText(), /total_cluster_links_buffer_limit_exceeded:0\r\n/, 'no limit configured yet')
    a.cluster.reconfigure({ sendbufLimit: 1000 })
    sim.until('the limit to be hit', () => /total_cluster_links_buffer_limit_exceeded:[1-9]/.test(a.cluster.clusterInfoText()), 10_000)
    sim.net.stalled.delete(b.ip)
    sim.close()
  })
})
