// The replica side: one connection to our master. It makes the handshake a 7.0 replica makes (PING,
// AUTH, REPLCONF listening-port / ip-address / capa, PSYNC), takes the RDB in either framing and loads
// it, then applies the stream through a client flagged as the master, counting every byte: the bytes
// applied go on, unchanged, into this node's own stream for its sub-replicas. Byte-level facts:
// shared/spec/replication.md §2-§7.
import { createConnection, type Socket } from 'node:net'
import { ClientContext } from '../commands/context.js'
import { processCommand } from '../commands/dispatch.js'
import { ClientState, silentLink } from '../net/client.js'
import { encodeCommand } from '../resp/encoder.js'
import { loadingVisitor, type LoadResult } from '../persistence/keyspace-rdb.js'
import { RdbStreamReader } from '../persistence/rdb-file.js'
import { writeFileAtomically } from '../persistence/rdb-disk.js'
import { RequestDecoder, ProtocolError } from '../resp/decoder.js'
import type { Server } from '../server.js'
import { Db } from '../keyspace/db.js'

/** What ROLE shows for the link. */
export type LinkState = 'connect' | 'connecting' | 'handshake' | 'sync' | 'connected'

type Phase = 'pong' | 'replies' | 'psync' | 'payload-head' | 'payload' | 'stream'

/** Client id Redis gives its master client is a normal one; ours is fixed so it is easy to find in CLIENT LIST. */
const MASTER_CLIENT_ID = Number.MAX_SAFE_INTEGER - 1

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
  private masterCtx: ClientContext | null = null
  private closed = false

  constructor(private readonly server: Server, readonly host: string, readonly port: number, private readonly cached: { replid: string; offset: number; db: number } | null) {}

  /** The db the master's stream is in (repl-stream-db of a dump this replica writes). */
  get streamDb(): number { return this.masterCtx?.client.dbIndex ?? Math.max(0, this.cached?.db ?? 0) }

  get up(): boolean { return this.state === 'connected' }

  /** Opens the connection (the cron calls it again after a failure). */
  connect(): void {
    if (this.closed || this.sock !== null) return
    const log = this.server.log
    log.notice(`Connecting to MASTER ${this.host}:${this.port}`)
    this.state = 'connecting'
    this.phase = 'pong'
    this.buf = Buffer.alloc(0)
    this.lastIo = this.server.clock.now()
    const sock = createConnection({ host: this.host, port: this.port })
    this.sock = sock
    sock.setNoDelay(true)
    sock.on('connect', () => {
      log.notice('MASTER <-> REPLICA sync started')
      this.state = 'handshake'
      sock.write(encodeCommand(['PING']), 'latin1')
    })
    sock.on('data', (d) => this.onData(d))
    sock.on('error', (e) => log.warning(`Error condition on socket for SYNC: ${e.message}`))
    sock.on('close', () => this.lost())
  }

  /** Stops for good (REPLICAOF NO ONE or another master). */
  close(): void {
    this.closed = true
    this.sock?.destroy()
    this.sock = null
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
    if (wasUp) this.server.log.notice('Connection with master lost.')
    // a link that never came up reports -1, as Redis does
    if (wasUp) this.downSince = this.server.clock.now()
    this.state = 'connect'
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
  private loading: { reader: RdbStreamReader; staging: Db[]; result: LoadResult; streamDb: number; kept: Buffer[] | null } | null = null
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
    const l = this.loading as NonNullable<typeof this.loading>
    if (bytes.length === 0) return true
    // the reader may keep a reference to a read buffer: give it its own copy
    const copy = Buffer.from(bytes)
    l.kept?.push(copy)
    try {
      l.reader.push(copy)
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
    if (psync[1] !== '?') this.server.log.notice(`Trying a partial resynchronization (request ${psync[1]}:${psync[2]}).`)
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
    this.phase = 'payload'
    this.tail = Buffer.alloc(0)
    this.syncRead = 0
    this.startLoading()
  }

  /** Staging dbs beside the old data, which stays if the payload turns out damaged (as repl-diskless-load swapdb). */
  private startLoading(): void {
    const server = this.server
    server.log.notice('MASTER <-> REPLICA sync: Loading DB in memory')
    const staging = server.dbs.map((db) => new Db(db.id, server))
    const l = { staging, streamDb: 0, kept: this.keepsPayload() ? [] as Buffer[] : null } as NonNullable<typeof this.loading>
    const { visitor, result } = loadingVisitor(staging, {
      now: server.clock.now(), dropExpired: false, aux: (k, v) => { if (k === 'repl-stream-db') l.streamDb = Number(v) || 0 },
    })
    l.result = result
    l.reader = new RdbStreamReader(visitor, staging.length)
    this.loading = l
  }


  /** The whole payload is in: the trailer is checked, the staging dbs replace the old data, the stream starts. */
  private finishPayload(): boolean {
    const server = this.server
    const log = server.log
    const from = this.fullSyncFrom ?? { replid: '0'.repeat(40), offset: 0 }
    const l = this.loading as NonNullable<typeof this.loading>
    this.loading = null
    try {
      l.reader.end()
    } catch (e) {
      this.fail(`Failed trying to load the MASTER synchronization DB from socket: ${(e as Error).message}`)
      return false
    }
    const { staging, result: r, streamDb } = l
    log.notice('MASTER <-> REPLICA sync: Flushing old data')
    for (let i = 0; i < server.dbs.length; i++) {
      if (server.watch.size !== 0) server.watch.touchDb(i)
      server.dbs[i].swapContents(staging[i])
      server.dbs[i].avgTtl = 0
      server.blocking.signalDb(i, (k) => server.dbs[i].data.has(k))
    }
    log.notice(`Done loading RDB, keys loaded: ${r.keys}, keys expired: ${r.expiredSkipped}.`)
    if (l.kept !== null) this.keepPayload(Buffer.concat(l.kept))
    if (server.aof.state !== 'off') {
      // the AOF on disk describes the old dataset: it starts again from the new one, as Redis restarts it
      log.notice('MASTER <-> REPLICA sync: Restarting the AOF after a full resync')
      server.aof.disable()
      server.aof.enable()
    }
    server.replication.adoptMasterHistory(from.replid, from.offset)
    this.reploff = from.offset
    this.startStream(streamDb)
    if (this.payloadLen < 0) this.ack()
    log.notice('MASTER <-> REPLICA sync: Finished with success')
    return true
  }

  /**
   * repl-diskless-load disabled (the default): like Redis, the payload becomes this node's dump.rdb
   * (it carries the master's id and offset, so a restart can continue partially), unless
   * rdb-del-sync-files asks not to keep it on a node that persists nothing.
   */
  private keepsPayload(): boolean {
    const config = this.server.config
    if (config.get('repl-diskless-load') !== 'disabled') return false
    const persistsNothing = config.get('save') === '' && this.server.aof.state === 'off'
    return !(config.getBool('rdb-del-sync-files') && persistsNothing)
  }

  private keepPayload(rdb: Buffer): void {
    const config = this.server.config
    try {
      writeFileAtomically(config.get('dir'), config.get('dbfilename'), [rdb])
    } catch (e) {
      this.server.log.warning(`Failed trying to save the MASTER synchronization DB to disk: ${(e as Error).message}`)
    }
  }

  private continued(newReplid: string | undefined): void {
    const log = this.server.log
    log.notice('Successful partial resynchronization with master.')
    const stream = this.server.replication.stream
    if (this.reploff < 0) this.reploff = this.cached?.offset ?? stream.offset
    if (newReplid !== undefined && newReplid !== stream.replid) this.server.replication.masterRenamed(newReplid, this.reploff)
    log.notice('MASTER <-> REPLICA sync: Master accepted a Partial Resynchronization.')
    this.startStream(this.masterCtx === null ? (this.cached?.db ?? -1) : -1)
    const rest = this.buf
    this.buf = Buffer.alloc(0)
    if (rest.length > 0) this.applyStream(rest)
  }

  private startStream(db: number): void {
    this.phase = 'stream'
    this.state = 'connected'
    this.downSince = -1
    this.decoder = new RequestDecoder()
    this.carry = Buffer.alloc(0)
    const sock = this.sock as Socket
    // a master never reads replies: the master client's go nowhere
    const link = silentLink({
      kill: () => sock.destroy(),
      remoteAddress: `${sock.remoteAddress ?? ''}:${sock.remotePort ?? 0}`,
      localAddress: `${sock.localAddress ?? ''}:${sock.localPort ?? 0}`,
    })
    const client = new ClientState(MASTER_CLIENT_ID, link, this.server.clock.now(), false)
    client.isMaster = true
    if (db >= 0) client.dbIndex = db
    else if (this.masterCtx !== null) client.dbIndex = this.masterCtx.client.dbIndex
    this.masterCtx = new ClientContext(this.server, client)
  }

  /** The stream: each command applied through the master client, its bytes counted and passed on. */
  /** Bytes of earlier reads that held no whole command yet (the decoder holds them too). */
  private carry: Buffer = Buffer.alloc(0)

  private applyStream(chunk: Buffer): void {
    const decoder = this.decoder
    const ctx = this.masterCtx
    if (decoder === null || ctx === null) return
    const server = this.server
    decoder.push(chunk)
    server.stampCallClock()
    const total = this.carry.length + chunk.length
    let left = decoder.pendingBytes
    for (;;) {
      const argv = decoder.next()
      if (argv === null) break
      if (argv instanceof ProtocolError) {
        // what was applied is passed on before the link goes, so sub-replicas stay in step
        this.passOn(chunk, total - left, total)
        return this.fail(`Protocol error from MASTER: ${argv.message}`)
      }
      const consumed = left - decoder.pendingBytes
      if (argv.length >= 2 && argv[0].toLowerCase() === 'replconf' && argv[1].toLowerCase() === 'getack') {
        // answered with the offset before the GETACK itself is counted
        this.ack()
      } else {
        processCommand(ctx, argv)
        server.afterCommand()
      }
      this.reploff += consumed
      left = decoder.pendingBytes
    }
    this.passOn(chunk, total - left, total)
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
