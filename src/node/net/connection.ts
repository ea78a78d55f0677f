// One client socket: bytes -> decoder -> dispatch -> encoder -> socket. The only code that writes to a
// client socket. Pipelined requests are run in order; their replies leave in one write per event-loop
// turn (pending-writes.ts).
import type { Socket } from 'node:net'
import { ProtocolError, RequestDecoder } from '../resp/decoder.js'
import { ReplyWriter } from '../resp/encoder.js'
import { RawReply, ReplyError, isPushOnly, type Reply } from '../resp/types.js'
import { ClientContext } from '../commands/core/context.js'
import { processCommand } from '../commands/core/dispatch.js'
import { Blocked } from '../commands/core/types.js'
import { ClientState } from '../client/state.js'
import type { ClientLink } from '../client/link.js'
import type { PendingWriter, ResumableInput } from './pending-writes.js'
import { adoptSocket } from './socket-reader.js'
import type { Server } from '../server.js'

/**
 * Output an unauthenticated client may leave unread: the size of Redis's static reply buffer. Redis
 * (since the CVE-2025-21605 fix, which Debian's 7.0.15 carries) closes such a client as soon as a
 * reply would spill past it, so unanswered NOAUTH errors cannot pile up in memory.
 */
const UNAUTH_OUTPUT_LIMIT = 16 * 1024

export class Connection implements ClientLink, PendingWriter, ResumableInput {
  readonly client: ClientState
  readonly ctx: ClientContext
  private readonly decoder = new RequestDecoder()
  /** The client's reply buffer (also sized by the cron, net/reply-buffer.ts, and shown by CLIENT LIST). */
  readonly writer = new ReplyWriter()
  private closing = false
  private flushScheduled = false
  readonly remoteAddress: string
  readonly localAddress: string
  /** The adopted socket (socket-reader.ts), not the one the listener accepted. */
  private readonly socket: Socket

  /** `accepted` comes paused from the listener; reads then go to onData through adoptSocket(). */
  constructor(private readonly server: Server, accepted: Socket, id: number) {
    const socket = adoptSocket(accepted, (chunk) => this.onData(chunk))
    this.socket = socket
    const now = server.clock.now()
    this.client = new ClientState(id, this, now, server.authRequired())
    this.ctx = new ClientContext(server, this.client)
    this.remoteAddress = formatAddr(socket.remoteAddress, socket.remotePort, socket)
    this.localAddress = formatAddr(socket.localAddress, socket.localPort, socket)
    socket.setNoDelay(true)
    socket.on('error', () => this.socket.destroy())
    socket.on('close', () => this.onClose())
  }

  get fd(): number {
    return (this.socket as unknown as { _handle?: { fd?: number } })._handle?.fd ?? -1
  }

  queryBufferBytes(): number { return this.decoder.pendingBytes }
  outputBufferBytes(): number { return this.writer.length + this.socket.writableLength }

  /** TCP keepalive probes every `seconds` (tcp-keepalive). */
  keepAlive(seconds: number): void {
    this.socket.setKeepAlive(true, seconds * 1000)
  }

  /** One read; `chunk` is the shared read buffer, reused once this returns (socket-reader.ts). */
  private onData(chunk: Buffer): void {
    if (this.closing) return
    this.decoder.push(chunk, true)
    try {
      this.consume(chunk)
    } finally {
      this.decoder.release()
    }
  }

  private consume(chunk: Buffer): void {
    const stats = this.server.stats
    stats.totalNetInputBytes += chunk.length
    stats.totalReadsProcessed++
    this.client.lastInteraction = this.server.clock.now()
    if (this.queryBytesHeld() > this.server.config.numbers.clientQueryBufferLimit && !this.client.isMaster) {
      this.server.log.warning(`Closing client that reached max query buffer length: id=${this.client.id} addr=${this.remoteAddress} (qbuf initial bytes: ${JSON.stringify(chunk.subarray(0, 64).toString('latin1'))})`)
      this.socket.destroy()
      return
    }
    this.processInput()
  }

  /**
   * The query buffer as client-query-buffer-limit sees it: the request in progress (unread bytes and
   * arguments already read) plus the commands queued by MULTI, which Redis 7.4 counts too (#12961).
   */
  private queryBytesHeld(): number {
    const c = this.client
    return this.decoder.heldBytes + (c.multi !== null ? c.multiBytes : 0)
  }

  /** Runs every complete request in the buffer until one blocks or the connection is closing. */
  private processInput(): void {
    try {
      this.runRequests()
    } catch (e) {
      // a bug, not the client's doing: this client goes, the server and its other clients stay
      this.failed('processing input', e)
    }
  }

  private runRequests(): void {
    const client = this.client
    const server = this.server
    server.stampCallClock()
    while (!client.blocked && !this.closing) {
      this.decoder.unauthenticated = !client.authenticated
      this.decoder.maxBulkLen = client.isMaster ? Infinity : server.config.numbers.protoMaxBulkLen
      const argv = this.decoder.next()
      if (argv === null) break
      if (argv instanceof ProtocolError) { this.protocolError(argv); break }
      if (isCrossProtocolAttack(argv[0])) { this.crossProtocol(); break }
      if (server.pause.active && server.pause.parks(this.ctx, argv)) break
      const reply = processCommand(this.ctx, argv)
      if (reply instanceof Blocked) server.blocking.block(this.ctx, argv, reply)
      else this.reply(reply)
      server.afterCommand()
      if (!client.authenticated && this.outputBufferBytes() > UNAUTH_OUTPUT_LIMIT) return this.outputLimitReached()
    }
    this.scheduleFlush()
  }

  /** Closes at once, dropping the pending output, as Redis does past an output buffer limit. */
  private outputLimitReached(): void {
    this.server.log.warning(`Client id=${this.client.id} addr=${this.remoteAddress} laddr=${this.localAddress} scheduled to be closed ASAP for overcoming of output buffer limits.`)
    this.kill()
  }

  /** An exception escaped the codec or a reply could not be encoded: log it and drop this client only. */
  private failed(what: string, e: unknown): void {
    const msg = e instanceof Error ? e.stack ?? e.message : String(e)
    this.server.log.warning(`Closing client id=${this.client.id} addr=${this.remoteAddress} after an internal error while ${what}: ${msg}`)
    this.kill()
  }

  /** Encodes into the output buffer; a reply too big to encode (past Buffer's limit) closes this client. */
  private write(reply: Reply): void {
    try {
      this.writer.write(reply, this.client.resp)
    } catch (e) {
      this.failed('encoding a reply', e)
    }
  }

  /**
   * Writes a command's reply, honouring CLIENT REPLY OFF/SKIP. Pushes (SUBSCRIBE's confirmations) are
   * not replies and are written in every mode, as Redis does.
   */
  private reply(reply: Reply): void {
    const client = this.client
    if (client.replyMode === 'on' || isPushOnly(reply)) this.write(reply)
    if (client.replyMode === 'skip') client.replyMode = 'on'
    client.applyPendingReplyMode()
  }

  send(reply: Reply): void {
    if (this.closing) return
    this.write(reply)
    this.scheduleFlush()
  }

  sendRaw(bytes: Uint8Array): void {
    if (this.closing) return
    this.write(new RawReply(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength)))
    this.scheduleFlush()
  }

  /** The reply to a command that was blocked or paused, then the rest of the pipeline. */
  deliver(reply: Reply): void {
    this.reply(reply)
    this.scheduleFlush()
  }

  resume(): void {
    if (!this.closing) this.server.pendingWrites.resume(this)
  }

  /** Runs what the client pipelined behind the command that parked it (PendingWrites calls it). */
  resumeInput(): void {
    if (!this.closing) this.processInput()
  }

  closeAfterReply(): void {
    this.closing = true
    this.scheduleFlush()
  }

  private scheduleFlush(): void {
    if (this.flushScheduled) return
    this.flushScheduled = true
    this.server.pendingWrites.add(this)
  }

  /** Called once per event-loop turn by PendingWrites: sends what the turn's commands replied. */
  writePending(): void {
    this.flushScheduled = false
    // the reply that ends the hold schedules the next flush
    if (this.client.outputHeld && !this.closing) return
    if (this.writer.length > 0 && !this.socket.destroyed) {
      const out = this.writer.takeView()
      this.server.stats.totalNetOutputBytes += out.length
      this.server.stats.totalWritesProcessed++
      this.socket.write(out)
      // the kernel usually takes everything at once; whatever it did not take stays referenced by the
      // socket, so then the writer must not reuse that memory
      this.writer.recycle(this.socket.writableLength !== 0)
    }
    if (this.closing && !this.socket.destroyed) this.closeWhenFlushed()
  }

  /**
   * Close-after-reply (QUIT, a protocol error): the socket is closed for good once the reply has left,
   * as Redis closes its fd. A half-close would leave a client that writes without reading unaware,
   * with the server still swallowing its bytes.
   */
  private closeWhenFlushed(): void {
    if (this.socket.writableLength === 0) { this.socket.destroy(); return }
    this.socket.end(() => this.socket.destroy())
  }

  private protocolError(e: ProtocolError): void {
    this.server.log.verbose(`Protocol error (${e.message}) from client: id=${this.client.id} addr=${this.remoteAddress}`)
    this.server.stats.totalErrorReplies++
    this.write(new ReplyError(`ERR Protocol error: ${e.message}`))
    this.closing = true
  }

  private crossProtocol(): void {
    this.server.log.warning('Possible SECURITY ATTACK detected. It looks like somebody is sending POST or Host: commands to Redis. This is likely due to an attacker attempting to use Cross Protocol Scripting to compromise your Redis instance. Connection aborted.')
    this.closing = true
    this.socket.destroy()
  }

  /** Closes now, without writing what is pending (CLIENT KILL, shutdown). */
  kill(): void {
    this.closing = true
    this.socket.destroy()
  }

  private onClose(): void {
    this.closing = true
    this.server.clients.remove(this)
  }
}

function isCrossProtocolAttack(name: string): boolean {
  // runs for every request: rule out nearly all names by their first letter before lower-casing
  const c = name.charCodeAt(0) | 0x20
  if (c === 0x70 /* p */ && name.length === 4) return name.toLowerCase() === 'post'
  if (c === 0x68 /* h */ && name.length === 5) return name.toLowerCase() === 'host:'
  return false
}

function formatAddr(host: string | undefined, port: number | undefined, socket: Socket): string {
  if (host === undefined) {
    const local = (socket.address() as { address?: string } | string)
    return typeof local === 'string' ? `${local}:0` : '/unixsocket:0'
  }
  const h = host.startsWith('::ffff:') ? host.slice(7) : host
  return `${h}:${port ?? 0}`
}
