// Replies wait for the end of the event-loop turn and then leave together, the way Redis writes
// to its clients in beforeSleep. Writing right after each client's read woke the peer once per
// client; one burst after every readable socket has been served wakes it once per turn, which on
// a busy machine costs far less than the extra wake-ups (see README, performance).
//
// Clients unblocked during the turn run the commands they pipelined behind the blocking one first,
// as Redis runs its unblocked clients in beforeSleep before it writes: their replies then leave in
// the same write as the one that unblocked them.

/** A connection with replies waiting to be written. */
export interface PendingWriter {
  writePending(): void
}

/** A connection whose client was unblocked, with requests that may wait in its buffer. */
export interface ResumableInput {
  resumeInput(): void
}

export class PendingWrites {
  private readonly queue: PendingWriter[] = []
  private readonly resumed: ResumableInput[] = []
  private scheduled = false
  /** Runs before any reply leaves: the AOF writes (and under appendfsync always, syncs) this turn's changes. */
  beforeFlush: (() => void) | null = null

  /** Queues `w` for the end of this turn; the caller makes sure it is queued at most once. */
  add(w: PendingWriter): void {
    this.queue.push(w)
    this.schedule()
  }

  /** Runs `r`'s buffered requests at the end of this turn, before the replies are written. */
  resume(r: ResumableInput): void {
    this.resumed.push(r)
    this.schedule()
  }

  private schedule(): void {
    if (this.scheduled) return
    this.scheduled = true
    // setImmediate runs after the poll phase has handled every ready socket of this turn
    setImmediate(this.run)
  }

  private readonly run = (): void => {
    // a resumed client may unblock another, which joins this same pass
    const r = this.resumed
    for (let i = 0; i < r.length; i++) r[i].resumeInput()
    r.length = 0
    this.scheduled = false
    if (this.beforeFlush !== null) this.beforeFlush()
    const q = this.queue
    for (let i = 0; i < q.length; i++) q[i].writePending()
    q.length = 0
  }
}
