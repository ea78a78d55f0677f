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
  const done = new Set<string>()
  const introduced = new Set<string>()
  const following = new Set<string>()
  const pairs = members.length * (members.length - 1)
  await pollUntil(async () => {
    const views = await Promise.all(members.map(async (m) => acquaintance(parseClusterNodes(String(await m.client.call('CLUSTER', 'NODES'))))))
    const steps: Array<Promise<unknown>> = []
    members.forEach((a, i) => {
      const va = views[i]
      if (a.masterId !== null && !following.has(a.id) && va.known.has(a.masterId)) {
        following.add(a.id)
        steps.push(a.client.call('CLUSTER', 'REPLICATE', a.masterId))
      }
      members.forEach((b, j) => {
        if (i === j) return
        const vb = views[j]
        const key = `${a.id}>${b.id}`
        if (!va.known.has(b.id) && !vb.known.has(a.id)) {
          if (i < j && !introduced.has(key) && !va.handshaking.has(busKey(b.addr)) && !vb.handshaking.has(busKey(a.addr))) {
            introduced.add(key)
            steps.push(meet(a, b).catch(() => introduced.delete(key)))
          }
          return
        }
        const ready = va.known.has(b.id) && vb.known.has(a.id) && !va.handshaking.has(busKey(b.addr)) &&
          (a.masterId === null || (following.has(a.id) && (b.id === a.masterId || vb.known.has(a.masterId))))
        if (ready && !done.has(key)) steps.push(meet(a, b).then(() => done.add(key), () => undefined))
      })
    })
    await Promise.all(steps)
    return done.size
  }, (n) => n === pairs, timeoutMs, POLL_MS, (n) => `Cluster join: only ${n} of ${pairs} node pairs met after ${timeoutMs} ms`)
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
