// What "ready" means for nodes `rcl start` has just started, beyond answering PING: every node has
// loaded its dataset (a node loading a big dump answers PING with -LOADING), a replica has its link to
// its master up, and a cluster node that already belongs to a cluster (a restart: it knows other nodes)
// reports cluster_state:ok with its whole cluster agreeing. A fresh cluster node (waiting for create or
// add-node), a standalone master or a sentinel is ready once loaded.
import { formatAddr, local, type HostPort } from './addr.js'
import { clusterInfo, clusterNodes } from './ops/load.js'
import { waitForClusterReady } from './ops/wait.js'
import { pollUntil } from './poll.js'
import { silent, type ProgressSink } from './progress.js'
import { info, withClient } from './redis-client.js'
import { waitForLinks } from './replicas.js'

interface NodeKind { replica: boolean; clusterPeers: HostPort[] }

export async function waitForStartedNodes(addrs: HostPort[], timeoutMs: number, progress: ProgressSink = silent): Promise<void> {
  await waitForLoaded(addrs, timeoutMs, progress)
  const kinds = await Promise.all(addrs.map(kindOf))
  const replicas = addrs.filter((_, i) => kinds[i].replica)
  const clusterMembers = addrs.filter((_, i) => kinds[i].clusterPeers.length > 0)
  if (replicas.length > 0) {
    progress({ kind: 'step', text: `Waiting for the link of ${replicas.map(formatAddr).join(', ')} to its master` })
    await waitForLinks(replicas, timeoutMs)
  }
  if (clusterMembers.length > 0) {
    const all = new Map<string, HostPort>()
    for (const [i, a] of addrs.entries()) {
      if (kinds[i].clusterPeers.length === 0) continue
      for (const p of [a, ...kinds[i].clusterPeers]) all.set(formatAddr(p), p)
    }
    progress({ kind: 'step', text: `Waiting for ${clusterMembers.map(formatAddr).join(', ')} to rejoin the cluster (${all.size} nodes)` })
    await waitForClusterReady([...all.values()], timeoutMs)
  }
}

/** Until every node reports loading:0 (INFO answers while a node loads; most commands get -LOADING). */
async function waitForLoaded(addrs: HostPort[], timeoutMs: number, progress: ProgressSink): Promise<void> {
  const stillLoading = async (): Promise<string[]> => {
    const states = await Promise.all(addrs.map(async (a) => {
      // a sentinel has no dataset and no persistence section
      const loading = await withClient(local(a), async (c) => (await info(c, 'persistence')).get('loading'), { timeoutMs: 2000 })
      return loading === '1' ? formatAddr(a) : null
    }))
    return states.filter((s): s is string => s !== null)
  }
  const first = await stillLoading()
  if (first.length === 0) return
  progress({ kind: 'step', text: `Waiting for ${first.join(', ')} to load` })
  await pollUntil(stillLoading, (left) => left.length === 0, timeoutMs, 50, (left) => `still loading after ${timeoutMs} ms: ${left.join(', ')}`)
}

async function kindOf(addr: HostPort): Promise<NodeKind> {
  return withClient(local(addr), async (c) => {
    const replica = (await info(c, 'replication')).get('role') === 'slave'
    if ((await info(c, 'cluster')).get('cluster_enabled') !== '1' || Number((await clusterInfo(c)).get('cluster_known_nodes')) <= 1) return { replica, clusterPeers: [] }
    // the peers it remembers, except those it knows to be gone for good
    const peers = (await clusterNodes(c, formatAddr(addr)))
      .filter((l) => !l.flags.includes('myself') && !l.flags.includes('handshake') && !l.flags.includes('noaddr'))
      .map((l) => ({ host: l.ip, port: l.port }))
    return { replica, clusterPeers: peers }
  }, { timeoutMs: 2000 })
}
