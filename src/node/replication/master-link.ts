// The replica side: one connection to our master. It makes the handshake a 7.0 replica makes (PING,
// AUTH, REPLCONF listening-port / ip-address / capa, PSYNC), takes the RDB in either framing (loaded by
// payload-load.ts), then applies the stream through the master client (master-client.ts), counting every byte: the
// bytes applied go on, unchanged, into this node's own stream for its sub-replicas. Byte-level facts:
// shared/spec/replication.md §2-§7.
import { createConnection, type Socket } from 'node:net'
import { processCommand } from '../commands/core/dispatch.js'
import { encodeCommand } from '../resp/encoder.js'
import { RequestDecoder, ProtocolError } from '../resp/decoder.js'
import type { Server } from '../server.js'
import { strerror } from '../util/errno.js'
import { MasterClient } from './master-client.js'
import { PayloadLoad } from './payload-load.js'

/** What ROLE shows for the link. */
export type LinkState = 'connect' | 'connecting' | 'handshake' | 'sync' | 'connected'

type Phase = 'pong' | 'replies' | 'psync' | 'payload-head' | 'payload' | 'stream'

/** What a link starts from: the history to ask to continue, and the master client of an earlier link. */
export interface CachedMaster { replid: string; offset: number; db: number; client?: MasterClient | null }

export class MasterLink {
  state: LinkState = 'connect'
  /** Bytes of the master's stream applied so far (slave_repl_offset); -1 before the first sync. */
  reploff = -1
  /** ms of the last byte from the master. */
  lastIo = 0
  /** ms since which the link is down (master_link_down_since_seconds), -1 when it never was up. */
  downSince = -1
  syncTotal = 0
  syncRead = 0
  private sock: Socket | null = null
  private buf: Buffer = Buffer.alloc(0)
  private phase: Phase = 'pong'
  private repliesLeft = 0
  private payloadLen = -1
  private eofMark = ''
  private decoder: RequestDecoder | null = null
  /** The master client: in the client table while the stream flows, cached (out of it) while the link is down. */
  private master: MasterClient | null
  private masterListed = false
  private closed = false

  constructor(private readonly server: Server, readonly host: string, readonly port: number, private readonly cached: CachedMaster | null) {
    this.master = cached?.client ?? null
  }

  /** The db the master's stream is in (repl-stream-db of a dump this replica writes). */
  get streamDb(): number { return this.master?.client.dbIndex ?? Math.max(0, this.cached?.db ?? 0) }

  get up(): boolean { return this.state === 'connected' }

  /** Opens the connection (the cron calls it again after a failure). */
  connect(): void {
    if (this.closed || this.sock !== null) return
    this.server.log.notice(`Connecting to MASTER ${this.host}:${this.port}`)
    this.open()
  }

  private open(): void {
    const log = this.server.log
    this.state = 'connecting'
    this.phase = 'pong'
    this.buf = Buffer.alloc(0)
    this.lastIo = this.server.clock.now()
    const sock = createConnection({ host: this.host, port: this.port })
    this.sock = sock
    sock.setNoDelay(true)
    log.notice('MASTER <-> REPLICA sync started')
    sock.on('connect', () => {
      log.notice('Non blocking connect for SYNC fired the event.')
      this.state = 'handshake'
      sock.write(encodeCommand(['PING']), 'latin1')
    })
    sock.on('data', (d) => this.onData(d))
    sock.on('error', (e) => log.warning(`Error condition on socket for SYNC: ${strerror(e)}`))
    sock.on('close', () => this.lost())
  }

  /**
   * Stops for good (REPLICAOF NO ONE or another master). Returns the master client, cached, which a
   * link to another master can take back if that master lets it continue (as Redis keeps cached_master).
   */
  close(): MasterClient | null {
    this.cacheMaster()
    this.closed = true
    this.sock?.destroy()
    this.sock = null
    return this.master
  }

  /** SHUTDOWN: the socket closes with the process, quietly and without reconnecting. */
  shutdown(): void {
    this.closed = true
    if (this.master !== null && this.masterListed) this.server.clients.remove(this.master)
    this.masterListed = false
    this.sock?.destroy()
  }

  /** replicationCacheMaster(): the master client leaves the client table and waits for a partial resync. */
  private cacheMaster(): void {
    const master = this.master
    if (master === null || !this.masterListed) return
    this.masterListed = false
    this.server.clients.remove(master)
    master.detach()
    this.server.log.warning('Connection with master lost.')
    this.server.log.notice('Caching the disconnected master state.')
  }

  /** The cron, once a second: connect if needed, ACK, and drop a silent master. */
  cron(now: number): void {
    if (this.closed) return
    if (this.sock === null) return this.connect()
    const timeoutMs = this.server.config.getInt('repl-timeout') * 1000
    if (now - this.lastIo > timeoutMs) {
      this.server.log.warning(this.up ? 'MASTER timeout: no data nor PING received...' : 'Timeout connecting to the MASTER...')
      this.sock.destroy()
      return
    }
    if (this.up) this.ack()
  }

  private ack(): void {
    this.sock?.write(encodeCommand(['REPLCONF', 'ACK', String(this.reploff)]), 'latin1')
  }

  private lost(): void {
    const wasUp = this.up
    this.sock = null
    this.decoder = null
    this.loading = null // a payload cut short: the old data stays
    if (this.closed) return
    this.cacheMaster()
    this.state = 'connect'
    if (!wasUp) return // the cron tries again within a second
    // a link that never came up reports -1, as Redis does
    this.downSince = this.server.clock.now()
    // at once rather than at the next cron: the backlog we want to continue from may be moving on
    this.server.log.notice(`Reconnecting to MASTER ${this.host}:${this.port}`)
    this.open()
  }

  private fail(reason: string): void {
    this.server.log.warning(reason)
    this.sock?.destroy()
  }

  private onData(d: Buffer): void {
    this.lastIo = this.server.clock.now()
    if (this.phase === 'stream') return this.applyStream(d)
    if (this.phase === 'payload') return this.onPayloadData(d)
    this.buf = this.buf.length === 0 ? d : Buffer.concat([this.buf, d])
    this.drive()
  }

  /** The payload being read: parsed into staging dbs as it arrives, so loading overlaps the transfer. */
  private loading: PayloadLoad | null = null
  /** EOF framing: the last bytes received, held back until more come, since they may be the end mark. */
  private tail: Buffer = Buffer.alloc(0)

  private onPayloadData(d: Buffer): void {
    this.syncRead += d.length
    let rdb: Buffer
    let rest: Buffer | null = null
    if (this.payloadLen >= 0) {
      const want = this.payloadLen - (this.syncRead - d.length)
      rdb = d.length > want ? d.subarray(0, want) : d
      if (d.length > want) rest = d.subarray(want)
    } else {
      const keep = this.eofMark.length
      const joined = this.tail.length === 0 ? d : Buffer.concat([this.tail, d])
      rdb = joined.subarray(0, Math.max(0, joined.length - keep))
      this.tail = Buffer.from(joined.subarray(Math.max(0, joined.length - keep)))
    }
    if (!this.feedPayload(rdb)) return
    const complete = this.payloadLen >= 0 ? this.syncRead >= this.payloadLen : this.tail.toString('latin1') === this.eofMark
    if (!complete) return
    this.buf = rest ?? Buffer.alloc(0)
    if (this.finishPayload()) this.drive()
  }

  /** False when the bytes so far are already not an RDB (the link is then dropped). */
  private feedPayload(bytes: Buffer): boolean {
    try {
      (this.loading as PayloadLoad).push(bytes)
      return true
    } catch (e) {
      this.fail(`Failed trying to load the MASTER synchronization DB from socket: ${(e as Error).message}`)
      return false
    }
  }

  /** Handshake, PSYNC reply and payload: one step per complete piece in the buffer. */
  private drive(): void {
    for (;;) {
      if (this.phase === 'payload') {
        // what came with the payload's first line starts the payload
        const first = this.buf
        this.buf = Buffer.alloc(0)
        if (first.length > 0) this.onPayloadData(first)
        return
      }
      if (this.phase === 'stream') {
        const rest = this.buf
        this.buf = Buffer.alloc(0)
        if (rest.length > 0) this.applyStream(rest)
        return
      }
      const eol = this.buf.indexOf(0x0a)
      if (eol < 0) return
      const line = this.buf.subarray(0, eol).toString('latin1').replace(/\r$/, '')
      this.buf = this.buf.subarray(eol + 1)
      if (line === '') continue // keep-alive newlines while the master prepares
      this.onLine(line)
      if (this.sock === null) return
    }
  }

  private onLine(line: string): void {
    switch (this.phase) {
      case 'pong':
        if (line.startsWith('-') && !/^-(NOAUTH|NOPERM|ERR operation not permitted)/.test(line)) return this.fail(`Error reply to PING from master: '${line}'`)
        this.server.log.notice('Master replied to PING, replication can continue...')
        return this.sendHandshake()
      case 'replies':
        if (line.startsWith('-') && this.repliesLeft === this.authReplies) return this.fail(`Unable to AUTH to MASTER: ${line}`)
        if (--this.repliesLeft > 0) return
        return this.sendPsync()
      case 'psync':
        return this.onPsyncReply(line)
      case 'payload-head':
        return this.onPayloadHead(line)
    }
  }

  /** The count of replies still awaited when AUTH's is next (-1 without AUTH). */
  private authReplies = 0

  private sendHandshake(): void {
    const config = this.server.config
    const out: string[] = []
    const auth = config.get('masterauth')
    if (auth !== '') {
      const user = config.get('masteruser')
      out.push(encodeCommand(user !== '' ? ['AUTH', user, auth] : ['AUTH', auth]))
    }
    const announcedPort = config.getInt('replica-announce-port') || this.server.port
    out.push(encodeCommand(['REPLCONF', 'listening-port', String(announcedPort)]))
    const ip = config.get('replica-announce-ip')
    if (ip !== '') out.push(encodeCommand(['REPLCONF', 'ip-address', ip]))
    out.push(encodeCommand(['REPLCONF', 'capa', 'eof', 'capa', 'psync2']))
    this.repliesLeft = out.length
    this.authReplies = auth !== '' ? out.length : -1
    this.phase = 'replies'
    this.sock?.write(out.join(''), 'latin1')
  }

  private sendPsync(): void {
    const c = this.cached
    const psync = c !== null && this.reploff < 0 ? ['PSYNC', c.replid, String(c.offset + 1)]
      : this.reploff >= 0 ? ['PSYNC', this.server.replication.stream.replid, String(this.reploff + 1)] : ['PSYNC', '?', '-1']
    this.server.log.notice(psync[1] !== '?' ? `Trying a partial resynchronization (request ${psync[1]}:${psync[2]}).` : 'Partial resynchronization not possible (no cached master)')
    this.phase = 'psync'
    this.sock?.write(encodeCommand(psync), 'latin1')
  }

  private onPsyncReply(line: string): void {
    const log = this.server.log
    if (line.startsWith('+FULLRESYNC')) {
      const [, replid, offset] = line.split(' ')
      log.notice(`Full resync from master: ${replid}:${offset}`)
      this.fullSyncFrom = { replid: replid?.length === 40 ? replid : '0'.repeat(40), offset: Number(offset) }
      this.phase = 'payload-head'
      this.state = 'sync'
      return
    }
    if (line.startsWith('+CONTINUE')) return this.continued(line.split(' ')[1])
    this.fail(`Unexpected reply to PSYNC from master: ${line}`)
  }

  private fullSyncFrom: { replid: string; offset: number } | null = null

  private onPayloadHead(line: string): void {
    if (line.startsWith('-')) return this.fail(`MASTER aborted replication with an error: ${line.slice(1)}`)
    if (!line.startsWith('$')) return this.fail(`Bad protocol from MASTER, the first byte is not '$' (we received '${line}'), are you sure the host and port are right?`)
    const log = this.server.log
    if (line.startsWith('$EOF:')) {
      this.eofMark = line.slice(5)
      this.payloadLen = -1
      log.notice('MASTER <-> REPLICA sync: receiving streamed RDB from master with EOF to disk')
    } else {
      this.payloadLen = Number(line.slice(1))
      this.syncTotal = this.payloadLen
      log.notice(`MASTER <-> REPLICA sync: receiving ${this.payloadLen} bytes from master to disk`)
    }
    if (this.master !== null) {
      // a full sync makes a new master client; the cached one can no longer continue anything
      log.notice('Discarding previously cached master state.')
      this.master = null
    }
    this.phase = 'payload'
    this.tail = Buffer.alloc(0)
    this.syncRead = 0
    this.loading = new PayloadLoad(this.server)
  }

  /** The whole payload is in: the trailer is checked, the staging dbs replace the old data, the stream starts. */
  private finishPayload(): boolean {
    const server = this.server
    const log = server.log
    const from = this.fullSyncFrom ?? { replid: '0'.repeat(40), offset: 0 }
    const load = this.loading as PayloadLoad
    this.loading = null
    try {
      load.finish()
    } catch (e) {
      this.fail(`Failed trying to load the MASTER synchronization DB from socket: ${(e as Error).message}`)
      return false
    }
    server.replication.adoptMasterHistory(from.replid, from.offset)
    this.reploff = from.offset
    this.master = null
    this.startStream(load.streamDb)
    if (this.payloadLen < 0) this.ack()
    log.notice('MASTER <-> REPLICA sync: Finished with success')
    return true
  }

  private continued(newReplid: string | undefined): void {
    const log = this.server.log
    log.notice('Successful partial resynchronization with master.')
    const stream = this.server.replication.stream
    if (this.reploff < 0) this.reploff = this.cached?.offset ?? stream.offset
    if (newReplid !== undefined && newReplid !== stream.replid) this.server.replication.masterRenamed(newReplid, this.reploff)
    log.notice('MASTER <-> REPLICA sync: Master accepted a Partial Resynchronization.')
    this.startStream(this.master === null ? (this.cached?.db ?? -1) : -1)
    const rest = this.buf
    this.buf = Buffer.alloc(0)
    if (rest.length > 0) this.applyStream(rest)
  }

  /**
   * The stream begins: a new master client (after a full sync, selecting the payload's stream db, or
   * `db` -1 to keep the cached client's), or the cached one taken back; either way it is listed again.
   */
  private startStream(db: number): void {
    this.phase = 'stream'
    this.state = 'connected'
    this.downSince = -1
    const decoder = new RequestDecoder()
    this.decoder = decoder
    this.carry = Buffer.alloc(0)
    this.held = null
    const server = this.server
    let master = this.master
    if (master === null) {
      master = new MasterClient(server)
      this.master = master
    }
    master.pendingBytes = () => decoder.pendingBytes
    master.resumeStream = () => this.resumeStream()
    if (db >= 0) master.client.dbIndex = db
    master.attach(this.sock as Socket, server.clock.now())
    server.clients.set(master.client.id, master)
    this.masterListed = true
  }

  /**
   * Bytes of earlier reads not yet counted as applied: a command not yet whole (the decoder holds
   * those too), and the commands of a transaction from the master that has not reached its EXEC.
   */
  private carry: Buffer = Buffer.alloc(0)
  /**
   * A command from the master held by CLIENT PAUSE (Redis 7.0 pauses its master client too), and the
   * bytes from the last counted point through it; the stream waits behind it until the pause ends.
   */
  private held: { argv: string[]; bytes: number } | null = null

  /**
   * The stream: each command applied through the master client, its bytes counted and passed on. As
   * in Redis, the offset moves only outside a transaction: a link lost between MULTI and EXEC asks for
   * the whole transaction again, and a dump written meanwhile names an offset its data matches.
   */
  private applyStream(chunk: Buffer): void {
    const decoder = this.decoder
    const master = this.master
    if (decoder === null || master === null) return
    const server = this.server
    const ctx = master.ctx
    master.client.lastInteraction = server.clock.now()
    decoder.push(chunk)
    if (this.held !== null) {
      // nothing runs behind a held command: the bytes wait with it
      this.carry = Buffer.concat([this.carry, chunk])
      return
    }
    server.stampCallClock()
    const total = this.carry.length + chunk.length
    let counted = 0
    for (;;) {
      const argv = decoder.next()
      if (argv === null) break
      if (argv instanceof ProtocolError) {
        // what was applied is passed on before the link goes, so sub-replicas stay in step
        this.passOn(chunk, counted, total)
        return this.fail(`Protocol error from MASTER: ${argv.message}`)
      }
      if (server.pause.active && server.pause.parks(ctx, argv)) {
        this.held = { argv, bytes: total - decoder.pendingBytes - counted }
        break
      }
      if (argv.length >= 2 && argv[0].toLowerCase() === 'replconf' && argv[1].toLowerCase() === 'getack') {
        // answered with the offset before the GETACK itself is counted
        this.ack()
      } else {
        this.apply(ctx, argv)
      }
      if (ctx.client.multi !== null) continue
      const done = total - decoder.pendingBytes
      this.reploff += done - counted
      counted = done
    }
    this.passOn(chunk, counted, total)
  }

  /** The pause is over (MasterClient.resume): the held command runs, then the stream behind it. */
  resumeStream(): void {
    const held = this.held
    const master = this.master
    if (held === null || master === null) return
    this.held = null
    this.server.stampCallClock()
    this.apply(master.ctx, held.argv)
    if (master.ctx.client.multi === null) {
      this.reploff += held.bytes
      this.passOn(Buffer.alloc(0), held.bytes, this.carry.length)
    }
    this.applyStream(Buffer.alloc(0))
  }

  /**
   * One command of our master's, run as the master client. While it runs, keys are as the master saw
   * them when it wrote the command: nothing expires (Redis's expireIfNeeded answers "not expired" to
   * its master client), the master's own DEL removes them.
   */
  private apply(ctx: MasterClient['ctx'], argv: string[]): void {
    const server = this.server
    server.replaying = true
    try {
      processCommand(ctx, argv)
    } finally {
      server.replaying = false
    }
    server.afterCommand()
  }

  /**
   * The bytes this read applied go on to sub-replicas and the backlog exactly as the master sent them,
   * in one piece; the unapplied rest is carried to the next read.
   */
  private passOn(chunk: Buffer, applied: number, total: number): void {
    const carry = this.carry
    if (applied > 0) {
      const bytes = applied <= carry.length ? carry.subarray(0, applied)
        : carry.length === 0 ? chunk.subarray(0, applied) : Buffer.concat([carry, chunk.subarray(0, applied - carry.length)])
      this.server.replication.proxy(bytes)
    }
    const rest = total - applied
    if (rest === 0) this.carry = Buffer.alloc(0)
    else if (rest <= chunk.length) this.carry = Buffer.from(chunk.subarray(chunk.length - rest))
    else this.carry = Buffer.concat([carry.subarray(carry.length - (rest - chunk.length)), chunk])
  }
}
