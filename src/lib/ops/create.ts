// rcl create: a new cluster from empty cluster-enabled nodes, as redis-cli --cluster create builds one
// (plan, slots, config epochs, MEET, replicas), then waits until it is ready rather than merely joined.
import { formatAddr, isLocalHost, local, type HostPort } from '../addr.js'
import { RclError } from '../errors.js'
import { startNodes } from '../lifecycle.js'
import { plannedBlock } from '../node-blocks.js'
import { planCreate, type CreatePlan } from '../plan/allocate.js'
import { silent, type ProgressSink } from '../progress.js'
import { connect, info, type NodeClient } from '../redis-client.js'
import { checkReport, type CheckReport } from './check.js'
import { clusterInfo, clusterNodes, loadCluster, NotClusterNodeError, type LoadedCluster } from './load.js'
import { joinMembers, type JoinMember } from './join.js'
import { waitForClusterReady, waitForJoin } from './wait.js'

export interface CreateClusterOptions {
  nodes: HostPort[]
  replicas: number
  /** Start the nodes that are not running yet (local addresses), from the cluster template. */
  start?: {
    stateDir: string
    /** The masters' server (default rcl-node), and the replicas' when `replicaServer` is not given. */
    server?: string
    /** Mixed clusters: the replicas run this server instead. */
    replicaServer?: string
    overrides?: ReadonlyArray<readonly [string, string]>
  }
  /** Asked before anything is changed; a false answer cancels. Absent: go ahead. */
  confirm?: (question: string) => Promise<boolean>
  /** Bound on the join and on readiness, each (default 60 s). */
  timeoutMs?: number
  random?: () => number
  progress?: ProgressSink
}

export interface CreatedNode {
  addr: string
  id: string
  role: 'master' | 'replica'
  masterId: string | null
  slots: Array<[number, number]>
}

export interface CreatedCluster {
  nodes: CreatedNode[]
  /** Addresses to hand a cluster client (ioredis new Redis.Cluster(startupNodes)). */
  startupNodes: Array<{ host: string; port: number }>
  check: CheckReport
}

export class NodeNotEmptyError extends RclError {
  constructor(addr: string) {
    super('E_NODE_NOT_EMPTY', `Node ${addr} is not empty. Either the node already knows other nodes (check with CLUSTER NODES) or contains some key in database 0.`)
  }
}

export async function createCluster(opts: CreateClusterOptions): Promise<CreatedCluster> {
  const progress = opts.progress ?? silent
  const timeoutMs = opts.timeoutMs ?? 60_000
  // when rcl starts the nodes, planned first: which server a node runs depends on the role it will get
  let plan = opts.start !== undefined ? planCreate(opts.nodes, opts.replicas, opts.random) : undefined
  if (plan !== undefined) await startLocal(opts, plan, progress)
  const clients = await Promise.all(opts.nodes.map((a) => connect(local(a), { timeoutMs: 5000 })))
  let loaded: LoadedCluster
  try {
    const ids = await Promise.all(clients.map((c, i) => readyToJoin(c, formatAddr(opts.nodes[i]))))
    progress({ kind: 'step', text: `Performing hash slots allocation on ${opts.nodes.length} nodes...` })
    plan ??= planCreate(opts.nodes, opts.replicas, opts.random)
    announcePlan(plan, ids, opts.nodes, progress)
    if (opts.confirm !== undefined && !(await opts.confirm("Can I set the above configuration? (type 'yes' to accept): "))) {
      throw new RclError('E_CANCELLED', 'Cluster creation cancelled: nothing was changed')
    }
    const members = await configure(plan, ids, opts.nodes, clients, progress)
    progress({ kind: 'info', text: 'Waiting for the cluster to join' })
    await joinMembers(members, timeoutMs)
    const open = new Map(opts.nodes.map((a, i) => [formatAddr(a), clients[i]]))
    await waitForJoin(opts.nodes, timeoutMs, open)
    await waitForClusterReady(opts.nodes, timeoutMs, open)
    progress({ kind: 'step', text: `Performing Cluster Check (using node ${formatAddr(opts.nodes[0])})` })
    loaded = await loadCluster(opts.nodes[0], { open })
  } finally {
    for (const c of clients) c.close()
  }
  const check = checkReport(loaded)
  return {
    nodes: loaded.view.nodes.map((n) => ({ addr: formatAddr(n.addr), id: n.id, role: n.role, masterId: n.masterId, slots: n.slots })),
    startupNodes: opts.nodes.map((a) => ({ host: local(a).host, port: a.port })),
    check,
  }
}

async function startLocal(opts: CreateClusterOptions, plan: CreatePlan, progress: ProgressSink): Promise<void> {
  const start = opts.start as NonNullable<CreateClusterOptions['start']>
  const mine = opts.nodes.filter((a) => isLocalHost(a.host))
  if (mine.length === 0) return
  const replicas = new Set(plan.replicas.map((r) => formatAddr(r.addr)))
  const serverOf = (a: HostPort): string | undefined => (replicas.has(formatAddr(a)) ? start.replicaServer : undefined)
  await startNodes({ stateDir: start.stateDir, addrs: mine, server: start.server, serverOf, overrides: start.overrides, template: 'cluster', progress })
}

/** The node's id, once it is known to be a cluster node that knows no one and holds no keys. */
export async function readyToJoin(c: NodeClient, addr: string): Promise<string> {
  // four reads sent at once (one round trip, not four), judged in the order a person would ask them
  const [enabled, cluster, keyspace, id] = await Promise.allSettled([info(c, 'cluster'), clusterInfo(c), info(c, 'keyspace'), c.call('CLUSTER', 'MYID')])
  if (settled(enabled).get('cluster_enabled') !== '1') throw new NotClusterNodeError(addr)
  const known = Number(settled(cluster).get('cluster_known_nodes'))
  if (known !== 1 || settled(keyspace).get('db0') !== undefined) throw new NodeNotEmptyError(addr)
  return String(settled(id))
}

/** The value of a settled promise, or its rejection thrown. */
function settled<T>(r: PromiseSettledResult<T>): T {
  if (r.status === 'rejected') throw r.reason
  return r.value
}

function announcePlan(plan: CreatePlan, ids: string[], nodes: HostPort[], progress: ProgressSink): void {
  const say = (text: string): void => progress({ kind: 'info', text })
  plan.masters.forEach((m, i) => say(`Master[${i}] -> Slots ${m.slots[0]} - ${m.slots[1]}`))
  for (const r of plan.initialReplicas) say(`Adding replica ${formatAddr(r.addr)} to ${formatAddr(plan.masters[r.master].addr)}`)
  if (plan.extraReplicas) say('Adding extra replicas...')
  if (plan.antiAffinity !== 'not-needed') {
    progress({ kind: 'step', text: 'Trying to optimize slaves allocation for anti-affinity' })
    if (plan.antiAffinity === 'perfect') progress({ kind: 'ok', text: 'Perfect anti-affinity obtained!' })
    else progress({ kind: 'warn', text: plan.antiAffinity === 'replica-with-its-master' ? 'Some slaves are in the same host as their master' : 'Some slaves of the same master are in the same host' })
  }
  const idOf = (a: HostPort): string => ids[nodes.indexOf(a)]
  for (const m of plan.masters) for (const line of plannedBlock(idOf(m.addr), m.addr, m.slots, null)) say(line)
  for (const r of plan.replicas) for (const line of plannedBlock(idOf(r.addr), r.addr, null, idOf(plan.masters[r.master].addr))) say(line)
}

/** Slots to the masters, a distinct config epoch to every node, then every node meets the first. */
async function configure(plan: CreatePlan, ids: string[], nodes: HostPort[], clients: NodeClient[], progress: ProgressSink): Promise<JoinMember[]> {
  const client = (a: HostPort): NodeClient => clients[nodes.indexOf(a)]
  // each command goes to a different node and none depends on another, so they go out together
  await Promise.all(plan.masters.map((m) => client(m.addr).call('CLUSTER', 'ADDSLOTSRANGE', m.slots[0], m.slots[1])))
  progress({ kind: 'step', text: 'Nodes configuration updated' })
  progress({ kind: 'step', text: 'Assign a different config epoch to each node' })
  await Promise.all(clients.map((c, i) => c.call('CLUSTER', 'SET-CONFIG-EPOCH', i + 1)))
  progress({ kind: 'step', text: 'Sending CLUSTER MEET messages to join the cluster' })
  const cports = await Promise.all(clients.map(async (c, i) => {
    const me = (await clusterNodes(c, formatAddr(nodes[i]))).find((l) => l.id === ids[i])
    return me !== undefined && me.cport > 0 ? me.cport : nodes[i].port + 10000
  }))
  // redis-cli has every node meet the first and leaves the rest to gossip; every node meeting every
  // earlier one (one direction per pair, so no two handshakes cross) has them all acquainted at once
  await Promise.all(clients.flatMap((c, i) => nodes.slice(0, i).map((to, j) => c.call('CLUSTER', 'MEET', local(to).host, to.port, cports[j]))))
  const masterOf = new Map(plan.replicas.map((r) => [r.addr, ids[nodes.indexOf(plan.masters[r.master].addr)]]))
  return nodes.map((addr, i) => ({ addr, id: ids[i], cport: cports[i], client: clients[i], masterId: masterOf.get(addr) ?? null }))
}
