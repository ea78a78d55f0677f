// A full sync's RDB payload on the replica side: parsed as it arrives into staging databases beside the
// old data (which stays if the payload turns out damaged, as with repl-diskless-load swapdb), then
// swapped in whole. The framing ($<len> or $EOF:) and the link itself live in master-link.ts.
import { Db, type KeyspaceHooks } from '../keyspace/db.js'
import { loadingVisitor, type LoadResult } from '../persistence/keyspace-rdb.js'
import { RdbStreamReader } from '../persistence/rdb-file.js'
import { writeFileAtomically } from '../persistence/rdb-disk.js'
import type { Server } from '../server.js'

export class PayloadLoad {
  private readonly staging: Db[]
  private readonly reader: RdbStreamReader
  private readonly result: LoadResult
  /** The payload's own bytes, when it is to become this node's dump.rdb. */
  private readonly kept: Buffer[] | null
  /** The db the master's stream is in after the payload (its repl-stream-db AUX field). */
  streamDb = 0

  constructor(private readonly server: Server) {
    server.log.notice('MASTER <-> REPLICA sync: Loading DB in memory')
    // nothing in a payload being parsed expires, nor counts as a TTL this replica's clients set
    const hooks: KeyspaceHooks = { clock: server.clock, encodingLimits: server.encodingLimits, onExpired: () => undefined, expiresDeferred: true, replaying: true }
    this.staging = server.dbs.map((db) => new Db(db.id, hooks))
    // a cluster node keeps its per-slot key index across the swap (COUNTKEYSINSLOT, migration)
    if (server.dbs[0].slotIndex !== null) this.staging[0].enableSlotIndex()
    this.kept = keepsPayload(server) ? [] : null
    const { visitor, result } = loadingVisitor(this.staging, {
      now: server.clock.now(), dropExpired: false, aux: (k, v) => { if (k === 'repl-stream-db') this.streamDb = Number(v) || 0 },
    })
    this.result = result
    this.reader = new RdbStreamReader(visitor, this.staging.length)
  }

  /** More payload bytes; throws when they are already not an RDB. */
  push(bytes: Buffer): void {
    if (bytes.length === 0) return
    // the reader may keep a reference to a read buffer: give it its own copy
    const copy = Buffer.from(bytes)
    this.kept?.push(copy)
    this.reader.push(copy)
  }

  /**
   * The whole payload is in: the trailer is checked (throws when it is wrong, the old data staying),
   * then the staging dbs replace the old data, the payload is kept as dump.rdb if wanted, and the AOF,
   * if on, starts again from the new dataset.
   */
  finish(): void {
    const server = this.server
    const log = server.log
    this.reader.end()
    log.notice('MASTER <-> REPLICA sync: Flushing old data')
    for (let i = 0; i < server.dbs.length; i++) {
      if (server.watch.size !== 0) server.watch.touchDb(i)
      server.dbs[i].swapContents(this.staging[i])
      server.dbs[i].avgTtl = 0
      server.blocking.signalDb(i, (k) => server.dbs[i].data.has(k))
    }
    server.replicaKeysWithExpire.flush()
    log.notice(`Done loading RDB, keys loaded: ${this.result.keys}, keys expired: ${this.result.expiredSkipped}.`)
    if (this.kept !== null) keepPayload(server, Buffer.concat(this.kept))
    if (server.aof.state !== 'off') {
      // the AOF on disk describes the old dataset: it starts again from the new one, as Redis restarts it
      log.notice('MASTER <-> REPLICA sync: Restarting the AOF after a full resync')
      server.aof.disable()
      server.aof.enable()
    }
  }
}

/**
 * repl-diskless-load disabled (the default): like Redis, the payload becomes this node's dump.rdb
 * (it carries the master's id and offset, so a restart can continue partially), unless
 * rdb-del-sync-files asks not to keep it on a node that persists nothing.
 */
function keepsPayload(server: Server): boolean {
  const config = server.config
  if (config.get('repl-diskless-load') !== 'disabled') return false
  const persistsNothing = config.get('save') === '' && server.aof.state === 'off'
  return !(config.getBool('rdb-del-sync-files') && persistsNothing)
}

function keepPayload(server: Server, rdb: Buffer): void {
  const config = server.config
  try {
    writeFileAtomically(config.get('dir'), config.get('dbfilename'), [rdb])
  } catch (e) {
    server.log.warning(`Failed trying to save the MASTER synchronization DB to disk: ${(e as Error).message}`)
  }
}
