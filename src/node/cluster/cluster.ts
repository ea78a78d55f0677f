// The cluster bus runtime as the server sees it: one object that listens on the bus port, runs the
// 100 ms cron, processes messages, and offers what the CLUSTER commands need (MEET, FORGET, RESET,
// epochs, REPLICATE, PUBLISH, INFO, LINKS). Decisions live in cluster-process/-slots/-cron; this
// class wires them to the clock, the timers and the network, and runs the end-of-event work.
import { isIP } from 'node:net'
import { ReplyError } from '../resp/types.js'
import type { Clock } from '../util/clock.js'
import type { TimerHandle, Timers } from '../util/timers.js'
import { BusLink, type BusListener, type BusNetwork, type LinkEvents, tcpNetwork } from './bus-link.js'
import { type ClusterHooks, type ClusterLogLevel, ClusterCore, type ClusterSettings, TODO } from './cluster-core.js'
import type { ClusterReconfig } from './cluster-config.js'
import { cronTick, linkConnected, updateState } from './cluster-cron.js'
import { clusterInfoText, linkRows, type LinkRow } from './cluster-info.js'
import { broadcastPong, sendPublish } from './cluster-msg.js'
import { processFrame } from './cluster-process.js'
import { countFailureReports, setMyMaster } from './cluster-slots.js'
import { type ClusterNode, createClusterNode, NodeFlag, randomNodeName } from './node.js'
import type { ClusterState } from './state.js'

/** cluster-preferred-endpoint-type: what MOVED/ASK and CLUSTER SLOTS name a node by. */
export type EndpointType = 'ip' | 'hostname' | 'unknown-endpoint'

export interface ClusterOptions extends Partial<ClusterSettings> {
  state: ClusterState
  /** Client port and bus port of this node (before cluster-announce-* overrides). */
  port: number
  cport: number
  announcePort?: number
  announceBusPort?: number
  preferredEndpointType?: EndpointType
  clock: Clock
  timers: Timers
  log: (level: ClusterLogLevel, text: string) => void
  hooks: ClusterHooks
  /** The network (tests pass a fake one); default TCP. */
  network?: BusNetwork
  /** Random source for gossip and ping picks; default Math.random. */
  random?: () => number
}

/** The cluster bus runtime of one node. */
export class Cluster {
  private readonly core: ClusterCore
  private readonly clock: Clock
  private readonly cron: TimerHandle
  private listener: BusListener | null = null
  private iteration = 0
  preferredEndpointType: EndpointType
  /** The ports this node listens on, announced when no cluster-announce-(bus-)port overrides them. */
  private readonly bound: { port: number; cport: number }

  constructor(opts: ClusterOptions) {
    const cfg: ClusterSettings = {
      port: opts.announcePort || opts.port, cport: opts.announceBusPort || opts.cport, pport: opts.pport ?? 0,
      announceIp: opts.announceIp ?? '', announceHostname: opts.announceHostname ?? '', nodeTimeoutMs: opts.nodeTimeoutMs ?? 15000,
      requireFullCoverage: opts.requireFullCoverage ?? true, allowReplicaMigration: opts.allowReplicaMigration ?? true,
      sendbufLimit: opts.sendbufLimit ?? 0, skipWritableDelay: opts.skipWritableDelay ?? false,
    }
    this.clock = opts.clock
    this.bound = { port: opts.port, cport: opts.cport }
    this.preferredEndpointType = opts.preferredEndpointType ?? 'ip'
    const events: LinkEvents = {
      connected: (link) => this.run(() => linkConnected(this.core, link, this.clock.now()), false),
      frame: (link, ev) => this.run(() => processFrame(this.core, link, ev, this.clock.now()), false),
      lost: (link, log) => this.run(() => this.core.lost(link, log), false),
    }
    const net = opts.network ?? tcpNetwork(cfg.nodeTimeoutMs)
    this.core = new ClusterCore(opts.state, cfg, opts.hooks, net, opts.log, opts.random ?? Math.random, events)
    const me = opts.state.myself
    me.port = cfg.port
    me.cport = cfg.cport
    me.hostname = cfg.announceHostname
    if (cfg.announceIp !== '') me.ip = cfg.announceIp
    this.cron = opts.timers.every(100, () => this.run(() => cronTick(this.core, this.iteration++, this.clock.now()), false))
  }

  get state(): ClusterState { return this.core.state }
  get myself(): ClusterNode { return this.core.myself }
  /** cluster_state: true = ok. */
  get stateOk(): boolean { return this.core.ok }
  /** Masters serving at least one slot, as last computed. */
  get size(): number { return this.core.size }

  /** Accepts bus connections on host:cport (cport 0 picks a free port); resolves with the bound port. */
  async listen(host: string, cport: number): Promise<number> {
    this.listener = await this.core.net.listen(host, cport, (socket) => {
      this.core.accept(new BusLink(socket, true, null, this.clock.now(), this.core.events))
    })
    return this.listener.port
  }

  /**
   * The ports bound when the configured ones were 0 (any free port, as tests ask): announced from now
   * on in place of the 0s.
   */
  adoptBoundPorts(port: number, cport: number): void {
    const cfg = this.core.cfg
    if (this.bound.port === 0) this.bound.port = port
    if (this.bound.cport === 0) this.bound.cport = cport
    if (cfg.port === 0) cfg.port = this.myself.port = port
    if (cfg.cport === 0) cfg.cport = this.myself.cport = cport
  }

  /**
   * CONFIG SET of cluster-* directives. As in 7.0, timeouts, limits and switches apply from the next
   * cron tick or evaluation; an announced address or hostname is myself's at once (and saved), so the
   * next message tells the peers. An emptied announce-ip is learnt again from the next PING.
   */
  reconfigure(c: ClusterReconfig): void {
    this.run(() => {
      const { cfg } = this.core
      const me = this.myself
      if (c.nodeTimeoutMs !== undefined) cfg.nodeTimeoutMs = c.nodeTimeoutMs
      if (c.sendbufLimit !== undefined) cfg.sendbufLimit = c.sendbufLimit
      if (c.allowReplicaMigration !== undefined) cfg.allowReplicaMigration = c.allowReplicaMigration
      if (c.preferredEndpointType !== undefined) this.preferredEndpointType = c.preferredEndpointType
      if (c.requireFullCoverage !== undefined) {
        cfg.requireFullCoverage = c.requireFullCoverage
        this.core.later(TODO.UPDATE_STATE, 'cluster-require-full-coverage')
      }
      if (c.announcePort !== undefined) cfg.port = me.port = c.announcePort || this.bound.port
      if (c.announceBusPort !== undefined) cfg.cport = me.cport = c.announceBusPort || this.bound.cport
      if (c.announceIp !== undefined) cfg.announceIp = me.ip = c.announceIp
      if (c.announceHostname !== undefined) cfg.announceHostname = me.hostname = c.announceHostname
      this.core.later(TODO.SAVE, 'CONFIG SET')
    })
  }

  /** Stops the cron, the listener and every link. */
  close(): void {
    this.cron.cancel()
    this.listener?.close()
    this.listener = null
    for (const link of [...this.core.links]) this.core.freeLink(link)
  }

  /**
   * CLUSTER MEET: starts a handshake with ip:port (bus port cport, default port+10000) at once. False for an
   * address that is not an IPv4/IPv6 literal or a port out of range (Redis's "Invalid node address
   * specified"); true otherwise, also when a handshake with that address is already pending.
   */
  meet(ip: string, port: number, cport = port + 10000): boolean {
    const family = isIP(ip)
    if (family === 0 || !validPort(port) || !validPort(cport)) return false
    const norm = family === 6 ? new URL(`http://[${ip}]/`).hostname.slice(1, -1) : ip
    for (const n of this.state.nodes.values()) {
      if ((n.flags & NodeFlag.HANDSHAKE) !== 0 && n.ip.toLowerCase() === norm && n.port === port && n.cport === cport) return true
    }
    const node = createClusterNode(randomNodeName(), NodeFlag.HANDSHAKE | NodeFlag.MEET, this.clock.now())
    node.ip = norm
    node.port = port
    node.cport = cport
    this.state.addNode(node)
    // Redis connects on its next cron tick (up to 100 ms later); connecting now is the same exchange
    // sooner, and a cluster being created meets its nodes several times over
    this.core.connect(node, this.clock.now())
    return true
  }

  /** CLUSTER FORGET: removes the node and bans it from gossip for 60 s. Null on success, else Redis's error. */
  forget(name: string): ReplyError | null {
    const node = this.state.lookupNode(name)
    if (node === undefined) return new ReplyError(`ERR Unknown node ${name}`)
    if (node === this.myself) return new ReplyError("ERR I tried hard but I can't forget myself...")
    if (this.myself.master === node) return new ReplyError("ERR Can't forget my master!")
    this.run(() => {
      this.core.ban(node.name, this.clock.now())
      this.core.delNode(node)
      this.core.later(TODO.UPDATE_STATE | TODO.SAVE, 'CLUSTER FORGET')
    })
    return null
  }

  /**
   * CLUSTER RESET: forgets every other node and all slots; a replica becomes a master (the server
   * flushes its data when onMasterChanged(null) arrives). HARD also takes a new name and zeroes the
   * epochs. The caller refuses a master that holds keys.
   */
  reset(hard: boolean): void {
    this.run(() => {
      const { core, state, myself } = this
      if (myself.master !== null) {
        state.setNodeAsMaster(myself)
        core.hooks.onMasterChanged(null)
      }
      state.closeAllSlots()
      for (let slot = 0; slot < state.slots.length; slot++) core.delSlot(slot)
      for (const n of [...state.nodes.values()]) if (n !== myself) core.delNode(n)
      if (hard) {
        state.currentEpoch = 0
        state.lastVoteEpoch = 0
        myself.configEpoch = 0
        core.log('warning', 'configEpoch set to 0 via CLUSTER RESET HARD')
        state.renameNode(myself, randomNodeName())
        core.log('notice', `Node hard reset, now I'm ${myself.name}`)
      }
      core.later(TODO.UPDATE_STATE | TODO.SAVE | TODO.FSYNC, 'CLUSTER RESET')
    })
  }

  /** CLUSTER SET-CONFIG-EPOCH: only on a node alone and still at epoch 0. Null on success, else Redis's error. */
  setConfigEpoch(epoch: number): ReplyError | null {
    if (epoch < 0) return new ReplyError(`ERR Invalid config epoch specified: ${epoch}`)
    if (this.state.nodes.size > 1) return new ReplyError('ERR The user can assign a config epoch only when the node does not know any other node.')
    if (this.myself.configEpoch !== 0) return new ReplyError('ERR Node config epoch is already non-zero')
    this.run(() => {
      this.myself.configEpoch = epoch
      this.core.log('warning', `configEpoch set to ${epoch} via CLUSTER SET-CONFIG-EPOCH`)
      if (this.state.currentEpoch < epoch) this.state.currentEpoch = epoch
      this.core.later(TODO.UPDATE_STATE | TODO.SAVE | TODO.FSYNC, 'CLUSTER SET-CONFIG-EPOCH')
    })
    return null
  }

  /** CLUSTER BUMPEPOCH: a new configEpoch unless mine is non-zero and already the greatest (+BUMPED n / +STILL n). */
  bumpEpoch(): { bumped: boolean; epoch: number } {
    const me = this.myself
    if (me.configEpoch !== 0 && me.configEpoch === this.state.maxEpoch()) return { bumped: false, epoch: me.configEpoch }
    this.run(() => {
      this.state.currentEpoch++
      me.configEpoch = this.state.currentEpoch
      this.core.log('warning', `New configEpoch set to ${me.configEpoch}`)
      this.core.later(TODO.SAVE | TODO.FSYNC, 'CLUSTER BUMPEPOCH')
    })
    return { bumped: true, epoch: me.configEpoch }
  }

  /** Myself becomes a replica of `master` (CLUSTER REPLICATE, checked by the caller). */
  replicate(master: ClusterNode): void {
    this.run(() => {
      setMyMaster(this.core, master)
      this.core.later(TODO.UPDATE_STATE | TODO.SAVE, 'CLUSTER REPLICATE')
    })
  }

  /** Sends a PUBLISH to every node, or a PUBLISHSHARD to the other nodes of my shard. */
  publish(channel: Buffer, message: Buffer, shard: boolean): void {
    sendPublish(this.core, channel, message, shard)
  }

  /**
   * The commands changed slots or roles (ADDSLOTS, DELSLOTS, SETSLOT...): recompute the state and
   * save nodes.conf now, and with `broadcast` send a PONG to every node so they learn it at once.
   */
  changed(reason: string, broadcast = false): void {
    this.run(() => {
      this.core.later(TODO.UPDATE_STATE | TODO.SAVE, reason)
      if (broadcast) broadcastPong(this.core, this.clock.now())
    })
  }

  /** DEBUG DROP-CLUSTER-PACKET-FILTER: received packets of this type are dropped from now on; -1 = none. */
  set dropPacketFilter(type: number) { this.core.dropPacketFilter = type }

  /** DEBUG CLUSTERLINK KILL to|from|all: the crons of both ends reconnect. Null on success, else Redis's error. */
  killLinks(name: string, direction: string): ReplyError | null {
    const node = this.state.lookupNode(name)
    if (node === undefined) return new ReplyError(`ERR Unknown node ${name}`)
    // 7.0 dereferences myself's missing link and crashes; later versions refuse with these words
    if (node === this.myself) return new ReplyError('ERR Cannot free cluster link(s) to myself')
    const dir = direction.toLowerCase()
    if (dir !== 'to' && dir !== 'from' && dir !== 'all') return new ReplyError(`ERR Unknown direction ${direction}`)
    // a link that is not there is nothing to kill (7.0 crashes on it)
    this.run(() => {
      const r = this.core.nrt(node)
      if (dir !== 'from' && r.link !== null) this.core.freeLink(r.link)
      if (dir !== 'to' && r.inbound !== null) this.core.freeLink(r.inbound)
    })
    return null
  }

  /** CLUSTER INFO text (lines ending in CRLF). */
  clusterInfoText(): string { return clusterInfoText(this.core) }
  /** CLUSTER LINKS rows. */
  links(): LinkRow[] { return linkRows(this.core) }
  /** CLUSTER COUNT-FAILURE-REPORTS for a node. */
  countFailureReports(node: ClusterNode): number { return countFailureReports(this.core, node, this.clock.now()) }
  /** The replication offset a node last advertised (CLUSTER SHARDS, replica ranking). */
  replOffsetOf(node: ClusterNode): bigint { return node === this.myself ? this.core.hooks.replOffset() : this.core.nrt(node).replOffset }

  /** The endpoint MOVED/ASK name a node by: its ip, its hostname ('?' if unknown), or '' . */
  endpointOf(node: ClusterNode): string {
    if (this.preferredEndpointType === 'ip') return node.ip
    if (this.preferredEndpointType === 'hostname') return node.hostname === '' ? '?' : node.hostname
    return ''
  }

  /**
   * Runs one event's decisions, then the end-of-event work: state evaluation and config save. A command
   * (`byCommand`) has its change saved at once, since the client is told it is done; what the bus and
   * the cron change may wait for the saver's spacing, as peers tell a restarted node again.
   */
  private run(fn: () => void, byCommand = true): void {
    fn()
    const core = this.core
    const now = this.clock.now()
    const todo = core.todo
    const reason = core.todoReason
    core.todo = 0
    core.todoReason = ''
    if ((todo & TODO.UPDATE_STATE) !== 0) updateState(core, now)
    if ((todo & TODO.SAVE) !== 0) core.hooks.onConfigChanged(reason, (todo & TODO.FSYNC) !== 0, byCommand)
  }
}

function validPort(p: number): boolean {
  return Number.isInteger(p) && p > 0 && p <= 65535
}
