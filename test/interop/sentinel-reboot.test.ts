// A real redis-sentinel watching an rcl-node master that restarts and loads its dataset slowly: the
// restarted master answers INFO (a new run_id) and PING with -LOADING while it loads, which is how
// Sentinel tells a reboot, and past master-reboot-down-after-period it fails the master over to its
// replica (a real redis-server). down-after-milliseconds is set far beyond the test's wait, so only the
// reboot path can cause the failover: a master that froze while loading would never be failed over.
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { client } from '../helpers/client.js'
import { writeDump } from '../helpers/dataset-files.js'
import { startNode, stopAll } from '../helpers/node-process.js'
import { waitFor } from '../helpers/wait.js'
import { freePort } from '../helpers/free-port.js'

/** 80,000 keys at 500 µs or more each: the restarted master loads for 40 s or more, longer than the test waits. */
const KEYS = 80_000
const SLOW = ['--key-load-delay', '500', '--loading-process-events-interval-bytes', '1024']

describe('redis-sentinel and an rcl-node master that reboots', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rcl-sentinel-reboot-'))
  after(async () => {
    await stopAll()
    rmSync(dir, { recursive: true, force: true })
  })

  it('fails over a restarted master that answers -LOADING past master-reboot-down-after-period', async () => {
    // the master's dataset: a dump it loads at once now, and slowly after the restart
    writeDump(dir, KEYS)
    const masterPort = await freePort()
    let master = await startNode(['--save', ''], undefined, dir, masterPort)
    const replica = await startNode(['--replicaof', '127.0.0.1', String(masterPort)], 'redis-server')
    const r = client(replica.port)
    await waitFor('the replica to sync', async () => /master_link_status:up/.test(await r.info('replication')), 30_000, 100)
    assert.equal(await r.dbsize(), KEYS)

    const conf = join(replica.dir, 'sentinel.conf')
    writeFileSync(conf, [
      `sentinel monitor mymaster 127.0.0.1 ${masterPort} 1`,
      'sentinel down-after-milliseconds mymaster 120000',
      'sentinel failover-timeout mymaster 5000',
      'sentinel master-reboot-down-after-period mymaster 1000',
      '',
    ].join('\n'))
    const sentinel = await startNode([conf], 'redis-sentinel', undefined, await freePort())
    const s = client(sentinel.port)
    try {
      await waitFor('the sentinel to know the replica', async () => {
        const replicas = await s.call('SENTINEL', 'REPLICAS', 'mymaster') as string[][]
        return replicas.length === 1 && replicas[0].includes(String(replica.port))
      }, 30_000, 100)

      await master.stop()
      master = await startNode(['--save', '', ...SLOW], undefined, dir, masterPort, true)
      const m = client(master.port)
      assert.equal(await m.ping().catch((e: Error) => e.message).finally(() => m.disconnect()), 'LOADING Redis is loading the dataset in memory')

      const sentinelLog = (): string => readFileSync(join(sentinel.dir, 'node.log'), 'latin1')
      await waitFor('the sentinel to fail the master over', () => sentinelLog().includes('+switch-master'), 45_000, 200)
      assert.deepEqual(await s.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', 'mymaster'), ['127.0.0.1', String(replica.port)])
      // the promotion closed normal clients (CLIENT KILL TYPE normal): ask on a new connection
      const promoted = client(replica.port)
      assert.match(await promoted.info('replication').finally(() => promoted.disconnect()), /role:master/)
      assert.match(sentinelLog(), new RegExp(`\\+reboot master mymaster 127\\.0\\.0\\.1 ${masterPort}\\n[\\s\\S]*\\+sdown master mymaster 127\\.0\\.0\\.1 ${masterPort}\\n[\\s\\S]*\\+switch-master mymaster 127\\.0\\.0\\.1 ${masterPort} 127\\.0\\.0\\.1 ${replica.port}\\n`))
      // the master was still loading all along: the failover came from the reboot, not from silence
      const again = client(master.port)
      assert.match(await again.info('persistence').finally(() => again.disconnect()), /loading:1/)
    } finally {
      s.disconnect()
      r.disconnect()
    }
  })
})
