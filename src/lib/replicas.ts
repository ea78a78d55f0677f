// A master and its replicas on this machine (rcl replicas create): the master from the standalone
// template, each replica from the replica template, then a bounded wait until every link is up.
import { bindAddress, formatAddr, local, type HostPort } from './addr.js'
import { pollUntil } from './poll.js'
import { startNodes, type StartedNode } from './lifecycle.js'
import { silent, type ProgressSink } from './progress.js'
import { info, withClient } from './redis-client.js'

export interface ReplicaSetOptions {
  stateDir: string
  master: HostPort
  replicas: HostPort[]
  server?: string
  overrides?: ReadonlyArray<readonly [string, string]>
  /** Bound on the wait for every replica's link (default 30 s). */
  timeoutMs?: number
  progress?: ProgressSink
}

export interface ReplicaSet {
  master: StartedNode
  replicas: StartedNode[]
}

export async function createReplicaSet(opts: ReplicaSetOptions): Promise<ReplicaSet> {
  const progress = opts.progress ?? silent
  const common = { stateDir: opts.stateDir, server: opts.server, overrides: opts.overrides, progress }
  const [master] = await startNodes({ ...common, addrs: [opts.master], template: 'standalone' })
  const vars = new Map([['masterHost', bindAddress(opts.master.host)], ['masterPort', String(opts.master.port)]])
  const replicas = await startNodes({ ...common, addrs: opts.replicas, template: 'replica', vars })
  // a replica that was already running may follow another master: point it here (a no-op otherwise)
  for (const r of opts.replicas) {
    await withClient(local(r), (c) => c.call('REPLICAOF', bindAddress(opts.master.host), opts.master.port))
  }
  progress({ kind: 'step', text: `Waiting for ${opts.replicas.length} replica(s) of ${formatAddr(opts.master)} to sync` })
  await waitForLinks(opts.replicas, opts.timeoutMs ?? 30_000)
  progress({ kind: 'ok', text: `Every replica of ${formatAddr(opts.master)} has its link up.` })
  return { master, replicas }
}

/** Polls INFO replication until every replica reports master_link_status:up; a diagnosis when time runs out. */
export async function waitForLinks(replicas: HostPort[], timeoutMs: number): Promise<void> {
  const down = async (): Promise<Array<{ addr: string; status: string }>> => (await Promise.all(replicas.map(linkState))).filter((s) => s.status !== 'up')
  await pollUntil(down, (d) => d.length === 0, timeoutMs, 50,
    (d) => `${d.length} replica link(s) not up after ${timeoutMs} ms:\n${d.map((s) => `  ${s.addr}: ${s.status}`).join('\n')}`)
}

async function linkState(r: HostPort): Promise<{ addr: string; status: string }> {
  const addr = formatAddr(r)
  try {
    const repl = await withClient(local(r), (c) => info(c, 'replication'), { timeoutMs: 1000 })
    if (repl.get('role') !== 'slave') return { addr, status: `role is ${repl.get('role') ?? 'unknown'}, not replica` }
    const link = repl.get('master_link_status')
    if (link === 'up') return { addr, status: 'up' }
    const syncing = repl.get('master_sync_in_progress') === '1' ? ', sync in progress' : ''
    return { addr, status: `link to ${repl.get('master_host')}:${repl.get('master_port')} is ${link}${syncing}` }
  } catch (e) {
    return { addr, status: `unreachable (${(e as Error).message})` }
  }
}
