// Breaking a replication link the way users and tools do it (issue 13): CLIENT KILL TYPE master on the
// replica, several times in a row while a second client keeps writing (plain writes, transactions, two
// dbs). Each time the replica must come back with a partial resync from the backlog, never a full one,
// and end with the master's data. With disk-based and with diskless first syncs. Spawned rcl-node processes.
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import type Redis from 'ioredis'
import { client } from '../helpers/client.js'
import { startNode, stopAll } from '../helpers/node-process.js'
import { waitFor } from '../helpers/wait.js'
import { writeLoad } from '../helpers/write-load.js'

const BASE = ['--enable-debug-command', 'yes', '--save', '', '--repl-diskless-sync-delay', '0']
const ROUNDS = 8
const field = async (c: Redis, section: string, name: string): Promise<string> =>
  (new RegExp(`^${name}:(.*)\r$`, 'm').exec(await c.info(section)) ?? [])[1] ?? ''

describe('CLIENT KILL TYPE master under write load (rcl-node processes)', () => {
  after(stopAll)

  for (const diskless of ['no', 'yes']) {
    it(`brings a partial resync each time, ${ROUNDS} kills in a row, and the same data (repl-diskless-sync ${diskless})`, { timeout: 120000 }, async () => {
      const master = await startNode([...BASE, '--repl-diskless-sync', diskless])
      const replica = await startNode([...BASE, '--replicaof', '127.0.0.1', String(master.port)])
      const m = client(master.port)
      const r = client(replica.port)
      const load = writeLoad(master.port)
      try {
        await waitFor('the link', async () => (await field(r, 'replication', 'master_link_status')) === 'up', 15_000)
        for (let round = 1; round <= ROUNDS; round++) {
          const seen = load.batches()
          await waitFor('writes since the last kill', () => load.batches() >= seen + 5, 10_000)
          assert.equal(await r.call('CLIENT', 'KILL', 'TYPE', 'master'), 1, `round ${round}`)
          await waitFor(`partial resync ${round}`, async () => (await field(m, 'stats', 'sync_partial_ok')) === String(round), 10_000)
          await waitFor('the link', async () => (await field(r, 'replication', 'master_link_status')) === 'up', 10_000)
        }
        const batches = await load.stop()
        assert.ok(batches >= ROUNDS * 5)
        const offset = await field(m, 'replication', 'master_repl_offset')
        await waitFor(`the replica at offset ${offset}`, async () => (await field(r, 'replication', 'slave_repl_offset')) === offset, 10_000)
        assert.equal(await r.call('DEBUG', 'DIGEST'), await m.call('DEBUG', 'DIGEST'))
        assert.equal(await r.get('counter'), String(batches))
        assert.equal(await field(m, 'stats', 'sync_full'), '1')
        assert.equal(await field(m, 'stats', 'sync_partial_ok'), String(ROUNDS))
        assert.equal(await field(m, 'stats', 'sync_partial_err'), '0')
        const log = readFileSync(join(replica.dir, 'node.log'), 'latin1')
        assert.equal(log.match(/Successful partial resynchronization with master\./g)?.length, ROUNDS)
        assert.equal(log.match(/Full resync from master/g)?.length, 1)
      } finally {
        await load.stop()
        m.disconnect()
        r.disconnect()
      }
    })
  }
})
