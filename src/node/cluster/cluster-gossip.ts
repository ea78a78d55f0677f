// The gossip section and ping extensions of a received PING/PONG/MEET (clusterProcessGossipSection,
// clusterProcessPingExt): nodes we learn about from a known peer, failure reports from masters,
// fresher pong times, and the sender's announced hostname.
import type { BusLink } from './bus-link.js'
import { BUS_LOG, CLUSTERMSG_EXT_TYPE_HOSTNAME, type GossipEntry, type PingMessage } from './bus-types.js'
import { type ClusterCore, TODO } from './cluster-core.js'
import { addFailureReport, countFailureReports } from './cluster-slots.js'
import { type ClusterNode, createClusterNode, hasFlag, isMaster, NodeFlag } from './node.js'

const FAILING = NodeFlag.PFAIL | NodeFlag.FAIL

/** Walks the gossip entries of a message; the sender is the link's node or the header's name. */
export function processGossip(core: ClusterCore, m: PingMessage, link: BusLink, now: number): void {
  const sender = link.node ?? core.state.lookupNode(m.header.sender) ?? null
  for (const g of m.gossip) {
    const node = core.state.lookupNode(g.nodename)
    if (node !== undefined) gossipAboutKnown(core, sender, node, g, now)
    else if (sender !== null && (g.flags & NodeFlag.NOADDR) === 0 && !core.isBanned(g.nodename, now)) learnNode(core, g, now)
  }
}

/**
 * A node we know: a master's word on its health becomes (or withdraws) a failure report; a newer pong
 * time is taken when nobody doubts the node; a failing node seen healthy elsewhere gets that address.
 */
function gossipAboutKnown(core: ClusterCore, sender: ClusterNode | null, node: ClusterNode, g: GossipEntry, now: number): void {
  if (sender !== null && isMaster(sender) && node !== core.myself) {
    if ((g.flags & FAILING) !== 0) {
      if (addFailureReport(core, node, sender, now)) core.log('verbose', `Node ${sender.name} reported node ${node.name} as not reachable.`)
    } else if (core.nrt(node).failReports.delete(sender)) {
      core.log('verbose', `Node ${sender.name} reported node ${node.name} is back online.`)
    }
  }
  if ((g.flags & FAILING) === 0 && node.pingSent === 0 && countFailureReports(core, node, now) === 0) {
    const pong = g.pongReceived * 1000
    if (pong <= now + 500 && pong > node.pongReceived) node.pongReceived = pong
  }
  const moved = node.ip !== g.ip || node.port !== g.port || node.cport !== g.cport
  if (hasFlag(node, FAILING) && (g.flags & (NodeFlag.NOADDR | FAILING)) === 0 && moved) {
    const r = core.nrt(node)
    if (r.link !== null) core.freeLink(r.link)
    node.ip = g.ip
    node.port = g.port
    node.cport = g.cport
    r.pport = g.pport
    node.flags &= ~NodeFlag.NOADDR
  }
}

/**
 * A node we never heard of, vouched for by a known sender: added under its real name with the
 * gossiped flags and address (7.0 does not handshake with it, since the address may be reused).
 */
function learnNode(core: ClusterCore, g: GossipEntry, now: number): void {
  const node = createClusterNode(g.nodename, g.flags & ~NodeFlag.MYSELF, now)
  node.ip = g.ip
  node.port = g.port
  node.cport = g.cport
  core.nrt(node).pport = g.pport
  core.state.addNode(node)
  core.later(TODO.SAVE, 'node learned from gossip')
}

/** The sender's extensions: its hostname (cleared when it sends none); unknown types are logged. */
export function processExtensions(core: ClusterCore, m: PingMessage, sender: ClusterNode): void {
  let hostname = ''
  for (const ext of m.extensions) {
    if (ext.type === CLUSTERMSG_EXT_TYPE_HOSTNAME && 'hostname' in ext) hostname = ext.hostname
    else {
      const line = BUS_LOG.unknownExtType(ext.type)
      core.log(line.level, line.text)
    }
  }
  if (sender.hostname !== hostname) {
    sender.hostname = hostname
    core.later(TODO.SAVE, 'hostname changed')
  }
}
