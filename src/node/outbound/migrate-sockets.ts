// MIGRATE's connection cache: one connection per target host:port, shared by every client of this
// server, kept while it is in use and closed by the cron after 10 s idle (migrateGetSocket /
// migrateCloseTimedoutSockets in Redis). MIGRATE's own logic lives in commands/migrate.ts.
import type { Clock } from '../util/clock.js'
import type { Timers } from '../util/timers.js'
import { RespClient } from './resp-client.js'

/** At most this many targets keep a cached connection; a new one evicts one at random. */
export const MIGRATE_SOCKET_CACHE_ITEMS = 64
/** A cached connection unused for longer than this is closed by the cron. */
export const MIGRATE_SOCKET_CACHE_TTL_MS = 10_000

/** A connection to one target, with what MIGRATE remembers about it. */
export interface MigrateSocket {
  readonly name: string
  readonly client: RespClient
  /** The db the target connection has selected after the last successful MIGRATE; -1 = unknown. */
  lastDbid: number
  lastUseMs: number
  /** The MIGRATE using it now (they take turns: SELECT state and reply order are per connection). */
  turn: Promise<void>
}

/** What the cache needs from the server: time, timers, and a way to run code at every cron tick. */
export interface MigrateSocketsHost {
  readonly clock: Clock
  readonly timers: Timers
}

export class MigrateSockets {
  private readonly sockets = new Map<string, MigrateSocket>()
  /** Connections being opened, so two MIGRATEs to a new target share one connection. */
  private readonly opening = new Map<string, Promise<MigrateSocket>>()

  constructor(private readonly host: MigrateSocketsHost) {}

  /** INFO migrate_cached_sockets. */
  get size(): number { return this.sockets.size }

  /**
   * The cached connection to host:port, or a new one opened within `timeoutMs`. Rejects with an
   * OutboundError when it cannot be opened.
   */
  async get(host: string, port: number, timeoutMs: number): Promise<MigrateSocket> {
    // the name is host and port as the client wrote them, as Redis keys its cache
    const name = `${host}:${port}`
    const cached = this.sockets.get(name)
    if (cached !== undefined && cached.client.open) {
      cached.lastUseMs = this.host.clock.now()
      return cached
    }
    const inFlight = this.opening.get(name)
    if (inFlight !== undefined) return inFlight
    const p = this.open(name, host, port, timeoutMs)
    this.opening.set(name, p)
    try {
      return await p
    } finally {
      this.opening.delete(name)
    }
  }

  private async open(name: string, host: string, port: number, timeoutMs: number): Promise<MigrateSocket> {
    const client = await RespClient.connect({ host, port, connectTimeoutMs: timeoutMs, timers: this.host.timers })
    if (this.sockets.size >= MIGRATE_SOCKET_CACHE_ITEMS) this.evictOne()
    const entry: MigrateSocket = { name, client, lastDbid: -1, lastUseMs: this.host.clock.now(), turn: Promise.resolve() }
    // a connection the target closes leaves the cache at once (its next user connects afresh)
    client.onClose = () => { if (this.sockets.get(name) === entry) this.sockets.delete(name) }
    this.sockets.set(name, entry)
    return entry
  }

  /** Closes the cached connection to a target (after an I/O error: the next MIGRATE reconnects and SELECTs). */
  close(entry: MigrateSocket): void {
    if (this.sockets.get(entry.name) === entry) this.sockets.delete(entry.name)
    entry.client.close()
  }

  /** migrateCloseTimedoutSockets(): closes connections idle past the TTL. */
  cron(now: number): void {
    for (const entry of this.sockets.values()) {
      if (now - entry.lastUseMs > MIGRATE_SOCKET_CACHE_TTL_MS) this.close(entry)
    }
  }

  /** Closes every cached connection (shutdown). */
  closeAll(): void {
    for (const entry of [...this.sockets.values()]) this.close(entry)
  }

  private evictOne(): void {
    const all = [...this.sockets.values()]
    this.close(all[Math.floor(Math.random() * all.length)])
  }
}

/**
 * Runs `work` when the connection's previous MIGRATE is done: in Redis MIGRATEs never overlap (the
 * server blocks), and SELECT state and reply order on a shared connection depend on that.
 */
export function takeTurn<T>(entry: MigrateSocket, work: () => Promise<T>): Promise<T> {
  const run = entry.turn.then(work)
  entry.turn = run.then(() => undefined, () => undefined)
  return run
}

/** What the per-server cache hooks into: the cron and shutdown lists (a Server satisfies it). */
export interface MigrateSocketsServer extends MigrateSocketsHost {
  readonly cronJobs: Array<(now: number) => void>
  readonly shutdownHooks: Array<(opts: never) => unknown>
}

const caches = new WeakMap<object, MigrateSockets>()

/**
 * The server's cache (server.migrate_cached_sockets), made on first use together with its cron job and
 * its shutdown hook, so that a server that never migrates carries nothing.
 */
export function migrateSocketsOf(server: MigrateSocketsServer): MigrateSockets {
  let cache = caches.get(server)
  if (cache === undefined) {
    const created = new MigrateSockets(server)
    cache = created
    caches.set(server, created)
    server.cronJobs.push((now) => created.cron(now))
    server.shutdownHooks.push(() => { created.closeAll(); return null })
  }
  return cache
}

/** INFO migrate_cached_sockets: 0 for a server that never migrated. */
export function migrateCachedSockets(server: object): number {
  return caches.get(server)?.size ?? 0
}
