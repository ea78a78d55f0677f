// Building the messages this node sends: the header that describes myself (clusterBuildMessageHdr),
// PING/PONG/MEET with their gossip section and HOSTNAME extension (clusterSendPing), UPDATE and
// PUBLISH. Which nodes go into the gossip follows Redis 7.0, so peers see the same traffic shape.
import { encodeBusMessage } from './bus-codec.js'
import type { BusLink } from './bus-link.js'
import { CLUSTERMSG_EXT_TYPE_HOSTNAME, MFLAG0, MsgType, type BusHeader, type GossipEntry, type PingExt } from './bus-types.js'
import type { ClusterCore } from './cluster-core.js'
import { type ClusterNode, hasFlag, isReplica, NodeFlag } from './node.js'

/** The header every message carries: my view of myself (a replica advertises its master's slots and epoch). */
export function buildHeader(core: ClusterCore): BusHeader {
  const me = core.myself
  const master = isReplica(me) && me.master !== null ? me.master : me
  return {
    port: core.cfg.port,
    currentEpoch: BigInt(core.state.currentEpoch),
    configEpoch: BigInt(master.configEpoch),
    offset: core.hooks.replOffset(),
    sender: me.name,
    myslots: master.slots,
    slaveof: isReplica(me) && me.master !== null ? me.master.name : null,
    myip: core.cfg.announceIp,
    pport: core.cfg.pport,
    cport: core.cfg.cport,
    flags: me.flags,
    state: core.ok ? 0 : 1,
    mflags: 0,
  }
}

function gossipEntry(core: ClusterCore, n: ClusterNode): GossipEntry {
  return {
    nodename: n.name, pingSent: Math.floor(n.pingSent / 1000), pongReceived: Math.floor(n.pongReceived / 1000),
    ip: n.ip, port: n.port, cport: n.cport, flags: n.flags, pport: core.nrt(n).pport,
  }
}

/**
 * The gossip section: up to max(3, nodes/10) random nodes other than me (the receiver itself may be
 * picked, as in Redis), each at most once, never nodes in handshake or without an
 * address, nor unlinked nodes with no slots; then every node in PFAIL, so failures spread fast.
 */
export function pickGossip(core: ClusterCore): GossipEntry[] {
  const nodes = [...core.state.nodes.values()]
  let fresh = nodes.length - 2
  const wanted = Math.min(Math.max(3, Math.floor(nodes.length / 10)), fresh)
  const chosen = new Set<ClusterNode>()
  const out: GossipEntry[] = []
  for (let tries = wanted * 3; fresh > 0 && out.length < wanted && tries > 0; tries--) {
    const n = nodes[Math.floor(core.random() * nodes.length)]
    if (n === core.myself || hasFlag(n, NodeFlag.PFAIL)) continue
    if (hasFlag(n, NodeFlag.HANDSHAKE | NodeFlag.NOADDR) || (core.nrt(n).link === null && n.numSlots === 0)) {
      fresh-- // as Redis: counted as used up, which only makes the section shorter
      continue
    }
    if (chosen.has(n)) continue
    chosen.add(n)
    out.push(gossipEntry(core, n))
    fresh--
  }
  for (const n of nodes) {
    if (hasFlag(n, NodeFlag.PFAIL) && !hasFlag(n, NodeFlag.HANDSHAKE | NodeFlag.NOADDR)) out.push(gossipEntry(core, n))
  }
  return out
}

/** Sends a PING, PONG or MEET on a link; a PING on an outbound link starts the node's ping timer. */
export function sendPing(core: ClusterCore, link: BusLink | null, type: 0 | 1 | 2, now: number): void {
  if (link === null) return
  if (link.node !== null && !link.inbound && type === MsgType.PING) link.node.pingSent = now
  const header = buildHeader(core)
  const extensions: PingExt[] = []
  if (core.myself.hostname !== '') {
    extensions.push({ type: CLUSTERMSG_EXT_TYPE_HOSTNAME, hostname: core.myself.hostname })
    header.mflags |= MFLAG0.EXT_DATA
  }
  core.sendOn(link, type, encodeBusMessage({ type, header, gossip: pickGossip(core), extensions }))
}

/** PONG to every node with a link, so a change (slots, epoch, role) spreads at once (clusterBroadcastPong). */
export function broadcastPong(core: ClusterCore, now: number): void {
  for (const n of core.state.nodes.values()) {
    if (hasFlag(n, NodeFlag.MYSELF | NodeFlag.HANDSHAKE)) continue
    sendPing(core, core.nrt(n).link, MsgType.PONG, now)
  }
}

/** Tells a node with a stale view who owns `owner`'s slots now; slots `owner` stopped claiming are left out. */
export function sendUpdate(core: ClusterCore, link: BusLink | null, owner: ClusterNode): void {
  if (link === null) return
  const slots = new Uint8Array(owner.slots)
  for (let i = 0; i < slots.length; i++) slots[i] &= ~core.ownerNotClaiming[i]
  const msg = { type: MsgType.UPDATE, header: buildHeader(core), configEpoch: BigInt(owner.configEpoch), nodename: owner.name, slots }
  core.sendOn(link, MsgType.UPDATE, encodeBusMessage(msg))
}

/**
 * PUBLISH goes to every linked node; PUBLISHSHARD to the other nodes of my shard (my master, or me,
 * and its replicas). A shard node with no link is skipped (7.0 would broadcast to everyone instead).
 */
export function sendPublish(core: ClusterCore, channel: Buffer, message: Buffer, shard: boolean): void {
  const type = shard ? MsgType.PUBLISHSHARD : MsgType.PUBLISH
  const bytes = encodeBusMessage({ type, header: buildHeader(core), channel, message })
  if (!shard) return core.broadcast(type, bytes)
  const me = core.myself
  const master = isReplica(me) && me.master !== null ? me.master : me
  for (const n of [master, ...master.replicas]) if (n !== me) core.sendOn(core.nrt(n).link, type, bytes)
}
