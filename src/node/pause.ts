// Client pauses: while one is in effect, clients whose next command it covers are parked with that
// command; when it ends (or narrows from ALL to WRITE) the parked commands run again in arrival order.
// Each purpose (CLIENT PAUSE, a failover, a shutdown) holds its own pause, as in Redis 7.0.
import type { ClientContext } from './commands/core/context.js'
import { processCommand, resolveCommand } from './commands/core/dispatch.js'
import { Blocked } from './commands/core/types.js'
import { checkGates } from './commands/core/gates.js'
import { ReplyError } from './resp/types.js'
import type { Server } from './server.js'
import { MAX_TIMER_MS, type TimerHandle } from './util/timers.js'

export type PauseType = 'write' | 'all'

/**
 * Why clients are paused (Redis's pause_purpose), named as Redis 7.2's INFO paused_reason names them.
 * CLIENT UNPAUSE ends only 'client_pause': a failover's or a shutdown's write pause goes on.
 */
export type PausePurpose = 'client_pause' | 'shutdown_in_progress' | 'failover_in_progress'

/** One purpose's pause; `endMs` may be Infinity (until its owner unpauses). */
export interface PurposePause {
  type: PauseType
  endMs: number
}

interface Parked {
  ctx: ClientContext
  argv: string[]
}

export class ClientPause {
  /** The pause in effect: the most restrictive of the purposes' types; null when none is. */
  type: PauseType | null = null
  /** When the pause in effect ends: the furthest end among the purposes of that type (0 when none). */
  endMs = 0
  private readonly purposes = new Map<PausePurpose, PurposePause>()
  private timer: TimerHandle | null = null
  private parked: Parked[] = []

  constructor(private readonly server: Server) {
    server.clients.closeHooks.push((conn) => this.forget(conn.client.id))
  }

  get active(): boolean { return this.type !== null }
  get parkedCount(): number { return this.parked.length }

  isParked(clientId: number): boolean {
    return this.parked.some((p) => p.ctx.client.id === clientId)
  }

  /** The pause `purpose` holds now, if any (a copy). */
  pauseOf(purpose: PausePurpose): PurposePause | undefined {
    const p = this.purposes.get(purpose)
    return p === undefined || p.endMs <= this.server.clock.now() ? undefined : { ...p }
  }

  /** pauseClients(): a purpose's pause only ever widens its type and extends its end. */
  pause(purpose: PausePurpose, type: PauseType, endMs: number): void {
    const p = this.purposes.get(purpose)
    if (p === undefined || p.endMs <= this.server.clock.now()) {
      this.purposes.set(purpose, { type, endMs })
    } else {
      if (type === 'all') p.type = 'all'
      p.endMs = Math.max(p.endMs, endMs)
    }
    this.update()
  }

  /** unpauseClients(): ends `purpose`'s pause; the other purposes' pauses go on. */
  unpause(purpose: PausePurpose): void {
    if (this.purposes.delete(purpose)) this.update()
  }

  /**
   * updateClientPauseTypeAndEndTime(): drops the purposes whose end has come, recomputes the pause in
   * effect and its timer, and runs again the parked commands when the pause ended or narrowed.
   */
  private update(): void {
    const now = this.server.clock.now()
    let type: PauseType | null = null
    for (const [purpose, p] of this.purposes) {
      if (p.endMs <= now) this.purposes.delete(purpose)
      else if (type !== 'all') type = p.type
    }
    let end = 0
    for (const p of this.purposes.values()) if (p.type === type && p.endMs > end) end = p.endMs
    const narrowed = this.type === 'all' ? type !== 'all' : this.type !== null && type === null
    this.type = type
    this.endMs = end
    this.arm(now)
    if (narrowed) this.resumeParked()
  }

  /** The timer for the end of the pause in effect; far ends are reached in steps (MAX_TIMER_MS). */
  private arm(now: number): void {
    this.timer?.cancel()
    this.timer = null
    if (this.type === null || this.endMs === Infinity) return
    this.timer = this.server.timers.after(Math.min(this.endMs - now, MAX_TIMER_MS), () => {
      this.timer = null
      this.update()
    })
  }

  /** Runs every parked command, oldest first; those the pause still in effect covers are parked again. */
  private resumeParked(): void {
    const parked = this.parked
    this.parked = []
    for (const p of parked) {
      // a resumed command may itself be CLIENT PAUSE: the rest wait for the new pause
      if (this.type !== null && this.parks(p.ctx, p.argv)) continue
      this.resumeOne(p)
    }
  }

  /**
   * Called by the connection before running `argv` while a pause is active: parks the client and
   * returns true when the pause covers this command. Errors Redis reports before pausing
   * (unknown command, arity, auth, pub/sub context, server gates) are left to run.
   */
  parks(ctx: ClientContext, argv: string[]): boolean {
    const client = ctx.client
    // replicas are never paused; a replica's master client is, as in Redis 7.0
    if (client.isReplica) return false
    const entry = resolveCommand(ctx, argv)
    if (entry instanceof ReplyError) return false
    if (!client.authenticated && !entry.noAuth) return false
    if (this.type === 'write' && !mayReplicate(entry) && !(entry.spec.name === 'exec' && queuedWrite(ctx))) return false
    if (client.inSubscribedMode && !SUBSCRIBED_ALLOWED.has(entry.spec.name)) return false
    if (checkGates(ctx, entry, argv) !== null) return false
    client.blocked = true
    // as in Redis, CLIENT LIST's cmd= names the held command while it waits
    client.lastCommand = entry.fullName
    this.parked.push({ ctx, argv })
    return true
  }

  private resumeOne(p: Parked): void {
    const { ctx, argv } = p
    const client = ctx.client
    client.blocked = false
    if (client.killed) return
    // the master client's link runs the held command itself, in its stream's order and byte count
    if (client.isMaster) return client.link.resume()
    ctx.server.stampCallClock()
    const reply = processCommand(ctx, argv)
    if (reply instanceof Blocked) {
      this.server.blocking.block(ctx, argv, reply)
      return
    }
    client.link.deliver(reply)
    this.server.afterCommand()
    client.link.resume()
  }

  private forget(clientId: number): void {
    if (this.parked.length === 0) return
    this.parked = this.parked.filter((p) => p.ctx.client.id !== clientId)
  }
}

const SUBSCRIBED_ALLOWED = new Set(['subscribe', 'psubscribe', 'ssubscribe', 'unsubscribe', 'punsubscribe', 'sunsubscribe', 'ping', 'quit', 'reset'])

type Entry = Exclude<ReturnType<typeof resolveCommand>, ReplyError>

function mayReplicate(entry: Entry): boolean {
  return entry.isWrite || entry.spec.flags.includes('may_replicate')
}

function queuedWrite(ctx: ClientContext): boolean {
  const queue = ctx.client.multi
  return queue !== null && queue.some((q) => mayReplicate(q.entry))
}
