// Per-connection state the commands read and change: selected db, protocol, auth, name, MULTI queue,
// watched keys, subscriptions, flags. The socket itself stays in connection.ts.
import type { ProtocolVersion, Reply } from '../resp/types.js'
import type { CommandEntry } from '../commands/core/command-table.js'
import type { ReplyWriter } from '../resp/encoder.js'

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

export interface QueuedCommand {
  entry: CommandEntry
  argv: string[]
}

export type ClientReplyMode = 'on' | 'off' | 'skip'

export class ClientState {
  name = ''
  dbIndex = 0
  resp: ProtocolVersion = 2
  authenticated: boolean
  /** MULTI state: null when not in a transaction. */
  multi: QueuedCommand[] | null = null
  /** What the queued commands weigh against client-query-buffer-limit (argvWeight); valid while multi is set. */
  multiBytes = 0
  /** A command failed to queue: EXEC must answer EXECABORT. */
  multiError = false
  /** A WATCHed key changed: EXEC must answer a null array. */
  dirtyCas = false
  /** WATCHed keys as "dbIndex\0key" -> whether the key was already logically expired when watched. */
  readonly watched = new Map<string, boolean>()
  readonly channels = new Set<string>()
  readonly patterns = new Set<string>()
  readonly shardChannels = new Set<string>()
  replyMode: ClientReplyMode = 'on'
  /** CLIENT REPLY SKIP: the mode the next command starts with, applied after the current reply. */
  pendingReplyMode: ClientReplyMode | null = null
  /** Set while parked by a blocking command or CLIENT PAUSE. */
  blocked = false
  readonly createdAt: number
  lastInteraction: number
  lastCommand = 'NULL'
  /** Flags for CLIENT LIST: M master, S replica, O monitor, x multi, b blocked, P pubsub, r readonly. */
  isMonitor = false
  isMaster = false
  isReplica = false
  readonly: boolean = false
  asking = false
  libName = ''
  libVersion = ''
  killed = false
  /** CLIENT NO-EVICT ON: excluded from client eviction (flag 'e' in CLIENT LIST). */
  noEvict = false
  /** Replication offset right after this client's last write (WAIT counts replicas that reached it). */
  woff = 0
  /** A replica's stream held back during its full sync: output it owes, counted against its buffer limit. */
  heldOutputBytes = 0

  constructor(readonly id: number, readonly link: ClientLink, now: number, authRequired: boolean) {
    this.createdAt = now
    this.lastInteraction = now
    this.authenticated = !authRequired
  }

  applyPendingReplyMode(): void {
    if (this.pendingReplyMode !== null) {
      this.replyMode = this.pendingReplyMode
      this.pendingReplyMode = null
    }
  }

  /** The count SUBSCRIBE/UNSUBSCRIBE replies carry (shard channels are counted apart). */
  get subscriptionCount(): number {
    return this.channels.size + this.patterns.size
  }

  /** In pub/sub context: subscribed to anything, shard channels included. */
  get isPubsub(): boolean {
    return this.channels.size + this.patterns.size + this.shardChannels.size > 0
  }

  /** RESP2 clients in subscribed mode may only run (P|S)SUBSCRIBE, (P|S)UNSUBSCRIBE, PING, QUIT, RESET. */
  get inSubscribedMode(): boolean {
    return this.resp === 2 && this.isPubsub
  }
}
