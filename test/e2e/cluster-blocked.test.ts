// Clients blocked on keys are re-checked from the cron, as Redis 7.0's clientsCronHandleTimeout does in
// cluster mode: a slot moved away answers -MOVED, an unbound slot -CLUSTERDOWN Hash slot not served, a
// failed cluster -CLUSTERDOWN The cluster is down (each reply checked against redis-server 7.0.15,
// which answers within about 100 ms). Spawned rcl-node processes, raw sockets, bounded waits.
import { strict as assert } from 'node:assert'
import { after, describe, it } from 'node:test'
import { keySlot } from '../../src/common/key-slot.js'
import { type ClusterTestNode, closeClusterClients, startCluster, startClusterNode, waitClusterOk } from '../helpers/cluster-spawn.js'
import { stopAll } from '../helpers/node-process.js'
import { cmd, RawClient } from '../helpers/resp.js'

const raws: RawClient[] = []
after(async () => {
  for (const r of raws) r.close()
  closeClusterClients()
  await stopAll()
})

/** A raw connection sending `BLPOP key 0` (waitBlocked() then sees it parked). */
async function blockedOn(port: number, key: string): Promise<RawClient> {
  const raw = new RawClient(port)
  raws.push(raw)
  await raw.connected
  raw.send(cmd('BLPOP', key, '0'))
  return raw
}

async function waitBlocked(node: ClusterTestNode, count: number): Promise<void> {
  for (let i = 0; i < 250; i++) {
    const info = await node.redis.info('clients')
    if (info.includes(`blocked_clients:${count}\r`)) return
    await new Promise((r) => setTimeout(r, 20))
  }
  throw new Error(`node ${node.node.port} never had ${count} blocked clients`)
}

describe('blocked clients re-checked in cluster mode (spawned rcl-node)', () => {
  it('a client blocked on a key whose slot moves to another node gets -MOVED', async () => {
    const nodes = await startCluster(3)
    const key = 'k'
    const slot = keySlot(key)
    const ownerNode = nodes[Math.floor(slot / Math.ceil(16384 / 3))]
    const target = nodes.find((n) => n !== ownerNode) as ClusterTestNode
    const raw = await blockedOn(ownerNode.node.port, key)
    await waitBlocked(ownerNode, 1)
    await target.redis.cluster('SETSLOT', slot, 'NODE', target.id)
    await target.redis.cluster('BUMPEPOCH')
    // as redis-cli ends a migration: the old owner is told too, rather than waiting for gossip to reach it
    await ownerNode.redis.cluster('SETSLOT', slot, 'NODE', target.id)
    await raw.waitFor(`-MOVED ${slot} 127.0.0.1:${target.node.port}\r\n`, 5000)
    await waitBlocked(ownerNode, 0)
  })

  it('an unbound slot answers CLUSTERDOWN Hash slot not served, a failed cluster CLUSTERDOWN The cluster is down', async () => {
    const one = await startClusterNode(['--cluster-require-full-coverage', 'no'])
    await one.redis.cluster('ADDSLOTSRANGE', 0, 16383)
    await waitClusterOk([one])
    const a = await blockedOn(one.node.port, 'a')
    await waitBlocked(one, 1)
    await one.redis.cluster('DELSLOTS', keySlot('a'))
    await a.waitFor('-CLUSTERDOWN Hash slot not served\r\n', 5000)

    // with full coverage required (the default), another slot going unbound fails the cluster
    const full = await startClusterNode()
    await full.redis.cluster('ADDSLOTSRANGE', 0, 16383)
    await waitClusterOk([full])
    const b = await blockedOn(full.node.port, 'a')
    await waitBlocked(full, 1)
    await full.redis.cluster('DELSLOTS', keySlot('a') === 0 ? 1 : 0)
    await b.waitFor('-CLUSTERDOWN The cluster is down\r\n', 5000)
    assert.equal(a.pending + b.pending, '')
  })
})
