// The master client of a replica: the link to its master seen as one of this node's clients, the way
// Redis keeps server.master in its client list. CLIENT LIST shows it (flags M, the master's address),
// INFO clients counts it, CLIENT KILL can close it. The stream itself is read and applied by
// master-link.ts; this object only answers for the client and its current socket.
import type { Socket } from 'node:net'
import { ClientContext } from '../commands/core/context.js'
import { ClientState } from '../client/state.js'
import type { ClientConnection } from '../client/link.js'
import type { Reply } from '../resp/types.js'
import type { Server } from '../server.js'

/** "ip:port" of one end of a TCP socket, IPv4-mapped addresses shown as plain IPv4 (as Redis prints them). */
function endpoint(host: string | undefined, port: number | undefined): string {
  const h = host?.startsWith('::ffff:') === true ? host.slice(7) : host ?? '?'
  return `${h}:${port ?? 0}`
}

/**
 * Outlives its socket: when the link drops, the client is taken out of the client table and cached;
 * a partial resync puts the same client back on the new socket, keeping its id, age and selected db
 * (replicationCacheMaster / replicationResurrectCachedMaster). A full sync starts a new one.
 */
export class MasterClient implements ClientConnection {
  readonly client: ClientState
  readonly ctx: ClientContext
  private sock: Socket | null = null
  remoteAddress = ''
  localAddress = ''
  /** Stream bytes read but not yet applied (CLIENT LIST qbuf); the link sets it for its current reader. */
  pendingBytes: () => number = () => 0
  /** Runs what CLIENT PAUSE held, then the stream behind it; the link sets it. */
  resumeStream: () => void = () => undefined

  constructor(server: Server) {
    this.client = new ClientState(server.clients.newId(), this, server.clock.now(), false)
    this.client.isMaster = true
    this.ctx = new ClientContext(server, this.client)
  }

  /** The client now talks over `sock` (a new sync, or a partial resync taking the cached client back). */
  attach(sock: Socket, now: number): void {
    this.sock = sock
    this.remoteAddress = endpoint(sock.remoteAddress, sock.remotePort)
    this.localAddress = endpoint(sock.localAddress, sock.localPort)
    this.client.lastInteraction = now
  }

  /**
   * The socket is gone: what a transaction from the master had queued, and a command CLIENT PAUSE
   * held, are dropped, since the master sends them again from the offset we ask for.
   */
  detach(): void {
    this.sock = null
    const c = this.client
    c.multi = null
    c.multiError = false
    c.dirtyCas = false
    c.blocked = false
    // CLIENT KILL marked it; the cached client lives on (Redis clears CLIENT_CLOSE_ASAP when caching)
    c.killed = false
  }

  get fd(): number {
    // node keeps the descriptor on the socket's private handle; -1 when it has none (Redis prints -1 too)
    return (this.sock as unknown as { _handle?: { fd?: number } } | null)?._handle?.fd ?? -1
  }

  /** CLIENT KILL: closing the socket drops the link; master-link.ts reconnects and asks to continue. */
  kill(): void {
    this.sock?.destroy()
  }

  // a master reads no replies: whatever the applied commands answer goes nowhere
  send(_reply: Reply): void {}
  sendRaw(_bytes: Uint8Array): void {}
  deliver(_reply: Reply): void {}
  closeAfterReply(): void {}
  /** CLIENT PAUSE ended (pause.ts): the stream goes on from the command it held. */
  resume(): void { this.resumeStream() }

  queryBufferBytes(): number { return this.pendingBytes() }
  outputBufferBytes(): number { return 0 }
}
