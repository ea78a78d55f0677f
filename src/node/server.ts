// Composition root of rcl-node: builds the keyspace, command table, pub/sub, blocking, persistence,
// replication and the listener from a Config, and holds what every command shares (dirty counter, stats).
// Rules live in their rooms: pre-command gates in commands/core/gates.ts, propagation in propagation.ts.
import { randomBytes } from 'node:crypto'
import type { Socket } from 'node:net'
import { Config } from './config/config.js'
import { CommandRegistry } from './commands/core/command-table.js'
import { FAMILIES } from './commands/registry.js'
import type { ClientContext } from './commands/core/context.js'
import type { CallObserver } from './commands/core/dispatch.js'
import { Db, type KeyspaceHooks } from './keyspace/db.js'
import { Notifier } from './keyspace/notify.js'
import { WatchRegistry } from './keyspace/watch.js'
import { BlockingManager } from './keyspace/blocking.js'
import { blockedCommandRunner } from './commands/core/blocked-retry.js'
import { PubSub } from './pubsub/registry.js'
import { Connection } from './net/connection.js'
import { ClientTable } from './client/table.js'
import { PendingWrites } from './net/pending-writes.js'
import { Listener, admissionRefusal, refuse } from './net/listener.js'
import { installMaxclientsLimit } from './net/fd-limit.js'
import type { ReplyError } from './resp/types.js'
import { Logger } from './util/log.js'
import { systemClock, type Clock } from './util/clock.js'
import { typeOf } from './keyspace/value.js'
import { systemTimers, type Timers, type TimerHandle } from './util/timers.js'
import { ServerStats } from './stats.js'
import { defaultEncodingLimits, type EncodingLimits } from './keyspace/limits.js'
import { startCron, type CronJob } from './cron.js'
import { Propagation } from './propagation.js'
import { installActiveExpire } from './keyspace/expire.js'
import { ReplicaKeysWithExpire } from './keyspace/replica-expires.js'
import { installLruClock } from './keyspace/lru.js'
import { RdbPersistence } from './persistence/rdb-persistence.js'
import { AofPersistence } from './persistence/aof-persistence.js'
import { LoadingState } from './persistence/loading.js'
import { ReplicationMaster } from './replication/master.js'
import { SlowLog } from './slowlog.js'
import { MonitorFeed } from './monitor.js'
import { ClientPause } from './pause.js'
import { StatsSampler } from './info/sampler.js'
import { wireConfig } from './config/runtime.js'
import { COMMAND_GATES, type CommandGate } from './commands/core/gates.js'
import { ReplyBufferResizer } from './net/reply-buffer.js'
import { serverModeOf, type ServerMode } from './mode.js'
import { ClusterMode } from './cluster/cluster-mode.js'
import { clusterGate } from './commands/core/cluster-gate.js'
import { insertGate } from './commands/core/gates.js'

/** SHUTDOWN's flags: save (true: SAVE, false: NOSAVE, unset: as configured), NOW, FORCE (errors don't stop it). */
export interface ShutdownOptions {
  save?: boolean
  now?: boolean
  force?: boolean
}

export interface ServerOptions {
  clock?: Clock
  timers?: Timers
  log?: Logger
}

export class Server implements KeyspaceHooks {
  readonly clock: Clock
  readonly timers: Timers
  readonly log: Logger
  readonly commands = new CommandRegistry(FAMILIES)
  readonly dbs: Db[] = []
  /** This server's *-max-listpack-* / set-max-intset-entries thresholds, shared by its values (limits.ts). */
  readonly encodingLimits = defaultEncodingLimits()
  readonly clients = new ClientTable()
  readonly pendingWrites = new PendingWrites()
  readonly pubsub = new PubSub()
  readonly notifications = new Notifier(this.pubsub)
  readonly watch = new WatchRegistry()
  readonly blocking: BlockingManager<ClientContext>
  readonly stats = new ServerStats()
  readonly errorStats = new Map<string, number>()
  readonly callObservers: CallObserver[] = []
  /** Standalone or cluster, from the config at construction (mode.ts). */
  readonly mode: ServerMode
  /** In cluster mode, once start() has loaded nodes.conf: the cluster state and its bus. */
  cluster: ClusterMode | null = null
  /** The pre-command checks in the order they run (commands/core/gates.ts); cluster mode inserts its own. */
  readonly gates: CommandGate[] = [...COMMAND_GATES]
  /** What reaches the AOF and the replicas (propagation.ts). */
  readonly propagation: Propagation
  readonly cronJobs: CronJob[] = []
  readonly runId = randomBytes(20).toString('hex')
  readonly startTime: number
  /** RDB snapshots: BGSAVE, save points, last save and load figures. */
  readonly rdb: RdbPersistence
  /** The append-only file: loading, appending, rewriting. */
  readonly aof: AofPersistence
  /** Set while the dataset is loaded at start-up: -LOADING for most commands, no cron. */
  readonly loading = new LoadingState()
  /** The replicas this node serves, and its replication stream. */
  readonly replication: ReplicationMaster
  /**
   * On a replica, expired keys wait for the master's DEL (they read as missing meanwhile); while
   * replaying, nothing expires at all. Either way an EXPIRE into the past sets the time, not a DEL.
   */
  get expiresDeferred(): boolean { return this.replication.link !== null || this.replaying }
  /**
   * True while a command replayed from the AOF or applied from our master runs: it sees keys as its
   * writer did, so no key expires under it (Redis: keyIsExpired is false while loading, and
   * expireIfNeeded says "not expired" to the master client). Expired keys go afterwards, by DEL.
   */
  replaying = false
  /** On a writable replica, the keys its own clients gave a TTL: the replica expires those itself. */
  readonly replicaKeysWithExpire = new ReplicaKeysWithExpire()
  /** Active expire cycle on/off (DEBUG SET-ACTIVE-EXPIRE). */
  activeExpireEnabled = true
  /** DEBUG PAUSE-CRON: while true the cron does nothing (no expiry cycle, timeouts, save points, ...). */
  cronPaused = false
  /**
   * DEBUG SET-DISABLE-DENY-SCRIPTS. Scripting is not built yet; when it is, a command flagged `noscript`
   * called from EVAL/FCALL is refused ("This Redis command is not allowed from script") unless this is set.
   */
  disableDenyScripts = false
  /** Sizes the clients' reply buffers from the cron (DEBUG REPLYBUFFER tunes it). */
  readonly replyBuffers = new ReplyBufferResizer(this.stats)
  /** SLOWLOG entries, MONITOR clients and CLIENT PAUSE state (commands/introspection.ts, client.ts). */
  readonly slowlog: SlowLog
  readonly monitors: MonitorFeed
  readonly pause: ClientPause
  /** instantaneous_* rates and the memory peak for INFO. */
  readonly infoSampler: StatsSampler
  dirty = 0
  /**
   * performance.now() when the previous command ended, or when the current batch of requests began:
   * call() measures a command from here. Every entry point that runs commands stamps it first.
   */
  callClock = 0
  private readonly listener = new Listener({
    accept: (s) => this.accept(s),
    acceptError: (e) => this.log.warning(`Accepting client connection: ${e.message}`),
  })
  private cronTimer: TimerHandle | null = null
  private shuttingDown = false
  /** Resolves when the server has shut down (SHUTDOWN, signal, or stop()). */
  readonly closed: Promise<void>
  private resolveClosed!: () => void

  constructor(readonly config: Config = new Config(), opts: ServerOptions = {}) {
    this.clock = opts.clock ?? systemClock
    this.timers = opts.timers ?? systemTimers
    this.log = opts.log ?? new Logger(() => this.clock.now())
    this.blocking = new BlockingManager(this.timers, () => this.clock.now(), blockedCommandRunner)
    this.startTime = this.clock.now()
    this.mode = serverModeOf(config)
    this.propagation = new Propagation(config, () => this.replication.stream.offset)
    this.closed = new Promise((r) => { this.resolveClosed = r })
    this.clients.closeHooks.push(({ client }) => {
      this.blocking.remove(client.id)
      this.watch.unwatchAll(client)
      this.pubsub.removeClient(client)
    })
    const n = config.getInt('databases')
    for (let i = 0; i < n; i++) this.dbs.push(new Db(i, this))
    this.trackEncodingLimits()
    wireConfig(this)
    installActiveExpire(this)
    installLruClock(this)
    this.rdb = new RdbPersistence(this)
    this.aof = new AofPersistence(this)
    this.pendingWrites.beforeFlush = () => {
      this.aof.flush()
      this.replication.stream.flush()
    }
    this.cronJobs.push((now) => this.rdb.cron(now))
    this.replication = new ReplicationMaster(this)
    this.cronJobs.push((now) => this.aof.cron(now, this.rdb.bgsaveInProgress || this.replication.syncInProgress))
    this.cronJobs.push((now) => this.replication.cron(now))
    this.clients.closeHooks.push((conn) => {
      this.replication.forget(conn.client)
      this.replication.waits.drop(conn.client)
    })
    this.shutdownHooks.push(() => { this.aof.beforeShutdown(); return null })
    this.shutdownHooks.push((opts) => this.rdb.beforeShutdown(opts.save, opts.force === true))
    this.slowlog = new SlowLog(this)
    this.monitors = new MonitorFeed(this)
    this.pause = new ClientPause(this)
    this.infoSampler = new StatsSampler(this)
    this.cronJobs.push((now) => this.replyBuffers.cron(now, this.clients.replyWriters()))
  }

  /** Keeps encodingLimits in step with the *-max-listpack-* / set-max-intset-entries directives. */
  private trackEncodingLimits(): void {
    const limits = this.encodingLimits
    const bind = (name: string, field: keyof EncodingLimits): void => {
      limits[field] = this.config.getInt(name)
      this.config.onChange(name, (v) => { limits[field] = Number(v) })
    }
    bind('list-max-listpack-size', 'listMaxListpackSize')
    bind('list-compress-depth', 'listCompressDepth')
    bind('hash-max-listpack-entries', 'hashMaxListpackEntries')
    bind('hash-max-listpack-value', 'hashMaxListpackValue')
    bind('set-max-intset-entries', 'setMaxIntsetEntries')
    bind('zset-max-listpack-entries', 'zsetMaxListpackEntries')
    bind('zset-max-listpack-value', 'zsetMaxListpackValue')
  }

  get port(): number { return this.listener.port }

  /**
   * Listens for clients (and in cluster mode, first loads nodes.conf and then listens on the bus too:
   * ClusterStartError or a bind error rejects, and nothing is left listening).
   */
  async start(): Promise<void> {
    installMaxclientsLimit(this.config, (line) => this.log.warning(line))
    if (this.mode === 'cluster') this.openCluster()
    const bind = this.config.get('bind').split(' ').filter(Boolean)
    try {
      await this.listener.listen({
        port: this.config.getInt('port'),
        bind,
        unixsocket: this.config.get('unixsocket'),
        unixsocketperm: parseInt(this.config.get('unixsocketperm'), 8) || 0,
      })
      await this.cluster?.listen(this.listener.port)
    } catch (e) {
      this.listener.close()
      this.cluster?.close()
      throw e
    }
    this.cronTimer = startCron(this)
  }

  private openCluster(): void {
    const cluster = ClusterMode.open(this)
    this.cluster = cluster
    insertGate(this.gates, clusterGate(cluster.slotTable, this.config), 'readonly-replica')
  }

  private accept(socket: Socket): void {
    this.stats.totalConnectionsReceived++
    const refusal = admissionRefusal(this, socket.remoteAddress)
    if (refusal !== null) return refuse(socket, refusal)
    const conn = new Connection(this, socket, this.clients.newId())
    this.clients.set(conn.client.id, conn)
    const keepalive = this.config.getInt('tcp-keepalive')
    if (keepalive > 0) conn.keepAlive(keepalive)
  }

  authRequired(): boolean {
    return this.config.get('requirepass') !== ''
  }

  /** signalModifiedKey(): invalidates WATCHes and wakes clients blocked on the key. */
  signalModifiedKey(dbIndex: number, key: string): void {
    const v = this.dbs[dbIndex]?.data.get(key)
    if (this.watch.size !== 0) this.watch.touch(dbIndex, key, v !== undefined)
    this.blocking.signal(dbIndex, key, v === undefined ? null : typeOf(v))
  }

  /** Runs after every command from a client: serves clients whose keys became ready. */
  afterCommand(): void {
    this.blocking.serveReady()
    if (this.replication.waits.getAckWanted) this.replication.askForAcks()
  }

  /** Marks the start of a batch of commands for call()'s duration measurement. */
  stampCallClock(): void {
    this.callClock = performance.now()
  }

  /** A snapshot is being written (BGSAVE, AOF rewrite, full sync): only one at a time, as Redis has one child. */
  get snapshotBusy(): boolean {
    return this.rdb.bgsaveInProgress || this.aof.rewriteInProgress || this.replication.syncInProgress
  }

  /**
   * KeyspaceHooks: a key expired (lazily or in the active cycle). As in Redis this is no change of the
   * command that ran into it (no dirty++): a read that expired a key is not itself propagated, and
   * expiries do not count toward save points. The removal goes out as DEL, or UNLINK under lazyfree-lazy-expire.
   */
  onExpired(db: Db, key: string): void {
    this.stats.expiredKeys++
    this.signalModifiedKey(db.id, key)
    if (this.notifications.enabled) this.notifications.notify('x', 'expired', key, db.id)
    this.propagation.expired(db.id, key)
  }

  /** KeyspaceHooks: setExpire(); Redis tracks the TTLs a writable replica's own clients set (not its master's). */
  onExpireSet(db: Db, key: string): void {
    if (this.replication.link === null || this.replaying || this.config.getBool('replica-read-only')) return
    this.replicaKeysWithExpire.remember(db.id, key)
  }

  countError(e: ReplyError): void {
    const code = e.code
    this.errorStats.set(code, (this.errorStats.get(code) ?? 0) + 1)
    this.stats.totalErrorReplies++
  }

  /** Hooks run by SHUTDOWN before the process exits (persistence adds "save" here). */
  readonly shutdownHooks: Array<(opts: ShutdownOptions) => ReplyError | null> = []

  /**
   * SHUTDOWN semantics: run the hooks (a hook may refuse with an error), close every client and the
   * listeners, then resolve `closed`. Returns the refusal, or null when the server is going down.
   */
  shutdown(opts: ShutdownOptions & { reason?: string } = {}): ReplyError | null {
    if (this.shuttingDown) return null
    this.log.warning(opts.reason ?? 'User requested shutdown...')
    for (const hook of this.shutdownHooks) {
      const refusal = hook(opts)
      if (refusal) return refusal
    }
    this.shuttingDown = true
    this.cronTimer?.cancel()
    this.listener.close()
    this.cluster?.close()
    this.replication.link?.shutdown()
    for (const conn of this.clients.values()) conn.kill()
    this.log.warning('Redis is now ready to exit, bye bye...')
    this.resolveClosed()
    return null
  }
}
