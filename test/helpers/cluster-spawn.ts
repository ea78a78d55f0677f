// Spawned cluster nodes for e2e tests: rcl-node (or redis-server) processes with cluster-enabled on
// free client and bus ports, joined by CLUSTER MEET, with slots split evenly. Cleanup is node-process's
// stopAll(), which every test file registers in after().
import type Redis from 'ioredis'
import { client } from './client.js'
import { freePort } from './free-port.js'
import { startNode, type TestNode } from './node-process.js'
import { waitFor } from './wait.js'

export interface ClusterTestNode {
  node: TestNode
  cport: number
  redis: Redis
  id: string
}

const opened: Redis[] = []

/** Closes every client the helpers opened (call in after(), before stopAll()). */
export function closeClusterClients(): void {
  for (const r of opened.splice(0)) r.disconnect()
}

/** A client kept for closing by closeClusterClients(). */
export function trackedClient(port: number): Redis {
  const r = client(port)
  opened.push(r)
  return r
}

/**
 * A tracked subscriber connection that records every message it receives, as `channel=message`
 * (PUBLISH) or `s:channel=message` (SPUBLISH).
 */
export function subscriber(port: number): { redis: Redis; got: string[] } {
  const redis = trackedClient(port)
  const got: string[] = []
  redis.on('message', (ch: string, msg: string) => got.push(`${ch}=${msg}`))
  redis.on('smessage', (ch: string, msg: string) => got.push(`s:${ch}=${msg}`))
  return { redis, got }
}

/** One cluster-enabled node, alone, on fresh ports (`reuse` restarts an earlier node over its files and ports). */
export async function startClusterNode(extra: string[] = [], command?: string, reuse?: ClusterTestNode, whileLoading = false): Promise<ClusterTestNode> {
  const cport = reuse?.cport ?? await freePort()
  const args = ['--cluster-enabled', 'yes', '--cluster-port', String(cport), '--cluster-node-timeout', '3000', ...extra]
  if (command === undefined && !extra.includes('--save')) args.push('--save', '')
  if (command === undefined && !extra.includes('--appendonly')) args.push('--appendonly', 'no')
  const node = await startNode(args, command, reuse?.node.dir, reuse?.node.port, whileLoading)
  const redis = trackedClient(node.port)
  const id = whileLoading ? reuse?.id ?? '' : await redis.cluster('MYID') as string
  return { node, cport, redis, id }
}

/** Splits the 16384 slots evenly over `masters` (contiguous ranges, in order). */
export async function assignSlots(masters: ClusterTestNode[]): Promise<void> {
  const per = Math.ceil(16384 / masters.length)
  await Promise.all(masters.map((m, i) => m.redis.cluster('ADDSLOTSRANGE', i * per, Math.min(16383, (i + 1) * per - 1))))
}

/** Makes every node meet the first, then waits until each reports cluster_state:ok and knows them all. */
export async function joinAll(nodes: ClusterTestNode[], timeoutMs = 20_000): Promise<void> {
  const [first, ...rest] = nodes
  await Promise.all(rest.map((n) => n.redis.cluster('MEET', '127.0.0.1', first.node.port, first.cport)))
  await waitClusterOk(nodes, timeoutMs)
}

/** Waits until every node reports cluster_state:ok and knows every other node. */
export async function waitClusterOk(nodes: ClusterTestNode[], timeoutMs = 20_000): Promise<void> {
  await waitFor(`${nodes.length} nodes to agree on cluster_state:ok`, async () => {
    const infos = await Promise.all(nodes.map((n) => n.redis.cluster('INFO') as Promise<string>))
    return infos.every((i) => i.includes('cluster_state:ok') && i.includes(`cluster_known_nodes:${nodes.length}`))
  }, timeoutMs, 50)
}

/** A cluster of `count` fresh masters with the slots split evenly, state ok everywhere. */
export async function startCluster(count: number, extra: string[] = []): Promise<ClusterTestNode[]> {
  const nodes = await Promise.all(Array.from({ length: count }, () => startClusterNode(extra)))
  await assignSlots(nodes)
  await joinAll(nodes)
  return nodes
}
