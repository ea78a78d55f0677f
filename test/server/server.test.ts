import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { client } from '../helpers/client.js'
import { startServer, type InProc } from '../helpers/in-proc-server.js'
import { cmd, exchange } from '../helpers/resp.js'

const headers = (info: string): string[] => info.split('\r\n').filter((l) => l.startsWith('# ')).map((l) => l.slice(2))
const field = (info: string, name: string): string => (new RegExp(`^${name}:(.*)$`, 'm').exec(info) ?? [])[1]?.trim() ?? ''

describe('INFO', () => {
  let srv: InProc
  before(async () => { srv = await startServer() })
  after(async () => { await srv.stop() })

  it('prints the default, all and everything section sets in Redis order', async () => {
    const c = client(srv.port)
    try {
      assert.deepEqual(headers(await c.info()), ['Server', 'Clients', 'Memory', 'Persistence', 'Stats', 'Replication', 'CPU', 'Modules', 'Errorstats', 'Cluster', 'Keyspace'])
      const all = ['Server', 'Clients', 'Memory', 'Persistence', 'Stats', 'Replication', 'CPU', 'Modules', 'Commandstats', 'Errorstats', 'Latencystats', 'Cluster', 'Keyspace']
      assert.deepEqual(headers((await c.call('INFO', 'all')) as string), all)
      assert.deepEqual(headers((await c.call('INFO', 'everything')) as string), all)
      assert.deepEqual(headers((await c.call('INFO', 'keyspace', 'CPU', 'server')) as string), ['Server', 'CPU', 'Keyspace'])
      assert.equal(await c.call('INFO', 'nosuch'), '')
    } finally { c.disconnect() }
  })

  it('reports real server, client and stats values', async () => {
    const c = client(srv.port)
    try {
      await c.set('a', '1')
      await c.get('a')
      await c.get('missing')
      await c.call('SET').catch(() => undefined)
      const info = await c.info('all')
      assert.equal(field(info, 'redis_version'), '7.0.15')
      assert.match(field(info, 'rcl_version'), /^\d+\.\d+\.\d+/)
      assert.equal(field(info, 'tcp_port'), String(srv.port))
      assert.equal(field(info, 'run_id'), srv.server.runId)
      assert.equal(field(info, 'connected_clients'), '1')
      assert.ok(Number(field(info, 'used_memory')) > 0)
      assert.ok(Number(field(info, 'keyspace_hits')) >= 1)
      assert.ok(Number(field(info, 'keyspace_misses')) >= 1)
      assert.ok(Number(field(info, 'total_commands_processed')) >= 3)
      assert.equal(field(info, 'role'), 'master')
      assert.match(field(info, 'master_replid'), /^[0-9a-f]{40}$/)
      assert.match(info, /^cmdstat_set:calls=1,usec=\d+,usec_per_call=\d+\.\d\d,rejected_calls=\d+,failed_calls=0$/m)
      assert.match(info, /^errorstat_ERR:count=\d+$/m)
      assert.match(info, /^db0:keys=1,expires=0,avg_ttl=0$/m)
      assert.ok(Number(field(info, 'rdb_changes_since_last_save')) >= 1)
    } finally { c.disconnect() }
  })

  it('answers RESP3 clients with a verbatim string', async () => {
    const r = await exchange(srv.port, [cmd('HELLO', '3'), cmd('INFO', 'cluster')], { idleMs: 150 })
    const text = '# Cluster\r\ncluster_enabled:0\r\n'
    assert.ok(r.data.endsWith(`=${text.length + 4}\r\ntxt:${text}\r\n`), r.data)
  })
})

describe('TIME, LASTSAVE, WAIT', () => {
  let srv: InProc
  before(async () => { srv = await startServer() })
  after(async () => { await srv.stop() })

  it('returns the clock as seconds and microseconds', async () => {
    const c = client(srv.port)
    try {
      const [sec, usec] = (await c.time()) as unknown as [string, string]
      assert.ok(Math.abs(Number(sec) - Date.now() / 1000) < 5)
      assert.ok(Number(usec) >= 0 && Number(usec) < 1e6)
      assert.equal(await c.lastsave(), Math.floor(srv.server.startTime / 1000))
    } finally { c.disconnect() }
  })

  it('answers WAIT at once for 0 replicas and after the timeout otherwise', async () => {
    const c = client(srv.port)
    try {
      assert.equal(await c.call('WAIT', '0', '0'), 0)
      const t0 = Date.now()
      assert.equal(await c.call('WAIT', '1', '100'), 0)
      assert.ok(Date.now() - t0 >= 90)
      await assert.rejects(c.call('WAIT', '0', '-1'), /timeout is negative/)
    } finally { c.disconnect() }
  })
})

describe('SHUTDOWN', () => {
  it('checks its options, then stops the server', async () => {
    const srv = await startServer()
    const c = client(srv.port)
    await assert.rejects(c.call('SHUTDOWN', 'NOSAVE', 'SAVE'), /syntax error/)
    await assert.rejects(c.call('SHUTDOWN', 'ABORT'), /No shutdown in progress\./)
    await c.call('SHUTDOWN', 'NOSAVE').catch(() => undefined)
    await Promise.race([srv.server.closed, sleep(2000).then(() => { throw new Error('server did not close') })])
    c.disconnect()
  })
})
