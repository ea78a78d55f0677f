// Clients blocked in WAIT: each is answered, with the number of replicas that acknowledged its last
// write, as soon as enough have, or when its timeout comes. The master asks replicas for ACKs
// (REPLCONF GETACK) once after a batch of commands in which a WAIT blocked.
import type { ClientState } from '../client/state.js'
import type { Server } from '../server.js'

interface Waiting {
  client: ClientState
  offset: number
  numreplicas: number
  cancel(): void
}

export class AckWaits {
  private readonly waiting = new Set<Waiting>()
  /** A WAIT blocked since the last REPLCONF GETACK went out (read after every command: a plain field). */
  getAckWanted = false

  constructor(private readonly server: Server, private readonly acknowledged: (offset: number) => number) {}

  /** A WAIT that could not be answered at once; timeoutMs 0 waits for ever. */
  add(client: ClientState, offset: number, numreplicas: number, timeoutMs: number): void {
    const w: Waiting = { client, offset, numreplicas, cancel: () => undefined }
    if (timeoutMs > 0) {
      const t = this.server.timers.after(timeoutMs, () => this.answer(w))
      w.cancel = () => t.cancel()
    }
    this.waiting.add(w)
    this.getAckWanted = true
  }

  /** An ACK arrived: answers every WAIT it satisfies. */
  serve(): void {
    for (const w of this.waiting) if (this.acknowledged(w.offset) >= w.numreplicas) this.answer(w)
  }

  /** The client went away. */
  drop(client: ClientState): void {
    for (const w of this.waiting) if (w.client === client) { w.cancel(); this.waiting.delete(w) }
  }

  /** Forgets every WAIT (the node turns replica; the clients are unblocked with an error elsewhere). */
  dropAll(): void {
    for (const w of this.waiting) w.cancel()
    this.waiting.clear()
  }

  private answer(w: Waiting): void {
    if (!this.waiting.delete(w)) return
    w.cancel()
    this.server.blocking.unblock(w.client.id, this.acknowledged(w.offset))
  }
}
