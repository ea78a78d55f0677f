// Pub/sub across spawned rcl-node cluster nodes: PUBLISH reaches subscribers on every node, SPUBLISH
// the nodes of the channel's shard only, PUBSUB SHARDCHANNELS/SHARDNUMSUB stay local, and subscribers
// of a shard channel whose slot leaves the node get a `sunsubscribe` push (as Redis 7.0).
import { strict as assert } from 'node:assert'
import { after, before, describe, it } from 'node:test'
import { keySlot } from '../../src/common/key-slot.js'
import { type ClusterTestNode, closeClusterClients, startCluster, startClusterNode, subscriber } from '../helpers/cluster-spawn.js'
import { stopAll } from '../helpers/node-process.js'
import { cmd, exchange, RawClient } from '../helpers/resp.js'
import { waitFor } from '../helpers/wait.js'

let nodes: ClusterTestNode[] = []
const raws: RawClient[] = []
before(async () => { nodes = await startCluster(3) })
after(async () => {
  for (const r of raws) r.close()
  closeClusterClients()
  await stopAll()
})

/** The node serving `slot` (slots split evenly in order over the three). */
function ownerOf(slot: number): ClusterTestNode {
  return nodes[Math.floor(slot / Math.ceil(16384 / nodes.length))]
}

describe('cluster pub/sub on spawned rcl-node', () => {
  it('PUBLISH on one node reaches the subscribers of every node', async () => {
    const subs = nodes.map((n) => subscriber(n.node.port))
    await Promise.all(subs.map((s) => s.redis.subscribe('news')))
    // the reply counts only local receivers
    assert.equal(await nodes[1].redis.publish('news', 'hello'), 1)
    await waitFor('every subscriber to get the message', () => subs.every((s) => s.got.includes('news=hello')))
    for (const s of subs) assert.deepEqual(s.got, ['news=hello'])
  })

  it('SPUBLISH goes to the shard only, and PUBSUB SHARDCHANNELS/SHARDNUMSUB stay local', async () => {
    const channel = 'orders'
    const owner = ownerOf(keySlot(channel))
    const others = nodes.filter((n) => n !== owner)
    const here = subscriber(owner.node.port)
    await here.redis.ssubscribe(channel)
    // a subscriber elsewhere is refused with MOVED, as the slot lives on the owner
    const moved = await exchange(others[0].node.port, [cmd('SSUBSCRIBE', channel)], { until: (d) => d.endsWith('\r\n') })
    assert.equal(moved.data, `-MOVED ${keySlot(channel)} 127.0.0.1:${owner.node.port}\r\n`)
    assert.equal(await owner.redis.spublish(channel, 'one'), 1)
    await waitFor('the shard subscriber to get the message', () => here.got.includes(`s:${channel}=one`))
    assert.deepEqual(await owner.redis.pubsub('SHARDCHANNELS'), [channel])
    assert.deepEqual(await owner.redis.pubsub('SHARDNUMSUB', channel), [channel, 1])
    for (const n of others) {
      assert.deepEqual(await n.redis.pubsub('SHARDCHANNELS'), [])
      assert.deepEqual(await n.redis.pubsub('SHARDNUMSUB', channel), [channel, 0])
    }
  })

  it('SPUBLISH reaches the replicas of the shard over the bus, and no other node', async () => {
    const channel = 'replicated'
    const owner = ownerOf(keySlot(channel))
    const replica = await startClusterNode()
    await replica.redis.cluster('MEET', '127.0.0.1', owner.node.port, owner.cport)
    await waitFor('the replica to know the owner', async () => (await replica.redis.cluster('NODES') as string).includes(owner.id), 10_000)
    await replica.redis.cluster('REPLICATE', owner.id)
    await waitFor('the owner to list its replica', async () => (await owner.redis.cluster('REPLICAS', owner.id) as string[]).length === 1, 10_000)
    // a replica serves the shard channels of its master's slots
    const onReplica = subscriber(replica.node.port)
    await onReplica.redis.ssubscribe(channel)
    const elsewhere = nodes.filter((n) => n !== owner).map((n) => subscriber(n.node.port))
    await Promise.all(elsewhere.map((s) => s.redis.subscribe(channel)))
    assert.equal(await owner.redis.spublish(channel, 'two'), 0)
    await waitFor('the replica subscriber to get the shard message', () => onReplica.got.includes(`s:${channel}=two`))
    // a plain PUBLISH of the same name afterwards reaches the others, so nothing of the SPUBLISH went there
    await owner.redis.publish(channel, 'plain')
    await waitFor('the other nodes to get the plain message', () => elsewhere.every((s) => s.got.length === 1))
    for (const s of elsewhere) assert.deepEqual(s.got, [`${channel}=plain`])
  })

  it('a shard channel subscriber gets sunsubscribe when its slot moves to another node', async () => {
    const channel = 'moving{x}'
    const slot = keySlot(channel)
    const owner = ownerOf(slot)
    const target = nodes.find((n) => n !== owner) as ClusterTestNode
    const raw = new RawClient(owner.node.port)
    raws.push(raw)
    await raw.connected
    raw.send(cmd('SSUBSCRIBE', channel, 'other{x}'))
    await raw.waitFor(`*3\r\n$10\r\nssubscribe\r\n$9\r\n${channel}\r\n:1\r\n*3\r\n$10\r\nssubscribe\r\n$8\r\nother{x}\r\n:2\r\n`)
    // move the slot as redis-cli ends a migration: the target takes it with a bumped epoch and the old
    // owner is told too (gossip alone may take longer than the wait on a loaded machine)
    await target.redis.cluster('SETSLOT', slot, 'NODE', target.id)
    await target.redis.cluster('BUMPEPOCH')
    await owner.redis.cluster('SETSLOT', slot, 'NODE', target.id)
    await waitFor('the old owner to drop the shard channels of the moved slot', async () =>
      (await owner.redis.pubsub('SHARDCHANNELS') as string[]).length === 0, 10_000)
    assert.deepEqual(await owner.redis.pubsub('SHARDNUMSUB', channel), [channel, 0])
    // one push per channel, counting the shard channels left
    await raw.waitFor(`*3\r\n$12\r\nsunsubscribe\r\n$9\r\n${channel}\r\n:1\r\n*3\r\n$12\r\nsunsubscribe\r\n$8\r\nother{x}\r\n:0\r\n`)
    assert.equal(raw.pending, '')
  })
})
