// Which nodes a CLUSTER FAILOVER needs, and whether each can take part: rcl-node answers neither
// FAILOVER_AUTH_REQUEST nor MFSTART yet (its failover is the next issue), so rcl refuses up front
// rather than wait out a failover that cannot happen.
import { formatAddr, local, type HostPort } from '../addr.js'
import { RclError } from '../errors.js'
import { info, withClient } from '../redis-client.js'
import type { ClusterView } from '../view.js'
import type { FailoverMode } from './failover.js'

/** A failover that needs an rcl-node to act or vote. */
export class FailoverNotBuiltError extends RclError {
  constructor(readonly nodes: string[]) {
    super('E_FAILOVER_NOT_BUILT',
      `Automatic and manual failover of rcl-node cluster nodes comes with the next issue: ${nodes.join(', ')} ${nodes.length === 1 ? 'runs' : 'run'} rcl-node, which cannot take part in CLUSTER FAILOVER yet`,
      'clusters of redis-server nodes fail over today (rcl create --server redis-server)')
  }
}

/** True when the node reports rcl-node's own INFO server field (redis-server has no rcl_version). */
export async function isRclNode(addr: HostPort): Promise<boolean> {
  return withClient(local(addr), async (c) => (await info(c, 'server')).has('rcl_version'))
}

/**
 * The nodes whose part the failover of `replicaId` needs, as Redis runs it: the replica always;
 * its master for the default (manual) mode, which pauses it (MFSTART); every master for FORCE,
 * whose election needs a majority of their votes. TAKEOVER asks nobody.
 */
export function failoverParticipants(view: ClusterView, replicaId: string, mode: FailoverMode): HostPort[] {
  const replica = view.nodes.find((n) => n.id === replicaId)
  if (replica === undefined) return []
  const masters = view.nodes.filter((n) => n.role === 'master' && !n.failing && (mode === 'force' || n.id === replica.masterId))
  return [replica.addr, ...(mode === 'takeover' ? [] : masters.map((m) => m.addr))]
}

/** Throws FailoverNotBuiltError naming every participant that runs rcl-node (unreachable ones are not asked). */
export async function assertFailoverSupported(view: ClusterView, replicaId: string, mode: FailoverMode): Promise<void> {
  const addrs = failoverParticipants(view, replicaId, mode)
  const rcl = await Promise.all(addrs.map((a) => isRclNode(a).catch(() => false)))
  const named = addrs.filter((_, i) => rcl[i]).map(formatAddr)
  if (named.length > 0) throw new FailoverNotBuiltError(named)
}
