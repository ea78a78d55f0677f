// The master side of replication: the replicas this node serves, their handshake (REPLCONF), PSYNC and
// SYNC (partial resync from the backlog, or a full sync through full-sync.ts), the stream sent to them,
// their ACKs and WAIT, the once-a-second duties (PING in the stream, keep-alive newlines, timeouts,
// backlog expiry) and what INFO and ROLE report. Wire format facts: shared/spec/replication.md.
import type { ClientContext } from '../commands/core/context.js'
import type { ClientState } from '../client/state.js'
import { RawReply, ReplyError } from '../resp/types.js'
import type { Server } from '../server.js'
import { FullSync } from './full-sync.js'
import { Replica, replicaName, type ReplicaAnnounce } from './replica-client.js'
import { AckWaits } from './ack-waits.js'
import { MasterLink, type CachedMaster } from './master-link.js'
import { ReplicationStream, newReplId } from './stream.js'

/** Answers nothing: REPLCONF ACK, and PSYNC/SYNC, whose answer is the sync itself. */
export const NO_REPLY = new RawReply(Buffer.alloc(0))
const PING_COMMAND = [['ping']]
const GETACK_COMMAND = [['REPLCONF', 'GETACK', '*']]

export class ReplicationMaster {
  readonly stream = new ReplicationStream()
  readonly replicas: Replica[] = []
  private readonly announces = new WeakMap<ClientState, ReplicaAnnounce>()
  private sync: FullSync | null = null
  private lastPing = 0
  private lastSecond = 0
  private noReplicasSince: number
  /** Clients blocked in WAIT. */
  readonly waits: AckWaits

  /** min-replicas-to-write, kept as a number: the command gate reads it for every write. */
  minReplicasToWrite: number

  constructor(private readonly server: Server) {
    this.waits = new AckWaits(server, (offset) => this.acknowledged(offset))
    this.minReplicasToWrite = server.config.getInt('min-replicas-to-write')
    server.config.onChange('min-replicas-to-write', (v) => { this.minReplicasToWrite = Number(v) })
    this.noReplicasSince = server.clock.now()
    // the first PING goes a whole period after start, not on the first tick
    this.lastPing = this.noReplicasSince
    this.stream.listeners.push((bytes) => { for (const r of this.replicas) if (r.state !== 'wait_bgsave' || r.pending !== null) r.send(bytes) })
    server.config.onChange('repl-backlog-size', (v) => this.stream.backlog?.resize(Number(v)))
  }

  /** Non-null while this node is a replica: the link to its master. */
  link: MasterLink | null = null

  /**
   * The propagation sink is attached only while this node is a master with a backlog: a write with
   * nowhere to go costs nothing (Server.propagate returns at once with no sinks).
   */
  private syncSink(): void {
    const sinks = this.server.propagation.sinks
    const want = this.link === null && this.stream.backlog !== null
    const has = sinks.includes(this.feed)
    if (want && !has) sinks.push(this.feed)
    else if (!want && has) sinks.splice(sinks.indexOf(this.feed), 1)
  }

  /**
   * PropagationSink: changes go to the stream once there is a backlog or a replica to take them. A
   * replica's stream is its master's, passed on by proxy(); its own writes are not replicated.
   */
  readonly feed = (db: number, argvs: string[][]): void => {
    if (this.link !== null || this.stream.backlog === null) return
    this.stream.feedCommands(db, argvs)
  }

  /** REPLCONF's record for a connection, created on first use. */
  announceOf(client: ClientState): ReplicaAnnounce {
    let a = this.announces.get(client)
    if (a === undefined) {
      a = { listeningPort: 0, ipAddress: null, capaEof: false, capaPsync2: false, rdbOnly: false }
      this.announces.set(client, a)
    }
    return a
  }

  replicaOf(client: ClientState): Replica | undefined {
    return this.replicas.find((r) => r.client === client)
  }

  /** PSYNC replid offset / SYNC (replid null). The answer is written here; the command itself answers nothing. */
  startSync(ctx: ClientContext, replid: string | null, offset: number): void {
    const server = this.server
    const announce = this.announceOf(ctx.client)
    const name = replicaName(ctx.client, announce)
    server.log.notice(`Replica ${name} asks for synchronization`)
    if (replid !== null && replid !== '?' && this.stream.canContinue(replid, offset)) {
      this.continuePartially(ctx, announce, offset)
      return
    }
    if (replid === '?') server.log.notice(`Full resync requested by replica ${name}`)
    else if (replid !== null) {
      server.stats.syncPartialErr++
      this.logWhyNotPartial(name, replid, offset)
    }
    server.stats.syncFull++
    if (this.stream.backlog === null) {
      this.stream.createBacklog(server.config.getInt('repl-backlog-size'))
      this.syncSink()
      server.log.notice(`Replication backlog created, my new replication IDs are '${this.stream.replid}' and '${this.stream.replid2}'`)
    }
    const r = new Replica(ctx, announce, replid === null, server.clock.now())
    this.adopt(r)
    // the RDB is made when the cron finds no other snapshot running (and, diskless, after the delay)
  }

  private continuePartially(ctx: ClientContext, announce: ReplicaAnnounce, offset: number): void {
    const server = this.server
    const r = new Replica(ctx, announce, false, server.clock.now())
    r.state = 'online'
    r.ackOffset = offset - 1
    const head = announce.capaPsync2 ? `+CONTINUE ${this.stream.replid}\r\n` : '+CONTINUE\r\n'
    const backlog = this.stream.backlog
    const bytes = backlog === null ? Buffer.alloc(0) : backlog.since(offset)
    ctx.client.link.sendRaw(Buffer.concat([Buffer.from(head, 'latin1'), bytes]))
    this.adopt(r)
    server.stats.syncPartialOk++
    server.log.notice(`Partial resynchronization request from ${r.name} accepted. Sending ${bytes.length} bytes of backlog starting from offset ${offset}.`)
  }

  /** masterTryPartialResynchronization()'s reasons, in its words. */
  private logWhyNotPartial(name: string, replid: string, offset: number): void {
    const s = this.stream
    const log = this.server.log
    if (replid !== s.replid && replid !== s.replid2) {
      return log.notice(`Partial resynchronization not accepted: Replication ID mismatch (Replica asked for '${replid}', my replication IDs are '${s.replid}' and '${s.replid2}')`)
    }
    if (replid !== s.replid && offset > s.secondOffset) {
      return log.notice(`Partial resynchronization not accepted: Requested offset for second ID was ${offset}, but I can reply up to ${s.secondOffset}`)
    }
    log.notice(`Unable to partial resync with replica ${name} for lack of backlog (Replica request was: ${offset}).`)
    if (offset > s.offset) log.warning(`Warning: replica ${name} tried to PSYNC with an offset that is greater than the master replication offset.`)
  }

  private adopt(r: Replica): void {
    r.client.isReplica = true
    this.replicas.push(r)
  }

  /** A replica's connection closed (or was closed): forget it, and stop a sync nobody waits for. */
  forget(client: ClientState): void {
    const i = this.replicas.findIndex((r) => r.client === client)
    if (i < 0) return
    const [r] = this.replicas.splice(i, 1)
    this.sync?.drop(r)
    if (this.replicas.length === 0) this.noReplicasSince = this.server.clock.now()
    this.server.log.warning(`Connection with replica ${r.name} lost.`)
  }

  /** REPLCONF ACK: never answered; starts the stream of a replica that had an EOF-framed RDB. */
  ack(client: ClientState, offset: number): void {
    const r = this.replicaOf(client)
    if (r === undefined || r.oldProtocol) return
    if (offset > r.ackOffset) r.ackOffset = offset
    r.ackTime = this.server.clock.now()
    if (r.awaitingFirstAck) {
      r.awaitingFirstAck = false
      r.release()
    }
    this.waits.serve()
  }


  /**
   * min-replicas-to-write: the count of "good" replicas (online, last ACK at most min-replicas-max-lag
   * seconds old), or null when the check is off.
   */
  goodReplicas(): number | null {
    const config = this.server.config
    const maxLag = config.getInt('min-replicas-max-lag')
    if (config.getInt('min-replicas-to-write') === 0 || maxLag === 0) return null
    const nowSec = Math.floor(this.server.clock.now() / 1000)
    let n = 0
    for (const r of this.replicas) if (r.state === 'online' && nowSec - Math.floor(r.ackTime / 1000) <= maxLag) n++
    return n
  }

  /** Writes refused for want of good replicas (NOREPLICAS); never on a replica. */
  tooFewReplicas(): boolean {
    if (this.link !== null) return false
    const good = this.goodReplicas()
    return good !== null && good < this.server.config.getInt('min-replicas-to-write')
  }

  /** Online replicas whose ACK has reached `offset` (WAIT). */
  acknowledged(offset: number): number {
    let n = 0
    for (const r of this.replicas) if (r.state === 'online' && r.ackOffset >= offset) n++
    return n
  }

  /** After each batch of commands: ask replicas for ACKs once if a WAIT is blocked (Redis does it in beforeSleep). */
  askForAcks(): void {
    this.waits.getAckWanted = false
    if (this.replicas.length > 0) this.stream.feedCommands(-1, GETACK_COMMAND)
  }

  /** The server cron (every tick): full syncs to start, and the once-a-second duties. */
  cron(now: number): void {
    this.maybeStartSync(now)
    if (now - this.lastSecond < 1000) return
    this.lastSecond = now
    this.link?.cron(now)
    const config = this.server.config
    if (this.link === null && this.replicas.length > 0 && now - this.lastPing >= config.getInt('repl-ping-replica-period') * 1000) {
      this.lastPing = now
      this.stream.feedCommands(-1, PING_COMMAND)
    }
    const timeoutMs = config.getInt('repl-timeout') * 1000
    for (const r of [...this.replicas]) {
      if (r.state === 'wait_bgsave' && r.pending === null) r.client.link.sendRaw(Buffer.from('\n'))
      if (r.state === 'online' && !r.oldProtocol && now - r.ackTime > timeoutMs) {
        this.server.log.warning(`Disconnecting timedout replica (streaming sync): ${r.name}`)
        r.client.link.kill()
      }
    }
    const ttl = config.getInt('repl-backlog-ttl')
    if (this.link === null && this.stream.backlog !== null && this.replicas.length === 0 && ttl > 0 && now - this.noReplicasSince > ttl * 1000) {
      this.stream.freeBacklog()
      this.syncSink()
      this.server.log.notice(`Replication backlog freed after ${ttl} seconds without connected replicas.`)
    }
  }

  /** Replicas waiting for an RDB get one when no other snapshot runs (diskless: after the batching delay). */
  private maybeStartSync(now: number): void {
    if (this.sync !== null) return
    const waiting = this.replicas.filter((r) => r.state === 'wait_bgsave' && r.pending === null)
    if (waiting.length === 0) return
    const server = this.server
    if (server.rdb.bgsaveInProgress || server.aof.rewriteInProgress) return
    const config = server.config
    const diskless = config.getBool('repl-diskless-sync') && waiting.every((r) => r.announce.capaEof)
    if (diskless) {
      const max = config.getInt('repl-diskless-sync-max-replicas')
      const oldest = Math.min(...waiting.map((r) => r.since))
      const delayOver = now - oldest >= config.getInt('repl-diskless-sync-delay') * 1000
      if (!delayOver && !(max > 0 && waiting.length >= max)) return
    }
    this.sync = new FullSync(server, this.stream, waiting, diskless)
    void this.sync.done.then(() => { this.sync = null })
  }

  get syncInProgress(): boolean { return this.sync !== null }

  /** The repl-* AUX fields a dump written now carries (rdbPopulateSaveInfo), or null with no replication state. */
  saveInfo(): { streamDb: number; replid: string; offset: number } | null {
    const s = this.stream
    if (this.link !== null) {
      if (this.link.reploff < 0) return null
      return { streamDb: this.link.streamDb, replid: s.replid, offset: this.link.reploff }
    }
    if (s.backlog === null) return null
    s.flush()
    return { streamDb: s.streamDb, replid: s.replid, offset: s.offset }
  }

  /**
   * A master is about to load its dump at start-up (rdbLoad with RDBFLAGS_FEED_REPL): a backlog from
   * offset 0 takes a DEL (UNLINK under lazyfree-lazy-expire) for each key the load drops as expired.
   * Returns what the loader calls for each. restoreFromDump() or endStartupLoad() follows.
   */
  beginStartupLoad(): (db: number, key: string) => void {
    const s = this.stream
    s.createBacklogKeepingId(this.server.config.getInt('repl-backlog-size'))
    const del = this.server.config.getBool('lazyfree-lazy-expire') ? 'UNLINK' : 'DEL'
    return (db, key) => {
      s.feedCommands(db, [[del, key]])
      s.flush()
    }
  }

  /**
   * The dump had no replication state: no replica can continue from it, so the backlog goes again;
   * the offset keeps the DELs' bytes, as Redis's does.
   */
  endStartupLoad(): void {
    this.stream.backlog = null
    this.syncSink()
  }

  /**
   * Start-up from a dump that carried replication state. A node that will be a replica takes it as its own
   * history (its first PSYNC can then be partial). A master keeps it as its secondary id, its backlog
   * (holding the DELs of keys that expired while it was down) moved to follow that offset, so its old
   * replicas continue partially and drop those keys too; when the DELs outgrew the backlog they get a
   * full sync instead. Both as Redis 7.0 does.
   */
  restoreFromDump(replid: string, offset: number, streamDb: number, willReplicate: boolean): void {
    const s = this.stream
    if (willReplicate) {
      s.replid = replid
      s.offset = offset
      this.restoredDb = streamDb
      return
    }
    s.replid2 = replid
    s.secondOffset = offset + 1
    if (s.backlog === null) s.createBacklogKeepingId(this.server.config.getInt('repl-backlog-size'))
    s.rebase(offset)
    this.noReplicasSince = this.server.clock.now()
    this.syncSink()
  }

  /** The stream db of a restored replica history, for the first partial resync. */
  private restoredDb = -1

  /** The link is the replicaof directive's, waiting for the dataset to load before it connects. */
  private linkAwaitsLoad = false

  /**
   * The replicaof directive, before the dataset is loaded: the node is a replica from the start (INFO,
   * ROLE, the log's role letter), its link in state connect, as Redis's is while it loads; it connects
   * once loaded (startReplication), as Redis's replication cron waits for the load to end.
   */
  awaitMasterAfterLoad(host: string, port: number): void {
    this.link = new MasterLink(this.server, host, port, null)
    this.linkAwaitsLoad = true
    this.server.log.role = 'S'
    this.syncSink()
  }

  /**
   * REPLICAOF host port (`requestedBy`: the CLIENT INFO line of the client that asked; '' when the
   * cluster asked, which logs no user request), or the replicaof directive at start-up (undefined).
   * False when already replicating from that master.
   */
  startReplication(host: string, port: number, requestedBy?: string): boolean {
    const log = this.server.log
    // the link named at start-up never connected: it is made again with what the load restored
    const old = this.linkAwaitsLoad ? null : this.link
    this.linkAwaitsLoad = false
    if (old !== null && old.host === host && old.port === port) return false
    let cached: CachedMaster | null = null
    if (old === null) {
      // a master turning replica offers its own history; at start-up only a dump's history is offered
      if (requestedBy !== undefined || this.restoredDb >= 0) {
        log.notice('Before turning into a replica, using my own master parameters to synthesize a cached master: I may be able to synchronize with the new master with just a partial transfer.')
        cached = { replid: this.stream.replid, offset: this.stream.offset, db: this.restoredDb }
      }
    } else {
      const db = old.streamDb
      const client = old.close()
      cached = old.reploff >= 0 ? { replid: this.stream.replid, offset: old.reploff, db, client } : null
    }
    if (old === null) this.unblockAll()
    this.link = new MasterLink(this.server, host, port, cached)
    this.recordMaster([host, String(port)])
    this.server.log.role = 'S'
    this.syncSink()
    if (requestedBy) log.notice(`REPLICAOF ${host}:${port} enabled (user request from '${requestedBy}')`)
    this.link.connect()
    return true
  }

  /**
   * REPLICAOF NO ONE (`requestedBy`: the CLIENT INFO line of who asked), or PSYNC ... FAILOVER: a master
   * again, under a new id; the old one stays valid, as replid2, up to here.
   */
  becomeMaster(requestedBy?: string): void {
    const link = this.link
    if (link === null) return
    if (link.close() !== null) this.server.log.notice('Discarding previously cached master state.')
    this.link = null
    this.recordMaster(['no', 'one'])
    this.server.log.role = 'M'
    this.syncSink()
    const s = this.stream
    s.replid2 = s.replid
    s.secondOffset = s.offset + 1
    s.replid = newReplId()
    s.forceSelect()
    this.server.log.warning(`Setting secondary replication ID to ${s.replid2}, valid up to offset: ${s.secondOffset}. New replication ID is ${s.replid}`)
    this.dropReplicas()
    if (requestedBy !== undefined) this.server.log.notice(`MASTER MODE enabled (user request from '${requestedBy}')`)
  }

  /**
   * The replicaof value follows REPLICAOF at run time, as Redis's is read from its current master: CONFIG
   * GET shows it, and CONFIG REWRITE writes the line a restart needs (or removes it for NO ONE).
   */
  private recordMaster(args: string[]): void {
    // a cluster node's master lives in nodes.conf; a replicaof line would stop it from starting
    if (this.server.mode === 'cluster') return
    this.server.config.set('replicaof', args, true)
  }

  /** A full sync from our master: its history becomes ours, with a fresh backlog; sub-replicas start over. */
  adoptMasterHistory(replid: string, offset: number): void {
    const s = this.stream
    s.replid = replid
    s.replid2 = '0'.repeat(40)
    s.secondOffset = -1
    s.offset = offset
    s.createBacklogKeepingId(this.server.config.getInt('repl-backlog-size'))
    this.dropReplicas()
  }

  /** +CONTINUE with another id: the master was promoted; our old id stays valid up to here. */
  masterRenamed(replid: string, offset: number): void {
    const s = this.stream
    s.replid2 = s.replid
    s.secondOffset = offset + 1
    s.replid = replid
    this.dropReplicas()
  }

  /** Bytes applied from our master, passed on unchanged to our own replicas and backlog. */
  proxy(bytes: Buffer): void {
    this.stream.feedBytes(bytes)
  }

  /** A master turning replica: clients blocked on keys or in WAIT would wait for what can no longer come. */
  private unblockAll(): void {
    const error = new ReplyError('UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)')
    this.waits.dropAll()
    for (const conn of this.server.clients.values()) {
      if (conn.client.blocked) this.server.blocking.unblock(conn.client.id, error)
    }
  }

  private dropReplicas(): void {
    for (const r of [...this.replicas]) r.client.link.kill()
  }
}
