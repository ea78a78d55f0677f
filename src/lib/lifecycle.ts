// Process lifecycle as the CLI and library users see it: start several nodes at once (all or none),
// stop them, report their status, read their logs and clean the state directory away.
import { existsSync, readdirSync, rmSync, rmdirSync } from 'node:fs'
import { formatAddr, local, type HostPort } from './addr.js'
import { RclError, UnknownNodeError } from './errors.js'
import { silent, type ProgressSink } from './progress.js'
import { isRunning } from './process/liveness.js'
import { startManagedNode, stopManagedNode, type ManagedStartSpec, type StopOutcome } from './process/managed-node.js'
import { nodeDir, readRecord, readRecords, type NodeRecord } from './process/state-dir.js'
import { info, withClient } from './redis-client.js'

export interface StartNodesOptions extends Omit<ManagedStartSpec, 'addr'> {
  addrs: HostPort[]
  /** A server other than `server` for some addresses (mixed clusters: rcl-node beside redis-server). */
  serverOf?: (addr: HostPort) => string | undefined
  progress?: ProgressSink
}

export interface StartedNode {
  addr: string
  port: number
  pid: number
  server: string
  template: string
  dir: string
  alreadyRunning: boolean
}

/**
 * Starts every address in parallel and resolves once all answer PING. If any fails, the ones this
 * call started are stopped again and the first failure is thrown: nothing is left half-started.
 */
export async function startNodes(opts: StartNodesOptions): Promise<StartedNode[]> {
  const progress = opts.progress ?? silent
  const ports = new Set<number>()
  for (const a of opts.addrs) {
    if (ports.has(a.port)) throw new RclError('E_USAGE', `Port ${a.port} is given twice`)
    ports.add(a.port)
  }
  const serverOf = (addr: HostPort): string => opts.serverOf?.(addr) ?? opts.server ?? 'rcl-node'
  const servers = [...new Set(opts.addrs.map(serverOf))].join(' and ')
  progress({ kind: 'step', text: `Starting ${opts.addrs.length} node(s) with ${servers} (template ${opts.template ?? 'standalone'})` })
  const results = await Promise.allSettled(opts.addrs.map((addr) => startManagedNode({ ...opts, addr, server: serverOf(addr) })))
  const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected')
  if (failed !== undefined) {
    const started = results.flatMap((r) => (r.status === 'fulfilled' && !r.value.alreadyRunning ? [r.value.record] : []))
    await Promise.all(started.map((rec) => stopManagedNode(rec, 5000)))
    throw failed.reason
  }
  return results.map((r) => {
    const { record, alreadyRunning } = (r as PromiseFulfilledResult<Awaited<ReturnType<typeof startManagedNode>>>).value
    const addr = formatAddr(record)
    progress(alreadyRunning ? { kind: 'info', text: `${addr} is already running (pid ${record.pid})` } : { kind: 'ok', text: `${addr} started (pid ${record.pid})` })
    return { addr, port: record.port, pid: record.pid, server: record.server, template: record.template, dir: record.dir, alreadyRunning }
  })
}

export interface StoppedNode {
  addr: string
  outcome: StopOutcome
}

/** Stops the given nodes (every recorded node when `addrs` is empty), in parallel. */
export async function stopNodes(stateDir: string, addrs: HostPort[], graceMs = 10_000): Promise<StoppedNode[]> {
  const records = selectRecords(stateDir, addrs)
  const outcomes = await Promise.all(records.map((r) => stopManagedNode(r, graceMs)))
  return records.map((r, i) => ({ addr: formatAddr(r), outcome: outcomes[i] }))
}

/**
 * Stops the node at `addr` if rcl started it (its record is in `stateDir`), as del-node does with the
 * node it removed. Returns whether there was such a node to stop; a node rcl did not start is left alone.
 */
export async function stopIfStartedByRcl(stateDir: string, addr: HostPort, graceMs = 10_000): Promise<boolean> {
  if (readRecord(stateDir, addr.port) === null) return false
  await stopNodes(stateDir, [addr], graceMs)
  return true
}

export interface NodeStatus {
  addr: string
  port: number
  pid: number
  server: string
  template: string
  alive: boolean
  /** ROLE's first word (master, slave, sentinel), or null when the node does not answer. */
  role: string | null
  /** For a replica: its master and whether the link is up. */
  master: string | null
  linkUp: boolean | null
  dir: string
}

export async function nodeStatuses(stateDir: string): Promise<NodeStatus[]> {
  return Promise.all(readRecords(stateDir).map(statusOf))
}

async function statusOf(r: NodeRecord): Promise<NodeStatus> {
  const base = { addr: formatAddr(r), port: r.port, pid: r.pid, server: r.server, template: r.template, dir: r.dir }
  if (!isRunning(r)) return { ...base, alive: false, role: null, master: null, linkUp: null }
  try {
    // the default INFO holds both the server section (redis_mode) and replication (absent on a sentinel)
    const fields = await withClient(local(r), (c) => info(c, 'default'), { timeoutMs: 1000 })
    const role = fields.get('redis_mode') === 'sentinel' ? 'sentinel' : fields.get('role') ?? null
    const isReplica = role === 'slave'
    return {
      ...base, alive: true, role,
      master: isReplica ? `${fields.get('master_host')}:${fields.get('master_port')}` : null,
      linkUp: isReplica ? fields.get('master_link_status') === 'up' : null,
    }
  } catch {
    // a busy or password-protected node may not answer: it is alive all the same
    return { ...base, alive: true, role: null, master: null, linkUp: null }
  }
}

/** The record of one node rcl started, or an error naming the state directory. */
export function recordOf(stateDir: string, addr: HostPort): NodeRecord {
  const r = readRecord(stateDir, addr.port)
  if (r === null) throw new UnknownNodeError(formatAddr(addr), stateDir)
  return r
}

function selectRecords(stateDir: string, addrs: HostPort[]): NodeRecord[] {
  if (addrs.length === 0) return readRecords(stateDir)
  return addrs.map((a) => recordOf(stateDir, a))
}

/**
 * Stops every recorded node and deletes its folder; the state directory itself goes only if nothing
 * else is left in it, so a mistaken --dir never deletes files rcl did not make.
 */
export async function cleanState(stateDir: string, graceMs = 10_000): Promise<StoppedNode[]> {
  const stopped = await stopNodes(stateDir, [], graceMs)
  for (const r of readRecords(stateDir)) rmSync(nodeDir(stateDir, r.port), { recursive: true, force: true })
  if (existsSync(stateDir) && readdirSync(stateDir).length === 0) rmdirSync(stateDir)
  return stopped
}

