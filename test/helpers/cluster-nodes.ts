// Cluster-mode nodes for the interop suite: rcl-node or redis-server processes started directly on free
// ports (client and bus port both picked free), and redis-cli --cluster runs with their outputs
// normalised (node ids, ports, timings) so runs on the two servers can be compared line for line.
import { execFile } from 'node:child_process'
import { Cluster, Redis } from 'ioredis'
import { freePort } from './free-port.js'
import { startNode, stopAll, type TestNode } from './node-process.js'
import { waitFor } from './wait.js'

/** Which server a node runs: our rcl-node or the real redis-server 7.0. */
export type Kind = 'rcl' | 'redis'

export interface ClusterNode extends TestNode {
  kind: Kind
  addr: string
  /** The cluster bus port (picked free, not port + 10000). */
  cport: number
  id: string
  redis: Redis
}

const clients = new Set<Redis | Cluster>()

/** Starts one cluster-enabled node of `kind`, with a short node timeout so tests do not wait long. */
export async function startClusterNode(kind: Kind, extra: string[] = []): Promise<ClusterNode> {
  const cport = await freePort()
  const args = ['--cluster-enabled', 'yes', '--cluster-port', String(cport), '--cluster-node-timeout', '5000', '--save', '', '--appendonly', 'no', ...extra]
  const node = await startNode(args, kind === 'redis' ? 'redis-server' : undefined)
  const redis = new Redis({ port: node.port, host: '127.0.0.1', lazyConnect: true, maxRetriesPerRequest: 1, retryStrategy: () => null })
  // no reconnecting: a client outliving its node (a failed before()) must not keep the test process alive
  redis.on('error', () => {})
  clients.add(redis)
  const id = String(await redis.call('CLUSTER', 'MYID'))
  return Object.assign(node, { kind, addr: `127.0.0.1:${node.port}`, cport, id, redis })
}

/** Starts `kinds.length` nodes in parallel, one per entry, in that order. */
export function startClusterNodes(kinds: Kind[], extra: string[] = []): Promise<ClusterNode[]> {
  return Promise.all(kinds.map((k) => startClusterNode(k, extra)))
}

export interface CliRun { status: number; out: string; ms: number }

/** Runs redis-cli with `args`, `input` as its stdin (then closed, so no question waits), bounded by `timeoutMs`. */
export function redisCli(args: string[], input = '', timeoutMs = 60_000): Promise<CliRun> {
  const started = Date.now()
  return new Promise((resolve) => {
    const child = execFile('redis-cli', args, { timeout: timeoutMs, env: { ...process.env, TERM: 'dumb' }, maxBuffer: 64 << 20 }, (err, stdout, stderr) => {
      const status = err === null ? 0 : typeof err.code === 'number' ? err.code : -1
      resolve({ status, out: stdout + stderr, ms: Date.now() - started })
    })
    // redis-cli may exit without reading its stdin (a refused command, --cluster-yes): the pipe then breaks,
    // which is no failure of the run, whose status and output say what happened
    child.stdin?.on('error', () => {})
    child.stdin?.end(input)
  })
}

/**
 * The output with every node's id replaced by its position in `nodes` (<id0>, <id1>, ...), each address
 * and port likewise, and the dots redis-cli prints while it waits for the cluster to join dropped
 * (their count depends on timing).
 */
export function normalise(out: string, nodes: ClusterNode[]): string {
  let s = out
  nodes.forEach((n, i) => {
    s = s.split(n.id).join(`<id${i}>`).split(`(${n.id.slice(0, 8)}...)`).join(`(<id${i}>...)`)
    s = s.split(n.addr).join(`<addr${i}>`).split(`:${n.port}`).join(`:<port${i}>`)
  })
  return s.replace(/^(Waiting for the cluster to join)\.*$/m, '$1').replace(/^\.+$/gm, '').replace(/\n\n+/g, '\n')
}

/** Lines redis-cli prints in node-dictionary order, compared as sorted runs. */
const SORTED_RUNS = [/ -> \d+ keys \| /, /^\[WARNING\] Node \S+ has slots in (migrating|importing) state/]

/**
 * `normalise` plus the parts that are random in redis-cli itself put in a fixed form: the node list of a
 * check comes in the order of the node dictionary (a hash table), so runs of node blocks (an "M:" or
 * "S:" line and its indented lines) and runs of --cluster info lines and of open-slot warnings are sorted; and create's
 * anti-affinity step swaps replicas at random, so a replica block names neither the replica nor its
 * master (the test checks the real pairing separately).
 */
export function canonical(out: string, nodes: ClusterNode[]): string {
  const lines = normalise(out, nodes).split('\n')
  const res: string[] = []
  for (let i = 0; i < lines.length;) {
    if (/^[MS]: /.test(lines[i])) {
      const blocks: string[] = []
      while (i < lines.length && /^[MS]: /.test(lines[i])) {
        const b = [lines[i++]]
        while (i < lines.length && lines[i].startsWith('   ')) b.push(lines[i++])
        const text = b.join('\n')
        blocks.push(text.startsWith('S: ') ? text.replace(/^S: \S+ \S+/, 'S: <replica>').replace(/replicates \S+/, 'replicates <master>') : text)
      }
      res.push(...blocks.sort())
    } else if (SORTED_RUNS.some((re) => re.test(lines[i]))) {
      const re = SORTED_RUNS.find((r) => r.test(lines[i])) as RegExp
      const run: string[] = []
      while (i < lines.length && re.test(lines[i])) run.push(lines[i++])
      res.push(...run.sort())
    } else {
      res.push(lines[i++])
    }
  }
  return res.join('\n')
}

/** CLUSTER INFO of `node` as a field -> value map. */
export async function clusterInfo(node: ClusterNode): Promise<Map<string, string>> {
  const text = String(await node.redis.call('CLUSTER', 'INFO'))
  return new Map(text.split('\r\n').filter(Boolean).map((l) => l.split(':') as [string, string]))
}

/** Waits until every node says cluster_state:ok and agrees on the config epoch set (bounded). */
export async function waitClusterOk(nodes: ClusterNode[], timeoutMs = 30_000): Promise<void> {
  await waitFor('cluster_state:ok on every node', async () => {
    for (const n of nodes) if ((await clusterInfo(n)).get('cluster_state') !== 'ok') return false
    return true
  }, timeoutMs, 50)
}

/** Closes every client this module opened and stops every node (each test file's after()). */
export async function stopClusterNodes(): Promise<void> {
  for (const c of clients) c.disconnect()
  clients.clear()
  await stopAll()
}

/** Polls redis-cli --cluster check from `addr` until it exits 0 (every node agrees, all slots covered). */
export async function waitCheckOk(addr: string, timeoutMs = 20_000): Promise<void> {
  let last = ''
  try {
    await waitFor(`redis-cli --cluster check ${addr} to pass`, async () => {
      const r = await redisCli(['--cluster', 'check', addr])
      last = r.out
      return r.status === 0
    }, timeoutMs, 100)
  } catch (e) {
    throw new Error(`${(e as Error).message}; last output:\n${last}`)
  }
}

/** Waits until every node in `nodes` lists node `id` in its CLUSTER NODES (gossip has spread it). */
export async function waitKnown(nodes: ClusterNode[], id: string, timeoutMs = 20_000): Promise<void> {
  await waitFor(`every node to know ${id}`, async () => {
    for (const n of nodes) if (!String(await n.redis.call('CLUSTER', 'NODES')).includes(id)) return false
    return true
  }, timeoutMs, 50)
}

/** Writes `keys` (each key's value is its name) through an ioredis Cluster client started at `node`. */
export async function writeKeys(node: ClusterNode, keys: string[]): Promise<void> {
  const c = new Cluster([{ host: '127.0.0.1', port: node.port }])
  clients.add(c)
  try {
    for (let i = 0; i < keys.length; i += 100) await Promise.all(keys.slice(i, i + 100).map((k) => c.set(k, k)))
  } finally {
    c.disconnect()
  }
}
