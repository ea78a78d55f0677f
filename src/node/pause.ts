// CLIENT PAUSE: while a pause is active, clients whose next command it covers are parked with that
// command; CLIENT UNPAUSE or the deadline runs the parked commands in arrival order.
import type { ClientContext } from './commands/core/context.js'
import { processCommand, resolveCommand } from './commands/core/dispatch.js'
import { Blocked } from './commands/core/types.js'
import { checkGates } from './commands/core/gates.js'
import { ReplyError } from './resp/types.js'
import type { Server } from './server.js'
import type { TimerHandle } from './util/timers.js'

export type PauseType = 'write' | 'all'

interface Parked {
  ctx: ClientContext
  argv: string[]
}

export class ClientPause {
  /** null when no pause is in effect. */
  type: PauseType | null = null
  endMs = 0
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

  /** pauseClients(): a new pause only ever widens the type and extends the end. */
  pause(type: PauseType, endMs: number): void {
    const wasActive = this.type !== null
    this.type = this.type === 'all' || type === 'all' ? 'all' : 'write'
    this.endMs = wasActive ? Math.max(this.endMs, endMs) : endMs
    this.timer?.cancel()
    this.timer = this.server.timers.after(this.endMs - this.server.clock.now(), () => this.unpause())
  }

  /** Ends the pause and runs every parked command, oldest first. */
  unpause(): void {
    this.timer?.cancel()
    this.timer = null
    this.type = null
    this.endMs = 0
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
