// Clients parked by blocking commands (BLPOP, BLMOVE, BZPOPMIN, ...). When a waited-on key is created
// the waiting clients are retried in FIFO order by re-running their command on that key alone; a
// deadline answers the command's timeout reply. Mirrors the role of blocked.c, but serves by re-execution.
import type { ClientContext } from '../commands/core/context.js'
import { call, resolveCommand } from '../commands/core/dispatch.js'
import { keyPositions, type CommandEntry } from '../commands/core/command-table.js'
import { Blocked } from '../commands/core/types.js'
import { ReplyError, type Reply } from '../resp/types.js'
import type { Timers, TimerHandle } from '../util/timers.js'
import { typeOf, type ValueType } from './value.js'

interface Waiter {
  ctx: ClientContext
  argv: string[]
  dbIndex: number
  keys: string[]
  timer: TimerHandle | null
  timeoutReply: Reply
}

const slotId = (dbIndex: number, key: string): string => `${dbIndex}\0${key}`
/** setTimeout fires at once for delays past 2^31-1 ms, so far deadlines are reached in steps. */
const MAX_TIMER_MS = 2 ** 31 - 1

export class BlockingManager {
  private readonly byKey = new Map<string, Waiter[]>()
  private readonly byClient = new Map<number, Waiter>()
  private ready: string[] = []
  private readonly readySet = new Set<string>()
  /**
   * Whether each waited-on key existed after its last change. Redis signals a key ready only when it is
   * added (dbAdd); a key that already existed (with another type) and is overwritten wakes nobody.
   */
  private readonly present = new Map<string, boolean>()
  private serving = false
  private currentKey: string | null = null

  constructor(private readonly timers: Timers, private readonly now: () => number) {}

  get blockedCount(): number { return this.byClient.size }

  /** Total keys with at least one waiter (INFO keyspace-related fields). */
  get keyCount(): number { return this.byKey.size }

  block(ctx: ClientContext, argv: string[], b: Blocked): void {
    const w: Waiter = { ctx, argv, dbIndex: ctx.client.dbIndex, keys: [...b.keys], timer: null, timeoutReply: b.timeoutReply }
    ctx.client.blocked = true
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

  private arm(w: Waiter, deadlineMs: number): void {
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
      const entry = resolveCommand(w.ctx, w.argv)
      if (entry instanceof ReplyError) { this.finish(w, entry); continue }
      const v = w.ctx.server.dbs[w.dbIndex].peek(key)
      if (v === undefined || typeOf(v) !== WAITS_FOR[entry.spec.group]) continue
      this.currentKey = key
      w.ctx.server.stampCallClock()
      const reply = call(w.ctx, entry, onlyKey(entry, w, key))
      this.currentKey = null
      if (reply instanceof Blocked) continue
      this.finish(w, reply)
      w.ctx.server.afterCommand()
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

  /** A blocked client disconnected: forget it without answering. */
  remove(clientId: number): void {
    const w = this.byClient.get(clientId)
    if (w) this.detach(w)
  }

  private finish(w: Waiter, reply: Reply): void {
    this.detach(w)
    const link = w.ctx.client.link
    link.deliver(reply)
    link.resume()
  }

  private detach(w: Waiter): void {
    w.timer?.cancel()
    w.ctx.client.blocked = false
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

/** The type of key a blocking command of each group waits for. */
const WAITS_FOR: Partial<Record<string, ValueType>> = { list: 'list', 'sorted-set': 'zset' }

/** The waiter's argv with each of its blocking keys replaced by `key`, so the re-run serves from that key. */
function onlyKey(entry: CommandEntry, w: Waiter, key: string): string[] {
  const waited = new Set(w.keys)
  const argv = [...w.argv]
  for (const p of keyPositions(entry.spec, argv)) if (waited.has(argv[p])) argv[p] = key
  return argv
}
