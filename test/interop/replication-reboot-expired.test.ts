// A master rebooted from its dump after some keys expired, side by side with redis-server 7.0 (issue 13):
// the same steps on a redis-server pair, an rcl-node pair and both mixed pairs give the same offsets,
// backlog and sync counts, and every replica ends with its master's data. Needs redis-server on PATH.
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import type Redis from 'ioredis'
import { client } from '../helpers/client.js'
import { startNode, stopAll } from '../helpers/node-process.js'
import { waitFor } from '../helpers/wait.js'

type Kind = 'redis-server' | undefined
const BASE = ['--enable-debug-command', 'yes', '--repl-diskless-sync-delay', '0']
const field = async (c: Redis, section: string, name: string): Promise<string> =>
  (new RegExp(`^${name}:(.*)\r$`, 'm').exec(await c.info(section)) ?? [])[1] ?? ''

interface Outcome {
  /** master_repl_offset, second_repl_offset and repl_backlog_histlen after the restart, less the offset before. */
  offsets: number[]
  syncs: string[]
  replicaKeys: number
}

async function inStep(m: Redis, r: Redis): Promise<void> {
  const offset = await field(m, 'replication', 'master_repl_offset')
  await waitFor(`the replica at offset ${offset}`, async () => (await field(r, 'replication', 'slave_repl_offset')) === offset, 10_000)
  assert.equal(await r.call('DEBUG', 'DIGEST'), await m.call('DEBUG', 'DIGEST'))
}

async function reboot(masterKind: Kind, replicaKind: Kind, expiring: number, extra: string[]): Promise<Outcome> {
  const args = [...BASE, '--save', '', ...extra]
  const master = await startNode(args, masterKind)
  const replica = await startNode([...BASE, '--replicaof', '127.0.0.1', String(master.port)], replicaKind)
  let m = client(master.port)
  const r = client(replica.port)
  try {
    await waitFor('the link', async () => (await field(r, 'replication', 'master_link_status')) === 'up', 15_000)
    // until the restart only the load may drop the keys: a slow run must not see the master expire them
    // while the datasets are compared
    await m.call('DEBUG', 'SET-ACTIVE-EXPIRE', '0')
    await m.set('keep', '1')
    const at = Date.now() + 1500
    const p = m.pipeline()
    for (let i = 0; i < expiring; i++) p.select(i % 3).set(`gone:${i}`, 'v', 'PXAT', at)
    await p.select(0).exec()
    await inStep(m, r)
    const before = Number(await field(m, 'replication', 'master_repl_offset'))
    // NOW: redis-server would otherwise send a GETACK first when its replica's last ACK is not yet in,
    // which moves its offset by 37 bytes or not depending on timing (rcl-node does not wait for replicas)
    await m.call('SHUTDOWN', 'SAVE', 'NOW').catch(() => undefined)
    m.disconnect()
    await master.stop()
    await sleep(Math.max(0, at - Date.now() + 100))
    const again = await startNode(args, masterKind, master.dir, master.port)
    m = client(again.port)
    await waitFor('the link to the restarted master', async () => (await field(r, 'replication', 'master_link_status')) === 'up', 15_000)
    await inStep(m, r)
    const offsets = await Promise.all(['master_repl_offset', 'second_repl_offset', 'repl_backlog_histlen'].map(async (f) => Number(await field(m, 'replication', f))))
    return {
      offsets: [offsets[0] - before, offsets[1] - before, offsets[2]],
      syncs: await Promise.all(['sync_full', 'sync_partial_ok', 'sync_partial_err'].map((f) => field(m, 'stats', f))),
      replicaKeys: await r.dbsize(),
    }
  } finally {
    m.disconnect()
    r.disconnect()
  }
}

const PAIRS: Array<[string, Kind, Kind]> = [['rcl-node pair', undefined, undefined], ['rcl-node master, redis-server replica', undefined, 'redis-server'], ['redis-server master, rcl-node replica', 'redis-server', undefined]]

describe('a rebooted master and keys that expired meanwhile, against redis-server', () => {
  after(stopAll)

  for (const lazy of ['no', 'yes']) {
    it(`backlog DELs: the same offsets and a partial resync in every pairing (lazyfree-lazy-expire ${lazy})`, { timeout: 120000 }, async () => {
      const extra = ['--lazyfree-lazy-expire', lazy]
      const redis = await reboot('redis-server', 'redis-server', 30, extra)
      assert.deepEqual(redis.syncs, ['0', '1', '0'])
      assert.equal(redis.replicaKeys, 1)
      for (const [name, masterKind, replicaKind] of PAIRS) {
        assert.deepEqual(await reboot(masterKind, replicaKind, 30, extra), redis, name)
      }
    })
  }

  it('DELs beyond the backlog: a full sync in every pairing', { timeout: 120000 }, async () => {
    const extra = ['--repl-backlog-size', '16384']
    const redis = await reboot('redis-server', 'redis-server', 3000, extra)
    assert.deepEqual(redis.syncs, ['1', '0', '1'])
    for (const [name, masterKind, replicaKind] of PAIRS) {
      const outcome = await reboot(masterKind, replicaKind, 3000, extra)
      // Redis's backlog is kept in 16 KB blocks and may hold a little more than its size: compare the rest
      assert.deepEqual({ ...outcome, offsets: outcome.offsets.slice(0, 2) }, { ...redis, offsets: redis.offsets.slice(0, 2) }, name)
    }
  })
})
