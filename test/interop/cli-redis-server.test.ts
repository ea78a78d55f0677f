// The lifecycle commands managing real redis-server 7.0 processes from the same templates rcl-node uses:
// standalone, replica (rcl replicas create), cluster and sentinel.
import { strict as assert } from 'node:assert'
import { after, describe, it } from 'node:test'
import { Redis } from 'ioredis'
import { freePort } from '../helpers/free-port.js'
import { cleanUp, json, runCli, stateDir } from '../helpers/run-cli.js'

after(cleanUp)

interface Statuses { nodes: Array<{ addr: string; alive: boolean; role: string | null; server: string; master: string | null; linkUp: boolean | null }> }

async function withRedis<T>(port: number, fn: (r: Redis) => Promise<T>): Promise<T> {
  const r = new Redis({ port, lazyConnect: true, maxRetriesPerRequest: 1 })
  try {
    return await fn(r)
  } finally {
    r.disconnect()
  }
}

const ports = async (n: number): Promise<number[]> => (await Promise.all(Array.from({ length: n }, freePort))).sort((a, b) => a - b)

describe('rcl with --server redis-server', () => {
  it('creates a real-Redis replica set and reports it', async () => {
    const dir = stateDir()
    const [m, r1, r2] = await ports(3)
    const r = await runCli(['replicas', 'create', `127.0.0.1:${m}`, `127.0.0.1:${r1}`, `127.0.0.1:${r2}`, '--server', 'redis-server', '--dir', dir])
    assert.equal(r.status, 0, r.stderr)
    assert.match(r.stdout, /\[OK\] Every replica of 127\.0\.0\.1:\d+ has its link up\./)
    const nodes = json<Statuses>(await runCli(['status', '--dir', dir, '--json'])).nodes
    assert.deepEqual(nodes.map((n) => [n.server, n.role, n.linkUp]), [['redis-server', 'master', null], ['redis-server', 'slave', true], ['redis-server', 'slave', true]])
    assert.equal(await withRedis(m, (c) => c.call('CONFIG', 'GET', 'repl-diskless-sync-delay')).then((v) => (v as string[])[1]), '0')
    const stop = await runCli(['stop', '--all', '--dir', dir])
    assert.equal(stop.status, 0)
    assert.equal((stop.stdout.match(/\[OK\] 127\.0\.0\.1:\d+ stopped/g) ?? []).length, 3)
  })

  it('starts a cluster-enabled redis-server from the cluster template', async () => {
    const dir = stateDir()
    const [p] = await ports(1)
    const r = await runCli(['start', `127.0.0.1:${p}`, '--template', 'cluster', '--server', 'redis-server', '--dir', dir, '--config', 'cluster-node-timeout=2000'])
    assert.equal(r.status, 0, r.stderr)
    await withRedis(p, async (c) => {
      assert.match(String(await c.info('cluster')), /cluster_enabled:1/)
      assert.deepEqual(await c.call('CONFIG', 'GET', 'cluster-node-timeout'), ['cluster-node-timeout', '2000'])
    })
  })

  it('starts a Sentinel from the sentinel template that monitors the given master', async () => {
    const dir = stateDir()
    const [m, s] = await ports(2)
    assert.equal((await runCli(['start', `127.0.0.1:${m}`, '--server', 'redis-server', '--dir', dir])).status, 0)
    const r = await runCli(['start', `127.0.0.1:${s}`, '--template', 'sentinel', '--server', 'redis-server', '--replicaof', `127.0.0.1:${m}`,
      '--var', 'masterName=mymaster', '--var', 'quorum=1', '--dir', dir])
    assert.equal(r.status, 0, r.stderr)
    assert.deepEqual(await withRedis(s, (c) => c.call('SENTINEL', 'GET-MASTER-ADDR-BY-NAME', 'mymaster')), ['127.0.0.1', String(m)])
    const nodes = json<Statuses>(await runCli(['status', '--dir', dir, '--json'])).nodes
    assert.deepEqual(nodes.map((n) => n.role), ['master', 'sentinel'])
  })
})
