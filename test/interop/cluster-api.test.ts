// The library entry point as another project's tests would use it: import { startCluster } from 'rcl'
// (the package's own name, through its exports), a ready cluster, and stop() leaving nothing behind:
// with rcl-node (the default), and with redis-server masters beside rcl-node replicas.
import { strict as assert } from 'node:assert'
import { existsSync } from 'node:fs'
import { after, describe, it } from 'node:test'
import { Cluster, Redis } from 'ioredis'
import { inlineCommand } from '../../src/lib/process/probe.js'
import { runCli } from '../helpers/run-cli.js'

type Api = typeof import('../../src/index.js')
const stops: Array<() => Promise<void>> = []
after(async () => { for (const s of stops) await s() })

/** Whether the node at `port` is rcl-node: only it reports rcl_version in INFO server. */
async function isRclNode(port: number): Promise<boolean> {
  const r = new Redis({ port, lazyConnect: true })
  try { return /^rcl_version:/m.test(String(await r.call('INFO', 'server'))) } finally { r.disconnect() }
}

const cases = [
  { name: 'rcl-node (the default)', opts: {}, masters: 'rcl-node', replicas: 'rcl-node' },
  { name: 'redis-server masters and rcl-node replicas', opts: { server: 'redis-server', replicaServer: 'rcl-node' }, masters: 'redis-server', replicas: 'rcl-node' },
]

describe("startCluster from 'rcl'", () => {
  for (const c of cases) it(`starts a ready 3+3 cluster of ${c.name} on free ports and stop() removes every node and file`, async () => {
    const { startCluster } = await import('rcl' as string) as Api
    const cluster = await startCluster({ masters: 3, replicasPerMaster: 1, config: { 'cluster-node-timeout': '3000' }, ...c.opts })
    stops.push(cluster.stop)
    assert.equal(cluster.startupNodes.length, 6)
    assert.equal(cluster.nodes.filter((n) => n.role === 'replica').length, 3)
    for (const n of cluster.nodes) {
      assert.equal(await isRclNode(Number(n.addr.split(':')[1])), (n.role === 'master' ? c.masters : c.replicas) === 'rcl-node', n.addr)
    }
    const client = new Cluster(cluster.startupNodes)
    try {
      await client.set('{a}x', '1')
      await client.set('{b}y', '2')
      assert.deepEqual([await client.get('{a}x'), await client.get('{b}y')], ['1', '2'])
    } finally {
      client.disconnect()
    }
    const check = await runCli(['check', `127.0.0.1:${cluster.startupNodes[0].port}`])
    assert.equal(check.status, 0, check.stdout)
    await cluster.stop()
    assert.equal(existsSync(cluster.stateDir), false)
    for (const n of cluster.startupNodes) assert.equal(await inlineCommand('127.0.0.1', n.port, 'PING'), null)
  })
})
