// MIGRATE: moves keys to another server as DUMP payloads that it RESTOREs. Redis blocks the whole
// server while it waits for the target; rcl-node parks only the calling client and answers once the
// target has replied. This file parses and answers; the exchange itself is migrate-transfer.ts.
import { NOT_INTEGER, SYNTAX, err } from '../resp/errors.js'
import { ReplyError, simple, type Reply } from '../resp/types.js'
import { parseIntStrict } from '../util/int.js'
import type { ClientContext } from './core/context.js'
import type { CommandEntry } from './core/command-table.js'
import { internalError } from './core/dispatch.js'
import { Blocked, type CommandContext, type CommandSpec } from './core/types.js'
import { IOERR_READING, runMigrate, type MigrateArgs, type MigrateOutcome } from './migrate-transfer.js'

export const migrateCommands: CommandSpec[] = [
  { name: 'migrate', arity: -6, flags: ['write'], keys: [3, 3, 1], getKeys: migrateKeys, keyFlags: () => MIGRATE_KEY_FLAGS, handler: migrateCommand, group: 'generic', since: '2.6.0', summary: 'Atomically transfers keys from one instance to another', complexity: 'A DUMP and DEL of each key here and a RESTORE on the target, plus an O(N) transfer of the payloads between the two instances.' },
]

const NOKEY = simple('NOKEY')
const KEYS_NEED_EMPTY_KEY = err('When using MIGRATE KEYS option, the key argument must be set to the empty string')
/** Redis runs MIGRATE inside EXEC by blocking; rcl-node cannot wait on the network in the middle of EXEC. */
const NOT_IN_EXEC = err('MIGRATE cannot run inside MULTI/EXEC on rcl-node')

/** The default timeout when MIGRATE is given 0 or less (ms). */
const DEFAULT_TIMEOUT_MS = 1000

/**
 * MIGRATE host port key|"" destination-db timeout [COPY] [REPLACE] [AUTH password]
 * [AUTH2 username password] [KEYS key [key ...]]
 */
function migrateCommand(ctx: CommandContext, argv: string[]): Reply | Blocked {
  const args = parseMigrateArgs(argv)
  const db = ctx.db
  // as Redis: if none of the keys is here there is nothing to do, which is not an error
  let present = 0
  for (const key of args.keys) if (db.lookupRead(key) !== undefined) present++
  if (present === 0) return NOKEY
  if (ctx.inExec) throw NOT_IN_EXEC
  const full = ctx as ClientContext
  const entry = ctx.server.commands.lookup(argv[0]) as CommandEntry
  const started = performance.now()
  void runMigrate(full, db, args)
    .catch((e: unknown): MigrateOutcome => ({ reply: internalError(full, entry, e), deleted: [] }))
    .then((outcome) => complete(full, entry, argv, outcome, started))
  // answered by complete(); this reply is only given if CLIENT UNBLOCK ends the wait first. Redis
  // blocks on the target, so nothing this client pipelined reaches it before the MIGRATE ends
  return new Blocked([], 0, IOERR_READING, true)
}

/** Parses the arguments in Redis's order: the options first, then timeout and db as integers. */
export function parseMigrateArgs(argv: string[]): MigrateArgs {
  const args: MigrateArgs = {
    host: argv[1], port: atoi(argv[2]), keys: [argv[3]], dbid: '0', timeoutMs: 0,
    copy: false, replace: false, username: null, password: null,
  }
  for (let j = 6; j < argv.length; j++) {
    const opt = argv[j].toLowerCase()
    const more = argv.length - 1 - j
    if (opt === 'copy') args.copy = true
    else if (opt === 'replace') args.replace = true
    else if (opt === 'auth') {
      if (more < 1) throw SYNTAX
      args.password = argv[++j]
    } else if (opt === 'auth2') {
      if (more < 2) throw SYNTAX
      args.username = argv[++j]
      args.password = argv[++j]
    } else if (opt === 'keys') {
      if (argv[3] !== '') throw KEYS_NEED_EMPTY_KEY
      args.keys = argv.slice(j + 1)
      break
    } else throw SYNTAX
  }
  const timeout = parseIntStrict(argv[5])
  if (timeout === null || parseIntStrict(argv[4]) === null) throw NOT_INTEGER
  args.timeoutMs = timeout <= 0 ? DEFAULT_TIMEOUT_MS : timeout
  args.dbid = argv[4]
  return args
}

const MIGRATE_KEY_FLAGS = ['RW', 'access', 'delete']

/**
 * MIGRATE's keys as Redis finds them. Its key specs look for KEYS backwards from the next-to-last argument;
 * without one there, the key argument is the key. With one, migrateGetKeys() decides: every argument after
 * the first KEYS token (AUTH/AUTH2 values skipped), none if the key argument is not empty.
 */
function migrateKeys(argv: string[]): number[] {
  if (!keysTokenBeforeLast(argv)) return [3]
  for (let i = 6; i < argv.length; i++) {
    const opt = argv[i].toLowerCase()
    if (opt === 'auth2') i += 2
    else if (opt === 'auth') i += 1
    else if (opt === 'keys') {
      if (argv[3] !== '') return []
      const out: number[] = []
      for (let k = i + 1; k < argv.length; k++) out.push(k)
      return out
    }
  }
  return [3]
}

function keysTokenBeforeLast(argv: string[]): boolean {
  for (let i = argv.length - 2; i >= 2; i--) if (argv[i].toLowerCase() === 'keys') return true
  return false
}

/**
 * The target has answered (or failed): the keys it took are already deleted here; their DEL goes to
 * the AOF and replicas, as Redis rewrites a MIGRATE into DEL, and the parked client gets its reply.
 */
function complete(ctx: ClientContext, entry: CommandEntry, argv: string[], outcome: MigrateOutcome, started: number): void {
  const server = ctx.server
  if (outcome.deleted.length > 0) {
    ctx.propagateAs = [['DEL', ...outcome.deleted]]
    server.propagation.command(ctx, entry, argv)
    ctx.propagateAs = null
  }
  entry.stats.calls++
  entry.stats.usec += Math.round((performance.now() - started) * 1000)
  server.stats.totalCommandsProcessed++
  if (outcome.reply instanceof ReplyError) {
    entry.stats.failed++
    server.countError(outcome.reply)
  }
  server.blocking.unblock(ctx.client.id, outcome.reply)
  server.afterCommand()
}

/** atoi(): the leading decimal digits (with a sign), 0 when there are none, as Redis reads the port. */
function atoi(s: string): number {
  const m = /^\s*([+-]?\d+)/.exec(s)
  return m === null ? 0 : Number(m[1])
}
