// Writable replicas (replica-read-only no) expire what their own clients gave a TTL (issue 13): Redis
// tracks those keys (slaveKeysWithExpire, INFO slave_expires_tracked_keys) and its replicas expire them
// themselves, while keys with a TTL from the master wait for the master's DEL. FLUSHALL and a full sync
// forget the tracked names; FLUSHDB does not. The same steps on redis-server 7.0.15 give the same
// numbers (test/interop/replication-writable-replica.test.ts). In-process servers.
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type Redis from 'ioredis'
import { client } from '../helpers/client.js'
import { startServer, type InProc } from '../helpers/in-proc-server.js'
import { waitFor } from '../helpers/wait.js'

const field = async (c: Redis, section: string, name: string): Promise<string> =>
  (new RegExp(`^${name}:(.*)\r$`, 'm').exec(await c.info(section)) ?? [])[1] ?? ''
const tracked = (r: Redis): Promise<string> => field(r, 'stats', 'slave_expires_tracked_keys')

describe('a writable replica and the TTLs its own clients set (in-process servers)', () => {
  const servers: InProc[] = []
  const clients: Redis[] = []
  const start = async (directives: Record<string, string> = {}): Promise<{ srv: InProc; c: Redis }> => {
    const srv = await startServer({ 'repl-diskless-sync-delay': '0', 'enable-debug-command': 'yes', ...directives })
    const c = client(srv.port)
    servers.push(srv)
    clients.push(c)
    return { srv, c }
  }
  after(async () => {
    for (const c of clients) c.disconnect()
    for (const s of servers) await s.stop()
  })
  const inStep = async (m: Redis, r: Redis): Promise<void> => {
    const offset = await field(m, 'replication', 'master_repl_offset')
    await waitFor(`the replica at offset ${offset}`, async () => (await field(r, 'replication', 'slave_repl_offset')) === offset)
  }

  it('expires the keys its clients gave a TTL, and leaves the master\'s to the master', async () => {
    const { srv: master, c: m } = await start()
    // the master never expires anything itself here: only the replica can remove a key
    await m.call('DEBUG', 'SET-ACTIVE-EXPIRE', '0')
    const { c: r } = await start({ 'replica-read-only': 'no' })
    await r.call('REPLICAOF', '127.0.0.1', String(master.port))
    await waitFor('the link', async () => (await field(r, 'replication', 'master_link_status')) === 'up')
    await m.set('from-master', 'v', 'PX', 300)
    await m.set('from-master-2', 'v')
    await inStep(m, r)
    assert.equal(await tracked(r), '0', 'a TTL from the master is not tracked')
    assert.equal(await r.expire('from-master-2', 1), 1)
    await r.set('own', 'v', 'PX', 1000)
    assert.equal(await r.expire('own-missing', 1), 0)
    assert.equal(await tracked(r), '2')
    await waitFor('the replica to expire its own keys', async () => (await tracked(r)) === '0', 8000)
    assert.equal(await field(r, 'stats', 'expired_keys'), '2')
    assert.deepEqual(await r.exists('own', 'from-master-2'), 0)
    // the master's key has expired too, but stays until the master says DEL
    await waitFor('the master key\'s TTL', async () => (await r.get('from-master')) === null)
    assert.equal(await r.dbsize(), 1)
    assert.equal(await m.dbsize(), 2)
  })

  it('forgets the tracked names on FLUSHALL and on a full sync, not on FLUSHDB', async () => {
    const { srv: master } = await start()
    const { c: r } = await start({ 'replica-read-only': 'no' })
    await r.call('REPLICAOF', '127.0.0.1', String(master.port))
    await waitFor('the link', async () => (await field(r, 'replication', 'master_link_status')) === 'up')
    await r.set('a', 'v', 'PX', 100_000)
    await r.flushdb()
    assert.equal(await tracked(r), '1', 'FLUSHDB leaves the name until the cron finds it gone')
    await waitFor('the cron to forget a key that is gone', async () => (await tracked(r)) === '0')
    await r.set('b', 'v', 'PX', 100_000)
    await r.select(3)
    await r.set('b', 'v', 'PX', 100_000)
    await r.select(0)
    assert.equal(await tracked(r), '1', 'names are counted once, whatever their dbs')
    await r.flushall()
    assert.equal(await tracked(r), '0')
    await r.set('c', 'v', 'PX', 100_000)
    assert.equal(await tracked(r), '1')
    // another master: a full sync, and the names tracked before it are forgotten
    const { srv: other } = await start()
    await r.call('REPLICAOF', '127.0.0.1', String(other.port))
    await waitFor('the full sync', async () => (await field(r, 'replication', 'master_link_status')) === 'up')
    assert.equal(await tracked(r), '0')
  })
})
