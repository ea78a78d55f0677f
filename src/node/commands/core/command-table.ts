// The command table's machinery: one entry per family row, flags pre-digested for dispatch, lookup by any
// spelling, rename-command. Which families fill it is commands/registry.ts's business.
import type { CommandFlag, CommandSpec } from './types.js'

/** A table row with its flags as booleans, so dispatch never searches the flags array. */
export interface CommandEntry {
  readonly spec: CommandSpec
  /** "get", or "config|get" for subcommands: the name in errors, COMMAND INFO and stats. */
  readonly fullName: string
  readonly parent: CommandEntry | null
  readonly subcommands: Map<string, CommandEntry> | null
  readonly isWrite: boolean
  readonly denyOom: boolean
  readonly noAuth: boolean
  readonly allowedWhileLoading: boolean
  readonly allowedStale: boolean
  readonly noMulti: boolean
  readonly isAdmin: boolean
  readonly isPubsub: boolean
  /** Key arguments a cluster node routes by: a key range in the row, or a getKeys function. */
  readonly hasKeys: boolean
  /** Flagged `asking` (RESTORE-ASKING): served on an importing slot without a prior ASKING. */
  readonly asking: boolean
  /** SPUBLISH, SSUBSCRIBE, SUNSUBSCRIBE: their channels route like keys. */
  readonly shardPubsub: boolean
  /**
   * The row's fixed key range, copied here so routing's hot path reads one object shape (rows differ in
   * shape): 0 in firstKey when there is none, or a getKeys function or the asking flag decides instead.
   */
  readonly firstKey: number
  readonly lastKey: number
  readonly keyStep: number
  /** Statistics for INFO commandstats / errorstats (calls, usec, rejected, failed). */
  stats: { calls: number; usec: number; rejected: number; failed: number }
}

const SHARD_PUBSUB = new Set(['spublish', 'ssubscribe', 'sunsubscribe'])

function has(spec: CommandSpec, f: CommandFlag): boolean {
  return spec.flags.includes(f)
}

function entryFor(spec: CommandSpec, parent: CommandEntry | null): CommandEntry {
  const entry: CommandEntry = {
    spec,
    fullName: parent ? `${parent.spec.name}|${spec.name}` : spec.name,
    parent,
    subcommands: null,
    isWrite: has(spec, 'write'),
    denyOom: has(spec, 'denyoom'),
    noAuth: has(spec, 'no_auth'),
    allowedWhileLoading: has(spec, 'loading'),
    allowedStale: has(spec, 'stale'),
    noMulti: has(spec, 'no_multi'),
    isAdmin: has(spec, 'admin'),
    isPubsub: has(spec, 'pubsub'),
    hasKeys: spec.getKeys !== undefined || (spec.keys !== undefined && spec.keys[0] > 0),
    asking: has(spec, 'asking'),
    shardPubsub: SHARD_PUBSUB.has(spec.name),
    firstKey: spec.keys !== undefined && spec.getKeys === undefined && !has(spec, 'asking') ? spec.keys[0] : 0,
    lastKey: spec.keys?.[1] ?? 0,
    keyStep: spec.keys?.[2] ?? 0,
    stats: { calls: 0, usec: 0, rejected: 0, failed: 0 },
  }
  if (spec.subcommands) {
    const subs = new Map<string, CommandEntry>()
    for (const s of spec.subcommands) subs.set(s.name, entryFor(s, entry))
    ;(entry as { subcommands: Map<string, CommandEntry> | null }).subcommands = subs
  }
  return entry
}

export class CommandRegistry {
  readonly commands = new Map<string, CommandEntry>()
  /** Lower- and upper-case spellings of every name: clients send either, and both hit in one lookup. */
  private readonly bySpelling = new Map<string, CommandEntry>()

  /** `families`: the rows to serve, one array per family file (commands/registry.ts lists them). */
  constructor(families: readonly CommandSpec[][]) {
    for (const family of families) {
      for (const spec of family) {
        if (this.commands.has(spec.name)) throw new Error(`command '${spec.name}' registered twice`)
        const entry = entryFor(spec, null)
        this.commands.set(spec.name, entry)
        this.addSpellings(spec.name, entry)
      }
    }
  }

  /** rename-command: moves an entry to a new name, or removes it when `to` is empty. */
  rename(from: string, to: string): void {
    const entry = this.commands.get(from.toLowerCase())
    if (!entry) return
    this.commands.delete(from.toLowerCase())
    this.bySpelling.delete(from.toLowerCase())
    this.bySpelling.delete(from.toUpperCase())
    if (to === '') return
    this.commands.set(to.toLowerCase(), entry)
    this.addSpellings(to, entry)
  }

  private addSpellings(name: string, entry: CommandEntry): void {
    this.bySpelling.set(name.toLowerCase(), entry)
    this.bySpelling.set(name.toUpperCase(), entry)
  }

  /** Looks a command up by the name the client sent (any case). */
  lookup(name: string): CommandEntry | undefined {
    return this.bySpelling.get(name) ?? this.commands.get(name.toLowerCase())
  }

  /** Every entry, subcommands included (INFO commandstats, COMMAND LIST). */
  *all(): Iterable<CommandEntry> {
    for (const e of this.commands.values()) {
      yield e
      if (e.subcommands) yield* e.subcommands.values()
    }
  }
}

/** Key positions (argv indexes) of a command invocation, from keys/getKeys of its row. */
export function keyPositions(spec: CommandSpec, argv: readonly string[]): number[] {
  if (spec.getKeys) return spec.getKeys(argv as string[])
  const k = spec.keys
  if (!k || k[0] === 0) return []
  const [first, lastSpec, step] = k
  const last = lastSpec < 0 ? argv.length + lastSpec : lastSpec
  const out: number[] = []
  for (let i = first; i <= last && i < argv.length; i += step) out.push(i)
  return out
}
