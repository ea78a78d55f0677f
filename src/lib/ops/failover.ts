// rcl failover: CLUSTER FAILOVER [FORCE|TAKEOVER] on a replica, then a bounded wait until it reports
// itself master and every node of the cluster agrees (cluster_state:ok, same slots and roles everywhere).
// Refused when a node the failover needs runs rcl-node (failover-support.ts).
import { formatAddr, local, type HostPort } from '../addr.js'
import { RclError } from '../errors.js'
import { pollUntil } from '../poll.js'
import { silent, type ProgressSink } from '../progress.js'
import { info, withClient } from '../redis-client.js'
import { assertFailoverSupported } from './failover-support.js'
import { loadCluster } from './load.js'
import { waitForClusterReady } from './wait.js'

export type FailoverMode = 'default' | 'force' | 'takeover'

export interface FailoverResult {
  addr: string
  /** The master it replaced. */
  previousMaster: string
  mode: FailoverMode
}

export class NotReplicaError extends RclError {
  constructor(addr: string) {
    super('E_NOT_REPLICA', `Node ${addr} is not a replica: CLUSTER FAILOVER must be sent to a replica`, 'rcl check lists each master\'s replicas')
  }
}

export async function failover(addr: HostPort, mode: FailoverMode, timeoutMs: number, progress: ProgressSink = silent): Promise<FailoverResult> {
  const where = formatAddr(addr)
  const repl = await withClient(local(addr), (c) => info(c, 'replication'))
  if (repl.get('role') !== 'slave') throw new NotReplicaError(where)
  const previousMaster = `${repl.get('master_host')}:${repl.get('master_port')}`
  const before = await loadCluster(addr)
  await assertFailoverSupported(before.view, before.view.nodes[0].id, mode)
  progress({ kind: 'step', text: `Failing over ${previousMaster} to its replica ${where}${mode === 'default' ? '' : ` (${mode.toUpperCase()})`}` })
  await withClient(local(addr), (c) => (mode === 'default' ? c.call('CLUSTER', 'FAILOVER') : c.call('CLUSTER', 'FAILOVER', mode.toUpperCase())))
  await untilMaster(addr, timeoutMs)
  // a master that is down (the reason for FORCE or TAKEOVER) cannot agree: wait for the nodes that answer
  const { view, probes } = await loadCluster(addr)
  await waitForClusterReady(view.nodes.filter((n) => probes.get(n.id)?.reachable === true).map((n) => n.addr), timeoutMs)
  progress({ kind: 'ok', text: `${where} is now a master, and every node agrees.` })
  return { addr: where, previousMaster, mode }
}

async function untilMaster(addr: HostPort, timeoutMs: number): Promise<void> {
  const role = (): Promise<string | undefined> => withClient(local(addr), async (c) => (await info(c, 'replication')).get('role')).catch(() => undefined)
  await pollUntil(role, (r) => r === 'master', timeoutMs, 50, (r) => `${formatAddr(addr)} still reports role ${r ?? 'unknown'} ${timeoutMs} ms after CLUSTER FAILOVER`)
}
