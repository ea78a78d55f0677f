// startCluster(): a ready cluster in one await, for other projects' tests (import { startCluster } from 'rcl').
// Nodes run from a temporary state directory on free ports; stop() ends them and removes the directory,
// and whatever is still running when the process exits is killed then.
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { cleanState } from './lifecycle.js'
import { createCluster, type CreatedNode } from './ops/create.js'
import { isRunning } from './process/liveness.js'
import { findFreePorts } from './process/ports.js'
import { readRecords } from './process/state-dir.js'

export interface StartClusterOptions {
  masters?: number
  replicasPerMaster?: number
  /** First of consecutive ports (default: free ones found at run time). */
  port?: number
  /** Server command (default rcl-node; e.g. 'redis-server' for real Redis nodes). */
  server?: string
  /** The replicas' server when it differs from `server` (a mixed cluster). */
  replicaServer?: string
  /** Extra config directives for every node. */
  config?: Record<string, string>
  timeoutMs?: number
}

export interface RunningCluster {
  /** For a cluster client: new Redis.Cluster(cluster.startupNodes). */
  startupNodes: Array<{ host: string; port: number }>
  nodes: CreatedNode[]
  stateDir: string
  stop(): Promise<void>
}

const live = new Set<string>()
let exitHook = false

export async function startCluster(opts: StartClusterOptions = {}): Promise<RunningCluster> {
  const masters = opts.masters ?? 3
  const count = masters * ((opts.replicasPerMaster ?? 0) + 1)
  const ports = opts.port === undefined ? await findFreePorts(count) : Array.from({ length: count }, (_, i) => (opts.port as number) + i)
  const stateDir = mkdtempSync(join(tmpdir(), 'rcl-cluster-'))
  live.add(stateDir)
  installExitHook()
  const stop = async (): Promise<void> => {
    if (!live.delete(stateDir)) return
    await cleanState(stateDir, 5000)
    rmSync(stateDir, { recursive: true, force: true })
  }
  try {
    const created = await createCluster({
      nodes: ports.map((port) => ({ host: '127.0.0.1', port })), replicas: opts.replicasPerMaster ?? 0, timeoutMs: opts.timeoutMs,
      start: { stateDir, server: opts.server ?? 'rcl-node', replicaServer: opts.replicaServer, overrides: Object.entries(opts.config ?? {}) },
    })
    return { startupNodes: created.startupNodes, nodes: created.nodes, stateDir, stop }
  } catch (e) {
    await stop()
    throw e
  }
}

/** On exit only synchronous work runs: every node still recorded in a live state directory is killed. */
function installExitHook(): void {
  if (exitHook) return
  exitHook = true
  process.on('exit', () => {
    for (const dir of live) {
      for (const r of readRecords(dir)) if (isRunning(r)) try { process.kill(r.pid, 'SIGKILL') } catch { /* gone */ }
      rmSync(dir, { recursive: true, force: true })
    }
  })
}
