// Our Cluster bus runtime (in this test process) joined with real redis-server 7.0 cluster nodes:
// MEET both ways, each side's view of the other, epochs, hostnames, PUBLISH both ways, FORGET both
// ways, and real Redis logging nothing about our packets. Needs redis-server on PATH.
import { strict as assert } from 'node:assert'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import type Redis from 'ioredis'
import { Cluster } from '../../src/node/cluster/cluster.js'
import { randomNodeName } from '../../src/node/cluster/node.js'
import { ClusterState } from '../../src/node/cluster/state.js'
import { systemClock } from '../../src/node/util/clock.js'
import { systemTimers } from '../../src/node/util/timers.js'
import { client } from '../helpers/client.js'
import { freePort } from '../helpers/free-port.js'
import { startNode, stopAll, type TestNode } from '../helpers/node-process.js'
import { waitFor } from '../helpers/wait.js'

interface Real { node: TestNode; cport: number; redis: Redis; id: string }

const clients: Redis[] = []
let ours: Cluster | null = null
after(async () => {
  ours?.close()
  for (const c of clients) c.disconnect()
  await stopAll()
})

async function startReal(hostname: string): Promise<Real> {
  const cport = await freePort()
  const node = await startNode(['--cluster-enabled', 'yes', '--cluster-port', String(cport), '--cluster-node-timeout', '3000',
    '--cluster-announce-hostname', hostname, '--loglevel', 'verbose'], 'redis-server')
  const redis = client(node.port)
  clients.push(redis)
  return { node, cport, redis, id: await redis.cluster('MYID') as string }
}

/** The CLUSTER NODES line of node `id` as `r` prints it. */
async function lineOf(r: Real, id: string): Promise<string | undefined> {
  const text = await r.redis.cluster('NODES') as string
  return text.split('\n').find((l) => l.startsWith(id))
}

describe('cluster bus interop with redis-server 7.0', () => {
  it('joins real nodes, is seen with its slots, epoch and hostname, and exchanges PUBLISH and FORGET', async () => {
    const [a, b] = await Promise.all([startReal('real-a.test'), startReal('real-b.test')])
    const [port, cport] = [await freePort(), await freePort()]
    const published: string[] = []
    const logs: string[] = []
    const state = ClusterState.fresh(randomNodeName(), Date.now())
    const me = state.myself.name
    ours = new Cluster({
      state, port, cport, nodeTimeoutMs: 3000, announceHostname: 'rcl.test', clock: systemClock, timers: systemTimers,
      log: (level, text) => logs.push(`${level} ${text}`),
      hooks: {
        onPublish: (c, m, shard) => published.push(`${shard ? 's' : ''}${c.toString()}=${m.toString()}`),
        onMasterChanged: () => undefined, onConfigChanged: () => undefined, replOffset: () => 0n,
      },
    })
    assert.equal(await ours.listen('127.0.0.1', cport), cport)
    for (let s = 0; s <= 5460; s++) state.addSlot(state.myself, s)
    ours.changed('ADDSLOTS')
    await a.redis.cluster('ADDSLOTSRANGE', 5461, 10922)
    await b.redis.cluster('ADDSLOTSRANGE', 10923, 16383)

    const t0 = Date.now()
    assert.equal(ours.meet('127.0.0.1', a.node.port, a.cport), true)
    assert.equal(await b.redis.cluster('MEET', '127.0.0.1', port, cport), 'OK')
    await waitFor('every node to know every other and the state to be ok', async () => {
      const lines = await Promise.all([lineOf(a, me), lineOf(b, me)])
      const info = await Promise.all([a.redis.cluster('INFO'), b.redis.cluster('INFO')]) as string[]
      return lines.every((l) => l?.includes(' connected') === true) && state.nodes.size === 3 && ours!.stateOk &&
        info.every((i) => i.includes('cluster_state:ok') && i.includes('cluster_known_nodes:3'))
    }, 20_000, 50)
    console.log(`# 2 real nodes + ours converged to ok in ${Date.now() - t0} ms`)

    // the real nodes see us as we are
    const line = (await lineOf(a, me)) as string
    assert.match(line, new RegExp(`^${me} 127\\.0\\.0\\.1:${port}@${cport},rcl\\.test master - \\d+ \\d+ \\d+ connected 0-5460$`))
    // and we see them as they are
    const va = state.lookupNode(a.id)
    assert.equal(va?.hostname, 'real-a.test')
    assert.equal(va?.port, a.node.port)
    assert.equal(state.slots[5461]?.name, a.id)
    assert.equal(state.slots[16383]?.name, b.id)
    assert.equal(state.myself.ip, '127.0.0.1')
    // three masters, three distinct config epochs, the same on every side
    const epochsOf = async (r: Real): Promise<number[]> => (await r.redis.cluster('NODES') as string).trim().split('\n').map((l) => Number(l.split(' ')[6]))
    await waitFor('configEpoch collisions to be resolved', async () => new Set(await epochsOf(a)).size === 3 && new Set(await epochsOf(b)).size === 3, 10_000, 50)
    console.log(`# epochs distinct after ${Date.now() - t0} ms`)
    assert.equal(state.myself.configEpoch, Number((await lineOf(a, me))!.split(' ')[6]))

    // PUBLISH both ways
    const sub = client(a.node.port)
    clients.push(sub)
    const got: string[] = []
    sub.on('message', (c: string, m: string) => got.push(`${c}=${m}`))
    await sub.subscribe('news')
    ours.publish(Buffer.from('news'), Buffer.from('from rcl'), false)
    await b.redis.publish('alerts', 'from redis')
    await waitFor('both messages', () => got.includes('news=from rcl') && published.includes('alerts=from redis'), 5000)

    // FORGET on both sides: we drop b (and ignore a's gossip about it), the real nodes drop us
    assert.equal(ours.forget(b.id), null)
    assert.equal(await a.redis.cluster('FORGET', me), 'OK')
    assert.equal(await b.redis.cluster('FORGET', me), 'OK')
    await new Promise((r) => setTimeout(r, 1500))
    assert.equal(state.lookupNode(b.id), undefined)
    assert.equal(await lineOf(a, me), undefined)
    assert.equal(await lineOf(b, me), undefined)

    for (const r of [a, b]) {
      const log = readFileSync(join(r.node.dir, 'node.log'), 'utf8')
      if (process.env.SHOW_LOGS) console.log(log)
      assert.doesNotMatch(log, /unknown|Bad message|invalid|without proper padding|mismatching/i, `real node log:\n${log}`)
    }
    assert.deepEqual(logs.filter((l) => l.startsWith('warning') && !l.includes('Cluster state changed')), [])
  })
})
