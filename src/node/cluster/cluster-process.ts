// What a received bus message does to the cluster (clusterProcessPacket): epochs from the header,
// the MEET/PING/PONG handshake and node-ID learning, roles, slot claims and UPDATE replies, FAIL,
// PUBLISH and UPDATE. Gossip sections and extensions are in cluster-gossip.ts.
import type { BusLink } from './bus-link.js'
import type { BusReadEvent } from './bus-reader.js'
import {
  CLUSTERMSG_TYPE_COUNT, lowestBit, MsgType, type BusHeader, type BusMessage, type FailMessage, type PingMessage, type UpdateMessage,
} from './bus-types.js'
import { type ClusterCore, TODO } from './cluster-core.js'
import { processExtensions, processGossip } from './cluster-gossip.js'
import { sendPing, sendUpdate } from './cluster-msg.js'
import { clearFailureIfNeeded, handleEpochCollision, updateSlotsConfigWith } from './cluster-slots.js'
import { type ClusterNode, createClusterNode, hasFlag, isMaster, NodeFlag, randomNodeName } from './node.js'

/** Handles one frame verdict from a link. */
export function processFrame(core: ClusterCore, link: BusLink, ev: BusReadEvent, now: number): void {
  if (ev.kind === 'close') return core.lost(link, ev.log)
  if (ev.type < CLUSTERMSG_TYPE_COUNT) core.received[ev.type]++
  if (ev.kind === 'ignored') return
  // the debug filter acts before the length checks, so a filtered packet is never judged malformed
  if (ev.type === core.dropPacketFilter) return core.log('warning', 'Dropping packet that matches debug drop filter')
  if (ev.kind === 'dropped') return core.log(ev.log.level, ev.log.text)
  const header = ev.kind === 'message' ? ev.message.header : ev.header
  const sender = core.state.lookupNode(header.sender) ?? null
  if (sender !== null && link.node === null && link.inbound) core.bindInbound(sender, link)
  if (sender !== null) core.nrt(sender).dataReceived = now
  if (sender !== null && !hasFlag(sender, NodeFlag.HANDSHAKE)) applyHeader(core, sender, header)
  if (ev.kind === 'unknown-type') return core.log(ev.log.level, ev.log.text)
  processMessage(core, link, ev.message, sender, now)
}

/** Epochs and replication offset a known node tells about itself in every header. */
function applyHeader(core: ClusterCore, sender: ClusterNode, h: BusHeader): void {
  const current = Number(h.currentEpoch)
  const config = Number(h.configEpoch)
  if (current > core.state.currentEpoch) {
    core.state.currentEpoch = current
    core.later(TODO.SAVE, 'currentEpoch from a peer')
  }
  if (config > sender.configEpoch) {
    sender.configEpoch = config
    core.later(TODO.SAVE | TODO.FSYNC, 'configEpoch from a peer')
  }
  core.nrt(sender).replOffset = h.offset
}

function processMessage(core: ClusterCore, link: BusLink, m: BusMessage, sender: ClusterNode | null, now: number): void {
  switch (m.type) {
    case MsgType.PING: case MsgType.PONG: case MsgType.MEET: return processPing(core, link, m, sender, now)
    case MsgType.FAIL: return processFail(core, m, sender, now)
    case MsgType.PUBLISH: case MsgType.PUBLISHSHARD:
      if (sender !== null) core.hooks.onPublish(m.channel, m.message, m.type === MsgType.PUBLISHSHARD)
      return
    case MsgType.UPDATE: return processUpdate(core, m, sender)
    default: // failover auth and manual failover belong to the failover module
  }
}

function processPing(core: ClusterCore, link: BusLink, m: PingMessage, sender: ClusterNode | null, now: number): void {
  if (m.type !== MsgType.PONG) answerPing(core, link, m, sender, now)
  if (!link.inbound) {
    const handshake = link.node !== null && hasFlag(link.node, NodeFlag.HANDSHAKE)
    if (!outboundIdentity(core, link, m.header, sender, now)) return
    // 7.0 takes the new node's epochs, role and slots only from its next packet, which may be a
    // second away; this one already carries them, so a fresh cluster converges in one round trip
    if (handshake && sender === null && link.node !== null) {
      sender = link.node
      applyHeader(core, sender, m.header)
    }
  }
  const h = m.header
  if (sender !== null) sender.flags = (sender.flags & ~NodeFlag.NOFAILOVER) | (h.flags & NodeFlag.NOFAILOVER)
  if (sender !== null && m.type === MsgType.PING && !hasFlag(sender, NodeFlag.HANDSHAKE) && updateAddress(core, sender, link, h)) {
    core.later(TODO.SAVE | TODO.UPDATE_STATE, 'node address changed')
  }
  if (!link.inbound && m.type === MsgType.PONG && link.node !== null) pongArrived(core, link.node, now)
  if (sender === null) return
  updateRole(core, sender, h)
  updateSlots(core, sender, h)
  if (isMaster(core.myself) && isMaster(sender) && Number(h.configEpoch) === core.myself.configEpoch) handleEpochCollision(core, sender)
  processGossip(core, m, link, now)
  processExtensions(core, m, sender)
}

/**
 * PING and MEET are answered with a PONG. A MEET (or any ping while I do not know my own IP) tells me
 * my address as the peer reached me; a MEET from an unknown node adds it in handshake.
 */
function answerPing(core: ClusterCore, link: BusLink, m: PingMessage, sender: ClusterNode | null, now: number): void {
  const me = core.myself
  if ((m.type === MsgType.MEET || me.ip === '') && core.cfg.announceIp === '') {
    const ip = link.localAddress
    if (ip !== '' && ip !== me.ip) {
      me.ip = ip
      core.log('notice', `IP address for this node updated to ${ip}`)
      core.later(TODO.SAVE, 'my IP address learned')
    }
  }
  if (sender === null && m.type === MsgType.MEET) {
    const node = createClusterNode(randomNodeName(), NodeFlag.HANDSHAKE, now)
    setAddress(core, node, link, m.header)
    core.state.addNode(node)
    core.later(TODO.SAVE, 'met a new node')
    processGossip(core, m, link, now)
  }
  sendPing(core, link, MsgType.PONG, now)
}

/**
 * On an outbound link the reply must come from the node we called: a node in handshake learns its
 * real name here (or is dropped if that name is known already); a different name means the address
 * now belongs to someone else. False when the link or node is gone.
 */
function outboundIdentity(core: ClusterCore, link: BusLink, h: BusHeader, sender: ClusterNode | null, now: number): boolean {
  const node = link.node
  if (node === null) return false
  if (hasFlag(node, NodeFlag.HANDSHAKE)) {
    if (sender !== null) {
      core.log('verbose', `Handshake: we already know node ${sender.name}, updating the address if needed.`)
      if (updateAddress(core, sender, link, h)) core.later(TODO.SAVE | TODO.UPDATE_STATE, 'node address changed')
      core.delNode(node)
      return false
    }
    core.state.renameNode(node, h.sender)
    core.log('debug', `Handshake with node ${node.name} completed.`)
    node.flags = (node.flags & ~NodeFlag.HANDSHAKE) | (h.flags & (NodeFlag.MASTER | NodeFlag.SLAVE))
    core.later(TODO.SAVE, 'handshake completed')
    return true
  }
  if (node.name === h.sender) return true
  core.log('debug', `PONG contains mismatching sender ID. About node ${node.name} added ${now - node.ctime} ms ago, having flags ${node.flags}`)
  node.flags |= NodeFlag.NOADDR
  node.ip = ''
  node.port = 0
  node.cport = 0
  core.nrt(node).pport = 0
  core.freeLink(link)
  core.later(TODO.SAVE, 'node address lost')
  return false
}

function pongArrived(core: ClusterCore, node: ClusterNode, now: number): void {
  node.pongReceived = now
  node.pingSent = 0
  if (hasFlag(node, NodeFlag.PFAIL)) {
    node.flags &= ~NodeFlag.PFAIL
    core.later(TODO.UPDATE_STATE, 'PFAIL cleared')
  } else if (hasFlag(node, NodeFlag.FAIL)) clearFailureIfNeeded(core, node, now)
}

/** The address a packet gives for its sender: the announced IP, else where the packet came from. */
function setAddress(core: ClusterCore, node: ClusterNode, link: BusLink, h: BusHeader): void {
  node.ip = h.myip !== '' ? h.myip : link.remoteAddress
  node.port = h.port
  node.cport = h.cport
  core.nrt(node).pport = h.pport
}

/** A known node pinging from a new address (nodeUpdateAddressIfNeeded); only inbound links count. */
function updateAddress(core: ClusterCore, node: ClusterNode, link: BusLink, h: BusHeader): boolean {
  const r = core.nrt(node)
  if (link === r.link || node === core.myself) return false
  const ip = h.myip !== '' ? h.myip : link.remoteAddress
  if (node.ip === ip && node.port === h.port && node.cport === h.cport && r.pport === h.pport) return false
  setAddress(core, node, link, h)
  if (r.link !== null) core.freeLink(r.link)
  node.flags &= ~NodeFlag.NOADDR
  core.log('notice', `Address updated for node ${node.name}, now ${node.ip}:${node.port}`)
  if (core.myself.master === node) core.hooks.onMasterChanged(node)
  return true
}

/** The header's slaveof says what the sender is now: a master, or a replica of a given node. */
function updateRole(core: ClusterCore, sender: ClusterNode, h: BusHeader): void {
  if (h.slaveof === null) {
    if (!isMaster(sender)) core.later(TODO.SAVE | TODO.UPDATE_STATE, 'node became a master')
    core.state.setNodeAsMaster(sender)
    return
  }
  const master = core.state.lookupNode(h.slaveof) ?? null
  if (isMaster(sender)) {
    core.state.delNodeSlots(sender)
    sender.flags = (sender.flags & ~(NodeFlag.MASTER | NodeFlag.MIGRATE_TO)) | NodeFlag.SLAVE
    core.later(TODO.SAVE | TODO.UPDATE_STATE, 'node became a replica')
  }
  if (master !== null && sender.master !== master && master !== sender) {
    core.state.setNodeAsReplica(sender, master)
    core.later(TODO.SAVE, 'replica attached')
  }
}

/**
 * A master claiming slots differently from what we hold for it gets the ownership rules; a sender
 * claiming a slot we know has a newer owner gets one UPDATE about that owner.
 */
function updateSlots(core: ClusterCore, sender: ClusterNode, h: BusHeader): void {
  const senderMaster = isMaster(sender) ? sender : sender.master
  if (senderMaster === null || bitmapsEqual(senderMaster.slots, h.myslots)) return
  const epoch = Number(h.configEpoch)
  if (isMaster(sender)) updateSlotsConfigWith(core, sender, epoch, h.myslots)
  const owner = staleClaimOwner(core, sender, epoch, h.myslots)
  if (owner === null) return
  core.log('verbose', `Node ${sender.name} has old slots configuration, sending an UPDATE message about ${owner.name}`)
  sendUpdate(core, core.nrt(sender).link, owner)
}

/**
 * The owner of the lowest slot `sender` claims that a node with a newer configEpoch holds, or null.
 * Slots the sender owns are skipped a byte at a time.
 */
function staleClaimOwner(core: ClusterCore, sender: ClusterNode, epoch: number, claim: Uint8Array): ClusterNode | null {
  for (let i = 0; i < claim.length; i++) {
    for (let rest = claim[i] & ~sender.slots[i]; rest !== 0; rest &= rest - 1) {
      const slot = (i << 3) + lowestBit(rest)
      const owner = core.state.slots[slot]
      if (owner === null || core.unclaimed(slot)) continue
      if (owner.configEpoch > epoch) return owner
    }
  }
  return null
}

function bitmapsEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/** Another node declared a node FAIL: believe it if we know both (and it is not me). */
function processFail(core: ClusterCore, m: FailMessage, sender: ClusterNode | null, now: number): void {
  if (sender === null) return
  const failing = core.state.lookupNode(m.nodename)
  if (failing === undefined || hasFlag(failing, NodeFlag.FAIL | NodeFlag.MYSELF)) return
  core.log('notice', `FAIL message received from ${sender.name} about ${failing.name}`)
  failing.flags = (failing.flags | NodeFlag.FAIL) & ~NodeFlag.PFAIL
  failing.failTime = now
  core.later(TODO.SAVE | TODO.UPDATE_STATE, 'node failed')
}

/** An UPDATE with a newer configEpoch for a node rebinds that node's slots. */
function processUpdate(core: ClusterCore, m: UpdateMessage, sender: ClusterNode | null): void {
  if (sender === null) return
  const node = core.state.lookupNode(m.nodename)
  const epoch = Number(m.configEpoch)
  if (node === undefined || node.configEpoch >= epoch) return
  if (!isMaster(node)) core.state.setNodeAsMaster(node)
  node.configEpoch = epoch
  core.later(TODO.SAVE | TODO.FSYNC, 'UPDATE received')
  updateSlotsConfigWith(core, node, epoch, m.slots)
}
