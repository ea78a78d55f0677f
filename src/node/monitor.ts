// MONITOR: clients that receive every executed command as a status line, in Redis's format
// `+<sec>.<usec> [<db> <addr>] "arg" ...`. Hooks into call() only while someone is monitoring.
import type { CommandEntry } from './commands/core/command-table.js'
import type { ClientContext } from './commands/core/context.js'
import type { ClientState } from './client/state.js'
import type { Server } from './server.js'
import type { CallObserver } from './commands/core/dispatch.js'
import { quoteWord } from './config/parse.js'
import { SimpleString } from './resp/types.js'
import { redactArgv } from './slowlog.js'

export class MonitorFeed {
  private readonly clients = new Set<ClientState>()
  private readonly observer: CallObserver = (ctx, entry, argv) => this.feed(ctx, entry, argv)

  constructor(private readonly server: Server) {
    server.clients.closeHooks.push((conn) => this.remove(conn.client))
  }

  get size(): number { return this.clients.size }

  add(client: ClientState): void {
    if (this.clients.has(client)) return
    this.clients.add(client)
    client.isMonitor = true
    if (this.clients.size === 1) this.server.callObservers.push(this.observer)
  }

  remove(client: ClientState): void {
    if (!this.clients.delete(client)) return
    client.isMonitor = false
    if (this.clients.size !== 0) return
    const i = this.server.callObservers.indexOf(this.observer)
    if (i >= 0) this.server.callObservers.splice(i, 1)
  }

  /**
   * replicationFeedMonitors(): admin and skip_monitor commands are never shown; a blocked command
   * is shown when it blocks, not again when it is served.
   */
  private feed(ctx: ClientContext, entry: CommandEntry, argv: string[]): void {
    if (entry.isAdmin || ctx.client.blocked || entry.spec.flags.includes('skip_monitor')) return
    const line = new SimpleString(monitorLine(this.server.clock.now(), ctx.client.dbIndex, ctx.client.link.remoteAddress, redactArgv(entry, argv)))
    for (const c of this.clients) c.link.send(line)
  }
}

/** The text of one MONITOR line (without the '+'); `addr` as CLIENT LIST shows it. */
export function monitorLine(nowMs: number, db: number, addr: string, argv: readonly string[]): string {
  const sec = Math.floor(nowMs / 1000)
  const usec = Math.round((nowMs - sec * 1000) * 1000)
  let line = `${sec}.${String(usec).padStart(6, '0')} [${db} ${peerName(addr)}]`
  for (const a of argv) line += ' ' + quoteWord(a)
  return line
}

/** Unix-socket peers show as "unix:<path>" in MONITOR (their CLIENT LIST addr is "<path>:0"). */
function peerName(addr: string): string {
  return addr.startsWith('/') && addr.endsWith(':0') ? `unix:${addr.slice(0, -2)}` : addr
}
