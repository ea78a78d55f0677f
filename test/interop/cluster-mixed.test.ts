// Mixed clusters joined with redis-cli --cluster create: redis-server 7.0 masters with rcl-node
// replicas, and rcl-node masters with redis-server replicas. Both converge (cluster_state:ok on every
// node, every replica's master_link_status:up), and redis-cli --cluster reshard moves slots with their
// keys from a redis-server master to an rcl-node master and back, losing no key.
import { strict as assert } from 'node:assert'
import { after, describe, it } from 'node:test'
import { Cluster } from 'ioredis'
import { keySlot } from '../../src/common/key-slot.js'
import { clusterInfo, redisCli, startClusterNodes, stopClusterNodes, waitCheckOk, waitClusterOk, waitKnown, writeKeys, type ClusterNode, type Kind } from '../helpers/cluster-nodes.js'
import { waitFor } from '../helpers/wait.js'

after(stopClusterNodes)

const KEYS = Array.from({ length: 3000 }, (_, i) => `mixed:${i}`)

/** Starts 3 masters of `masters` and 3 replicas of the other kind, joined by redis-cli --cluster create. */
async function mixed(masters: Kind): Promise<ClusterNode[]> {
  const other: Kind = masters === 'rcl' ? 'redis' : 'rcl'
  const nodes = await startClusterNodes([masters, masters, masters, other, other, other])
  const r = await redisCli(['--cluster', 'create', ...nodes.map((n) => n.addr), '--cluster-replicas', '1', '--cluster-yes'])
  assert.equal(r.status, 0, r.out)
  return nodes
}

async function role(n: ClusterNode): Promise<{ role: string; link: string | undefined }> {
  const info = String(await n.redis.call('INFO', 'replication'))
  return { role: /role:(\w+)/.exec(info)?.[1] ?? '', link: /master_link_status:(\w+)/.exec(info)?.[1] }
}

async function converged(nodes: ClusterNode[], masters: Kind): Promise<void> {
  await waitClusterOk(nodes)
  await waitFor('every replica linked to its master', async () => {
    for (const n of nodes.slice(3)) if ((await role(n)).link !== 'up') return false
    return true
  }, 30_000, 50)
  for (const [i, n] of nodes.entries()) {
    assert.equal((await clusterInfo(n)).get('cluster_state'), 'ok', n.addr)
    assert.equal((await role(n)).role, i < 3 ? 'master' : 'slave', `${n.kind} ${n.addr}`)
    assert.equal(n.kind === masters, i < 3)
  }
}

async function totalKeys(masters: ClusterNode[]): Promise<number> {
  let n = 0
  for (const m of masters) n += Number(await m.redis.call('DBSIZE'))
  return n
}

async function getAll(entry: ClusterNode): Promise<number> {
  const c = new Cluster([{ host: '127.0.0.1', port: entry.port }])
  try {
    let found = 0
    for (let i = 0; i < KEYS.length; i += 200) {
      const values = await Promise.all(KEYS.slice(i, i + 200).map((k) => c.get(k)))
      values.forEach((v, j) => { if (v === KEYS[i + j]) found++ })
    }
    return found
  } finally {
    c.disconnect()
  }
}

/** redis-cli --cluster reshard of `slots` slots from one master to another, checked afterwards. */
async function reshard(entry: ClusterNode, from: ClusterNode, to: ClusterNode, slots: number): Promise<number> {
  const r = await redisCli(['--cluster', 'reshard', entry.addr, '--cluster-from', from.id, '--cluster-to', to.id, '--cluster-slots', String(slots), '--cluster-yes'])
  assert.equal(r.status, 0, r.out)
  await waitCheckOk(entry.addr)
  return r.ms
}

describe('mixed clusters of rcl-node and redis-server', () => {
  it('redis-server masters with rcl-node replicas converge; reshard moves keys to an rcl-node master and back', async () => {
    const nodes = await mixed('redis')
    await converged(nodes, 'redis')
    await writeKeys(nodes[0], KEYS)
    // an empty rcl-node master joins (by CLUSTER MEET: see the todo below), so the reshard goes
    // between the two kinds
    const [extra] = await startClusterNodes(['rcl'])
    await extra.redis.call('CLUSTER', 'MEET', '127.0.0.1', String(nodes[0].port), String(nodes[0].cport))
    await waitKnown(nodes, extra.id)
    await waitCheckOk(nodes[0].addr)
    // a target whose cluster_state is still fail answers RESTORE-ASKING with CLUSTERDOWN (so does Redis)
    await waitClusterOk([...nodes, extra])
    const masters = [...nodes.slice(0, 3), extra]
    const inMoved = KEYS.filter((k) => keySlot(k) < 300).length
    assert.ok(inMoved > 0)
    const there = await reshard(nodes[0], nodes[0], extra, 300)
    assert.equal(Number(await extra.redis.call('DBSIZE')), inMoved)
    assert.equal(await totalKeys(masters), KEYS.length)
    const back = await reshard(nodes[0], extra, nodes[1], 300)
    assert.equal(Number(await extra.redis.call('DBSIZE')), 0)
    assert.equal(await totalKeys(masters), KEYS.length)
    assert.equal(await getAll(extra), KEYS.length)
    // the replicas (rcl-node) hold what their masters hold
    await waitFor('replicas to catch up', async () => {
      for (const r of nodes.slice(3)) {
        const masterId = String(await r.redis.call('CLUSTER', 'NODES')).split('\n').find((l) => l.includes('myself'))?.split(' ')[3]
        const m = nodes.find((n) => n.id === masterId) as ClusterNode
        if (Number(await r.redis.call('DBSIZE')) !== Number(await m.redis.call('DBSIZE'))) return false
      }
      return true
    }, 20_000, 50)
    console.log(`# reshard of 300 slots / ${inMoved} keys: redis-server -> rcl-node ${there} ms, rcl-node -> redis-server ${back} ms`)
  })

  // redis-cli add-node copies the cluster's functions to the new node, and when the cluster has them
  // (redis-server) it first asks the new node for FUNCTION LIST, which rcl-node does not know yet:
  // ">>> Failed on CLUSTER LIST (error = 'ERR unknown command 'FUNCTION'...". Passes once FUNCTION exists.
  it('redis-cli --cluster add-node adds an rcl-node to a redis-server cluster', { todo: 'rcl-node has no FUNCTION command' }, async () => {
    const [master] = await startClusterNodes(['redis'])
    await master.redis.call('CLUSTER', 'ADDSLOTSRANGE', '0', '16383')
    await waitClusterOk([master])
    const [extra] = await startClusterNodes(['rcl'])
    const add = await redisCli(['--cluster', 'add-node', extra.addr, master.addr])
    assert.equal(add.status, 0, add.out)
  })

  it('rcl-node masters with redis-server replicas converge and serve every key through a cluster client', async () => {
    const nodes = await mixed('rcl')
    await converged(nodes, 'rcl')
    await writeKeys(nodes[0], KEYS)
    assert.equal(await totalKeys(nodes.slice(0, 3)), KEYS.length)
    assert.equal(await getAll(nodes[4]), KEYS.length)
    await waitFor('redis-server replicas to hold every key', async () => {
      let n = 0
      for (const r of nodes.slice(3)) n += Number(await r.redis.call('DBSIZE'))
      return n === KEYS.length
    }, 20_000, 50)
  })
})
