// Propagation: what reaches the AOF and the replicas. A command that changed data goes out as it ran or
// as it asked to be rewritten (propagateAs); EXEC's changes leave wrapped in MULTI/EXEC; an expired key
// leaves as DEL (UNLINK with lazyfree-lazy-expire). Mirrors alsoPropagate()/propagatePendingCommands().
import type { CommandEntry } from './commands/core/command-table.js'
import type { ClientContext } from './commands/core/context.js'
import type { Config } from './config/config.js'

/** Receives every change for AOF and replicas: the db and the commands that reproduce it. */
export type PropagationSink = (dbIndex: number, argvs: string[][]) => void

export class Propagation {
  /** The AOF and the replication stream add themselves here. */
  readonly sinks: PropagationSink[] = []
  /** Changes made by the EXEC running now, held back to leave as one MULTI ... EXEC block. */
  private execOps: Array<[number, string[][]]> | null = null

  /** `replicationOffset`: the stream's offset once a change is out (a client's woff, for WAIT). */
  constructor(private readonly config: Config, private readonly replicationOffset: () => number) {}

  /** call() ran a command that changed data (or asked to propagate): hand it to the sinks. */
  command(ctx: ClientContext, entry: CommandEntry, argv: string[]): void {
    // EXEC's own changes were propagated by its commands, wrapped in MULTI/EXEC (endExec)
    if (this.sinks.length === 0 || entry.spec.name === 'exec') return
    const argvs = ctx.propagateAs ?? [argv]
    if (this.execOps !== null) this.execOps.push([ctx.client.dbIndex, argvs])
    else for (const sink of this.sinks) sink(ctx.client.dbIndex, argvs)
    ctx.client.woff = this.replicationOffset()
  }

  /** EXEC begins: what its commands change is collected instead of sent. */
  beginExec(): void {
    this.execOps = []
  }

  /** EXEC ends: the changes leave wrapped in MULTI/EXEC, so the AOF and replicas apply them whole. */
  endExec(): void {
    const ops = this.execOps
    this.execOps = null
    if (ops === null || ops.length === 0) return
    for (const sink of this.sinks) {
      sink(ops[0][0], [['MULTI']])
      for (const [db, argvs] of ops) sink(db, argvs)
      sink(ops[ops.length - 1][0], [['EXEC']])
    }
  }

  /** A key expired: its removal goes out at once (never inside an EXEC's block), as DEL or UNLINK. */
  expired(dbIndex: number, key: string): void {
    if (this.sinks.length === 0) return
    const del = [[this.config.getBool('lazyfree-lazy-expire') ? 'UNLINK' : 'DEL', key]]
    for (const sink of this.sinks) sink(dbIndex, del)
  }
}
