// The slow log: commands that ran longer than slowlog-log-slower-than microseconds, newest first,
// capped at slowlog-max-len. Fed by a call observer; SLOWLOG (commands/introspection.ts) reads it.
import type { CommandEntry } from './commands/core/command-table.js'
import type { ClientContext } from './commands/core/context.js'
import type { Server } from './server.js'

/** slowlog.c limits: at most 32 argument slots, each string shown up to 128 bytes. */
const SLOWLOG_ENTRY_MAX_ARGC = 32
const SLOWLOG_ENTRY_MAX_STRING = 128

export interface SlowlogEntry {
  id: number
  /** Unix time in seconds when the command finished. */
  time: number
  durationUs: number
  argv: string[]
  addr: string
  name: string
}

/** Commands whose arguments carry secrets: the positions Redis shows as "(redacted)". */
export function redactedPositions(entry: CommandEntry, argv: readonly string[]): number[] | null {
  const name = entry.spec.name
  if (name === 'auth') return argv.length === 2 ? [1] : [1, 2]
  if (name !== 'hello') return null
  const out: number[] = []
  for (let j = 2; j < argv.length; j++) {
    const opt = argv[j].toLowerCase()
    if (opt === 'auth' && argv.length - 1 - j >= 2) { out.push(j + 1, j + 2); j += 2 } else if (opt === 'setname') j++
  }
  return out
}

/** argv with secret arguments replaced by "(redacted)". */
export function redactArgv(entry: CommandEntry, argv: readonly string[]): string[] {
  const hidden = redactedPositions(entry, argv)
  if (hidden === null) return argv as string[]
  const out = argv.slice()
  for (const i of hidden) out[i] = '(redacted)'
  return out
}

export class SlowLog {
  private entries: SlowlogEntry[] = []
  private nextId = 0
  /** slowlog-log-slower-than and slowlog-max-len, cached: the observer runs after every command. */
  private thresholdUs: number
  private maxLen: number

  constructor(private readonly server: Server) {
    const config = server.config
    this.thresholdUs = config.getInt('slowlog-log-slower-than')
    this.maxLen = config.getInt('slowlog-max-len')
    config.onChange('slowlog-log-slower-than', (v) => { this.thresholdUs = Number(v) })
    config.onChange('slowlog-max-len', (v) => { this.maxLen = Number(v) })
    server.callObservers.push((ctx, entry, argv, usec) => this.observe(ctx, entry, argv, usec))
  }

  get length(): number { return this.entries.length }

  /** Newest first; count < 0 = all. */
  get(count: number): SlowlogEntry[] {
    return count < 0 ? this.entries.slice() : this.entries.slice(0, count)
  }

  reset(): void { this.entries = [] }

  /** slowlogPushCurrentCommand(): called after each command; usec < 0 marks a command that just blocked. */
  private observe(ctx: ClientContext, entry: CommandEntry, argv: string[], usec: number): void {
    if (usec < this.thresholdUs || usec < 0 || this.thresholdUs < 0 || this.maxLen === 0) return
    if (entry.spec.flags.includes('skip_slowlog')) return
    const maxLen = this.maxLen
    const client = ctx.client
    this.entries.unshift({
      id: this.nextId++,
      time: Math.floor(this.server.clock.now() / 1000),
      durationUs: usec,
      argv: shortenArgv(redactArgv(entry, argv)),
      addr: client.link.remoteAddress,
      name: client.name,
    })
    if (this.entries.length > maxLen) this.entries.length = maxLen
  }
}

/** Keeps 32 argument slots (the last says how many more) and 128 bytes of each argument. */
function shortenArgv(argv: readonly string[]): string[] {
  const slots = Math.min(argv.length, SLOWLOG_ENTRY_MAX_ARGC)
  const out: string[] = []
  for (let i = 0; i < slots; i++) {
    if (slots === SLOWLOG_ENTRY_MAX_ARGC && i === slots - 1 && argv.length > slots) {
      out.push(`... (${argv.length - slots + 1} more arguments)`)
      break
    }
    const a = argv[i]
    out.push(a.length > SLOWLOG_ENTRY_MAX_STRING ? `${a.slice(0, SLOWLOG_ENTRY_MAX_STRING)}... (${a.length - SLOWLOG_ENTRY_MAX_STRING} more bytes)` : a)
  }
  return out
}
