// The shapes shared by every command family: the table row (CommandSpec), the handler signature,
// the context a handler gets, and the Blocked marker. No behaviour lives here.
import type { Reply } from '../../resp/types.js'
import type { ClientState } from '../../client/state.js'
import type { Db } from '../../keyspace/db.js'
import type { NotifyClass } from '../../keyspace/notify.js'
import type { Server } from '../../server.js'

/**
 * A handler computes a reply from the context and the argument vector (argv[0] is the command name
 * as the client typed it; arguments are latin1 strings). It never touches a socket.
 */
export type Handler = (ctx: CommandContext, argv: string[]) => Reply | Blocked

/** Redis command flags as COMMAND INFO lists them. */
export type CommandFlag =
  | 'write' | 'readonly' | 'denyoom' | 'module' | 'admin' | 'pubsub' | 'noscript' | 'blocking'
  | 'loading' | 'stale' | 'skip_monitor' | 'skip_slowlog' | 'asking' | 'fast' | 'no_auth'
  | 'may_replicate' | 'no_mandatory_keys' | 'no_async_loading' | 'no_multi' | 'allow_busy' | 'sentinel' | 'only_sentinel'

/** One row of a family table. Dispatch, COMMAND, MULTI, cluster redirection and propagation all read it. */
export interface CommandSpec {
  /** Lower-case name ("get", or the subcommand name "getname" inside a container). */
  name: string
  /** Redis arity: N exact, -N at least N (counting the command name; subcommands count both words). */
  arity: number
  flags: CommandFlag[]
  /** [firstKey, lastKey, step] as in COMMAND INFO; lastKey -1 = last argument, -2 = one before. */
  keys?: [number, number, number]
  /** Positions of keys for commands that first/last/step cannot describe (numkeys forms). */
  getKeys?: (argv: string[]) => number[]
  /**
   * The keys' access flags (COMMAND GETKEYSANDFLAGS) where Redis takes them from the command's own getkeys
   * function instead of its key specs: flags that depend on the arguments (SET, BITFIELD) or MIGRATE's
   * KEYS form. Without it such keys have no flags, as Redis's numkeys fallback gives none.
   */
  keyFlags?: (argv: string[]) => string[]
  /** Absent on containers (CONFIG, CLIENT, ...), which have subcommands instead. */
  handler?: Handler
  subcommands?: CommandSpec[]
  /** COMMAND DOCS metadata, in our own words. */
  group: CommandGroup
  since: string
  summary: string
  complexity?: string
}

export type CommandGroup =
  | 'generic' | 'string' | 'list' | 'set' | 'sorted-set' | 'hash' | 'pubsub' | 'transactions'
  | 'connection' | 'server' | 'scripting' | 'hyperloglog' | 'cluster' | 'sentinel' | 'geo' | 'stream' | 'bitmap'

/** What a handler may use. One per client, reused for every command (no per-command allocation). */
export interface CommandContext {
  readonly server: Server
  readonly client: ClientState
  /** The client's selected database. */
  readonly db: Db
  /** True while running inside EXEC (blocking commands must not block). */
  readonly inExec: boolean
  /**
   * Replaces what is propagated to AOF/replicas for this command (e.g. SET EX -> SET PXAT).
   * null = propagate argv as received when the command changed data.
   */
  propagateAs: string[][] | null
  /**
   * Records a change to `key`: WATCH invalidation, waking blocked clients, the dirty counter, and the
   * keyspace notification `event` of class `type` (a notify-keyspace-events letter) when given.
   */
  modified(key: string, type?: NotifyClass, event?: string): void
  /** Keyspace notification without counting a change (e.g. "expired", "evicted"). */
  notify(type: NotifyClass, event: string, key: string): void
}

/**
 * Returned by a blocking command that has nothing to serve yet. The server parks the client and
 * re-runs the same command when one of `keys` changes, or answers `timeoutReply` at `deadlineMs`.
 */
export class Blocked {
  readonly kind = 'blocked'
  constructor(
    readonly keys: readonly string[],
    /** Absolute deadline in ms; 0 = block forever. */
    readonly deadlineMs: number,
    readonly timeoutReply: Reply,
    /**
     * A command Redis runs to the end before anything else (MIGRATE): the replies to the commands
     * pipelined before it stay unwritten until it ends, so they leave in one write as in Redis.
     */
    readonly holdsOutput = false,
  ) {}
}
