// Joining freshly configured nodes into one cluster faster than gossip alone would.
//
// Redis teaches a node another node's slots and role only through a packet that node sends itself (a
// PING, PONG or MEET from a known sender); the PONG that ends a MEET handshake doesn't count, and the
// next regular PING may be half a cluster-node-timeout away. So, on top of redis-cli's plan (everyone
// meets the first node, gossip does the rest), the join drives three things as soon as each is
// possible, polling every node's CLUSTER NODES:
//   - introductions: two nodes that know nothing of each other meet directly (one direction only,
//     so their handshakes never cross), instead of waiting for gossip to bring them together;
//   - replication: a replica follows its master (CLUSTER REPLICATE) once it knows it;
//   - announcements: once two nodes know each other (and the receiver knows the sender's master),
//     the sender MEETs the receiver again. The receiver already knows the sender, so it reads the
//     slots and role in that MEET at once; the sender drops its short-lived handshake on the reply.
import { parseClusterNodes, type NodesLine } from '../../common/nodes-line.js'
import { local, type HostPort } from '../addr.js'
import { pollUntil } from '../poll.js'
import type { NodeClient } from '../redis-client.js'

export interface JoinMember {
  addr: HostPort
  id: string
  /** Cluster bus port. */
  cport: number
  client: NodeClient
  /** The master this node is to replicate, or null for a master. */
  masterId: string | null
}

/** What one node knows of the others: ids it knows fully, and addresses it is still shaking hands with. */
interface Acquaintance { known: Set<string>; handshaking: Set<string> }

const POLL_MS = 20

/** Resolves once every member has announced itself to every other one and every replica follows its master. */
export async function joinMembers(members: JoinMember[], timeoutMs: number): Promise<void> {
  const join = new Join(members)
  await pollUntil(() => join.round(), (n) => n === join.pairs, timeoutMs, POLL_MS,
    (n) => `Cluster join: only ${n} of ${join.pairs} node pairs met after ${timeoutMs} ms`)
}

class Join {
  readonly pairs: number
  /** "a>b" keys: a has introduced itself to b, or announced itself to b. */
  private readonly introduced = new Set<string>()
  private readonly announced = new Set<string>()
  private readonly following = new Set<string>()

  constructor(private readonly members: JoinMember[]) {
    this.pairs = members.length * (members.length - 1)
  }

  /** Looks at every node once and takes every step that has become possible; resolves with the pairs announced. */
  async round(): Promise<number> {
    const views = await Promise.all(this.members.map(async (m) => acquaintance(parseClusterNodes(String(await m.client.call('CLUSTER', 'NODES'))))))
    const steps: Array<Promise<unknown>> = []
    this.members.forEach((a, i) => {
      steps.push(...this.follow(a, views[i]))
      this.members.forEach((b, j) => { if (i !== j) steps.push(...this.meetStep(a, i, views[i], b, j, views[j])) })
    })
    await Promise.all(steps)
    return this.announced.size
  }

  private follow(a: JoinMember, va: Acquaintance): Array<Promise<unknown>> {
    if (a.masterId === null || this.following.has(a.id) || !va.known.has(a.masterId)) return []
    this.following.add(a.id)
    return [a.client.call('CLUSTER', 'REPLICATE', a.masterId)]
  }

  private meetStep(a: JoinMember, i: number, va: Acquaintance, b: JoinMember, j: number, vb: Acquaintance): Array<Promise<unknown>> {
    const key = `${a.id}>${b.id}`
    if (!va.known.has(b.id) && !vb.known.has(a.id)) {
      // strangers: the lower-listed one introduces itself, unless a handshake between them is under way
      if (i > j || this.introduced.has(key) || va.handshaking.has(busKey(b.addr)) || vb.handshaking.has(busKey(a.addr))) return []
      this.introduced.add(key)
      return [meet(a, b).catch(() => this.introduced.delete(key))]
    }
    // an announcement says what a is: a replica only once it follows its master, to a node that knows that master
    const ready = va.known.has(b.id) && vb.known.has(a.id) && !va.handshaking.has(busKey(b.addr)) &&
      (a.masterId === null || (this.following.has(a.id) && (b.id === a.masterId || vb.known.has(a.masterId))))
    if (!ready || this.announced.has(key)) return []
    return [meet(a, b).then(() => this.announced.add(key), () => undefined)]
  }
}

function acquaintance(lines: NodesLine[]): Acquaintance {
  const known = new Set<string>()
  const handshaking = new Set<string>()
  for (const l of lines) {
    if (l.flags.includes('handshake')) handshaking.add(`${l.ip}:${l.port}`)
    else if (!l.flags.includes('myself')) known.add(l.id)
  }
  return { known, handshaking }
}

/** A node as CLUSTER NODES shows an address it is shaking hands with. */
function busKey(a: HostPort): string {
  return `${local(a).host}:${a.port}`
}

function meet(a: JoinMember, b: JoinMember): Promise<unknown> {
  return a.client.call('CLUSTER', 'MEET', local(b.addr).host, b.addr.port, b.cport)
}
