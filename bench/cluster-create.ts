// The cluster figure of `npm run bench`: wall time from nothing to a 6-node cluster (3 masters, 3
// replicas) that is ready (every node cluster_state:ok, all agreeing on slots and roles, every replica's
// link up): `rcl create --masters 3 --replicas 1` on redis-server binaries against six redis-server
// processes started one by one plus `redis-cli --cluster create`, then the same readiness wait; and
// `rcl create` on rcl-node (its default). Runs alternate; the median of each is reported.
import { mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { cleanState } from '../src/lib/lifecycle.js'
import { waitForClusterReady } from '../src/lib/ops/wait.js'
import { runProgram, runProgramOk } from '../src/lib/process/run-program.js'
import { spawnNode, type NodeHandle } from '../src/lib/process/spawn-node.js'
import { freePortRange } from '../test/helpers/free-port.js'

const RCL = fileURLToPath(new URL('../bin/run.js', import.meta.url))
// the directives of templates/cluster.conf, so both sides run the same node configuration
const NODE_ARGS = ['--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--cluster-enabled', 'yes', '--cluster-config-file', 'nodes.conf', '--cluster-node-timeout', '5000', '--repl-diskless-sync-delay', '0']

export interface CreateFigures {
  /** rcl create on redis-server nodes. */
  rclMs: number
  redisCliMs: number
  /** rcl create on rcl-node nodes. */
  rclNodeMs: number
}

export async function clusterCreateFigures(parent: string, rounds = 3): Promise<CreateFigures> {
  const rcl: number[] = []
  const cli: number[] = []
  const rclNode: number[] = []
  for (let i = 0; i < rounds; i++) {
    rcl.push(await rclCreate(parent, 'redis-server'))
    cli.push(await redisCliCreate(parent))
    rclNode.push(await rclCreate(parent, 'rcl-node'))
  }
  return { rclMs: median(rcl), redisCliMs: median(cli), rclNodeMs: median(rclNode) }
}

async function rclCreate(parent: string, server: string): Promise<number> {
  const dir = mkdtempSync(join(parent, 'rcl-create-'))
  const base = await freePortRange(6)
  try {
    const t0 = performance.now()
    const r = await runProgram(process.execPath, [RCL, 'create', '--masters', '3', '--replicas', '1', '--port', String(base), '--server', server, '--yes', '--dir', dir], { timeoutMs: 120_000 })
    const ms = performance.now() - t0
    if (r.exitCode !== 0) throw new Error(`rcl create failed: ${r.stderr}`)
    return ms
  } finally {
    await cleanState(dir, 3000)
    rmSync(dir, { recursive: true, force: true })
  }
}

async function redisCliCreate(parent: string): Promise<number> {
  const base = await freePortRange(6)
  const ports = Array.from({ length: 6 }, (_, i) => base + i)
  const nodes: NodeHandle[] = []
  const dirs = ports.map((p) => mkdtempSync(join(parent, `cli-${p}-`)))
  try {
    const t0 = performance.now()
    for (let i = 0; i < 6; i++) nodes.push(await spawnNode({ port: ports[i], command: 'redis-server', args: [...NODE_ARGS, '--dir', dirs[i], '--port', String(ports[i])], cwd: dirs[i] }))
    await runProgramOk('redis-cli', ['--cluster', 'create', ...ports.map((p) => `127.0.0.1:${p}`), '--cluster-replicas', '1', '--cluster-yes'], { timeoutMs: 120_000 })
    await waitForClusterReady(ports.map((port) => ({ host: '127.0.0.1', port })), 120_000)
    return performance.now() - t0
  } finally {
    await Promise.all(nodes.map((n) => n.stop(3000)))
    for (const d of dirs) rmSync(d, { recursive: true, force: true })
  }
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]
}
