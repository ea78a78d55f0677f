// Cluster mode as the server runs it: takes the nodes.conf lock, loads (or creates) the cluster state,
// starts the bus runtime with hooks into pub/sub, replication and the keyspace, saves nodes.conf when
// the runtime says so, and gives routing its view of the slot table. The wiring, not the rules.
import { resolve } from 'node:path'
import { keySlot } from '../../common/key-slot.js'
import type { Server } from '../server.js'
import type { ClientContext } from '../commands/core/context.js'
import { Cluster, type EndpointType } from './cluster.js'
import { wireClusterConfig } from './cluster-config.js'
import type { ClusterLogLevel } from './cluster-core.js'
import { type ClusterNode, isReplica, randomNodeName } from './node.js'
import { NodesConfError } from './nodes-conf.js'
import { readNodesConf, NodesConfWriteError, SAVE_CONFIG_FATAL_MESSAGE } from './nodes-conf-file.js'
import { ConfigSaver, removeStaleTemps } from './config-saver.js'
import { acquireNodesConfLock, type NodesConfLock, NodesConfLockedError } from './nodes-conf-lock.js'
import { clusterConfigText, loadClusterState } from './nodes-conf.js'
import type { SlotTable } from './redirect.js'
import { blockedRedirectJob } from './blocked-redirect.js'
import { ClusterState } from './state.js'

/** nodes.conf cannot be locked, read or parsed: the node logs `lines` at `#` and exits 1, file untouched. */
export class ClusterStartError extends Error {
  constructor(readonly lines: string[]) {
    super(lines.join('\n'))
    this.name = 'ClusterStartError'
  }
}

/** The cluster side of one server: state, bus runtime, nodes.conf. */
export class ClusterMode {
  /** Whether the node started without a nodes.conf (so it has nothing to be reconfigured about). */
  readonly fresh: boolean
  readonly bus: Cluster
  /** The slot table as routing reads it. */
  readonly slotTable: SlotTable<ClusterNode>
  private released = false
  private readonly saver: ConfigSaver

  private constructor(private readonly server: Server, readonly state: ClusterState, readonly configFile: string, private readonly lock: NodesConfLock, fresh: boolean) {
    this.fresh = fresh
    this.saver = new ConfigSaver(configFile, () => clusterConfigText(state), () => this.fatalSave(), { clock: server.clock, timers: server.timers })
    this.bus = this.startBus()
    wireClusterConfig(server.config, this.bus)
    this.slotTable = this.tableView()
    server.dbs[0].enableSlotIndex()
    state.onSlotDeleted = (slot, owner) => {
      // clusterDelSlot: a slot my shard (myself, or the master I replicate) served is gone from here
      const me = state.myself
      if (owner === me || (isReplica(me) && me.master === owner)) server.pubsub.dropShardSlot(slot)
    }
    const blocking = server.blocking
    server.cronJobs.push(blockedRedirectJob<ClusterNode, ClientContext>(this.slotTable, {
      recheck: (check) => blocking.recheck(check),
      readonlyRead: (parked) => parked.ctx.client.readonly && server.commands.lookup(parked.argv[0])?.isWrite === false,
    }))
  }

  /** Takes the lock and loads nodes.conf (or starts fresh and writes it); throws ClusterStartError. */
  static open(server: Server): ClusterMode {
    const configured = server.config.get('cluster-config-file')
    // beside the data files, as a relative cluster-config-file is read from dir (where Redis has chdir'd)
    const configFile = resolve(server.config.get('dir'), configured)
    let lock: NodesConfLock
    try {
      lock = acquireNodesConfLock(configFile)
    } catch (e) {
      // Redis names the file as configured (relative to dir), not as resolved
      if (e instanceof NodesConfLockedError) throw new ClusterStartError([new NodesConfLockedError(configured, e.holderPid).message])
      throw new ClusterStartError([(e as Error).message])
    }
    removeStaleTemps(configFile)
    try {
      const load = readNodesConf(configFile)
      const now = server.clock.now()
      const state = load.kind === 'fresh' ? ClusterState.fresh(randomNodeName(), now) : loadClusterState(load.conf, now)
      const mode = new ClusterMode(server, state, configFile, lock, load.kind === 'fresh')
      if (mode.fresh) server.log.notice(`No cluster configuration found, I'm ${state.myself.name}`)
      else server.log.notice(`Node configuration loaded, I'm ${state.myself.name.slice(0, 40)}`)
      mode.followLoadedMaster()
      mode.save(true)
      return mode
    } catch (e) {
      lock.release()
      if (e instanceof NodesConfError) throw new ClusterStartError([e.message, `rcl-node: ${configFile}: ${e.detail}`])
      if (e instanceof ClusterStartError) throw e
      throw new ClusterStartError([(e as Error).message])
    }
  }

  get myself(): ClusterNode { return this.state.myself }

  /** The bus port this node listens on: cluster-port, or the client port + 10000. */
  busPort(clientPort: number): number {
    const configured = this.server.config.getInt('cluster-port')
    if (configured !== 0) return configured
    // port 0 is rcl-node's "any free port"; the bus then takes any free port too
    return clientPort === 0 ? 0 : clientPort + 10000
  }

  /** Opens the bus listener on the first bind address (as the client listener binds). */
  async listen(clientPort: number): Promise<void> {
    const bind = this.server.config.get('bind').split(' ').filter(Boolean)
    const host = bind.length === 0 || bind[0] === '*' ? '0.0.0.0' : bind[0].replace(/^-/, '')
    const cport = await this.bus.listen(host, this.busPort(clientPort))
    this.bus.adoptBoundPorts(clientPort, cport)
    this.saver.request(false)
  }

  /** Writes nodes.conf now; a failure the node cannot go on without is fatal, as in Redis. */
  save(fsync: boolean): void {
    try {
      this.saver.saveNow(fsync)
    } catch (e) {
      if (!(e instanceof NodesConfWriteError)) throw e
      this.fatalSave()
    }
  }

  private fatalSave(): never {
    this.server.log.warning(SAVE_CONFIG_FATAL_MESSAGE)
    process.exit(1)
  }

  /** CLUSTER SAVECONFIG: the write error's text instead of an exit. */
  saveOrError(): string | null {
    try {
      this.saver.saveNow(true)
      return null
    } catch (e) {
      if (e instanceof NodesConfWriteError) return e.message
      throw e
    }
  }

  /** Stops the bus and gives the lock back (SHUTDOWN, stop()). */
  close(): void {
    if (this.released) return
    this.released = true
    this.bus.close()
    try {
      this.saver.close()
    } catch (e) {
      if (!(e instanceof NodesConfWriteError)) throw e
      this.server.log.warning(SAVE_CONFIG_FATAL_MESSAGE)
    }
    this.lock.release()
  }

  private startBus(): Cluster {
    const { server } = this
    const cfg = server.config
    const port = cfg.getInt('port')
    const log = (level: ClusterLogLevel, text: string): void => { logAt(server, level, text) }
    return new Cluster({
      state: this.state, port, cport: this.busPort(port),
      announceIp: cfg.get('cluster-announce-ip'), announcePort: cfg.getInt('cluster-announce-port'),
      announceBusPort: cfg.getInt('cluster-announce-bus-port'), announceHostname: cfg.get('cluster-announce-hostname'),
      preferredEndpointType: cfg.get('cluster-preferred-endpoint-type') as EndpointType,
      nodeTimeoutMs: cfg.getInt('cluster-node-timeout'), requireFullCoverage: cfg.getBool('cluster-require-full-coverage'),
      allowReplicaMigration: cfg.getBool('cluster-allow-replica-migration'), sendbufLimit: cfg.getInt('cluster-link-sendbuf-limit'),
      // a node that started without nodes.conf has no old configuration to be corrected: no 2 s wait (README)
      skipWritableDelay: this.fresh,
      clock: server.clock, timers: server.timers, log,
      hooks: {
        onPublish: (channel, message, shard) => {
          const ch = channel.latin1Slice()
          const msg = message.latin1Slice()
          if (shard) server.pubsub.spublish(ch, msg)
          else server.pubsub.publish(ch, msg)
        },
        onMasterChanged: (master) => this.followMaster(master),
        onConfigChanged: (_reason, fsync, urgent) => this.saver.request(fsync, urgent),
        replOffset: () => BigInt(this.replOffset()),
        countKeysInSlot: (slot) => server.dbs[0].slotIndex?.count(slot) ?? 0,
        delKeysInSlot: (slot) => this.delKeysInSlot(slot),
      },
    })
  }

  /**
   * nodes.conf says myself replicates a master: no role change will be announced for it, so the node is
   * a replica from the start (INFO, ROLE, while it loads its data) and links to its master once loaded,
   * from the first server cron (which waits for the load), as Redis's clusterCron sets the master up.
   */
  private followLoadedMaster(): void {
    const master = this.state.myself.master
    if (master === null || master.ip === '' || master.port === 0) return
    const replication = this.server.replication
    replication.awaitMasterAfterLoad(master.ip, master.port)
    let pending = true
    // first in the tick: before the replication cron would connect the waiting link as it stands
    this.server.cronJobs.unshift(() => {
      if (!pending) return
      pending = false
      const now = this.state.myself.master
      if (now !== null) replication.startReplication(now.ip, now.port)
    })
  }

  /** Myself became a replica of `master` (or a master again): the replication that has landed follows. */
  private followMaster(master: ClusterNode | null): void {
    const replication = this.server.replication
    if (master === null) {
      replication.becomeMaster()
      return
    }
    // as clusterSetMaster(): a master turning replica offers its own history (a cached master)
    replication.startReplication(master.ip, master.port, '')
  }

  private replOffset(): number {
    const link = this.server.replication.link
    return link === null ? this.server.replication.stream.offset : Math.max(0, link.reploff)
  }

  private delKeysInSlot(slot: number): void {
    const db = this.server.dbs[0]
    for (const key of db.slotIndex?.keys(slot, Infinity) ?? []) {
      if (keySlot(key) === slot && db.delete(key)) this.server.signalModifiedKey(0, key)
    }
  }

  private tableView(): SlotTable<ClusterNode> {
    const state = this.state
    const bus = (): Cluster => this.bus
    return {
      ownerOf: (slot) => state.slots[slot],
      migratingTo: (slot) => state.migratingSlotsTo[slot],
      importingFrom: (slot) => state.importingSlotsFrom[slot],
      get myself() { return state.myself },
      get myMaster() { return isReplica(state.myself) ? state.myself.master : null },
      get ok() { return bus().stateOk },
      addressOf: (node) => `${bus().endpointOf(node)}:${node.port}`,
      servesStable: (slot) => state.slots[slot] === state.myself && state.migratingSlotsTo[slot] === null
        && state.importingSlotsFrom[slot] === null && bus().stateOk,
    }
  }
}

function logAt(server: Server, level: ClusterLogLevel, text: string): void {
  server.log[level](text)
}
