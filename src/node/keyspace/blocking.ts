// Clients parked by blocking commands (BLPOP, BLMOVE, BZPOPMIN, ...). When a waited-on key is created
// the waiting clients are retried in FIFO order by re-running their command on that key alone; a
// deadline answers the command's timeout reply. Mirrors the role of blocked.c, but serves by re-execution.
// Re-running a command is the command layer's job: it hands a BlockedCommandRunner in (keyspace knows no commands).
import type { ClientState } from '../client/state.js'
import type { Reply } from '../resp/types.js'
import type { Timers, TimerHandle } from '../util/timers.js'
import type { ValueType } from './value.js'

/** What a blocking command asks for when it parks its client (commands/core/types.ts's Blocked). */
export interface BlockRequest {
  readonly keys: readonly string[]
  /** Absolute deadline in ms; 0 = block forever. */
  readonly deadlineMs: number
  readonly timeoutReply: Reply
  /** Replies already due to this client wait until it is answered (see Blocked.holdsOutput). */
  readonly holdsOutput?: boolean
}

/** A parked command, as the runner sees it: who, what, in which db, waiting on which keys. */
export interface ParkedCommand<Ctx> {
  readonly ctx: Ctx
  readonly argv: string[]
  readonly dbIndex: number
  readonly keys: string[]
}

/** What re-running a parked command came to: still waiting (wrong type, or blocked again), or an answer. */
export type RetryOutcome =
  | { readonly kind: 'waiting' }
  /** The command no longer resolves: answered without running. */
  | { readonly kind: 'refused'; readonly reply: Reply }
  /** The command ran and answered: the client gets the reply, then the after-command bookkeeping runs. */
  | { readonly kind: 'served'; readonly reply: Reply }

/** The command layer's side of blocking: re-runs a woken client's command (commands/core/blocked-retry.ts). */
export interface BlockedCommandRunner<Ctx> {
  /** Re-runs `parked` served from `key`, the waited-on key whose change woke it. */
  retry(parked: ParkedCommand<Ctx>, key: string): RetryOutcome
  /** After a served client was answered: what follows every command (Server.afterCommand). */
  afterServed(ctx: Ctx): void
}

interface Waiter<Ctx> extends ParkedCommand<Ctx> {
  timer: TimerHandle | null
  timeoutReply: Reply
}

const slotId = (dbIndex: number, key: string): string => `${dbIndex}\0${key}`
/** setTimeout fires at once for delays past 2^31-1 ms, so far deadlines are reached in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1

export class BlockingManager<Ctx extends { readonly client: ClientState }> {
  private readonly byKey = new Map<string, Waiter<Ctx>[]>()
  private readonly byClient = new Map<number, Waiter<Ctx>>()
  private ready: string[] = []
  private readonly readySet = new Set<string>()
  /**
   * Whether each waited-on key existed after its last change. Redis signals a key ready only when it is
   * added (dbAdd); a key that already existed (with another type) and is overwritten wakes nobody.
   */
  private readonly present = new Map<string, boolean>()
  private serving = false
  private currentKey: string | null = null

  constructor(
    private readonly timers: Timers,
    private readonly now: () => number,
    private readonly runner: BlockedCommandRunner<Ctx>,
  ) {}

  get blockedCount(): number { return this.byClient.size }

  /** Total keys with at least one waiter (INFO keyspace-related fields). */
  get keyCount(): number { return this.byKey.size }

  block(ctx: Ctx, argv: string[], b: BlockRequest): void {
    const w: Waiter<Ctx> = { ctx, argv, dbIndex: ctx.client.dbIndex, keys: [...b.keys], timer: null, timeoutReply: b.timeoutReply }
    ctx.client.blocked = true
    ctx.client.outputHeld = b.holdsOutput === true
    this.byClient.set(ctx.client.id, w)
    for (const k of w.keys) {
      const id = slotId(w.dbIndex, k)
      const list = this.byKey.get(id)
      if (list) list.push(w)
      else {
        this.byKey.set(id, [w])
        // a client blocks only on keys that hold nothing
        this.present.set(id, false)
      }
    }
    if (b.deadlineMs > 0) this.arm(w, b.deadlineMs)
  }

  private arm(w: Waiter<Ctx>, deadlineMs: number): void {
    const delay = deadlineMs - this.now()
    if (delay > MAX_TIMER_MS) w.timer = this.timers.after(MAX_TIMER_MS, () => this.arm(w, deadlineMs))
    else w.timer = this.timers.after(delay, () => this.finish(w, w.timeoutReply))
  }

  /**
   * While a parked command is being re-run: the key whose change woke it (Redis serves a client from
   * the key that became ready, not from the first of its keys). Null outside a re-run.
   */
  get servingKey(): string | null { return this.currentKey }

  /**
   * A key changed (`type`: what it holds after the change, null when nothing): if someone waits on it and
   * the change created it with a type a client can wait for, retry them after the current command.
   */
  signal(dbIndex: number, key: string, type: ValueType | null): void {
    if (this.byKey.size === 0) return
    const id = slotId(dbIndex, key)
    if (!this.byKey.has(id)) return
    const was = this.present.get(id) ?? false
    this.present.set(id, type !== null)
    // signalKeyAsReady(): a string or hash can never serve a blocked client, so it queues nothing
    if (!was && type !== null && CAN_BLOCK.has(type)) this.markReady(id)
  }

  private markReady(id: string): void {
    if (this.readySet.has(id)) return
    this.readySet.add(id)
    this.ready.push(id)
  }

  /** SWAPDB (scanDatabaseForReadyKeys): signals every waited-on key of `dbIndex` for which `exists` holds. */
  signalDb(dbIndex: number, exists: (key: string) => boolean): void {
    if (this.byKey.size === 0) return
    const prefix = `${dbIndex}\0`
    for (const id of this.byKey.keys()) {
      if (!id.startsWith(prefix)) continue
      const here = exists(id.slice(prefix.length))
      this.present.set(id, here)
      if (here) this.markReady(id)
    }
  }

  /** FLUSHDB/FLUSHALL emptied `dbIndex`: its waited-on keys no longer exist (their next write creates them). */
  flushedDb(dbIndex: number): void {
    const prefix = `${dbIndex}\0`
    for (const id of this.present.keys()) if (id.startsWith(prefix)) this.present.set(id, false)
  }

  /** Serves waiters of keys signalled since the last call; loops while serving makes more keys ready. */
  serveReady(): void {
    // a served command's own afterCommand() lands here again: the running loop already picks its keys up
    if (this.serving || this.ready.length === 0) return
    this.serving = true
    try {
      for (let rounds = 0; this.ready.length !== 0 && rounds < 1000; rounds++) {
        const batch = this.ready
        this.ready = []
        this.readySet.clear()
        for (const id of batch) this.serveKey(id)
      }
    } finally {
      this.serving = false
      this.currentKey = null
    }
  }

  /**
   * serveClientsBlockedOn*Key(): the waiters of a ready key whose type is the one they wait for are served
   * from that key (not from the first of their keys), in the order they blocked.
   */
  private serveKey(id: string): void {
    const list = this.byKey.get(id)
    if (!list) return
    const key = id.slice(id.indexOf('\0') + 1)
    for (const w of [...list]) {
      if (!this.byClient.has(w.ctx.client.id)) continue
      this.currentKey = key
      const outcome = this.runner.retry(w, key)
      this.currentKey = null
      if (outcome.kind === 'waiting') continue
      this.finish(w, outcome.reply)
      if (outcome.kind === 'served') this.runner.afterServed(w.ctx)
    }
  }

  /**
   * Answers a blocked client now: with `reply` (CLIENT UNBLOCK's error, WAIT's count), or else its
   * timeout reply. False when the client is not blocked.
   */
  unblock(clientId: number, reply?: Reply): boolean {
    const w = this.byClient.get(clientId)
    if (!w) return false
    this.finish(w, reply ?? w.timeoutReply)
    return true
  }

  /**
   * Asks `check` about every client blocked on keys (the cluster's periodic re-check: its keys' slot may
   * be served elsewhere now); a client it answers a reply for is unblocked with that reply. Returns how
   * many were unblocked. The check is injected so the keyspace knows nothing of cluster routing.
   */
  recheck(check: (parked: ParkedCommand<Ctx>) => Reply | null): number {
    let answered = 0
    for (const w of [...this.byClient.values()]) {
      if (w.keys.length === 0 || !this.byClient.has(w.ctx.client.id)) continue
      const reply = check(w)
      if (reply === null) continue
      this.finish(w, reply)
      answered++
    }
    return answered
  }

  /** A blocked client disconnected: forget it without answering. */
  remove(clientId: number): void {
    const w = this.byClient.get(clientId)
    if (w) this.detach(w)
  }

  private finish(w: Waiter<Ctx>, reply: Reply): void {
    this.detach(w)
    const link = w.ctx.client.link
    link.deliver(reply)
    link.resume()
  }

  private detach(w: Waiter<Ctx>): void {
    w.timer?.cancel()
    w.ctx.client.blocked = false
    w.ctx.client.outputHeld = false
    this.byClient.delete(w.ctx.client.id)
    for (const k of w.keys) {
      const id = slotId(w.dbIndex, k)
      const list = this.byKey.get(id)
      if (!list) continue
      const i = list.indexOf(w)
      if (i >= 0) list.splice(i, 1)
      if (list.length === 0) {
        this.byKey.delete(id)
        this.present.delete(id)
      }
    }
  }
}

const CAN_BLOCK = new Set<ValueType>(['list', 'zset'])

