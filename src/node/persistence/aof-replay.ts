// Replaying AOF commands into the keyspace at start-up, the way Redis's loader does with its fake client:
// each command goes straight to its handler (no stats, no propagation, no gates), MULTI/EXEC are
// honoured so a transaction applies whole, nothing is answered, and no key expires (Server.replaying).
import { resolveCommand } from '../commands/core/dispatch.js'
import { ClientContext } from '../commands/core/context.js'
import type { CommandEntry } from '../commands/core/command-table.js'
import { ClientState } from '../client/state.js'
import { silentLink } from '../client/link.js'
import { ReplyError } from '../resp/types.js'
import type { Server } from '../server.js'

/** Client id Redis gives its AOF loading client (CLIENT_ID_AOF). */
const AOF_CLIENT_ID = Number.MAX_SAFE_INTEGER

export class AofReplayError extends Error {}

export class AofReplayer {
  private readonly ctx: ClientContext
  private queued: Array<{ entry: CommandEntry; argv: string[] }> | null = null
  /** Where the open transaction started in the current file, to drop it if the file ends inside it. */
  multiStart = -1
  commands = 0

  constructor(private readonly server: Server) {
    const client = new ClientState(AOF_CLIENT_ID, silentLink(), server.clock.now(), false)
    this.ctx = new ClientContext(server, client)
  }

  get inTransaction(): boolean { return this.queued !== null }

  /** Runs one command read from the file; `start` is its offset there. Unknown commands are fatal. */
  run(argv: string[], start: number): void {
    const entry = resolveCommand(this.ctx, argv)
    if (entry instanceof ReplyError) throw new AofReplayError(`Unknown command '${argv[0]}' reading the append only file`)
    this.commands++
    const name = entry.spec.name
    if (name === 'multi') {
      this.queued = []
      this.multiStart = start
    } else if (name === 'exec') {
      const queue = this.queued ?? []
      this.queued = null
      this.multiStart = -1
      for (const q of queue) this.call(q.entry, q.argv)
    } else if (this.queued !== null) {
      this.queued.push({ entry, argv })
    } else {
      this.call(entry, argv)
    }
  }

  /** The file ended inside MULTI: forget the queued part (Redis reverts the incomplete transaction). */
  dropOpenTransaction(): void {
    this.queued = null
    this.multiStart = -1
  }

  private call(entry: CommandEntry, argv: string[]): void {
    const handler = entry.spec.handler
    if (handler === undefined) return
    // the file says what happened: a key it expires is removed by its own DEL, not by our clock, and
    // a key that expired since then is removed once loading is over
    this.server.replaying = true
    try {
      handler(this.ctx, argv)
    } catch (e) {
      // an error reply is what a client would have got; the command changed nothing, as when it first ran
      if (!(e instanceof ReplyError)) throw e
    } finally {
      this.server.replaying = false
    }
  }
}
