// Writable replicas and their own TTLs, rcl-node against redis-server 7.0 (issue 13): the same steps on a
// redis-server replica and an rcl-node replica of the same kind of master give the same tracked-key
// counts, expiries and key counts. Needs redis-server on PATH.
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type Redis from 'ioredis'
import { client } from '../helpers/client.js'
import { startNode, stopAll } from '../helpers/node-process.js'
import { waitFor } from '../helpers/wait.js'

type Kind = 'redis-server' | undefined
const BASE = ['--enable-debug-command', 'yes', '--repl-diskless-sync-delay', '0']
const field = async (c: Redis, section: string, name: string): Promise<string> =>
  (new RegExp(`^${name}:(.*)\r$`, 'm').exec(await c.info(section)) ?? [])[1] ?? ''

async function steps(replicaKind: Kind): Promise<Record<string, unknown>> {
  const master = await startNode(BASE, 'redis-server')
  const other = await startNode(BASE, 'redis-server')
  const replica = await startNode([...BASE, '--replica-read-only', 'no', '--replicaof', '127.0.0.1', String(master.port)], replicaKind)
  const m = client(master.port)
  const r = client(replica.port)
  const seen: Record<string, unknown> = {}
  const snap = async (name: string): Promise<void> => {
    seen[name] = [await field(r, 'stats', 'slave_expires_tracked_keys'), await field(r, 'stats', 'expired_keys'), await r.dbsize()]
  }
  try {
    await m.call('DEBUG', 'SET-ACTIVE-EXPIRE', '0')
    await waitFor('the link', async () => (await field(r, 'replication', 'master_link_status')) === 'up', 15_000)
    await m.set('from-master', 'v', 'PX', 300)
    await m.set('from-master-2', 'v')
    const offset = await field(m, 'replication', 'master_repl_offset')
    await waitFor('the replica in step', async () => (await field(r, 'replication', 'slave_repl_offset')) === offset)
    seen.expireOnReplica = await r.expire('from-master-2', 1)
    await r.set('own', 'v', 'PX', 1500)
    await snap('tracked')
    // a time already past sets the TTL on a replica (Redis's checkAlreadyExpired), and it is tracked too
    seen.expireIntoThePast = [await r.set('past', 'v'), await r.expire('past', -5), await r.exists('past')]
    await waitFor('the replica to expire its own keys', async () => (await field(r, 'stats', 'slave_expires_tracked_keys')) === '0', 8000)
    await waitFor('the master key\'s TTL', async () => (await r.get('from-master')) === null)
    await snap('expired')
    await r.set('a', 'v', 'PX', 100_000)
    await r.flushdb()
    await snap('flushdb')
    await r.set('b', 'v', 'PX', 100_000)
    await r.flushall()
    await snap('flushall')
    await r.set('c', 'v', 'PX', 100_000)
    await r.call('REPLICAOF', '127.0.0.1', String(other.port))
    await waitFor('the full sync', async () => (await field(r, 'replication', 'master_link_status')) === 'up', 15_000)
    await snap('fullSync')
    return seen
  } finally {
    m.disconnect()
    r.disconnect()
  }
}

describe('a writable replica and its own TTLs, against redis-server', () => {
  after(stopAll)

  it('tracks, expires and forgets the same keys', { timeout: 60000 }, async () => {
    const redis = await steps('redis-server')
    const rcl = await steps(undefined)
    assert.deepEqual(rcl, redis)
    // the comparison is about something: keys were tracked, and the replica expired them
    assert.deepEqual(redis.tracked, ['2', '0', 3])
    assert.deepEqual(redis.expired, ['0', '3', 1])
  })
})
