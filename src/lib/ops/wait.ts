// Bounded waits that make readiness a contract: every wait polls, ends within its timeout, and on
// timeout says which node is missing what instead of waiting forever.
import { formatAddr, local, type HostPort } from '../addr.js'
import { pollUntil } from '../poll.js'
import { connect, info, type NodeClient, type OpenClients } from '../redis-client.js'
import { configSignature, topologySignature } from '../view.js'
import { clusterInfo, clusterNodes } from './load.js'

// short, because create's last wait ends on a node's own timer (a master turns ok 2 s after its start)
// and every poll past that moment is time the user waits for nothing
const POLL_MS = 20

interface NodeState {
  addr: HostPort
  known: Array<{ addr: string; handshake: boolean }>
  signature: string
  topology: string
  clusterState: string
  role: string
  linkUp: boolean
  error: string | null
}

/**
 * One connection per node for the whole wait, opened again after a failure. Connections the caller
 * already holds (`open`, by address) are used first and left open: opening six new ones cost a
 * create tens of milliseconds on a busy machine.
 */
class Watcher {
  private readonly clients = new Map<string, Promise<NodeClient>>()
  private readonly borrowed = new Set<string>()

  constructor(open: OpenClients = new Map()) {
    for (const [key, c] of open) {
      this.clients.set(key, Promise.resolve(c))
      this.borrowed.add(key)
    }
  }

  async state(addr: HostPort): Promise<NodeState> {
    const key = formatAddr(addr)
    try {
      let client = this.clients.get(key)
      if (client === undefined) {
        client = connect(local(addr), { timeoutMs: 1000 })
        this.clients.set(key, client)
      }
      return await readState(addr, await client)
    } catch (e) {
      this.drop(key)
      return { addr, error: (e as Error).message, known: [], signature: '', topology: '', clusterState: 'unknown', role: 'unknown', linkUp: false }
    }
  }

  close(): void {
    for (const key of [...this.clients.keys()]) this.drop(key)
  }

  private drop(key: string): void {
    if (!this.borrowed.delete(key)) this.clients.get(key)?.then((c) => c.close(), () => undefined)
    this.clients.delete(key)
  }
}

async function readState(addr: HostPort, c: NodeClient): Promise<NodeState> {
  const [lines, cluster, repl] = await Promise.all([clusterNodes(c, formatAddr(addr)), clusterInfo(c), info(c, 'replication')])
  const state = cluster.get('cluster_state') ?? 'unknown'
  return {
    addr, error: null, clusterState: state, signature: configSignature(lines), topology: topologySignature(lines),
    known: lines.map((l) => ({ addr: `${l.ip}:${l.port}`, handshake: l.flags.includes('handshake') })),
    role: repl.get('role') ?? 'unknown', linkUp: repl.get('master_link_status') === 'up',
  }
}

async function untilNoProblems(addrs: HostPort[], timeoutMs: number, problems: (states: NodeState[]) => string[], what: string, open?: OpenClients): Promise<void> {
  const watcher = new Watcher(open)
  try {
    await pollUntil(async () => problems(await Promise.all(addrs.map((a) => watcher.state(a)))), (left) => left.length === 0, timeoutMs, POLL_MS,
      (left) => `${what} not reached after ${timeoutMs} ms:\n${left.map((l) => `  ${l}`).join('\n')}`)
  } finally {
    watcher.close()
  }
}

/** Every node knows every other one (no handshake left) and all agree on who owns which slots. */
export function waitForJoin(addrs: HostPort[], timeoutMs: number, open?: OpenClients): Promise<void> {
  const names = addrs.map(formatAddr)
  return untilNoProblems(addrs, timeoutMs, (states) => {
    const out: string[] = []
    for (const s of states) {
      const me = formatAddr(s.addr)
      if (s.error !== null) { out.push(`${me} cannot be reached: ${s.error}`); continue }
      const known = new Set(s.known.filter((k) => !k.handshake).map((k) => k.addr))
      const missing = names.filter((n) => n !== me && !known.has(n))
      for (const m of missing) out.push(`${me} does not know ${m} yet: is its cluster bus port ${Number(m.slice(m.lastIndexOf(':') + 1)) + 10000} reachable from ${me}?`)
    }
    if (out.length === 0 && new Set(states.map((s) => s.signature)).size > 1) out.push('the nodes do not agree about the slots configuration yet')
    return out
  }, 'Cluster join', open)
}

/**
 * Ready: every node reports cluster_state:ok, all agree on the slot map and on every node's role and
 * master, every replica's link to its master is up, and no handshake is left (so cluster_known_nodes
 * is the same everywhere).
 */
export function waitForClusterReady(addrs: HostPort[], timeoutMs: number, open?: OpenClients): Promise<void> {
  return untilNoProblems(addrs, timeoutMs, (states) => {
    const out: string[] = []
    for (const s of states) {
      const me = formatAddr(s.addr)
      if (s.error !== null) out.push(`${me} cannot be reached: ${s.error}`)
      else if (s.clusterState !== 'ok') out.push(`${me} reports cluster_state:${s.clusterState}`)
      else if (s.role === 'slave' && !s.linkUp) out.push(`${me} is a replica whose link to its master is not up`)
      else if (s.known.some((k) => k.handshake)) out.push(`${me} is still shaking hands with ${s.known.filter((k) => k.handshake).map((k) => k.addr).join(', ')}`)
    }
    if (out.length === 0 && new Set(states.map((s) => s.topology)).size > 1) out.push('the nodes do not yet agree about which node is a master or a replica of which, or about the slots')
    return out
  }, 'Cluster readiness', open)
}
