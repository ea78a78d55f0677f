// A master rebooted from its own dump (issue 13): keys that expired while it was down are dropped by the
// load, and, as Redis 7.0 does, a DEL for each is fed to the backlog rebuilt from the dump's replication
// fields, so a replica that continues partially drops them too and ends with the master's data. When those
// DELs outgrow the backlog, the replica gets a full sync instead. Spawned rcl-node processes.
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type Redis from 'ioredis'
import { client } from '../helpers/client.js'
import { cmd } from '../helpers/resp.js'
import { startNode, stopAll, type TestNode } from '../helpers/node-process.js'
import { waitFor } from '../helpers/wait.js'

const BASE = ['--enable-debug-command', 'yes', '--save', '', '--repl-diskless-sync-delay', '0']
const field = async (c: Redis, section: string, name: string): Promise<string> =>
  (new RegExp(`^${name}:(.*)\r$`, 'm').exec(await c.info(section)) ?? [])[1] ?? ''

async function inStep(m: Redis, r: Redis): Promise<void> {
  const offset = await field(m, 'replication', 'master_repl_offset')
  await waitFor(`the replica at offset ${offset}`, async () => (await field(r, 'replication', 'slave_repl_offset')) === offset, 10_000)
  assert.equal(await r.call('DEBUG', 'DIGEST'), await m.call('DEBUG', 'DIGEST'))
  assert.equal(await r.dbsize(), await m.dbsize())
}

/**
 * A master and a replica in step, with `expiring(m, at)` having written keys that expire at `at`; the
 * master goes down with a dump, the keys expire, and it comes back from the dump with `restartArgs`.
 */
async function rebootAfterExpiry(masterArgs: string[], expiring: (m: Redis, at: number) => Promise<void>, restartArgs = masterArgs): Promise<{ m: Redis; r: Redis; before: number; close: () => void }> {
  const master: TestNode = await startNode([...BASE, ...masterArgs])
  const replica = await startNode([...BASE, '--replicaof', '127.0.0.1', String(master.port)])
  let m = client(master.port)
  const r = client(replica.port)
  await waitFor('the link', async () => (await field(r, 'replication', 'master_link_status')) === 'up', 15_000)
  // until the restart only the load may drop the keys: a slow run must not see the master expire them
  // while the datasets are compared
  await m.call('DEBUG', 'SET-ACTIVE-EXPIRE', '0')
  await m.set('keep', '1')
  const at = Date.now() + 1500
  await expiring(m, at)
  await inStep(m, r)
  const before = Number(await field(m, 'replication', 'master_repl_offset'))
  await m.call('SHUTDOWN', 'SAVE').catch(() => undefined)
  m.disconnect()
  await master.stop()
  await sleep(Math.max(0, at - Date.now() + 100))
  const again = await startNode([...BASE, ...restartArgs], undefined, master.dir, master.port)
  m = client(again.port)
  await waitFor('the link to the restarted master', async () => (await field(r, 'replication', 'master_link_status')) === 'up', 15_000)
  return { m, r, before, close: () => { m.disconnect(); r.disconnect() } }
}

describe('a master rebooted from its dump after keys expired (rcl-node processes)', () => {
  after(stopAll)

  for (const lazy of ['no', 'yes']) {
    it(`feeds a ${lazy === 'yes' ? 'UNLINK' : 'DEL'} per expired key to its backlog, and the replica continues partially and drops them (lazyfree-lazy-expire ${lazy})`, { timeout: 60000 }, async () => {
      const keys = [['e1', 0], ['e2', 0], ['e3', 2]] as const
      const { m, r, before, close } = await rebootAfterExpiry(['--lazyfree-lazy-expire', lazy], async (m, at) => {
        for (const [key, db] of keys) {
          await m.select(db)
          await m.set(key, 'v', 'PXAT', at)
        }
        await m.select(0)
      })
      try {
        const del = lazy === 'yes' ? 'UNLINK' : 'DEL'
        const fed = cmd('SELECT', '0').length + cmd(del, 'e1').length + cmd(del, 'e2').length + cmd('SELECT', '2').length + cmd(del, 'e3').length
        assert.equal(await field(m, 'replication', 'master_repl_offset'), String(before + fed))
        assert.equal(await field(m, 'replication', 'second_repl_offset'), String(before + 1))
        assert.equal(await field(m, 'replication', 'repl_backlog_histlen'), String(fed))
        assert.equal(await field(m, 'stats', 'sync_partial_ok'), '1')
        assert.equal(await field(m, 'stats', 'sync_full'), '0')
        await inStep(m, r)
        assert.equal(await r.dbsize(), 1)
        // the stream goes on from there, in the right db
        await m.set('after', '1')
        await inStep(m, r)
        assert.equal(await r.get('after'), '1')
      } finally {
        close()
      }
    })
  }

  it('lets a replica restarted from its dump keep expired keys until its master\'s DEL', { timeout: 60000 }, async () => {
    const master = await startNode(BASE)
    const m = client(master.port)
    await m.call('DEBUG', 'SET-ACTIVE-EXPIRE', '0')
    const replicaArgs = [...BASE, '--replicaof', '127.0.0.1', String(master.port)]
    const replica = await startNode(replicaArgs)
    let r = client(replica.port)
    try {
      await waitFor('the link', async () => (await field(r, 'replication', 'master_link_status')) === 'up', 15_000)
      const at = Date.now() + 1000
      await m.set('keep', '1')
      await m.set('e', 'v', 'PXAT', at)
      await inStep(m, r)
      await r.call('SHUTDOWN', 'SAVE').catch(() => undefined)
      r.disconnect()
      await replica.stop()
      await sleep(Math.max(0, at - Date.now() + 100))
      const again = await startNode(replicaArgs, undefined, replica.dir, replica.port)
      r = client(again.port)
      await waitFor('the link', async () => (await field(r, 'replication', 'master_link_status')) === 'up', 15_000)
      assert.match(readFileSync(join(replica.dir, 'node.log'), 'latin1'), /Done loading RDB, keys loaded: 2, keys expired: 0\.\n(?![\s\S]*Done loading RDB)/)
      assert.equal(await r.dbsize(), 2)
      assert.equal(await m.exists('e'), 0)
      await inStep(m, r)
      assert.equal(await r.dbsize(), 1)
    } finally {
      m.disconnect()
      r.disconnect()
    }
  })

  it('gives the replica a full sync when the DELs outgrow the backlog', { timeout: 60000 }, async () => {
    const { m, r, close } = await rebootAfterExpiry(['--repl-backlog-size', '16384'], async (m, at) => {
      const p = m.pipeline()
      for (let i = 0; i < 2000; i++) p.set(`gone:${i}`, 'v', 'PXAT', at)
      await p.exec()
    })
    try {
      assert.ok(Number(await field(m, 'replication', 'repl_backlog_histlen')) <= 16384)
      assert.equal(await field(m, 'stats', 'sync_full'), '1')
      assert.equal(await field(m, 'stats', 'sync_partial_err'), '1')
      await inStep(m, r)
      assert.equal(await r.dbsize(), 1)
    } finally {
      close()
    }
  })
})
