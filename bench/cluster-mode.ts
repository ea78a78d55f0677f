// Cluster-mode figures of `npm run bench`:
// - routing cost: one rcl-node owning all 16384 slots in cluster mode against the same binary standalone,
//   redis-benchmark SET/GET plain and -P 16, rounds alternating, medians (target >= 0.9);
// - memory: RSS after 1,000,000 keys on a cluster node owning every slot, rcl-node vs redis-server
//   (target <= 2);
// - redis-benchmark --cluster against three rcl-node masters and three redis-server masters (two cores
//   oversubscribed by three servers plus the client: reported, not a target).
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createConnection } from 'node:net'
import { join } from 'node:path'
import { cleanState } from '../src/lib/lifecycle.js'
import { createCluster } from '../src/lib/ops/create.js'
import { spawnNode, type NodeHandle } from '../src/lib/process/spawn-node.js'
import { freePort, freePortRange } from '../test/helpers/free-port.js'

export type Kind = 'rcl-node' | 'redis-server'
type Rates = { set: number; get: number }

export interface RoutingFigures { standalone: { plain: Rates; piped: Rates }; cluster: { plain: Rates; piped: Rates } }
export interface ClusterBenchFigures { plain: Rates; piped: Rates }

async function startNode(kind: Kind, parent: string, cluster: boolean): Promise<NodeHandle> {
  const port = await freePort()
  const dir = mkdtempSync(join(parent, `${kind}-${cluster ? 'cluster' : 'alone'}-`))
  const args = ['--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir]
  if (cluster) args.push('--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf')
  const handle = await spawnNode({ port, args, command: kind === 'redis-server' ? 'redis-server' : undefined, cwd: dir, readyTimeoutMs: 60_000 })
  if (cluster) await ownEverySlot(handle.port)
  return handle
}

/** ADDSLOTSRANGE 0 16383, then wait (bounded) for cluster_state:ok: a one-node cluster that serves every key. */
async function ownEverySlot(port: number): Promise<void> {
  await command(port, ['CLUSTER', 'ADDSLOTSRANGE', '0', '16383'])
  const deadline = Date.now() + 30_000
  while (!(await command(port, ['CLUSTER', 'INFO'])).includes('cluster_state:ok')) {
    if (Date.now() > deadline) throw new Error(`node ${port} never reached cluster_state:ok`)
    await new Promise((r) => setTimeout(r, 50))
  }
}

/** One command over a fresh connection; resolves with the raw reply once a full line set has arrived. */
function command(port: number, argv: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = createConnection({ host: '127.0.0.1', port })
    let got = ''
    const timer = setTimeout(() => { s.destroy(); reject(new Error(`no reply to ${argv.join(' ')}`)) }, 10_000)
    s.on('error', (e) => { clearTimeout(timer); reject(e) })
    s.on('data', (d) => {
      got += d.toString('latin1')
      const bulk = /^\$(\d+)\r\n/.exec(got)
      if (bulk !== null ? got.length >= bulk[0].length + Number(bulk[1]) + 2 : got.endsWith('\r\n')) {
        clearTimeout(timer)
        s.destroy()
        resolve(got)
      }
    })
    s.on('connect', () => s.write(argv.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('').replace(/^/, `*${argv.length}\r\n`)))
  })
}

function rates(args: string[]): Rates {
  const out = execFileSync('redis-benchmark', [...args, '-t', 'set,get', '-c', '50', '-r', '100000', '--csv', '-q'], { encoding: 'latin1', timeout: 300_000 })
  const rate = (name: string): number => {
    const line = out.split('\n').find((l) => l.startsWith(`"${name}"`))
    return line === undefined ? NaN : Number(line.replace(/"/g, '').split(',')[1])
  }
  return { set: rate('SET'), get: rate('GET') }
}

function medianRates(runs: Rates[]): Rates {
  const med = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]
  return { set: med(runs.map((r) => r.set)), get: med(runs.map((r) => r.get)) }
}

/** rcl-node standalone vs rcl-node owning every slot in cluster mode, rounds alternating. */
export async function routingFigures(parent: string, requests: number, rounds = 3): Promise<RoutingFigures> {
  const alone = await startNode('rcl-node', parent, false)
  const cluster = await startNode('rcl-node', parent, true)
  const runs = { alone: { plain: [] as Rates[], piped: [] as Rates[] }, cluster: { plain: [] as Rates[], piped: [] as Rates[] } }
  try {
    for (let r = 0; r < rounds; r++) {
      for (const [name, node] of [['alone', alone], ['cluster', cluster]] as const) {
        runs[name].plain.push(rates(['-p', String(node.port), '-n', String(requests), '-P', '1']))
        runs[name].piped.push(rates(['-p', String(node.port), '-n', String(requests * 5), '-P', '16']))
      }
    }
  } finally {
    await alone.stop()
    await cluster.stop()
  }
  return {
    standalone: { plain: medianRates(runs.alone.plain), piped: medianRates(runs.alone.piped) },
    cluster: { plain: medianRates(runs.cluster.plain), piped: medianRates(runs.cluster.piped) },
  }
}

/** RSS of a cluster node owning every slot after `keys` SETs of 16-byte values. */
export async function clusterMemory(kind: Kind, parent: string, keys: number, loadKeys: (port: number, count: number) => Promise<void>): Promise<number> {
  const node = await startNode(kind, parent, true)
  try {
    await loadKeys(node.port, keys)
    await new Promise((r) => setTimeout(r, 1000))
    const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${node.pid}/status`, 'latin1'))
    return m ? Number(m[1]) * 1024 : NaN
  } finally {
    await node.stop()
  }
}

/** redis-benchmark --cluster against three masters of `kind`, started and joined by the rcl library. */
export async function clusterBenchmark(kind: Kind, parent: string, requests: number): Promise<ClusterBenchFigures> {
  const dir = mkdtempSync(join(parent, `${kind}-cluster3-`))
  const base = await freePortRange(3)
  try {
    await createCluster({ nodes: [0, 1, 2].map((i) => ({ host: '127.0.0.1', port: base + i })), replicas: 0, start: { stateDir: dir, server: kind } })
    return {
      plain: rates(['--cluster', '-p', String(base), '-n', String(requests), '-P', '1']),
      piped: rates(['--cluster', '-p', String(base), '-n', String(requests * 5), '-P', '16']),
    }
  } finally {
    await cleanState(dir, 3000)
    rmSync(dir, { recursive: true, force: true })
  }
}
