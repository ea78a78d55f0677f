// Replication state kept in the dump: a master or a replica restarted from its own dump.rdb continues
// with a partial resync instead of a full copy, as Redis 7.0 does.
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type Redis from 'ioredis'
import { client } from '../helpers/client.js'
import { startNode, stopAll, type TestNode } from '../helpers/node-process.js'
import { waitFor } from '../helpers/wait.js'

const BASE = ['--enable-debug-command', 'yes', '--save', '', '--repl-diskless-sync-delay', '0']
const field = async (c: Redis, section: string, name: string): Promise<string> =>
  (new RegExp(`^${name}:(.*)\r$`, 'm').exec(await c.info(section)) ?? [])[1] ?? ''
const linkUp = (c: Redis): Promise<void> => waitFor('the link', async () => (await field(c, 'replication', 'master_link_status')) === 'up', 15_000)

async function restart(n: TestNode, args: string[], port: number): Promise<{ node: TestNode; c: Redis }> {
  const node = await startNode(args, undefined, n.dir, port)
  return { node, c: client(node.port) }
}

describe('replication across restarts (rcl-node processes)', () => {
  after(stopAll)

  it('a master restarted from its dump lets its replica continue partially; so does a restarted replica', async () => {
    const master = await startNode(BASE)
    const m = client(master.port)
    const replicaArgs = [...BASE, '--replicaof', '127.0.0.1', String(master.port)]
    const replica = await startNode(replicaArgs)
    let r = client(replica.port)
    await linkUp(r)
    await m.rpush('l', 'a', 'b')
    await waitFor('the replica to catch up', async () => (await field(r, 'replication', 'master_repl_offset')) === (await field(m, 'replication', 'master_repl_offset')))

    // the master goes down with a dump, and comes back on the same port
    await m.call('SHUTDOWN', 'SAVE').catch(() => undefined)
    m.disconnect()
    await master.exited
    const { node: master2, c: m2 } = await restart(master, BASE, master.port)
    try {
      await linkUp(r)
      assert.equal(await field(m2, 'stats', 'sync_full'), '0')
      assert.equal(await field(m2, 'stats', 'sync_partial_ok'), '1')
      await m2.rpush('l', 'c')
      await waitFor('the stream after the restart', async () => (await r.llen('l')) === 3)

      // now the replica goes down with its dump, and comes back
      await r.call('SHUTDOWN', 'SAVE').catch(() => undefined)
      r.disconnect()
      await replica.exited
      const again = await restart(replica, replicaArgs, replica.port)
      r = again.c
      await linkUp(r)
      assert.equal(await field(m2, 'stats', 'sync_full'), '0')
      assert.equal(await field(m2, 'stats', 'sync_partial_ok'), '2')
      assert.deepEqual(await r.lrange('l', 0, -1), ['a', 'b', 'c'])
      assert.match(readFileSync(join(again.node.dir, 'node.log'), 'latin1'), /Successful partial resynchronization with master/)
    } finally {
      m2.disconnect()
      r.disconnect()
      void master2
    }
  })
})
