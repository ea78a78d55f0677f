// Three spawned rcl-node cluster nodes joined by hand (ADDSLOTSRANGE, MEET): how fast the state turns
// ok, both links per peer, the debug packet filter and link killing, DEBUG SLEEP freezing the bus,
// and CONFIG SET of the announced address, hostname and endpoint type as peers and clients see them.
import { strict as assert } from 'node:assert'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type Redis from 'ioredis'
import { keySlot } from '../../src/common/key-slot.js'
import { client } from '../helpers/client.js'
import { freePort } from '../helpers/free-port.js'
import { startNode, stopAll, type TestNode } from '../helpers/node-process.js'
import { waitFor } from '../helpers/wait.js'

interface N { node: TestNode; cport: number; redis: Redis; id: string }

const clients: Redis[] = []
after(async () => {
  for (const c of clients) c.disconnect()
  await stopAll()
})

async function start(): Promise<N> {
  const cport = await freePort()
  const node = await startNode(['--cluster-enabled', 'yes', '--cluster-port', String(cport), '--enable-debug-command', 'local', '--save', '', '--appendonly', 'no'])
  const redis = client(node.port)
  clients.push(redis)
  return { node, cport, redis, id: await redis.cluster('MYID') as string }
}

/** CLUSTER NODES of `from`, as fields, keyed by node id. */
async function nodesOf(from: N): Promise<Map<string, string[]>> {
  const text = await from.redis.cluster('NODES') as string
  return new Map(text.trim().split('\n').map((l) => l.split(' ')).map((f) => [f[0], f]))
}

async function linksOf(from: N): Promise<Array<{ direction: string; node: string; ctime: number }>> {
  const rows = await from.redis.cluster('LINKS') as Array<Array<string | number>>
  return rows.map((r) => ({ direction: r[1] as string, node: r[3] as string, ctime: r[5] as number }))
}

const okAll = async (ns: N[]): Promise<boolean> => (await Promise.all(ns.map((n) => n.redis.cluster('INFO') as Promise<string>))).every((i) => i.includes('cluster_state:ok'))
const logOf = (n: N): string => readFileSync(join(n.node.dir, 'node.log'), 'utf8')
const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

describe('a cluster of three rcl-node processes', () => {
  let a: N, b: N, c: N
  before(async () => {
    [a, b, c] = await Promise.all([start(), start(), start()])
    await a.redis.cluster('ADDSLOTSRANGE', 0, 5460)
    await b.redis.cluster('ADDSLOTSRANGE', 5461, 10922)
    await c.redis.cluster('ADDSLOTSRANGE', 10923, 16383)
  })

  it('turns ok soon after the MEETs: no 5 s rejoin delay for nodes that were never in a cluster', async () => {
    const t0 = Date.now()
    // every pair meets, so the time does not hang on which gossip entries happen to be picked
    await a.redis.cluster('MEET', '127.0.0.1', b.node.port, b.cport)
    await a.redis.cluster('MEET', '127.0.0.1', c.node.port, c.cport)
    await b.redis.cluster('MEET', '127.0.0.1', c.node.port, c.cport)
    await waitFor('cluster_state:ok on all three', () => okAll([a, b, c]), 10_000, 20)
    const ms = Date.now() - t0
    console.log(`# 3 rcl-node masters: MEET -> ok on all in ${ms} ms`)
    // the rejoin delay (min(node timeout, 5 s)) would make this at least 5000
    assert.ok(ms < 4000, `took ${ms} ms`)
    await waitFor('distinct config epochs', async () => new Set([...(await nodesOf(a)).values()].map((f) => f[6])).size === 3, 5000, 50)
  })

  it('CLUSTER LINKS shows a link to and a link from each peer', async () => {
    await waitFor('two links per peer on every node', async () => {
      for (const me of [a, b, c]) {
        const rows = await linksOf(me)
        const want = [a, b, c].filter((n) => n !== me).flatMap((p) => [`to ${p.id}`, `from ${p.id}`]).sort()
        if (JSON.stringify(rows.map((r) => `${r.direction} ${r.node}`).sort()) !== JSON.stringify(want)) return false
      }
      return true
    }, 5000, 50)
  })

  it('DEBUG DROP-CLUSTER-PACKET-FILTER drops (and logs) the PONGs: pings stay pending until -1 and a new link', async () => {
    const pongs = async (): Promise<number> => Number(/cluster_stats_messages_pong_received:(\d+)/.exec(await a.redis.cluster('INFO') as string)?.[1])
    const counted = await pongs()
    assert.equal(await a.redis.call('DEBUG', 'DROP-CLUSTER-PACKET-FILTER', '1'), 'OK')
    try {
      await waitFor('a ping to each peer left without its pong', async () => {
        const v = await nodesOf(a)
        return v.get(b.id)?.[4] !== '0' && v.get(c.id)?.[4] !== '0'
      }, 8000, 50)
      assert.match(logOf(a), /# Dropping packet that matches debug drop filter\n/)
      // the dropped PONGs were still counted as received: 7.0 counts before it filters
      assert.ok(await pongs() > counted)
    } finally {
      assert.equal(await a.redis.call('DEBUG', 'DROP-CLUSTER-PACKET-FILTER', '-1'), 'OK')
    }
    // as in 7.0, a ping stays pending while the peer keeps talking (no PFAIL, no reconnect): a new
    // link sends a new PING, and its PONG now gets through
    for (const peer of [b, c]) assert.equal(await a.redis.call('DEBUG', 'CLUSTERLINK', 'KILL', 'to', peer.id), 'OK')
    await waitFor('the pongs to arrive again', async () => {
      const v = await nodesOf(a)
      return v.get(b.id)?.[4] === '0' && v.get(c.id)?.[4] === '0'
    }, 8000, 50)
  })

  it('DEBUG CLUSTERLINK KILL closes the chosen links, which the crons open again', async () => {
    const ctimeOf = async (n: N, dir: string, peer: N): Promise<number | undefined> => (await linksOf(n)).find((r) => r.direction === dir && r.node === peer.id)?.ctime
    const to = await ctimeOf(a, 'to', b)
    const from = await ctimeOf(a, 'from', b)
    assert.ok(to !== undefined && from !== undefined)
    await sleep(5) // create-time is in ms: let a new link be told from the old one
    assert.equal(await a.redis.call('DEBUG', 'CLUSTERLINK', 'KILL', 'to', b.id), 'OK')
    await waitFor('a new link to b', async () => ((await ctimeOf(a, 'to', b)) ?? to) > to, 3000, 20)
    assert.equal(await ctimeOf(a, 'from', b), from)
    assert.equal(await a.redis.call('DEBUG', 'clusterlink', 'kill', 'FROM', b.id), 'OK')
    await waitFor('b to connect again', async () => ((await ctimeOf(a, 'from', b)) ?? from) > from, 3000, 20)
    const [to2, from2] = [await ctimeOf(a, 'to', c), await ctimeOf(a, 'from', c)] as number[]
    await sleep(5)
    assert.equal(await a.redis.call('DEBUG', 'CLUSTERLINK', 'KILL', 'all', c.id), 'OK')
    await waitFor('both links with c anew', async () => ((await ctimeOf(a, 'to', c)) ?? to2) > to2 && ((await ctimeOf(a, 'from', c)) ?? from2) > from2, 3000, 20)
    await assert.rejects(a.redis.call('DEBUG', 'CLUSTERLINK', 'KILL', 'to', b.id.slice(0, 10)), { message: `ERR Unknown node ${b.id.slice(0, 10)}` })
    await assert.rejects(a.redis.call('DEBUG', 'CLUSTERLINK', 'KILL', 'sideways', b.id), { message: 'ERR Unknown direction sideways' })
    await assert.rejects(a.redis.call('DEBUG', 'CLUSTERLINK', 'KILL', 'to', a.id), { message: 'ERR Cannot free cluster link(s) to myself' })
    await assert.rejects(a.redis.call('DEBUG', 'CLUSTERLINK'), /ERR unknown subcommand or wrong number of arguments for 'CLUSTERLINK'/)
    await assert.rejects(a.redis.call('DEBUG', 'CLUSTERLINK', 'STOP', 'to', b.id), /ERR unknown subcommand or wrong number of arguments for 'CLUSTERLINK'/)
  })

  it('DEBUG SLEEP freezes the bus too: a ping to the sleeper gets no pong until it wakes', async () => {
    await waitFor('no ping pending to b', async () => (await nodesOf(a)).get(b.id)?.[4] === '0', 5000, 20)
    const sleeper = client(b.node.port)
    clients.push(sleeper)
    const slept = sleeper.call('DEBUG', 'SLEEP', '2')
    await sleep(200)
    const t0 = Date.now()
    // a's cron reconnects at once and sends a PING on the new link: b cannot read it while asleep
    await a.redis.call('DEBUG', 'CLUSTERLINK', 'KILL', 'to', b.id)
    await waitFor('the ping to b to be sent', async () => (await nodesOf(a)).get(b.id)?.[4] !== '0', 1000, 20)
    while (Date.now() - t0 < 1400) {
      assert.notEqual((await nodesOf(a)).get(b.id)?.[4], '0', `b answered while asleep (${Date.now() - t0} ms)`)
      await sleep(50)
    }
    assert.equal(await slept, 'OK')
    await waitFor('the pong once b woke up', async () => (await nodesOf(a)).get(b.id)?.[4] === '0', 3000, 20)
  })

  it('CONFIG SET of cluster-announce-* and the endpoint type reach CLUSTER NODES, CLUSTER SLOTS and MOVED', async () => {
    const fake = b.node.port === 1234 ? 1235 : 1234
    await b.redis.config('SET', 'cluster-announce-hostname', 'b.test')
    await b.redis.config('SET', 'cluster-announce-port', String(fake))
    assert.match((await nodesOf(b)).get(b.id)!.slice(1, 3).join(' '), new RegExp(`^127\\.0\\.0\\.1:${fake}@${b.cport},b\\.test myself,master$`))
    await waitFor('a to see b\'s new port and hostname', async () => (await nodesOf(a)).get(b.id)?.[1] === `127.0.0.1:${fake}@${b.cport},b.test`, 5000, 50)
    const inB = ['c', 'd', 'e', 'f', 'g'].find((k) => keySlot(k) >= 5461 && keySlot(k) <= 10922) as string
    const inC = ['a', 'b', 'h', 'i', 'j'].find((k) => keySlot(k) >= 10923) as string
    await assert.rejects(a.redis.get(inB), { message: `MOVED ${keySlot(inB)} 127.0.0.1:${fake}` })
    await a.redis.config('SET', 'cluster-preferred-endpoint-type', 'hostname')
    await assert.rejects(a.redis.get(inB), { message: `MOVED ${keySlot(inB)} b.test:${fake}` })
    await assert.rejects(a.redis.get(inC), { message: `MOVED ${keySlot(inC)} ?:${c.node.port}` })
    const slots = await a.redis.cluster('SLOTS') as Array<[number, number, [string, number, string]]>
    assert.deepEqual(slots.find((s) => s[0] === 5461)?.[2].slice(0, 2), ['b.test', fake])
    await a.redis.config('SET', 'cluster-preferred-endpoint-type', 'unknown-endpoint')
    await assert.rejects(a.redis.get(inC), { message: `MOVED ${keySlot(inC)} :${c.node.port}` })
    await a.redis.config('SET', 'cluster-preferred-endpoint-type', 'ip')
    await b.redis.config('SET', 'cluster-announce-port', '0')
    await b.redis.config('SET', 'cluster-announce-hostname', '')
    await waitFor('a to see b as it is again', async () => (await nodesOf(a)).get(b.id)?.[1] === `127.0.0.1:${b.node.port}@${b.cport}`, 5000, 50)
  })
})
