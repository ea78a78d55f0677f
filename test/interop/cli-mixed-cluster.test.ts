// Mixed clusters: rcl create --server <masters'> --replica-server <replicas'>, real redis-server 7.0 on one side and
// rcl-node on the other, both ways. Each converges (cluster_state:ok everywhere, replicas linked and in sync), and
// rcl failover refuses when a node the failover needs runs rcl-node.
import { strict as assert } from 'node:assert'
import { after, describe, it } from 'node:test'
import { Cluster, Redis } from 'ioredis'
import { readRecord } from '../../src/lib/process/state-dir.js'
import { freePortRange } from '../helpers/free-port.js'
import { cleanUp, json, runCli, stateDir } from '../helpers/run-cli.js'

after(cleanUp)

interface Created { nodes: Array<{ addr: string; id: string; role: string; masterId: string | null }>; startupNodes: Array<{ host: string; port: number }>; check: { ok: boolean } }

async function infoOf(port: number, section: string): Promise<string> {
  const r = new Redis({ port, lazyConnect: true, maxRetriesPerRequest: 1 })
  try { return String(await r.call('INFO', section)) } finally { r.disconnect() }
}

const field = (text: string, name: string): string | undefined => new RegExp(`^${name}:(.*)\\r$`, 'm').exec(text)?.[1]

for (const [masters, replicas] of [['redis-server', 'rcl-node'], ['rcl-node', 'redis-server']] as const) {
  describe(`a mixed cluster: ${masters} masters, ${replicas} replicas`, () => {
    it('converges with cluster_state:ok on every node, each replica linked, and serves a cluster client', async () => {
      const dir = stateDir()
      const base = await freePortRange(6)
      const r = await runCli(['create', '--masters', '3', '--replicas', '1', '--port', String(base), '--server', masters, '--replica-server', replicas, '--yes', '--dir', dir, '--json'], { timeoutMs: 120_000 })
      assert.equal(r.status, 0, r.stdout + r.stderr)
      const created = json<Created>(r)
      assert.equal(created.check.ok, true)
      for (const n of created.nodes) {
        const port = Number(n.addr.split(':')[1])
        const server = n.role === 'master' ? masters : replicas
        assert.equal(readRecord(dir, port)?.server, server, n.addr)
        // the node really is that server: only rcl-node reports rcl_version
        assert.equal(field(await infoOf(port, 'server'), 'rcl_version') !== undefined, server === 'rcl-node', n.addr)
        assert.equal(field(await infoOf(port, 'cluster'), 'cluster_enabled'), '1')
        const state = json<{ results: Array<{ addr: string; reply: string }> }>(await runCli(['call', n.addr, 'CLUSTER', 'INFO', '--json']))
        for (const x of state.results) assert.match(x.reply, /^cluster_state:ok\r$/m, x.addr)
        if (n.role === 'replica') assert.equal(field(await infoOf(port, 'replication'), 'master_link_status'), 'up', n.addr)
      }
      const cluster = new Cluster(created.startupNodes)
      try {
        for (let i = 0; i < 50; i++) await cluster.set(`k${i}`, String(i))
        assert.equal(await cluster.get('k42'), '42')
      } finally {
        cluster.disconnect()
      }
      // each master's writes reach its replica of the other kind
      const dbsize = json<{ results: Array<{ addr: string; reply: number }> }>(await runCli(['call', `127.0.0.1:${base}`, 'DBSIZE', '--json']))
      const sizeOf = new Map(dbsize.results.map((x) => [x.addr, Number(x.reply)]))
      for (const rep of created.nodes.filter((n) => n.role === 'replica')) {
        const master = created.nodes.find((m) => m.id === rep.masterId)
        assert.ok(master !== undefined)
        const want = sizeOf.get(master.addr)
        const repPort = Number(rep.addr.split(':')[1])
        for (let i = 0; i < 100 && Number(field(await infoOf(repPort, 'keyspace'), 'db0')?.split(',')[0].slice(5) ?? 0) !== want; i++) await new Promise((res) => setTimeout(res, 20))
        assert.equal(Number(field(await infoOf(repPort, 'keyspace'), 'db0')?.split(',')[0].slice(5) ?? 0), want, rep.addr)
      }
      assert.equal([...sizeOf.values()].reduce((a, b) => a + b, 0), 100)

      // the failover needs an rcl-node: the replica itself, or (manual failover) its master
      const replica = created.nodes.find((n) => n.role === 'replica') as Created['nodes'][number]
      const refused = await runCli(['failover', replica.addr, '--json'])
      assert.equal(refused.status, 1, refused.stdout + refused.stderr)
      const err = json<{ error: { code: string; message: string } }>(refused).error
      assert.equal(err.code, 'E_FAILOVER_NOT_BUILT')
      const rclNode = replicas === 'rcl-node' ? replica.addr : created.nodes.find((m) => m.id === replica.masterId)?.addr as string
      assert.ok(err.message.endsWith(`: ${rclNode} runs rcl-node, which cannot take part in CLUSTER FAILOVER yet`), err.message)
    })
  })
}
