// A real redis-server 7.0 replica of an rcl-node master: full sync (diskless and disk framing), the
// stream that follows, partial resync after the link drops, WAIT. Needs redis-server on PATH.
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

async function replicaOf(master: TestNode, extra: string[] = []): Promise<{ node: TestNode; c: Redis }> {
  const node = await startNode([...DEBUG, '--replicaof', '127.0.0.1', String(master.port), ...extra], 'redis-server')
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
