// rcl set-timeout: cluster-node-timeout on every node, persisted with CONFIG REWRITE where the node has a
// config file (redis-cli counts a node without one as failed although the new timeout is in force).
import { formatAddr, local, type HostPort } from '../addr.js'
import { UsageError } from '../errors.js'
import { silent, type ProgressSink } from '../progress.js'
import { withClient } from '../redis-client.js'
import { loadCluster } from './load.js'

export interface TimeoutResult {
  addr: string
  ok: boolean
  /** Why CONFIG SET failed, or why the change could not be written to the config file. */
  error?: string
  persisted: boolean
}

export const MIN_NODE_TIMEOUT_MS = 100

export async function setNodeTimeout(entry: HostPort, timeoutMs: number, progress: ProgressSink = silent): Promise<TimeoutResult[]> {
  if (!Number.isInteger(timeoutMs) || timeoutMs < MIN_NODE_TIMEOUT_MS) throw new UsageError(`Node timeout must be an integer >= ${MIN_NODE_TIMEOUT_MS} ms`)
  const { view } = await loadCluster(entry)
  progress({ kind: 'step', text: 'Reconfiguring node timeout in every cluster node...' })
  const results: TimeoutResult[] = []
  for (const n of view.nodes) {
    const addr = formatAddr(n.addr)
    const r = await setOne(n.addr, timeoutMs).catch((e: Error): TimeoutResult => ({ addr, ok: false, error: e.message, persisted: false }))
    results.push({ ...r, addr })
    if (!r.ok) progress({ kind: 'err', text: `ERR setting node-timeout for ${addr}: ${r.error}` })
    else if (!r.persisted) progress({ kind: 'warn', text: `New timeout set for ${addr}, but not written to its config file: ${r.error}` })
    else progress({ kind: 'info', text: `*** New timeout set for ${addr}` })
  }
  const bad = results.filter((r) => !r.ok).length
  progress({ kind: 'step', text: `New node timeout set. ${results.length - bad} OK, ${bad} ERR.` })
  return results
}

async function setOne(addr: HostPort, timeoutMs: number): Promise<TimeoutResult> {
  return withClient(local(addr), async (c) => {
    await c.call('CONFIG', 'SET', 'cluster-node-timeout', timeoutMs)
    try {
      await c.call('CONFIG', 'REWRITE')
      return { addr: '', ok: true, persisted: true }
    } catch (e) {
      return { addr: '', ok: true, persisted: false, error: (e as Error).message }
    }
  })
}
