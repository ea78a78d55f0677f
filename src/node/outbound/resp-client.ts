// A RESP client for rcl-node's own connections to other servers (MIGRATE now; Sentinel links and the
// master link later): connect with a deadline, pipeline commands, match replies to requests in FIFO
// order. Time only through the injected Timers; no knowledge of what the commands mean.
import { createConnection, type Socket } from 'node:net'
import { ProtocolError } from '../resp/decoder.js'
import { encodeCommand } from '../resp/encoder.js'
import { ReplyDecoder } from '../resp/reply-decoder.js'
import { PushReply, type Reply } from '../resp/types.js'
import type { TimerHandle, Timers } from '../util/timers.js'

/**
 * Where an exchange failed, in the terms MIGRATE's IOERR replies use: `connect` (no connection could
 * be made: name resolution, connect deadline), `write` (the connection would not take the request, or
 * was refused), `read` (no complete reply in time, connection lost, or bytes that are not RESP).
 */
export type OutboundPhase = 'connect' | 'write' | 'read'

/** A failed exchange. Error replies from the peer are not failures: they arrive as ReplyError values. */
export class OutboundError extends Error {
  constructor(readonly phase: OutboundPhase, message: string, readonly timedOut = false) {
    super(message)
    this.name = 'OutboundError'
  }
}

export interface RespClientOptions {
  host: string
  port: number
  /** How long the TCP connection may take to open. */
  connectTimeoutMs: number
  timers: Timers
}

interface Pending {
  resolve(r: Reply): void
  reject(e: OutboundError): void
  /** How long the reply may take once it is the one awaited (see RespClient.send). */
  timeoutMs: number
}

/**
 * One connection. Replies resolve requests in the order they were sent; RESP3 pushes go to `onPush`.
 * Any failure (timeout, close, bad bytes) rejects every request still waiting and closes the client:
 * after a lost reply the stream can no longer be matched to its requests.
 */
export class RespClient {
  private readonly socket: Socket
  private readonly decoder = new ReplyDecoder()
  private readonly pending: Pending[] = []
  private timer: TimerHandle | null = null
  private failure: OutboundError | null = null
  private connected = false
  /** Out-of-band RESP3 pushes (pub/sub messages, invalidations). */
  onPush: ((push: PushReply) => void) | null = null
  /** Called once when the client closes, with the reason (null for close()). */
  onClose: ((reason: OutboundError | null) => void) | null = null

  private constructor(private readonly opts: RespClientOptions, ready: (e: OutboundError | null) => void) {
    const sock = createConnection({ host: opts.host, port: opts.port })
    this.socket = sock
    sock.setNoDelay(true)
    const deadline = opts.timers.after(opts.connectTimeoutMs, () => {
      this.fail(new OutboundError('connect', `connect to ${this.address} timed out`, true))
    })
    sock.once('connect', () => {
      deadline.cancel()
      this.connected = true
      ready(null)
    })
    sock.on('data', (d) => this.onData(d))
    sock.on('error', (e: NodeJS.ErrnoException) => this.fail(socketError(e, this.connected)))
    sock.on('close', () => {
      deadline.cancel()
      this.fail(new OutboundError(this.connected ? 'read' : 'write', `connection to ${this.address} closed`))
    })
    this.readyFailed = (e) => { deadline.cancel(); if (!this.connected) ready(e) }
  }

  private readyFailed: (e: OutboundError) => void

  /** Opens a connection; rejects with an OutboundError if it cannot be made within the connect timeout. */
  static connect(opts: RespClientOptions): Promise<RespClient> {
    return new Promise((resolve, reject) => {
      let settled = false
      try {
        const client = new RespClient(opts, (e) => {
          if (settled) return
          settled = true
          if (e === null) resolve(client)
          else reject(e)
        })
      } catch (e) {
        // node refuses some addresses before any socket exists (port 0, a port past 65535)
        reject(new OutboundError('write', (e as Error).message))
      }
    })
  }

  get address(): string { return `${this.opts.host}:${this.opts.port}` }

  /** False once the client failed or was closed. */
  get open(): boolean { return this.failure === null }

  /** Requests sent and not yet answered. */
  get waiting(): number { return this.pending.length }

  /**
   * Sends one command. `timeoutMs` bounds the wait for its reply from the moment it is the oldest
   * reply awaited (as Redis's syncReadLine gives each reply line its own timeout), so a pipeline of
   * n commands may take up to n times as long, but never stalls longer than that between replies.
   */
  send(argv: readonly string[], timeoutMs: number): Promise<Reply> {
    return this.sendAll([argv], timeoutMs)[0]
  }

  /** Sends commands in one write (a pipeline); one promise per command, in order. */
  sendAll(argvs: ReadonlyArray<readonly string[]>, timeoutMs: number): Array<Promise<Reply>> {
    if (this.failure !== null) {
      const closed = this.failure
      return argvs.map(() => Promise.reject(new OutboundError('write', closed.message)))
    }
    const promises = argvs.map((_argv) => new Promise<Reply>((resolve, reject) => {
      this.pending.push({ resolve, reject, timeoutMs })
    }))
    let text = ''
    for (const argv of argvs) text += encodeCommand(argv)
    this.socket.write(Buffer.from(text, 'latin1'))
    if (this.timer === null) this.armTimer()
    return promises
  }

  /** Closes the connection; requests still waiting are rejected. */
  close(): void {
    this.fail(null)
  }

  private onData(d: Buffer): void {
    this.decoder.push(d)
    for (;;) {
      if (this.failure !== null) return
      const r = this.decoder.next()
      if (r === undefined) return
      if (r instanceof ProtocolError) return this.fail(new OutboundError('read', `Protocol error from ${this.address}: ${r.message}`))
      if (r instanceof PushReply && this.onPush !== null) { this.onPush(r); continue }
      const p = this.pending.shift()
      if (p === undefined) return this.fail(new OutboundError('read', `unexpected reply from ${this.address}`))
      this.timer?.cancel()
      this.timer = null
      if (this.pending.length > 0) this.armTimer()
      p.resolve(r)
    }
  }

  private armTimer(): void {
    const head = this.pending[0]
    this.timer = this.opts.timers.after(head.timeoutMs, () => {
      this.timer = null
      // a reply stuck behind bytes the kernel would not take is a write timeout, as Redis tells them apart
      const phase: OutboundPhase = this.socket.writableLength > 0 ? 'write' : 'read'
      this.fail(new OutboundError(phase, `no reply from ${this.address} within ${head.timeoutMs} ms`, true))
    })
  }

  /** Ends the client once: every waiting request is rejected with `reason` (or a "closed" error). */
  private fail(reason: OutboundError | null): void {
    if (this.failure !== null) return
    this.failure = reason ?? new OutboundError('write', `connection to ${this.address} closed`)
    this.timer?.cancel()
    this.timer = null
    this.socket.destroy()
    const waiting = this.pending.splice(0)
    for (const p of waiting) p.reject(this.failure)
    this.readyFailed(this.failure)
    this.onClose?.(reason)
  }
}

/** A socket error as a phase: before the connection is up, a failed name lookup is a connect failure. */
function socketError(e: NodeJS.ErrnoException, connected: boolean): OutboundError {
  if (connected) return new OutboundError('read', `${e.code ?? 'error'}: ${e.message}`)
  // Redis resolves the name before connecting (a failure there is "connecting"), while a refused
  // connection only shows when the request is written ("writing")
  const lookup = e.code === 'ENOTFOUND' || e.code === 'EAI_AGAIN' || e.code === 'EAI_FAIL'
  return new OutboundError(lookup ? 'connect' : 'write', `${e.code ?? 'error'}: ${e.message}`)
}
