// Per-client state the commands read and change: selected db, protocol, auth, name, MULTI queue,
// watched keys, subscriptions, flags. How replies reach the client is link.ts; sockets are net/'s.
import type { ProtocolVersion } from '../resp/types.js'
import type { CommandEntry } from '../commands/core/command-table.js'
import type { ClientLink } from './link.js'

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
  /** Set while parked by a command whose earlier replies wait for it (Blocked.holdsOutput). */
  outputHeld = false
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
