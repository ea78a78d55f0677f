// The server's client table (CLIENT LIST, INFO clients, maxclients): every listed client by id, the ids
// handed out, and the hooks through which the modules that keep per-client state forget a client.
import type { ReplyWriter } from '../resp/encoder.js'
import type { ClientConnection } from './link.js'

export class ClientTable extends Map<number, ClientConnection> {
  private nextId = 1
  /** Run, in order, when a listed client goes (blocking, WATCH, pub/sub, replicas, MONITOR, CLIENT PAUSE). */
  readonly closeHooks: Array<(conn: ClientConnection) => void> = []

  /** The id the next client gets; the master client on a replica takes one too, as in Redis. */
  newId(): number {
    return this.nextId++
  }

  /** A client went: it leaves the table and the hooks forget it. A client not listed is ignored. */
  remove(conn: ClientConnection): void {
    if (!this.delete(conn.client.id)) return
    for (const hook of this.closeHooks) hook(conn)
  }

  /** The reply buffers of the listed clients (a link that never replies has none). */
  *replyWriters(): Iterable<ReplyWriter> {
    for (const conn of this.values()) if (conn.writer !== undefined) yield conn.writer
  }
}
