// rcl create / check / info / call / set-timeout / failover / add-node / del-node / import / backup on cluster
// nodes started by rcl itself, each suite twice: on rcl-node (the default server, no --server flag) and on real
// redis-server 7.0, with redis-cli --cluster check and backup as the second opinion.
import { strict as assert } from 'node:assert'
import { mkdirSync, readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import { Cluster, Redis } from 'ioredis'
import { runProgramOk, whichCommand } from '../../src/lib/process/run-program.js'
import { readRecord } from '../../src/lib/process/state-dir.js'
import { freePort, freePortRange } from '../helpers/free-port.js'
import { cleanUp, json, runCli, stateDir } from '../helpers/run-cli.js'
import { waitFor } from '../helpers/wait.js'

after(cleanUp)

const REDIS_SERVER_PATH = await whichCommand('redis-server') ?? 'redis-server'

/** Every suite below runs once per server; rcl-node is what rcl runs when --server is not given. */
const SERVERS = ['rcl-node', 'redis-server'] as const
type ServerName = typeof SERVERS[number]
const serverArgs = (server: ServerName): string[] => (server === 'rcl-node' ? [] : ['--server', server])

/** rcl failover on an rcl-node replica: exit 1, E_FAILOVER_NOT_BUILT, and no role changed. */
async function assertFailoverRefused(replica: string, base: number, mode: string[] = []): Promise<void> {
  const r = await runCli(['failover', replica, ...mode, '--json'])
  assert.equal(r.status, 1, r.stdout + r.stderr)
  const err = json<{ error: { code: string; message: string } }>(r).error
  assert.equal(err.code, 'E_FAILOVER_NOT_BUILT')
  assert.match(err.message, new RegExp(`failover of rcl-node cluster nodes comes with the next issue: ${replica.replace(/\./g, '\\.')}`))
  const text = await runCli(['failover', replica, ...mode])
  assert.match(text.stderr, /\[ERR\] Automatic and manual failover of rcl-node cluster nodes comes with the next issue/)
  const roles = json<{ results: Array<{ addr: string; reply: unknown[] }> }>(await runCli(['call', `127.0.0.1:${base + 1}`, 'ROLE', '--json']))
  assert.equal(roles.results.find((x) => x.addr === replica)?.reply[0], 'slave')
}

interface Created {
  nodes: Array<{ addr: string; id: string; role: string; masterId: string | null; slots: Array<[number, number]> }>
  startupNodes: Array<{ host: string; port: number }>
  check: { ok: boolean; agree: boolean; coveredSlots: number }
}
interface Checked { info: { masters: Array<{ addr: string; keys: number; slots: number; replicas: number }>; keys: number }; check: { ok: boolean; unreachable: Array<{ addr: string }> } }

for (const server of SERVERS) {
  describe(`rcl create, check and info with ${server} nodes`, () => {
    let dir: string
    let base: number
    let created: Created

    before(async () => {
      dir = stateDir()
      base = await freePortRange(6)
      // the replicas' server spelled differently (same binary) shows --replica-server reaching only them
      const replicaArgs = server === 'redis-server' ? ['--replica-server', REDIS_SERVER_PATH] : []
      const r = await runCli(['create', '--masters', '3', '--replicas', '1', '--port', String(base), ...serverArgs(server), ...replicaArgs, '--yes', '--dir', dir, '--json'], { timeoutMs: 120_000 })
      assert.equal(r.status, 0, r.stdout + r.stderr)
      created = json<Created>(r)
    })

    it('builds 3 masters with redis-cli\'s slot runs and one replica each, ready when it returns', () => {
      const masters = created.nodes.filter((n) => n.role === 'master').sort((a, b) => a.slots[0][0] - b.slots[0][0])
      assert.deepEqual(masters.map((m) => m.slots), [[[0, 5460]], [[5461, 10922]], [[10923, 16383]]])
      assert.deepEqual(masters.map((m) => m.addr), [0, 1, 2].map((i) => `127.0.0.1:${base + i}`))
      const replicas = created.nodes.filter((n) => n.role === 'replica')
      assert.deepEqual(replicas.map((r) => r.masterId).sort(), masters.map((m) => m.id).sort())
      assert.equal(created.check.ok, true)
      assert.deepEqual(created.startupNodes.map((n) => n.port), [0, 1, 2, 3, 4, 5].map((i) => base + i))
    })

    it('starts the replicas with --replica-server and the masters with --server (rcl-node without either)', () => {
      for (const n of created.nodes) {
        const rec = readRecord(dir, Number(n.addr.split(':')[1]))
        const expected = server === 'rcl-node' ? 'rcl-node' : n.role === 'master' ? 'redis-server' : REDIS_SERVER_PATH
        assert.equal(rec?.server, expected, n.addr)
      }
    })

    it('serves a cluster client at once, from its startup nodes', async () => {
      const cluster = new Cluster(created.startupNodes, { scaleReads: 'slave' })
      try {
        for (let i = 0; i < 30; i++) await cluster.set(`key:${i}`, String(i))
        await cluster.call('WAIT', '1', '2000')
        assert.equal(await cluster.get('key:7'), '7')
      } finally {
        cluster.disconnect()
      }
    })

    it('agrees with redis-cli --cluster check, and reports keys per master like --cluster info', async () => {
      const cli = await runProgramOk('redis-cli', ['--cluster', 'check', `127.0.0.1:${base}`], { env: { TERM: 'dumb' } })
      assert.match(cli, /\[OK\] All nodes agree about slots configuration\./)
      assert.match(cli, /\[OK\] All 16384 slots covered\./)
      const r = await runCli(['check', `127.0.0.1:${base}`, '--dir', dir])
      assert.equal(r.status, 0, r.stderr)
      for (const line of ['[OK] All nodes agree about slots configuration.', '>>> Check for open slots...', '>>> Check slots coverage...', '[OK] All 16384 slots covered.']) {
        assert.ok(r.stdout.includes(line), line)
      }
      const cliMasters = [...cli.matchAll(/^(127\.0\.0\.1:\d+) \(([0-9a-f]{8})\.\.\.\) -> (\d+) keys \| (\d+) slots \| (\d+) slaves\.$/gm)].map((m) => m.slice(1).join(' ')).sort()
      const ours = [...r.stdout.matchAll(/^(127\.0\.0\.1:\d+) \(([0-9a-f]{8})\.\.\.\) -> (\d+) keys \| (\d+) slots \| (\d+) slaves\.$/gm)].map((m) => m.slice(1).join(' ')).sort()
      assert.equal(ours.length, 3)
      assert.deepEqual(ours, cliMasters)
      const info = json<Checked['info']>(await runCli(['info', `127.0.0.1:${base + 1}`, '--json']))
      assert.equal(info.keys, 30)
    })

    it('calls a command on every node, or only on masters or replicas', async () => {
      const all = json<{ results: Array<{ addr: string; reply: unknown }> }>(await runCli(['call', `127.0.0.1:${base}`, 'DBSIZE', '--json']))
      assert.equal(all.results.length, 6)
      assert.equal(all.results.reduce((s, r) => s + Number(r.reply), 0), 60) // 30 keys, each on a master and its replica
      const masters = await runCli(['call', `127.0.0.1:${base}`, 'ROLE', '--only-masters'])
      assert.equal(masters.status, 0)
      assert.match(masters.stdout, /^>>> Calling ROLE$/m)
      assert.equal((masters.stdout.match(/^127\.0\.0\.1:\d+: master$/gm) ?? []).length, 3)
      const bad = await runCli(['call', `127.0.0.1:${base}`, 'NOSUCHCOMMAND', '--only-replicas'])
      assert.equal(bad.status, 1)
      assert.equal((bad.stdout.match(/\[ERR\] 127\.0\.0\.1:\d+: ERR unknown command 'NOSUCHCOMMAND'/g) ?? []).length, 3)
    })

    it('sets the node timeout everywhere and writes it to each config file', async () => {
      const r = await runCli(['set-timeout', `127.0.0.1:${base}`, '4000'])
      assert.equal(r.status, 0, r.stderr)
      assert.match(r.stdout, /^>>> New node timeout set\. 6 OK, 0 ERR\.$/m)
      const timeouts = json<{ results: Array<{ reply: string[] }> }>(await runCli(['call', `127.0.0.1:${base}`, 'CONFIG', 'GET', 'cluster-node-timeout', '--json']))
      assert.deepEqual(timeouts.results.map((x) => x.reply[1]), Array(6).fill('4000'))
      const conf = readFileSync(join(dir, String(base), 'node.conf'), 'utf8')
      assert.match(conf, /^cluster-node-timeout 4000$/m)
      const tooSmall = await runCli(['set-timeout', `127.0.0.1:${base}`, '50'])
      assert.equal(tooSmall.status, 2)
    })

    it('fails over a replica and returns once every node sees it as master (rcl-node: refuses, naming the next issue)', async () => {
      const replica = created.nodes.find((n) => n.role === 'replica' && n.masterId === created.nodes.find((m) => m.addr === `127.0.0.1:${base}`)?.id)
      assert.ok(replica !== undefined)
      if (server === 'rcl-node') return assertFailoverRefused(replica.addr, base)
      const r = await runCli(['failover', replica.addr, '--json'])
      assert.equal(r.status, 0, r.stdout + r.stderr)
      assert.deepEqual(json(r), { addr: replica.addr, previousMaster: `127.0.0.1:${base}`, mode: 'default' })
      const roles = json<{ results: Array<{ addr: string; reply: unknown[] }> }>(await runCli(['call', `127.0.0.1:${base + 1}`, 'ROLE', '--json']))
      const roleOf = new Map(roles.results.map((x) => [x.addr, x.reply[0]]))
      assert.equal(roleOf.get(replica.addr), 'master')
      assert.equal(roleOf.get(`127.0.0.1:${base}`), 'slave')
      const again = await runCli(['failover', `127.0.0.1:${base}`, '--json'])
      assert.equal(again.status, 0, again.stdout)
      const notReplica = await runCli(['failover', `127.0.0.1:${base + 1}`])
      assert.equal(notReplica.status, 1)
      assert.match(notReplica.stderr, /is not a replica/)
    })

    it('exits 1 with an [ERR] naming a master that is down, where redis-cli check says OK', async () => {
      const victim = readRecord(dir, base + 2)
      assert.ok(victim !== null)
      process.kill(victim.pid, 'SIGKILL')
      const r = await runCli(['check', `127.0.0.1:${base}`, '--dir', dir, '--json'])
      assert.equal(r.status, 1)
      const report = json<Checked>(r)
      assert.equal(report.check.ok, false)
      assert.deepEqual(report.check.unreachable.map((u) => u.addr), [`127.0.0.1:${base + 2}`])
      const text = await runCli(['check', `127.0.0.1:${base}`, '--dir', dir])
      assert.match(text.stderr + text.stdout, new RegExp(`\\[ERR\\] Node 127\\.0\\.0\\.1:${base + 2} is unreachable`))
    })
  })

  describe(`rcl create refusals (${server})`, () => {
    it("refuses too few nodes with redis-cli's explanation, before starting anything", async () => {
      const dir = stateDir()
      const r = await runCli(['create', '--masters', '2', '--dir', dir, '--yes'])
      assert.equal(r.status, 2)
      const nodes = await Promise.all([1, 2, 3, 4, 5].map(() => freePort()))
      const few = await runCli(['create', ...nodes.map((p) => `127.0.0.1:${p}`), '--replicas', '1', ...serverArgs(server), '--dir', dir, '--yes', '--no-start'])
      assert.equal(few.status, 1)
    })

    it('asks for --yes when stdin is not a terminal, and starts nothing', async () => {
      const dir = stateDir()
      const base = await freePortRange(3)
      const r = await runCli(['create', '--masters', '3', '--port', String(base), ...serverArgs(server), '--dir', dir])
      assert.equal(r.status, 2)
      assert.match(r.stderr, /stdin is not a terminal: pass --yes/)
      assert.deepEqual(json<{ nodes: unknown[] }>(await runCli(['status', '--dir', dir, '--json'])).nodes, [])
    })

    it('refuses a node that holds keys, naming it', async () => {
      const dir = stateDir()
      const base = await freePortRange(3)
      assert.equal((await runCli(['start', `127.0.0.1:${base + 1}`, '--template', 'cluster', ...serverArgs(server), '--dir', dir])).status, 0)
      const r1 = new Redis({ port: base + 1, lazyConnect: true })
      try {
        // a lone node serves keys once it owns every slot
        await r1.call('CLUSTER', 'ADDSLOTSRANGE', '0', '16383')
        // (a fresh rcl-node turns cluster_state:ok only after its 5 s rejoin delay, redis-server after its 2 s writable delay)
        await waitFor('the lone node to accept a write', async () => (await r1.set('{x}', '1').catch(() => null)) === 'OK', 10_000, 50)
      } finally {
        r1.disconnect()
      }
      const r = await runCli(['create', '--masters', '3', '--port', String(base), ...serverArgs(server), '--dir', dir, '--yes'])
      assert.equal(r.status, 1)
      assert.match(r.stderr, new RegExp(`\\[ERR\\] Node 127\\.0\\.0\\.1:${base + 1} is not empty\\. Either the node already knows other nodes \\(check with CLUSTER NODES\\) or contains some key in database 0\\.`))
    })
  })

  describe(`rcl add-node and del-node with ${server} nodes`, () => {
    it('adds a master and a replica of it, refuses to remove a master with slots, and removes the empty one, moving its replica', async () => {
      const dir = stateDir()
      const base = await freePortRange(5)
      const addr = (i: number): string => `127.0.0.1:${base + i}`
      const common = [...serverArgs(server), '--dir', dir]
      assert.equal((await runCli(['create', '--masters', '3', '--port', String(base), '--yes', ...common])).status, 0)

      const master = await runCli(['add-node', addr(3), addr(0), ...common, '--json'])
      assert.equal(master.status, 0, master.stdout + master.stderr)
      const added = json<{ addr: string; id: string; role: string }>(master)
      assert.equal(added.role, 'master')
      const replica = await runCli(['add-node', addr(4), addr(1), '--master-id', added.id.slice(0, 10), ...common])
      assert.equal(replica.status, 0, replica.stdout + replica.stderr)
      assert.match(replica.stdout, new RegExp(`>>> Configure node as replica of 127\\.0\\.0\\.1:${base + 3}\\.[\\s\\S]*\\[OK\\] New node added correctly\\.`))
      const check = json<{ check: { ok: boolean; nodes: Array<{ addr: string; masterId: string | null }> } }>(await runCli(['check', addr(2), '--json']))
      assert.equal(check.check.ok, true)
      assert.equal(check.check.nodes.find((n) => n.addr === addr(4))?.masterId, added.id)

      const ids = json<{ results: Array<{ addr: string; reply: string }> }>(await runCli(['call', addr(0), 'CLUSTER', 'MYID', '--json']))
      const id0 = ids.results.find((r) => r.addr === addr(0))?.reply as string
      const refused = await runCli(['del-node', addr(1), id0, '--dir', dir])
      assert.equal(refused.status, 1)
      assert.match(refused.stderr, new RegExp(`\\[ERR\\] Node 127\\.0\\.0\\.1:${base} is not empty! Reshard data away and try again\\. It still owns slots \\[0-5460\\]\\.`))

      const removed = await runCli(['del-node', addr(1), added.id, '--dir', dir, '--json'])
      assert.equal(removed.status, 0, removed.stdout + removed.stderr)
      assert.deepEqual(json<{ movedReplicas: string[]; stopped: boolean; reset: boolean }>(removed), { addr: addr(3), id: added.id, movedReplicas: [addr(4)], reset: true, stopped: true })
      const after = json<{ check: { ok: boolean; nodes: Array<{ addr: string; role: string }> } }>(await runCli(['check', addr(0), '--json']))
      assert.deepEqual(after.check.nodes.map((n) => n.addr).sort(), [0, 1, 2, 4].map(addr).sort())
      const status = json<{ nodes: Array<{ addr: string; alive: boolean }> }>(await runCli(['status', '--dir', dir, '--json']))
      assert.equal(status.nodes.find((n) => n.addr === addr(3))?.alive, false)

      // --reshard empties a master first, keys and all
      const client = new Cluster([{ host: '127.0.0.1', port: base }])
      try {
        for (let i = 0; i < 50; i++) await client.set(`k${i}`, String(i))
      } finally {
        client.disconnect()
      }
      const id2 = ids.results.find((r) => r.addr === addr(2))?.reply as string
      // 5461 slots: ~15 s on redis-server, ~55 s on rcl-node, whose CLUSTER SETSLOT costs 3-4 times Redis's
      const drained = await runCli(['del-node', addr(0), id2, '--reshard', '--dir', dir, '--json'], { timeoutMs: 180_000 })
      assert.equal(drained.status, 0, drained.stdout + drained.stderr)
      const left = json<{ check: { ok: boolean; nodes: Array<{ addr: string }> }; info: { keys: number; startupNodes: unknown[] } }>(await runCli(['check', addr(0), '--json']))
      assert.equal(left.check.ok, true)
      assert.deepEqual(left.check.nodes.map((n) => n.addr).sort(), [0, 1, 4].map(addr).sort())
      assert.equal(left.info.keys, 50)
      assert.equal(left.info.startupNodes.length, 3)
    })
  })

  describe(`rcl import and backup with ${server} nodes`, () => {
    it('imports every db of a standalone node into the cluster, then backs it up as redis-cli does', async () => {
      const dir = stateDir()
      const base = await freePortRange(3)
      const source = await freePort()
      assert.equal((await runCli(['create', '--masters', '3', '--port', String(base), ...serverArgs(server), '--yes', '--dir', dir])).status, 0)
      assert.equal((await runCli(['start', `127.0.0.1:${source}`, ...serverArgs(server), '--dir', dir])).status, 0)
      const src = new Redis({ port: source, lazyConnect: true })
      try {
        await src.mset('a', '1', 'b', '2', 'c', '3')
        await src.select(3)
        await src.set(Buffer.from([0xff, 0x01]), 'binary')
      } finally {
        src.disconnect()
      }
      const copy = await runCli(['import', `127.0.0.1:${base}`, '--from', `127.0.0.1:${source}`, '--copy', '--json'])
      assert.equal(copy.status, 0, copy.stdout + copy.stderr)
      assert.deepEqual(json(copy), { imported: 4, failed: [] })
      const again = await runCli(['import', `127.0.0.1:${base}`, '--from', `127.0.0.1:${source}`])
      assert.equal(again.status, 1) // the keys exist in the cluster now: BUSYKEY for each
      assert.equal((again.stdout.match(/\[ERR\] Migrating .* to 127\.0\.0\.1:\d+: .*BUSYKEY/g) ?? []).length, 4)
      const moved = await runCli(['import', `127.0.0.1:${base}`, '--from', `127.0.0.1:${source}`, '--replace'])
      assert.equal(moved.status, 0)
      assert.match(moved.stdout, /^\*\*\* Importing 3 keys from DB 0$/m)
      // the check comes first, with the node list, as redis-cli --cluster import prints it
      assert.match(moved.stdout, /^>>> Importing data from 127\.0\.0\.1:\d+ to cluster 127\.0\.0\.1:\d+\n>>> Performing Cluster Check \(using node 127\.0\.0\.1:\d+\)\nM: [0-9a-f]{40} 127\.0\.0\.1:\d+\n/)
      const c = new Cluster([{ host: '127.0.0.1', port: base }])
      try {
        assert.deepEqual(await c.mget('a'), ['1'])
        assert.equal(await c.getBuffer(Buffer.from([0xff, 0x01])).then(String), 'binary')
      } finally {
        c.disconnect()
      }
      const left = new Redis({ port: source, lazyConnect: true })
      try {
        assert.equal(await left.dbsize(), 0) // moved, not copied, this time
      } finally {
        left.disconnect()
      }

      const ours = join(dir, 'backup-rcl')
      const theirs = join(dir, 'backup-redis-cli')
      const b = await runCli(['backup', `127.0.0.1:${base}`, ours])
      assert.equal(b.status, 0, b.stdout + b.stderr)
      assert.match(b.stdout, /\[OK\] Backup created into: /)
      mkdirSync(theirs)
      await runProgramOk('redis-cli', ['--cluster', 'backup', `127.0.0.1:${base}`, theirs])
      assert.deepEqual(readdirSync(ours).sort(), readdirSync(theirs).sort())
      assert.deepEqual(JSON.parse(readFileSync(join(ours, 'nodes.json'), 'utf8')), JSON.parse(readFileSync(join(theirs, 'nodes.json'), 'utf8')))
      for (const f of readdirSync(ours).filter((x) => x.endsWith('.rdb'))) await runProgramOk('redis-check-rdb', [join(ours, f)])
    })
  })

  describe(`rcl with a master down (${server})`, () => {
    it('takes over with a replica (--takeover; refused on rcl-node), and fix --fix-with-unreachable-masters covers a dead master\'s slots', async () => {
      const dir = stateDir()
      const base = await freePortRange(4)
      const addr = (i: number): string => `127.0.0.1:${base + i}`
      // 3 masters, one with a replica: base+3 follows base (add-node --master-id)
      assert.equal((await runCli(['create', '--masters', '3', '--port', String(base), ...serverArgs(server), '--yes', '--dir', dir])).status, 0)
      const ids = json<{ results: Array<{ addr: string; reply: string }> }>(await runCli(['call', addr(0), 'CLUSTER', 'MYID', '--json'])).results
      const id = (i: number): string => ids.find((r) => r.addr === addr(i))?.reply as string
      assert.equal((await runCli(['add-node', addr(3), addr(0), '--master-id', id(0), ...serverArgs(server), '--dir', dir])).status, 0)

      // the masters left serving: on redis-server base+3 has taken base's place
      let serving = [addr(1), addr(3)]
      if (server === 'redis-server') {
        process.kill(readRecord(dir, base)?.pid as number, 'SIGKILL')
        const takeover = await runCli(['failover', addr(3), '--takeover', '--json'])
        assert.equal(takeover.status, 0, takeover.stdout + takeover.stderr)
        assert.deepEqual(json(takeover), { addr: addr(3), previousMaster: addr(0), mode: 'takeover' })
      } else {
        await assertFailoverRefused(addr(3), base, ['--takeover'])
        serving = [addr(0), addr(1)]
      }

      process.kill(readRecord(dir, base + 2)?.pid as number, 'SIGKILL')
      const plain = await runCli(['fix', addr(1), '--yes', '--json'])
      assert.equal(json<{ fixed: { covered: unknown[] } }>(plain).fixed.covered.length, 0) // its slots are left to it
      const fix = await runCli(['fix', addr(1), '--yes', '--fix-with-unreachable-masters', '--json'])
      const fixed = json<{ fixed: { covered: Array<{ slot: number; by: string }> } }>(fix).fixed
      assert.equal(fixed.covered.length, 5461)
      assert.ok(fixed.covered.every((c) => serving.includes(c.by)))
      const survivor = new Redis({ port: base + 1, lazyConnect: true })
      try {
        const slots = await survivor.call('CLUSTER', 'SLOTS') as Array<[number, number, [string, number]]>
        assert.ok(slots.every(([, , [h, port]]) => serving.includes(`${h}:${port}`)), JSON.stringify(slots))
      } finally {
        survivor.disconnect()
      }
    })
  })
}
