// Append-only directories move both ways between rcl-node and redis-server 7.0: each starts from the
// other's files with the same data, and redis-check-aof accepts what rcl-node wrote.
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { join } from 'node:path'
import type Redis from 'ioredis'
import { client } from '../helpers/client.js'
import { startNode, stopAll, type TestNode } from '../helpers/node-process.js'
import { waitFor } from '../helpers/wait.js'
import { DATASET } from './dataset.js'

const ARGS = ['--appendonly', 'yes', '--enable-debug-command', 'yes', '--save', '']

/** The shared dataset, a rewrite half-way so the base is an RDB preamble, then more changes in two dbs. */
async function fill(c: Redis): Promise<void> {
  for (const cmd of DATASET.slice(0, 20)) await c.call(cmd[0] as string, ...cmd.slice(1))
  await c.bgrewriteaof()
  await waitFor('the rewrite to finish', async () => /aof_rewrite_in_progress:0[\s\S]*aof_rewrites:1/.test(await c.info('persistence')))
  for (const cmd of DATASET.slice(20)) await c.call(cmd[0] as string, ...cmd.slice(1))
  await c.multi().incr('tx:n').select(4).set('tx:db4', 'x').exec()
  await c.select(0)
  await c.set('ttl:key', 'v', 'EX', 100_000)
}

async function stopClean(n: TestNode, c: Redis): Promise<unknown> {
  const digest = await c.call('DEBUG', 'DIGEST')
  await c.call('SHUTDOWN', 'NOSAVE').catch(() => undefined)
  c.disconnect()
  await n.exited
  return digest
}

describe('AOF directories with redis-server 7.0', () => {
  after(stopAll)

  it('redis-server starts from the files rcl-node wrote, and redis-check-aof accepts them', async () => {
    const ours = await startNode([...ARGS, '--aof-timestamp-enabled', 'yes'])
    const c = client(ours.port)
    await fill(c)
    const digest = await stopClean(ours, c)
    const check = spawnSync('redis-check-aof', [join(ours.dir, 'appendonlydir', 'appendonly.aof.manifest')], { encoding: 'latin1', timeout: 20_000 })
    assert.equal(check.status, 0, check.stdout + check.stderr)
    assert.match(check.stdout, /is valid/)
    const real = await startNode(ARGS, 'redis-server', ours.dir)
    const r = client(real.port)
    try {
      assert.equal(await r.call('DEBUG', 'DIGEST'), digest)
    } finally {
      r.disconnect()
    }
  })

  it('rcl-node starts from the files redis-server wrote', async () => {
    const real = await startNode(ARGS, 'redis-server')
    const r = client(real.port)
    await fill(r)
    const digest = await stopClean(real, r)
    const ours = await startNode(ARGS, undefined, real.dir)
    const c = client(ours.port)
    try {
      assert.equal(await c.call('DEBUG', 'DIGEST'), digest)
    } finally {
      c.disconnect()
    }
  })
})
