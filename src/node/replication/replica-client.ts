// One replica as its master sees it: the connection, what it announced with REPLCONF, its state in the
// sync, its acknowledged offset, and the stream bytes held for it while its RDB is made and loaded.
import type { ClientContext } from '../commands/core/context.js'
import type { ClientState } from '../client/state.js'

export type ReplicaState = 'wait_bgsave' | 'send_bulk' | 'online'

/** What a connection announced with REPLCONF before (or after) it became a replica. */
export interface ReplicaAnnounce {
  listeningPort: number
  ipAddress: string | null
  capaEof: boolean
  capaPsync2: boolean
  rdbOnly: boolean
}

/**
 * replicationGetSlaveName(): how log lines name a replica, by the address it listens on (its announced ip
 * or its peer ip, and its REPLCONF listening-port), not by the ephemeral port of its connection.
 */
export function replicaName(client: ClientState, announce: ReplicaAnnounce): string {
  const peer = client.link.remoteAddress
  const ip = announce.ipAddress ?? peer.slice(0, peer.lastIndexOf(':'))
  const host = ip.includes(':') ? `[${ip}]` : ip
  return announce.listeningPort !== 0 ? `${host}:${announce.listeningPort}` : `${ip}:<unknown-replica-port>`
}

export class Replica {
  state: ReplicaState = 'wait_bgsave'
  ackOffset = 0
  /** ms of the last ACK (or newline) from the replica. */
  ackTime: number
  /** Stream bytes that arrived while its RDB was being made or sent; released once it can take them. */
  pending: Buffer[] | null = null
  /** After an EOF-framed transfer the stream waits for the replica's first ACK. */
  awaitingFirstAck = false
  /** Old protocol (SYNC): no FULLRESYNC line, no ACKs, no timeout on ACKs. */
  readonly oldProtocol: boolean
  readonly since: number

  constructor(readonly ctx: ClientContext, readonly announce: ReplicaAnnounce, oldProtocol: boolean, now: number) {
    this.oldProtocol = oldProtocol
    this.ackTime = now
    this.since = now
  }

  get client(): ClientState { return this.ctx.client }

  /** The name log lines give it (replicaName). */
  get name(): string { return replicaName(this.client, this.announce) }

  /** ip as INFO and ROLE show it: the announced one, or the peer's. */
  get ip(): string {
    if (this.announce.ipAddress !== null) return this.announce.ipAddress
    const addr = this.client.link.remoteAddress
    return addr.slice(0, addr.lastIndexOf(':'))
  }

  send(bytes: Buffer): void {
    if (this.pending === null) return this.client.link.sendRaw(bytes)
    this.pending.push(bytes)
    this.client.heldOutputBytes += bytes.length
  }

  /** Lets the held stream go: the replica has its RDB (and, after EOF framing, has acknowledged it). */
  release(): void {
    const held = this.pending
    this.pending = null
    this.client.heldOutputBytes = 0
    if (held !== null && held.length > 0) this.client.link.sendRaw(Buffer.concat(held))
  }
}
