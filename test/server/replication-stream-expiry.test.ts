// What expiry puts in the replication stream, as Redis 7.0 does: a read that finds a key expired sends
// the key's DEL but not the read itself, an expiry is no change of the dataset for SAVE's counter, SAVE
// sends nothing, and under lazyfree-lazy-expire the removal is an UNLINK (also for an EXPIRE into the
// past). Measured by the master's offset, byte for byte. In-process servers.
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import type Redis from 'ioredis'
import { client } from '../helpers/client.js'
import { cmd } from '../helpers/resp.js'
import { startServer, type InProc } from '../helpers/in-proc-server.js'
import { waitFor } from '../helpers/wait.js'

const field = async (c: Redis, section: string, name: string): Promise<string> =>
  (new RegExp(`^${name}:(.*)\r$`, 'm').exec(await c.info(section)) ?? [])[1] ?? ''

describe('expiry in the replication stream (in-process servers)', () => {
  const servers: InProc[] = []
  const clients: Redis[] = []
  after(async () => {
    for (const c of clients) c.disconnect()
    for (const s of servers) await s.stop()
  })

  it('sends the DEL (or UNLINK) of an expired key, not the read that found it, and nothing for SAVE', async () => {
    const master = await startServer({ 'repl-diskless-sync-delay': '0', 'enable-debug-command': 'yes' })
    const replica = await startServer({})
    servers.push(master, replica)
    const m = client(master.port)
    const r = client(replica.port)
    clients.push(m, r)
    await r.call('REPLICAOF', '127.0.0.1', String(master.port))
    await waitFor('the link', async () => (await field(r, 'replication', 'master_link_status')) === 'up')
    await m.call('DEBUG', 'SET-ACTIVE-EXPIRE', '0')
    await m.set('first', '1')
    const offset = async (): Promise<number> => Number(await field(m, 'replication', 'master_repl_offset'))
    const grows = async (by: number, step: () => Promise<unknown>): Promise<void> => {
      const before = await offset()
      await step()
      assert.equal(await offset() - before, by)
    }
    await grows(0, () => m.call('SAVE'))
    await m.set('k', 'v', 'PX', 20)
    await sleep(50)
    await grows(cmd('DEL', 'k').length, () => m.get('k'))
    assert.equal(await field(m, 'persistence', 'rdb_changes_since_last_save'), '1', 'the SET counts, its expiry does not')
    await m.config('SET', 'lazyfree-lazy-expire', 'yes')
    await m.set('j', 'v', 'PX', 20)
    await sleep(50)
    await grows(cmd('UNLINK', 'j').length, () => m.exists('j'))
    await grows(cmd('SET', 'x', 'v').length + cmd('UNLINK', 'x').length, async () => {
      await m.set('x', 'v')
      assert.equal(await m.expire('x', -1), 1)
    })
    const end = String(await offset())
    await waitFor('the replica in step', async () => (await field(r, 'replication', 'slave_repl_offset')) === end)
    assert.equal(await r.dbsize(), 1)
  })
})
