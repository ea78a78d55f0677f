// What the server may ask of a client's connection (ClientLink), the client table's entries, and the
// silent link for clients nothing reads from. net/connection.ts implements a link over a socket.
import type { Reply } from '../resp/types.js'
import type { ReplyWriter } from '../resp/encoder.js'
import type { ClientState } from './state.js'

/** What the server may ask of a client's connection; implemented by net/connection.ts. */
export interface ClientLink {
  /** Queues a reply (or push message) and schedules a flush. */
  send(reply: Reply): void
  /** Queues bytes that are not a reply (the replication stream, an RDB payload) and schedules a flush. */
  sendRaw(bytes: Uint8Array): void
  /** Closes after pending replies are written (QUIT, CLIENT KILL, protocol errors). */
  closeAfterReply(): void
  /** The reply to a command that was parked (blocked or paused), honouring CLIENT REPLY. */
  deliver(reply: Reply): void
  /** Resumes reading queued requests (after unblocking or CLIENT UNPAUSE). */
  resume(): void
  /** Closes at once, dropping pending output (CLIENT KILL, shutdown). */
  kill(): void
  readonly remoteAddress: string
  readonly localAddress: string
  readonly fd: number
  /** Bytes buffered in the query buffer / waiting in the output buffer (CLIENT LIST qbuf, omem). */
  queryBufferBytes(): number
  outputBufferBytes(): number
}

/**
 * An entry of the server's client table (CLIENT LIST, CLIENT KILL, INFO clients): a client and the link
 * it talks through. net/connection.ts is one for each accepted socket; on a replica, the link to its
 * master is one too (replication/master-client.ts), as Redis lists its master client with the others.
 */
export interface ClientConnection extends ClientLink {
  readonly client: ClientState
  /** The reply buffer (CLIENT LIST rbs/rbp, DEBUG REPLYBUFFER); a link that never replies has none. */
  readonly writer?: ReplyWriter
}

/**
 * A link for a client that nothing reads from (the AOF loader, the master's stream on a replica):
 * replies go nowhere. `kill` and the addresses can be given when there is a socket behind it.
 */
export function silentLink(opts: { kill?: () => void; remoteAddress?: string; localAddress?: string } = {}): ClientLink {
  return {
    send: () => undefined,
    sendRaw: () => undefined,
    closeAfterReply: () => undefined,
    deliver: () => undefined,
    resume: () => undefined,
    kill: opts.kill ?? (() => undefined),
    remoteAddress: opts.remoteAddress ?? '',
    localAddress: opts.localAddress ?? '',
    fd: -1,
    queryBufferBytes: () => 0,
    outputBufferBytes: () => 0,
  }
}
