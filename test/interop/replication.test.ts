// Replication between rcl-node and redis-server 7.0, both ways: full sync (diskless and disk framing), the
// stream that follows, partial resync after the link drops, WAIT, a mixed chain and the promotion of an
// rcl-node replica in a real-Redis replica set. Needs redis-server on PATH.
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type Redis from 'ioredis'
import { client } from '../helpers/client.js'
import { startNode, stopAll, type TestNode } from '../helpers/node-process.js'
import { waitFor } from '../helpers/wait.js'
import { DATASET } from './dataset.js'

const DEBUG = ['--enable-debug-command', 'yes']
const field = async (c: Redis, section: string, name: string): Promise<string> =>
  (new RegExp(`^${name}:(.*)\r$`, 'm').exec(await c.info(section)) ?? [])[1] ?? ''

async function replicaOf(master: TestNode, extra: string[] = [], server: 'redis-server' | undefined = 'redis-server'): Promise<{ node: TestNode; c: Redis }> {
  const node = await startNode([...DEBUG, '--replicaof', '127.0.0.1', String(master.port), ...extra], server)
  const c = client(node.port)
  await waitFor('the replica link to come up', async () => (await field(c, 'replication', 'master_link_status')) === 'up', 15_000)
  return { node, c }
}

/** Waits until the replica has applied everything the master has sent, then compares the datasets. */
async function inStep(m: Redis, r: Redis): Promise<void> {
  const offset = await field(m, 'replication', 'master_repl_offset')
  await waitFor(`the replica to reach offset ${offset}`, async () => (await field(r, 'replication', 'master_repl_offset')) === offset, 10_000)
  assert.equal(await r.call('DEBUG', 'DIGEST'), await m.call('DEBUG', 'DIGEST'))
}

/**
 * A replica SIGSTOPped past its master's repl-timeout is dropped, and after SIGCONT continues with a
 * partial resync. `undefined` is rcl-node.
 */
async function pausedReplicaComesBack(masterKind: 'redis-server' | undefined, replicaKind: 'redis-server' | undefined): Promise<void> {
  const master = await startNode([...DEBUG, '--repl-diskless-sync-delay', '0', '--repl-timeout', '2'], masterKind)
  const m = client(master.port)
  await m.set('before', '1')
  const { node: replica, c: r } = await replicaOf(master, ['--repl-timeout', '2'], replicaKind)
  try {
    await inStep(m, r)
    replica.process.kill('SIGSTOP')
    await waitFor('the master to drop the paused replica', async () => (await field(m, 'replication', 'connected_slaves')) === '0', 10_000)
    await m.set('while-paused', 'x')
    replica.process.kill('SIGCONT')
    await waitFor('the partial resync', async () => (await field(m, 'stats', 'sync_partial_ok')) === '1', 15_000)
    await inStep(m, r)
    assert.equal(await field(m, 'stats', 'sync_full'), '1')
  } finally {
    replica.process.kill('SIGCONT')
    m.disconnect()
    r.disconnect()
  }
}

describe('rcl-node master, redis-server 7.0 replica', () => {
  after(stopAll)

  for (const diskless of ['yes', 'no']) {
    it(`syncs every type (repl-diskless-sync ${diskless}), follows writes, continues partially after a dropped link, and counts it in WAIT`, async () => {
      const master = await startNode([...DEBUG, '--repl-diskless-sync', diskless, '--repl-diskless-sync-delay', '0'])
      const m = client(master.port)
      for (const cmd of DATASET) await m.call(cmd[0] as string, ...cmd.slice(1))
      await m.select(5)
      await m.set('db5', 'x', 'EX', 100_000)
      await m.select(0)
      const { node: replica, c: r } = await replicaOf(master)
      try {
        await inStep(m, r)
        await m.multi().incr('tx').rpush('list:tx', 'a', 'b').exec()
        await m.expire('s:small', 50_000)
        await m.del('set:small')
        await m.select(7)
        await m.hset('h7', 'f', 'v')
        await m.select(0)
        await inStep(m, r)
        assert.ok((await r.pttl('s:small')) > 40_000_000)
        assert.equal(await m.set('acked', '1'), 'OK')
        assert.equal(await m.call('WAIT', '1', '2000'), 1)

        assert.equal(await m.client('KILL', 'TYPE', 'replica'), 1)
        await m.set('while-away', 'x')
        await waitFor('the replica to come back', async () => (await field(m, 'stats', 'sync_partial_ok')) === '1', 10_000)
        await inStep(m, r)
        assert.equal(await field(m, 'stats', 'sync_full'), '1')
        assert.match(readFileSync(join(replica.dir, 'node.log'), 'latin1'), /Successful partial resynchronization with master/)
        const role = await m.call('ROLE') as [string, number, Array<[string, string, string]>]
        assert.equal(role[0], 'master')
        assert.equal(role[2][0][1], String(replica.port))
      } finally {
        m.disconnect()
        r.disconnect()
      }
    })
  }
})

describe('rcl-node master, redis-server replica paused with SIGSTOP', () => {
  after(stopAll)

  it('drops the paused replica after repl-timeout, and takes it back with a partial resync after SIGCONT', async () => {
    await pausedReplicaComesBack(undefined, 'redis-server')
  })
})

describe('redis-server 7.0 master, rcl-node replica', () => {
  after(stopAll)

  it('syncs every type, follows writes, refuses its own, and continues partially after a dropped link', async () => {
    const master = await startNode([...DEBUG, '--repl-diskless-sync-delay', '0'], 'redis-server')
    const m = client(master.port)
    for (const cmd of DATASET) await m.call(cmd[0] as string, ...cmd.slice(1))
    await m.select(5)
    await m.set('db5', 'x', 'EX', 100_000)
    await m.select(0)
    const { node: replica, c: r } = await replicaOf(master, [], undefined)
    try {
      await inStep(m, r)
      await m.multi().incr('tx').rpush('list:tx', 'a', 'b').exec()
      await m.expire('s:small', 50_000)
      await m.del('set:intset')
      await inStep(m, r)
      assert.match(await r.set('mine', '1').catch((e: Error) => e.message), /^READONLY You can't write against a read only replica\./)
      assert.deepEqual(await r.call('ROLE'), ['slave', '127.0.0.1', master.port, 'connected', Number(await field(m, 'replication', 'master_repl_offset'))])
      assert.equal(await m.client('KILL', 'TYPE', 'replica'), 1)
      await m.set('while-away', 'x')
      await waitFor('the partial resync', async () => (await field(m, 'stats', 'sync_partial_ok')) === '1', 10_000)
      await inStep(m, r)
      assert.match(readFileSync(join(replica.dir, 'node.log'), 'latin1'), /Successful partial resynchronization with master/)
    } finally {
      m.disconnect()
      r.disconnect()
    }
  })

  it('comes back with a partial resync after being paused with SIGSTOP past the master\'s repl-timeout', async () => {
    await pausedReplicaComesBack('redis-server', undefined)
  })

  it('passes the stream on in a chain (real -> rcl-node -> real), and its promotion keeps everyone partial', async () => {
    const a = await startNode([...DEBUG, '--repl-diskless-sync-delay', '0'], 'redis-server')
    const ca = client(a.port)
    await ca.set('k', 'v')
    const { node: b, c: cb } = await replicaOf(a, ['--repl-diskless-sync-delay', '0'], undefined)
    const { node: c, c: cc } = await replicaOf(b, ['--repl-diskless-sync-delay', '0'])
    try {
      for (let i = 0; i < 50; i++) await ca.rpush('l', String(i))
      await inStep(ca, cb)
      await inStep(ca, cc)
      assert.equal(await field(cc, 'replication', 'master_replid'), await field(ca, 'replication', 'master_replid'))

      assert.equal(await cb.call('REPLICAOF', 'NO', 'ONE'), 'OK')
      assert.equal(await field(cb, 'replication', 'master_replid2'), await field(ca, 'replication', 'master_replid'))
      await cb.set('promoted', 'yes')
      assert.equal(await ca.call('REPLICAOF', '127.0.0.1', String(b.port)), 'OK')
      await waitFor('the old master to follow', async () => (await field(ca, 'replication', 'master_link_status')) === 'up', 10_000)
      await waitFor('the chain to reconnect', async () => (await field(cc, 'replication', 'master_link_status')) === 'up', 10_000)
      await cb.set('after', 'promotion')
      await inStep(cb, ca)
      await inStep(cb, cc)
      assert.equal(await field(cb, 'stats', 'sync_full'), '1', 'only the first sync of the chain was full')
      assert.match(readFileSync(join(a.dir, 'node.log'), 'latin1'), /Successful partial resynchronization with master/)
      assert.match(readFileSync(join(c.dir, 'node.log'), 'latin1'), /Successful partial resynchronization with master/)
    } finally {
      ca.disconnect()
      cb.disconnect()
      cc.disconnect()
    }
  })
})
