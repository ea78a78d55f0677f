// MIGRATE's exchange with the target, after migrateCommand() in Redis's cluster.c: AUTH, SELECT when
// the cached connection has another db, one RESTORE per key (pipelined), then the replies read in
// order; keys the target took are deleted here unless COPY. One retry on a fresh connection when the
// cached one failed before any reply, as Redis retries a connection the target may have closed.
import type { Db } from '../keyspace/db.js'
import type { Value } from '../keyspace/value.js'
import { OutboundError, type OutboundPhase } from '../outbound/resp-client.js'
import { migrateSocketsOf, takeTurn, type MigrateSocket } from '../outbound/migrate-sockets.js'
import { createDumpPayload } from '../persistence/rdb-value-keyspace.js'
import { err } from '../resp/errors.js'
import { OK, ReplyError, simple, type Reply } from '../resp/types.js'
import type { Server } from '../server.js'
import type { ClientContext } from './core/context.js'
import { rdbCompression } from './dump.js'
import { clusterEnabled } from './keys-common.js'

export interface MigrateArgs {
  host: string
  port: number
  keys: string[]
  /** The destination db as the client wrote it (checked to be an integer). */
  dbid: string
  timeoutMs: number
  copy: boolean
  replace: boolean
  username: string | null
  password: string | null
}

/** What a MIGRATE ends with: its reply, and the keys deleted here (to propagate as one DEL). */
export interface MigrateOutcome {
  reply: Reply
  deleted: string[]
}

export const IOERR_CONNECTING = new ReplyError('IOERR error or timeout connecting to the client')
export const IOERR_WRITING = new ReplyError('IOERR error or timeout writing to target instance')
export const IOERR_READING = new ReplyError('IOERR error or timeout reading to target instance')

const ioerr = (phase: OutboundPhase): ReplyError => (phase === 'write' ? IOERR_WRITING : IOERR_READING)

/** One key as sent: the value and expiry it had, and its payload (to tell later whether it changed). */
interface Item {
  key: string
  value: Value
  expireAt: number
  ttl: number
  payload: Buffer
}

interface Attempt extends MigrateOutcome {
  /** The connection failed before any key's reply, not by a timeout: worth one more try. */
  retry: boolean
}

/** Runs a MIGRATE whose arguments are parsed and at least one of whose keys was present. */
export async function runMigrate(ctx: ClientContext, db: Db, args: MigrateArgs): Promise<MigrateOutcome> {
  const sockets = migrateSocketsOf(ctx.server)
  for (let attempt = 0; ; attempt++) {
    let sock: MigrateSocket
    try {
      sock = await sockets.get(args.host, args.port, args.timeoutMs)
    } catch (e) {
      const failure = asOutbound(e)
      // a connection that cannot be made is not retried; a refused one shows as a write, and is
      if (failure.phase === 'connect') return { reply: IOERR_CONNECTING, deleted: [] }
      if (attempt === 0 && !failure.timedOut) continue
      return { reply: ioerr(failure.phase), deleted: [] }
    }
    const r = await takeTurn(sock, () => transfer(ctx, db, sock, args))
    if (r.retry) sockets.close(sock)
    if (r.retry && attempt === 0) continue
    return r
  }
}

async function transfer(ctx: ClientContext, db: Db, sock: MigrateSocket, args: MigrateArgs): Promise<Attempt> {
  const server = ctx.server
  const items = collect(server, db, args.keys)
  if (items.length === 0) return { reply: simple('NOKEY'), deleted: [], retry: false }
  const select = sock.lastDbid !== Number(args.dbid)
  const cmds: string[][] = []
  if (args.password !== null) cmds.push(args.username !== null ? ['AUTH', args.username, args.password] : ['AUTH', args.password])
  if (select) cmds.push(['SELECT', args.dbid])
  const restore = restoreCommandName(server)
  for (const it of items) {
    const cmd = [restore, it.key, String(it.ttl), it.payload.latin1Slice()]
    if (args.replace) cmd.push('REPLACE')
    cmds.push(cmd)
  }
  const dirtyBefore = server.dirty
  const replies = sock.client.sendAll(cmds, args.timeoutMs)
  // every reply is awaited below or dropped on a failure: none may reject unobserved
  for (const p of replies) p.catch(() => undefined)
  const head: Reply[] = []
  try {
    for (let i = 0; i < cmds.length - items.length; i++) head.push(await replies[i])
  } catch (e) {
    return { reply: ioerr(asOutbound(e).phase), deleted: [], retry: !asOutbound(e).timedOut }
  }
  const tail = replies.slice(head.length)
  return readRestoreReplies(ctx, db, sock, args, items, head, tail, dirtyBefore)
}

/** The RESTORE replies, in order; an AUTH or SELECT error counts against every key, as in Redis. */
async function readRestoreReplies(
  ctx: ClientContext, db: Db, sock: MigrateSocket, args: MigrateArgs, items: Item[], head: Reply[],
  replies: Array<Promise<Reply>>, dirtyBefore: number,
): Promise<Attempt> {
  const headError = head.find((r): r is ReplyError => r instanceof ReplyError) ?? null
  let targetError: ReplyError | null = null
  let failure: OutboundError | null = null
  const taken: Item[] = []
  let j = 0
  for (; j < items.length; j++) {
    let r: Reply
    try {
      r = await replies[j]
    } catch (e) {
      failure = asOutbound(e)
      break
    }
    const error = headError ?? (r instanceof ReplyError ? r : null)
    if (error !== null) targetError ??= error
    else if (!args.copy) taken.push(items[j])
  }
  if (targetError !== null) sock.lastDbid = -1
  // nothing was taken and the connection may just have been stale: try once more on a new one
  if (targetError === null && failure !== null && j === 0 && !failure.timedOut) {
    return { reply: ioerr(failure.phase), deleted: [], retry: true }
  }
  if (failure !== null) migrateSocketsOf(ctx.server).close(sock)
  const deleted = deleteTaken(ctx, db, taken, dirtyBefore)
  if (targetError !== null) return { reply: err(`Target instance replied with error: ${targetError.text}`), deleted, retry: false }
  if (failure !== null) return { reply: ioerr(failure.phase), deleted, retry: false }
  sock.lastDbid = Number(args.dbid)
  return { reply: OK, deleted, retry: false }
}

/** The keys still here, with their payloads and relative TTLs (a key whose TTL has passed is skipped). */
function collect(server: Server, db: Db, keys: string[]): Item[] {
  const compress = rdbCompression(server)
  const now = server.clock.now()
  const items: Item[] = []
  for (const key of keys) {
    const value = db.lookupRead(key)
    if (value === undefined) continue
    const expireAt = db.getExpire(key)
    let ttl = 0
    if (expireAt !== -1) {
      ttl = expireAt - now
      if (ttl < 0) continue
      if (ttl < 1) ttl = 1
    }
    items.push({ key, value, expireAt, ttl, payload: createDumpPayload(value, db.limits, compress) })
  }
  return items
}

/**
 * Deletes the keys the target took. Redis does this with every other client waiting; here others ran
 * meanwhile, so when anything changed (the dirty counter moved) a key is deleted only if it still holds
 * exactly what was sent: a newer write stays here rather than being lost.
 */
function deleteTaken(ctx: ClientContext, db: Db, taken: Item[], dirtyBefore: number): string[] {
  const server = ctx.server
  const checkEach = server.dirty !== dirtyBefore
  const compress = rdbCompression(server)
  const deleted: string[] = []
  for (const it of taken) {
    if (checkEach && !unchanged(db, it, compress)) continue
    if (!db.delete(it.key)) continue
    ctx.modified(it.key, 'g', 'del')
    deleted.push(it.key)
  }
  return deleted
}

function unchanged(db: Db, it: Item, compress: boolean): boolean {
  const now = db.peek(it.key)
  if (now !== it.value || db.getExpire(it.key) !== it.expireAt) return false
  // the same object may have been changed in place (LPUSH, HSET, ...)
  return createDumpPayload(now, db.limits, compress).equals(it.payload)
}

/**
 * What the target is asked to run: RESTORE-ASKING in cluster mode, so a target importing the slot takes
 * it (the key's slot is not yet its own), and plain RESTORE otherwise.
 */
function restoreCommandName(server: Server): string {
  return clusterEnabled(server) ? 'RESTORE-ASKING' : 'RESTORE'
}

function asOutbound(e: unknown): OutboundError {
  if (e instanceof OutboundError) return e
  throw e
}
