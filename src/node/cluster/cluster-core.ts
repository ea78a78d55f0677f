// What the cluster-bus handlers share (the rest of Redis's clusterState): the per-node link table,
// failure reports, the FORGET ban list, message counters, the "to do before sleep" flags, and the
// configuration. Handlers in cluster-process.ts, cluster-slots.ts and cluster-cron.ts act on it;
// the Cluster facade owns it. Time always arrives as `now`; effects go through hooks and links.
import { BusLink, type BusNetwork, type LinkEvents } from './bus-link.js'
import { CLUSTERMSG_TYPE_COUNT, type BusLogLine } from './bus-types.js'
import { type ClusterNode, hasFlag, NodeFlag } from './node.js'
import type { ClusterState } from './state.js'

/** Levels of Redis's log; the facade's `log` receives them. */
export type ClusterLogLevel = 'debug' | 'verbose' | 'notice' | 'warning'

/** Settings the bus needs (cluster-* directives, already parsed). */
export interface ClusterSettings {
  /** Client port announced to peers (cluster-announce-port, else the port). */
  port: number
  /** Bus port announced to peers (cluster-announce-bus-port, else the bus port). */
  cport: number
  /** Plaintext port for TLS setups; 0 otherwise. */
  pport: number
  /** cluster-announce-ip; '' = peers use the address they see. */
  announceIp: string
  /** cluster-announce-hostname; '' = none (no HOSTNAME extension sent). */
  announceHostname: string
  nodeTimeoutMs: number
  requireFullCoverage: boolean
  allowReplicaMigration: boolean
  /** cluster-link-sendbuf-limit in bytes, 0 = no limit. */
  sendbufLimit: number
  /**
   * Skip the 2 s CLUSTER_WRITABLE_DELAY before a master reports ok. Redis waits so a rebooted master
   * can learn it was replaced before serving writes; a node that started without nodes.conf has
   * nothing stale to serve, so the server may turn this on for it.
   */
  skipWritableDelay: boolean
}

/** How the cluster reaches the rest of the server. */
export interface ClusterHooks {
  /** A PUBLISH (shard=false) or PUBLISHSHARD (shard=true) from a known node. */
  onPublish(channel: Buffer, message: Buffer, shard: boolean): void
  /** Myself became a replica of `master` (or its address changed), or a master again (null). */
  onMasterChanged(master: ClusterNode | null): void
  /**
   * The cluster config changed and nodes.conf should be saved (`fsync`: Redis fsyncs this one; `urgent`:
   * a command made the change and its client is being told it is done).
   */
  onConfigChanged(reason: string, fsync: boolean, urgent: boolean): void
  /** master_repl_offset for a master, the processed offset for a replica. */
  replOffset(): bigint
  /** Keys held in a slot (to find "dirty" slots lost to another master); 0 when not given. */
  countKeysInSlot?(slot: number): number
  /** Deletes the keys of a slot this node lost while still holding keys in it. */
  delKeysInSlot?(slot: number): void
}

/** Per-node data Redis keeps on clusterNode that the plain ClusterNode record does not carry. */
export interface NodeRuntime {
  link: BusLink | null
  inbound: BusLink | null
  /** Last time any packet from the node arrived. */
  dataReceived: number
  replOffset: bigint
  pport: number
  /** Failure reports about this node: reporter -> time of the last report. */
  failReports: Map<ClusterNode, number>
}

const TODO = { UPDATE_STATE: 1, SAVE: 2, FSYNC: 4 } as const
export { TODO }

/** The shared state of the bus runtime. */
export class ClusterCore {
  readonly rt = new Map<ClusterNode, NodeRuntime>()
  /** CLUSTER FORGET ban list: name -> unix seconds until which gossip about it is ignored. */
  readonly banned = new Map<string, number>()
  /** Slots whose owner stopped claiming them (kept bound, left out of UPDATE messages). */
  readonly ownerNotClaiming = new Uint8Array(2048)
  readonly sent = new Array<number>(CLUSTERMSG_TYPE_COUNT).fill(0)
  readonly received = new Array<number>(CLUSTERMSG_TYPE_COUNT).fill(0)
  linksBufferLimitExceeded = 0
  /** DEBUG DROP-CLUSTER-PACKET-FILTER: received packets of this type are dropped; -1 drops none. */
  dropPacketFilter = -1
  /** Cluster state as last computed: true = ok. */
  ok = false
  /** Masters serving at least one slot (CLUSTER INFO cluster_size); Redis starts it at 1. */
  size = 1
  /** When the state was first evaluated (the writable delay counts from there). */
  firstUpdateStateAt: number | null = null
  /** Last time this node saw itself in a minority partition (never, at start). */
  amongMinorityAt = Number.NEGATIVE_INFINITY
  todo = 0
  todoReason = ''
  /** Links not bound to any node yet (inbound before the first known sender), and all others. */
  readonly links = new Set<BusLink>()

  constructor(
    readonly state: ClusterState,
    readonly cfg: ClusterSettings,
    readonly hooks: ClusterHooks,
    readonly net: BusNetwork,
    readonly log: (level: ClusterLogLevel, text: string) => void,
    readonly random: () => number,
    readonly events: LinkEvents,
  ) {}

  get myself(): ClusterNode { return this.state.myself }

  /** The runtime record of a node, made on first use. */
  nrt(node: ClusterNode): NodeRuntime {
    let r = this.rt.get(node)
    if (r === undefined) {
      r = { link: null, inbound: null, dataReceived: 0, replOffset: 0n, pport: 0, failReports: new Map() }
      this.rt.set(node, r)
    }
    return r
  }

  /** Flags work for the end of the current event (clusterDoBeforeSleep). */
  later(flags: number, reason: string): void {
    this.todo |= flags
    if ((flags & TODO.SAVE) !== 0 && this.todoReason === '') this.todoReason = reason
  }

  /** Opens an outbound link to a node (the cron's reconnect). */
  connect(node: ClusterNode, now: number): BusLink {
    const socket = this.net.connect(node.ip, node.cport)
    const link = new BusLink(socket, false, node, now, this.events)
    this.links.add(link)
    this.nrt(node).link = link
    node.linked = true
    return link
  }

  /** Wraps an accepted socket as an inbound link with no node yet. */
  accept(link: BusLink): void {
    this.links.add(link)
  }

  /** An inbound link whose sender is now known (setClusterNodeToInboundClusterLink). */
  bindInbound(node: ClusterNode, link: BusLink): void {
    const r = this.nrt(node)
    if (r.inbound === link) return
    if (r.inbound !== null) this.log('debug', `Replacing inbound link from node ${node.name} with a new one`)
    r.inbound = link
    link.node = node
  }

  /** Closes a link and detaches it from its node (freeClusterLink). */
  freeLink(link: BusLink): void {
    link.free()
    this.links.delete(link)
    if (link.node === null) return
    const r = this.nrt(link.node)
    if (r.link === link) {
      r.link = null
      link.node.linked = false
    }
    if (r.inbound === link) r.inbound = null
  }

  /** A link died on its own (EOF, error, bad frame). */
  lost(link: BusLink, log: BusLogLine): void {
    this.log(log.level, log.text)
    this.freeLink(link)
  }

  /** Sends one encoded message on a link and counts it by type. */
  sendOn(link: BusLink | null, type: number, bytes: Buffer): void {
    if (link === null || link.freed) return
    link.send(bytes)
    if (type < CLUSTERMSG_TYPE_COUNT) this.sent[type]++
  }

  /** Sends to every node with an outbound link, except myself and nodes in handshake (clusterBroadcastMessage). */
  broadcast(type: number, bytes: Buffer): void {
    for (const node of this.state.nodes.values()) {
      if (hasFlag(node, NodeFlag.MYSELF | NodeFlag.HANDSHAKE)) continue
      this.sendOn(this.nrt(node).link, type, bytes)
    }
  }

  /** Removes a node: its links, the failure reports it made, and its place in the state (clusterDelNode). */
  delNode(node: ClusterNode): void {
    for (const other of this.state.nodes.values()) this.rt.get(other)?.failReports.delete(node)
    const r = this.rt.get(node)
    if (r?.link) this.freeLink(r.link)
    if (r?.inbound) this.freeLink(r.inbound)
    for (const l of [...this.links]) if (l.node === node) this.freeLink(l)
    this.state.delNode(node)
    this.rt.delete(node)
  }

  /** Unassigns a slot and forgets that its owner stopped claiming it. */
  delSlot(slot: number): void {
    this.state.delSlot(slot)
    this.ownerNotClaiming[slot >> 3] &= ~(1 << (slot & 7))
  }

  /** True when the owner of the slot no longer claims it. */
  unclaimed(slot: number): boolean {
    return (this.ownerNotClaiming[slot >> 3] & (1 << (slot & 7))) !== 0
  }

  /** Adds the node name to the FORGET ban list for 60 s (clusterBlacklistAddNode). */
  ban(name: string, now: number): void {
    this.banned.set(name, Math.floor(now / 1000) + 60)
  }

  /** Whether gossip about this name is ignored (expired entries are dropped first). */
  isBanned(name: string, now: number): boolean {
    const secs = Math.floor(now / 1000)
    for (const [n, until] of this.banned) if (until < secs) this.banned.delete(n)
    return this.banned.has(name)
  }
}
