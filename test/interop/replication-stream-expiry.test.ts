// What expiry and SAVE put in the replication stream, rcl-node against redis-server 7.0: the same steps
// move both masters' offsets by the same number of bytes. Needs redis-server on PATH.
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import type Redis from 'ioredis'
import { client } from '../helpers/client.js'
import { startNode, stopAll } from '../helpers/node-process.js'
import { waitFor } from '../helpers/wait.js'

type Kind = 'redis-server' | undefined
const BASE = ['--enable-debug-command', 'yes', '--repl-diskless-sync-delay', '0', '--save', '']
const field = async (c: Redis, section: string, name: string): Promise<string> =>
  (new RegExp(`^${name}:(.*)\r$`, 'm').exec(await c.info(section)) ?? [])[1] ?? ''

async function deltas(kind: Kind): Promise<Array<number | string>> {
  const master = await startNode(BASE, kind)
  const replica = await startNode([...BASE, '--replicaof', '127.0.0.1', String(master.port)], kind)
  const m = client(master.port)
  const r = client(replica.port)
  const out: Array<number | string> = []
  const offset = async (): Promise<number> => Number(await field(m, 'replication', 'master_repl_offset'))
  const step = async (fn: () => Promise<unknown>): Promise<void> => {
    const before = await offset()
    await fn()
    out.push(await offset() - before)
  }
  try {
    await waitFor('the link', async () => (await field(r, 'replication', 'master_link_status')) === 'up', 15_000)
    // Redis's sync child can still be exiting once the replica is up, and SAVE would be refused
    await waitFor('the sync snapshot to end', async () => (await field(m, 'persistence', 'rdb_bgsave_in_progress')) === '0', 15_000)
    await m.call('DEBUG', 'SET-ACTIVE-EXPIRE', '0')
    await m.set('first', '1')
    await step(() => m.call('SAVE'))
    await step(() => m.set('k', 'v', 'PX', 20))
    await sleep(50)
    await step(() => m.get('k'))
    out.push(await field(m, 'persistence', 'rdb_changes_since_last_save'))
    await m.config('SET', 'lazyfree-lazy-expire', 'yes')
    await m.set('j', 'v', 'PX', 20)
    await sleep(50)
    await step(() => m.exists('j'))
    await step(() => m.set('x', 'v').then(() => m.expire('x', -1)))
    out.push(await field(m, 'stats', 'expired_keys'))
    return out
  } finally {
    m.disconnect()
    r.disconnect()
  }
}

describe('expiry and SAVE in the replication stream, against redis-server', () => {
  after(stopAll)

  it('moves the offset by the same bytes', { timeout: 60000 }, async () => {
    const redis = await deltas('redis-server')
    const rcl = await deltas(undefined)
    assert.deepEqual(rcl, redis)
    assert.deepEqual(redis, [0, 57, 20, '1', 23, 50, '2'])
  })
})
