// PUBLISH across a cluster mixing rcl-node and redis-server 7.0 nodes: a message published on either
// kind reaches the subscribers of every node, since both send it over the bus the same way. Needs
// redis-server on PATH.
import { strict as assert } from 'node:assert'
import { after, describe, it } from 'node:test'
import { assignSlots, closeClusterClients, joinAll, startClusterNode, subscriber } from '../helpers/cluster-spawn.js'
import { stopAll } from '../helpers/node-process.js'
import { waitFor } from '../helpers/wait.js'

after(async () => {
  closeClusterClients()
  await stopAll()
})

describe('PUBLISH in a cluster of rcl-node and redis-server nodes', () => {
  it('reaches every subscriber whichever kind of node it was published on', async () => {
    const nodes = await Promise.all([startClusterNode(), startClusterNode(), startClusterNode([], 'redis-server')])
    await assignSlots(nodes)
    await joinAll(nodes)
    const subs = nodes.map((n) => subscriber(n.node.port))
    await Promise.all(subs.map((s) => s.redis.subscribe('mixed')))
    assert.equal(await nodes[0].redis.publish('mixed', 'from-rcl'), 1)
    assert.equal(await nodes[2].redis.publish('mixed', 'from-redis'), 1)
    await waitFor('every subscriber to get both messages', () => subs.every((s) => s.got.length === 2), 5000)
    for (const s of subs) assert.deepEqual(s.got.sort(), ['mixed=from-rcl', 'mixed=from-redis'])
  })
})
