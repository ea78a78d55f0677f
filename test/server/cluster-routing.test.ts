// Cluster mode in process: two rcl-node servers meet over the real bus, split the slots, and route
// clients with Redis 7.0's redirections (texts checked against redis-server 7.0.15). Runs without Redis.
import { describe, it, before, after } from 'node:test'
import assert from 'node:assert/strict'
import type Redis from 'ioredis'
import { keySlot } from '../../src/common/key-slot.js'
import { client } from '../helpers/client.js'
import { startServer, type InProc } from '../helpers/in-proc-server.js'
import { waitFor } from '../helpers/wait.js'

const CLUSTER = { 'cluster-enabled': 'yes', 'cluster-node-timeout': '2000' }

async function reply(c: Redis, ...args: string[]): Promise<unknown> {
  try {
    return await c.call(args[0], ...args.slice(1))
  } catch (e) {
    return `-${(e as Error).message}`
  }
}

/** A key whose slot is served by the node owning slots [from, to]. */
function keyIn(from: number, to: number, prefix: string): string {
  for (let i = 0; ; i++) {
    const k = `${prefix}${i}`
    const s = keySlot(k)
    if (s >= from && s <= to) return k
  }
}

describe('cluster mode: two in-process nodes', () => {
  let a: InProc
  let b: InProc
  let ca: Redis
  let cb: Redis

  before(async () => {
    a = await startServer(CLUSTER)
    b = await startServer(CLUSTER)
    ca = client(a.port)
    cb = client(b.port)
    assert.equal(await ca.call('CLUSTER', 'ADDSLOTSRANGE', '0', '8191'), 'OK')
    assert.equal(await cb.call('CLUSTER', 'ADDSLOTSRANGE', '8192', '16383'), 'OK')
    const bNodes = String(await cb.call('CLUSTER', 'NODES'))
    const busPort = /@(\d+)/.exec(bNodes)?.[1] as string
    assert.equal(await ca.call('CLUSTER', 'MEET', '127.0.0.1', String(b.port), busPort), 'OK')
    for (const c of [ca, cb]) {
      await waitFor('cluster_state:ok', async () => String(await c.call('CLUSTER', 'INFO')).includes('cluster_state:ok'), 10_000)
    }
  })

  after(async () => {
    ca?.disconnect()
    cb?.disconnect()
    await a?.stop()
    await b?.stop()
  })

  it('knows both nodes and their slots on each side', async () => {
    for (const c of [ca, cb]) {
      const nodes = String(await c.call('CLUSTER', 'NODES')).trim().split('\n')
      assert.equal(nodes.length, 2)
      assert.ok(nodes.some((l) => l.endsWith(' connected 0-8191')), nodes.join('\n'))
      assert.ok(nodes.some((l) => l.endsWith(' connected 8192-16383')), nodes.join('\n'))
    }
    assert.deepEqual((await ca.call('CLUSTER', 'SLOTS') as unknown[][]).map((r) => [r[0], r[1], (r[2] as unknown[])[1]]), [[0, 8191, a.port], [8192, 16383, b.port]])
  })

  it('serves its own slots and answers MOVED for the other node\'s', async () => {
    const mine = keyIn(0, 8191, 'a')
    const theirs = keyIn(8192, 16383, 'b')
    assert.equal(await ca.set(mine, '1'), 'OK')
    assert.equal(await reply(ca, 'GET', theirs), `-MOVED ${keySlot(theirs)} 127.0.0.1:${b.port}`)
    assert.equal(await reply(ca, 'MGET', mine, theirs), "-CROSSSLOT Keys in request don't hash to the same slot")
    assert.equal(await reply(ca, 'PING'), 'PONG')
    assert.equal(await ca.call('CLUSTER', 'COUNTKEYSINSLOT', String(keySlot(mine))), 1)
    assert.deepEqual(await ca.call('CLUSTER', 'GETKEYSINSLOT', String(keySlot(mine)), '10'), [mine])
  })

  it('refuses a transaction that touches another node\'s slot', async () => {
    const theirs = keyIn(8192, 16383, 'c')
    const r = await ca.multi().set(theirs, '1').exec().catch((e: Error) => e.message)
    assert.match(String(r), /EXECABORT|MOVED/)
  })

  it('redirects with ASK while a slot migrates, serves after ASKING, and answers TRYAGAIN for a split key set', async () => {
    const tag = keyIn(0, 8191, 'm')
    const slot = keySlot(tag)
    const here = `{${tag}}here`
    const gone = `{${tag}}gone`
    const aId = String(await ca.call('CLUSTER', 'MYID'))
    const bId = String(await cb.call('CLUSTER', 'MYID'))
    await ca.set(here, 'x')
    assert.equal(await ca.call('CLUSTER', 'SETSLOT', String(slot), 'MIGRATING', bId), 'OK')
    assert.equal(await cb.call('CLUSTER', 'SETSLOT', String(slot), 'IMPORTING', aId), 'OK')
    try {
      assert.equal(await ca.get(here), 'x')
      assert.equal(await reply(ca, 'GET', gone), `-ASK ${slot} 127.0.0.1:${b.port}`)
      assert.equal(await reply(ca, 'MGET', here, gone), '-TRYAGAIN Multiple keys request during rehashing of slot')
      assert.equal(await reply(cb, 'GET', gone), `-MOVED ${slot} 127.0.0.1:${a.port}`)
      const pipe = await cb.pipeline().call('ASKING').get(gone).get(gone).exec()
      assert.deepEqual(pipe?.map(([e, v]) => e?.message ?? v), ['OK', null, `MOVED ${slot} 127.0.0.1:${a.port}`])
    } finally {
      await ca.call('CLUSTER', 'SETSLOT', String(slot), 'STABLE')
      await cb.call('CLUSTER', 'SETSLOT', String(slot), 'STABLE')
    }
  })

  it('checks slot commands as Redis does', async () => {
    assert.equal(await reply(ca, 'CLUSTER', 'ADDSLOTS', '5'), '-ERR Slot 5 is already busy')
    assert.equal(await reply(ca, 'CLUSTER', 'ADDSLOTS', '16384'), '-ERR Invalid or out of range slot')
    assert.equal(await reply(ca, 'CLUSTER', 'DELSLOTS', '0', '0'), '-ERR Slot 0 specified multiple times')
    assert.equal(await reply(ca, 'CLUSTER', 'ADDSLOTSRANGE', '5', '3'), '-ERR start slot number 5 is greater than end slot number 3')
    assert.equal(await reply(ca, 'CLUSTER', 'SETSLOT', '9000', 'MIGRATING', 'x'), "-ERR I'm not the owner of hash slot 9000")
    assert.equal(await reply(ca, 'CLUSTER', 'SETSLOT', '1', 'foo'), '-ERR Invalid CLUSTER SETSLOT action or number of arguments. Try CLUSTER HELP')
    assert.equal(await reply(ca, 'CLUSTER', 'REPLICATE', 'nosuch'), '-ERR Unknown node nosuch')
    assert.equal(await reply(ca, 'CLUSTER', 'COUNTKEYSINSLOT', '99999'), '-ERR Invalid slot')
    assert.equal(await reply(ca, 'CLUSTER', 'KEYSLOT', 'foo'), 12182)
    assert.equal(await reply(ca, 'CLUSTER', 'NOSUCH'), "-ERR unknown subcommand 'NOSUCH'. Try CLUSTER HELP.")
    assert.equal(await reply(ca, 'REPLICAOF', 'NO', 'ONE'), '-ERR REPLICAOF not allowed in cluster mode.')
  })
})

describe('cluster commands on a standalone node', () => {
  let s: InProc
  let c: Redis
  before(async () => {
    s = await startServer()
    c = client(s.port)
  })
  after(async () => {
    c?.disconnect()
    await s?.stop()
  })

  it('refuses them as Redis does when cluster support is disabled', async () => {
    for (const cmd of [['CLUSTER', 'INFO'], ['CLUSTER', 'HELP'], ['READONLY'], ['READWRITE'], ['ASKING']]) {
      assert.equal(await reply(c, ...cmd), '-ERR This instance has cluster support disabled', cmd.join(' '))
    }
    assert.match(String(await c.info('cluster')), /cluster_enabled:0/)
  })
})
