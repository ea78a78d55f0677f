// SAVE and start-up loading for rcl-node: the keyspace to and from `dir/dbfilename`. The AUX fields
// are the ones Redis 7.0 writes on a server without replication.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { limits } from '../keyspace/limits.js'
import { isLfuPolicy, isLruPolicy } from '../keyspace/lru.js'
import { usedMemory } from '../info/sampler.js'
import { ReplyError } from '../resp/types.js'
import { REDIS_VERSION, type Server } from '../server.js'
import { keyspaceEntries, loadRdb, type AccessHint, type LoadResult } from './keyspace-rdb.js'
import { RdbFileWriter } from './rdb-file.js'
import { writeFileAtomically } from './rdb-disk.js'

export function rdbPath(server: Server): string {
  return join(server.config.get('dir'), server.config.get('dbfilename'))
}

function accessHint(server: Server): AccessHint {
  const policy = server.config.get('maxmemory-policy')
  return isLruPolicy(policy) ? 'idle' : isLfuPolicy(policy) ? 'freq' : 'none'
}

/** The whole keyspace as RDB file bytes, a chunk per 1,024 keys. */
export function snapshotChunks(server: Server): Buffer[] {
  const now = server.clock.now()
  const w = new RdbFileWriter({
    compress: server.config.getBool('rdbcompression'),
    checksum: server.config.getBool('rdbchecksum'),
    limits,
  })
  w.header([['redis-ver', REDIS_VERSION], ['redis-bits', '64'], ['ctime', String(Math.floor(now / 1000))], ['used-mem', String(usedMemory())], ['aof-base', '0']])
  const chunks: Buffer[] = []
  const hint = accessHint(server)
  for (const db of server.dbs) {
    if (db.size === 0) continue
    w.selectDb(db.id, db.size, db.expires.size)
    let written = 0
    for (const e of keyspaceEntries([db], hint)) {
      w.entry(e.key, e.value, e.expireAt, e.idle, e.freq)
      if (++written % 1024 === 0) chunks.push(w.take())
    }
  }
  chunks.push(w.finish().take())
  return chunks
}

/** Writes the dump synchronously (SAVE, DEBUG RELOAD, SHUTDOWN SAVE). False, with the reason logged, when it cannot. */
export function saveSync(server: Server): boolean {
  try {
    writeFileAtomically(server.config.get('dir'), server.config.get('dbfilename'), snapshotChunks(server))
  } catch (e) {
    server.log.warning(`Failed saving the DB: ${(e as Error).message}`)
    return false
  }
  server.dirty = 0
  server.lastSave = server.clock.now()
  server.stats.rdbSaves++
  server.log.notice('DB saved on disk')
  return true
}

/**
 * Loads `dir/dbfilename` into the keyspace. Returns null when there is no such file; throws RdbFileError
 * when the file cannot be loaded (keys read before the fault stay). The file itself is only read.
 */
export function loadDump(server: Server, merge = false): LoadResult | null {
  let buf: Buffer
  try {
    buf = readFileSync(rdbPath(server))
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null
    throw e
  }
  const started = server.clock.now()
  const result = loadRdb(buf, server.dbs, { now: started, dropExpired: true, merge })
  server.lastRdbLoad.loaded = result.keys
  server.lastRdbLoad.expired = result.expiredSkipped
  server.log.notice(`Done loading RDB, keys loaded: ${result.keys}, keys expired: ${result.expiredSkipped}.`)
  server.log.notice(`DB loaded from disk: ${((server.clock.now() - started) / 1000).toFixed(3)} seconds`)
  return result
}

/** SHUTDOWN SAVE writes the dump before the server goes; a failed save keeps the server up, as in Redis. */
export function installRdbPersistence(server: Server): void {
  server.shutdownHooks.push((opts) => {
    if (opts.save !== true) return null
    server.log.notice('Saving the final RDB snapshot before exiting.')
    if (saveSync(server)) return null
    server.log.warning("Error trying to save the DB, can't exit.")
    return new ReplyError('ERR Errors trying to SHUTDOWN. Check logs.')
  })
}
