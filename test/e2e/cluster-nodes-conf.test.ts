// nodes.conf at start on spawned rcl-node: a corrupt file stops the start (exit 1, the line named, the
// file untouched); a second node on the same file is refused with Redis's words; kill -9 of the holder
// does not block its restart; a restarted master rejoins as itself with its slots and epoch; a restarted
// replica is a replica from its first moment (while it loads) and links to its master once loaded, its
// bus staying alive throughout the load.
import { strict as assert } from 'node:assert'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { type ClusterTestNode, closeClusterClients, joinAll, startCluster, startClusterNode, trackedClient, waitClusterOk } from '../helpers/cluster-spawn.js'
import { freePort } from '../helpers/free-port.js'
import { stopAll } from '../helpers/node-process.js'
import { logText, runNodeSync } from '../helpers/run-node-sync.js'
import { waitFor } from '../helpers/wait.js'

const dirs: string[] = []
after(async () => {
  closeClusterClients()
  await stopAll()
  for (const d of dirs) rmSync(d, { recursive: true, force: true })
})

async function clusterArgs(dir: string): Promise<string[]> {
  return ['--cluster-enabled', 'yes', '--port', String(await freePort()), '--cluster-port', String(await freePort()),
    '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no']
}

/** myself's line of CLUSTER NODES without the ping/pong times, which change. */
async function myLine(n: ClusterTestNode): Promise<string> {
  const line = (await n.redis.cluster('NODES') as string).split('\n').find((l) => l.includes('myself')) as string
  const f = line.split(' ')
  return [...f.slice(0, 4), ...f.slice(6)].join(' ')
}

describe('nodes.conf at start (spawned rcl-node)', () => {
  it('a corrupt nodes.conf stops the start with exit 1, naming the line, and is left untouched', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rcl-nodes-conf-'))
    dirs.push(dir)
    const bytes = Buffer.from('vars currentEpoch 0 lastVoteEpoch 0\nabc def\n')
    writeFileSync(join(dir, 'nodes.conf'), bytes)
    const r = runNodeSync(await clusterArgs(dir))
    assert.equal(r.status, 1)
    const lines = r.stdout.trim().split('\n').map(logText)
    assert.deepEqual(lines.slice(-2), ['# Unrecoverable error: corrupted cluster config file.',
      `# rcl-node: ${join(dir, 'nodes.conf')}: 2 fields where a node line needs at least 8 at line 2: "abc def"`])
    assert.ok(readFileSync(join(dir, 'nodes.conf')).equals(bytes))
  })

  it('a second node on the same nodes.conf exits 1 with Redis words; kill -9 of the holder does not block its restart', async () => {
    const a = await startClusterNode()
    const before = readFileSync(join(a.node.dir, 'nodes.conf'))
    const r = runNodeSync(await clusterArgs(a.node.dir))
    assert.equal(r.status, 1)
    assert.equal(logText(r.stdout.trim().split('\n').at(-1) as string), '# Sorry, the cluster configuration file nodes.conf is already used by a different Redis Cluster node. Please make sure that different nodes use different cluster configuration files.')
    assert.ok(readFileSync(join(a.node.dir, 'nodes.conf')).equals(before))
    a.node.process.kill('SIGKILL')
    await a.node.exited
    const again = await startClusterNode([], undefined, a)
    assert.equal(await again.redis.cluster('MYID'), a.id)
  })

  it('a master restarted with its nodes.conf rejoins as itself with its slots and epochs', async () => {
    const nodes = await startCluster(3)
    const [a, b, c] = nodes
    // epoch collisions among fresh masters settle within a few pings: wait for distinct configEpochs
    // everywhere, so the epoch read below is the one b saved, not one about to change
    const settled = async (): Promise<boolean> => {
      for (const n of nodes) {
        const epochs = (await n.redis.cluster('NODES') as string).trim().split('\n').map((l) => l.split(' ')[6])
        if (new Set(epochs).size !== epochs.length) return false
      }
      return true
    }
    for (let i = 0; i < 200 && !(await settled()); i++) await new Promise((r) => setTimeout(r, 50))
    assert.ok(await settled(), 'configEpochs never became distinct')
    const line = await myLine(b)
    const epoch = (await b.redis.cluster('INFO') as string).match(/cluster_current_epoch:(\d+)/)?.[1]
    await b.node.stop(5000)
    const b2 = await startClusterNode([], undefined, b)
    assert.equal(await myLine(b2), line)
    assert.equal((await b2.redis.cluster('INFO') as string).match(/cluster_current_epoch:(\d+)/)?.[1], epoch)
    await waitClusterOk([a, b2, c])
  })

  it('a replica restarted with its nodes.conf is a replica while it loads, keeps its bus up, and links to its master', async () => {
    const m = await startClusterNode()
    const r = await startClusterNode(['--appendonly', 'yes', '--aof-use-rdb-preamble', 'no'])
    await m.redis.cluster('ADDSLOTSRANGE', 0, 16383)
    await joinAll([m, r])
    await r.redis.cluster('REPLICATE', m.id)
    const pipe = m.redis.pipeline()
    for (let i = 0; i < 4000; i++) pipe.set(`{k}${i}`, 'v')
    await pipe.exec()
    await waitFor('the replica to be in sync', async () => {
      const info = await r.redis.info('replication')
      return info.includes('master_link_status:up') && await r.redis.dbsize() === 4000
    }, 15_000, 50)
    // the AOF rewrite after the full sync must land, or the restart has nothing to load
    await waitFor('the replica AOF rewrite to end', async () => {
      const p = await r.redis.info('persistence')
      return p.includes('aof_rewrite_in_progress:0') && p.includes('aof_rewrite_scheduled:0')
    }, 10_000, 50)
    await r.node.stop(5000)
    // 4000 keys at 1 ms each: about four seconds of loading, longer than the node timeout (3 s)
    const t0 = Date.now()
    const r2 = await startClusterNode(['--appendonly', 'yes', '--aof-use-rdb-preamble', 'no', '--key-load-delay', '1000'], undefined, r, true)
    const raw = trackedClient(r2.node.port)
    // a replica from its first answer on, before its data is loaded
    assert.match(await raw.info('replication'), /^# Replication\r\nrole:slave\r\nmaster_host:127\.0\.0\.1\r\nmaster_port:\d+\r\nmaster_link_status:down\r\n/)
    // meanwhile the master keeps seeing it connected: its bus answers pings during the load
    let loaded = false
    const load = waitFor('the load to end', async () => (await raw.info('persistence')).includes('\r\nloading:0\r\n'), 30_000, 50)
      .finally(() => { loaded = true })
    let samples = 0
    while (!loaded) {
      const seen = (await m.redis.cluster('NODES') as string).split('\n').find((l) => l.startsWith(r.id)) as string
      assert.match(seen, / slave \w+ \d+ \d+ \d+ connected$/)
      samples++
      await new Promise((res) => setTimeout(res, 200))
    }
    await load
    const ms = Date.now() - t0
    console.log(`# replica restarted and loaded in about ${ms} ms, ${samples} views of it from its master meanwhile`)
    assert.ok(ms > 3000 && samples >= 3, `the load was too short to tell (${ms} ms, ${samples} samples)`)
    await waitFor('the restarted replica to link to its master', async () => (await raw.info('replication')).includes('master_link_status:up'), 15_000, 50)
    assert.equal(await raw.dbsize(), 4000)
  })
})
