// The checks a command passes after dispatch has resolved it (lookup, arity, NOAUTH, pub/sub context) and
// before it is queued or run: one ordered list of named gates over server state, as in processCommand().
// Cluster redirection joins the list later (insertGate); the order below is the order of the replies.
import { debugRefusal } from '../debug.js'
import { MISCONF } from '../../persistence/rdb-persistence.js'
import { LOADING } from '../../resp/errors.js'
import { ReplyError } from '../../resp/types.js'
import type { CommandEntry } from './command-table.js'
import type { ClientContext } from './context.js'

/** One check: the error that refuses the command, or null to let it through to the next gate. */
export type GateCheck = (ctx: ClientContext, entry: CommandEntry, argv: string[]) => ReplyError | null

/** A gate with the name insertGate() finds it by. */
export interface CommandGate {
  readonly name: string
  readonly check: GateCheck
}

const NOREPLICAS = new ReplyError('NOREPLICAS Not enough good replicas to write.')
const READONLY = new ReplyError("READONLY You can't write against a read only replica.")
const MASTERDOWN = new ReplyError("MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.")

/** EXEC counts as a write when its transaction queued one (processCommand's is_write_command). */
function execWrites(ctx: ClientContext): boolean {
  return ctx.client.multi !== null && ctx.client.multi.some((q) => q.entry.isWrite)
}

function isWriteCommand(ctx: ClientContext, entry: CommandEntry): boolean {
  return entry.isWrite || (entry.spec.name === 'exec' && execWrites(ctx))
}

/** Not flagged `loading`, or an EXEC whose transaction holds such a command (processCommand's is_denyloading_command). */
function deniedWhileLoading(ctx: ClientContext, entry: CommandEntry): boolean {
  if (!entry.allowedWhileLoading) return true
  return entry.spec.name === 'exec' && ctx.client.multi !== null && ctx.client.multi.some((q) => !q.entry.allowedWhileLoading)
}

/** CMD_PROTECTED: DEBUG unless enable-debug-command allows this client. */
function protectedGate(ctx: ClientContext, entry: CommandEntry): ReplyError | null {
  return entry.spec.name === 'debug' ? debugRefusal(ctx) : null
}

/** A replica with replica-read-only refuses writes from its own clients. */
function readonlyReplicaGate(ctx: ClientContext, entry: CommandEntry): ReplyError | null {
  const server = ctx.server
  if (server.replication.link === null || !isWriteCommand(ctx, entry)) return null
  return server.config.getBool('replica-read-only') ? READONLY : null
}

/** A replica whose link is down, with replica-serve-stale-data no, serves only commands flagged `stale`. */
function masterDownGate(ctx: ClientContext, entry: CommandEntry): ReplyError | null {
  const link = ctx.server.replication.link
  if (link === null || link.up || entry.allowedStale) return null
  return ctx.server.config.getBool('replica-serve-stale-data') ? null : MASTERDOWN
}

/** writeCommandsDeniedByDiskError(): a failed BGSAVE (stop-writes-on-bgsave-error) or AOF write refuses writes and PING. */
function diskErrorGate(ctx: ClientContext, entry: CommandEntry): ReplyError | null {
  if (entry.spec.name !== 'ping' && !isWriteCommand(ctx, entry)) return null
  const { rdb, aof } = ctx.server
  if (rdb.lastBgsaveStatus === 'err' && rdb.writesDenied()) return MISCONF
  return aof.writeError === null ? null : aof.writesDenied()
}

/** min-replicas-to-write: too few replicas with a recent ACK refuse writes. */
function minReplicasGate(ctx: ClientContext, entry: CommandEntry): ReplyError | null {
  const replication = ctx.server.replication
  if (replication.minReplicasToWrite === 0 || !isWriteCommand(ctx, entry)) return null
  return replication.tooFewReplicas() ? NOREPLICAS : null
}

/** While the dataset loads, only commands flagged `loading` run. */
function loadingGate(ctx: ClientContext, entry: CommandEntry): ReplyError | null {
  return ctx.server.loading.active && deniedWhileLoading(ctx, entry) ? LOADING : null
}

/**
 * The gates in the order they run, each named for the processCommand() step it mirrors. Two places
 * differ from Redis 7.0 and are kept as rcl-node has always answered (a reorder would change replies):
 * Redis checks CMD_PROTECTED before NOAUTH, and runs MISCONF and NOREPLICAS (only on a master) before
 * READONLY and MASTERDOWN. Cluster redirection belongs before 'readonly-replica' (Redis: after ACL,
 * before OOM and the disk error check).
 */
export const COMMAND_GATES: readonly CommandGate[] = [
  { name: 'protected', check: protectedGate }, // CMD_PROTECTED (enable-debug-command)
  { name: 'readonly-replica', check: readonlyReplicaGate }, // masterhost && repl_slave_ro && is_write_command
  { name: 'masterdown', check: masterDownGate }, // repl_state != CONNECTED && !repl_serve_stale_data
  { name: 'disk-error', check: diskErrorGate }, // writeCommandsDeniedByDiskError(): -MISCONF
  { name: 'min-replicas', check: minReplicasGate }, // repl_min_slaves_to_write: -NOREPLICAS
  { name: 'loading', check: loadingGate }, // server.loading && is_denyloading_command
]

/** Adds `gate` to `gates` just before the gate named `before` (at the end when there is none). */
export function insertGate(gates: CommandGate[], gate: CommandGate, before?: string): void {
  const at = before === undefined ? -1 : gates.findIndex((g) => g.name === before)
  if (at < 0) gates.push(gate)
  else gates.splice(at, 0, gate)
}

/**
 * Runs the server's gates in order; the first refusal wins, null lets the command run. What our
 * master sends is always applied (Redis exempts CLIENT_MASTER gate by gate; none here applies to it).
 */
export function checkGates(ctx: ClientContext, entry: CommandEntry, argv: string[]): ReplyError | null {
  if (ctx.client.isMaster) return null
  const g = ctx.server.gates
  let r: ReplyError | null
  let i = 0
  // The first six calls are written out: each call site then always meets the same gate (a server's
  // list is fixed once it runs) and V8 inlines it. One loop call site meeting every gate went
  // megamorphic and cost about 60 ns per in-process SET/GET (about 10 ns this way). The rest loop.
  if (g.length >= 6) {
    if ((r = g[0].check(ctx, entry, argv)) !== null) return r
    if ((r = g[1].check(ctx, entry, argv)) !== null) return r
    if ((r = g[2].check(ctx, entry, argv)) !== null) return r
    if ((r = g[3].check(ctx, entry, argv)) !== null) return r
    if ((r = g[4].check(ctx, entry, argv)) !== null) return r
    if ((r = g[5].check(ctx, entry, argv)) !== null) return r
    i = 6
  }
  for (; i < g.length; i++) if ((r = g[i].check(ctx, entry, argv)) !== null) return r
  return null
}
