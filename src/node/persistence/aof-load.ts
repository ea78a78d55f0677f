// Loading an append-only directory at start-up: the base file (an RDB, or commands), then each incremental
// file in manifest order. A file cut short at its end is the normal aftermath of a crash: with
// aof-load-truncated the last file is cut back to its last whole command (or before an unfinished
// MULTI) and loading goes on, as Redis does. Anything else wrong stops the start, naming the file and
// offset and leaving the files as they are.
import { existsSync, readFileSync, truncateSync } from 'node:fs'
import { join } from 'node:path'
import type { Server } from '../server.js'
import { readAofCommands } from './aof-commands.js'
import type { AofFileInfo, AofManifest } from './aof-manifest.js'
import { AofReplayError, AofReplayer } from './aof-replay.js'
import { loadRdb } from './keyspace-rdb.js'
import { RdbFileError } from './rdb-file.js'

export class AofLoadError extends Error {}

const FIX_HINT = 'make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>'

export interface AofLoadResult {
  /** Bytes of every file as loaded (after any truncation): aof_current_size. */
  totalSize: number
  baseSize: number
}

export function loadAofFiles(server: Server, dir: string, manifest: AofManifest): AofLoadResult {
  const replayer = new AofReplayer(server)
  const started = performance.now()
  const files: AofFileInfo[] = [...(manifest.base ? [manifest.base] : []), ...manifest.incrs]
  let totalSize = 0
  let baseSize = 0
  for (let i = 0; i < files.length; i++) {
    const file = files[i]
    const t0 = performance.now()
    const size = loadOne(server, replayer, join(dir, file.name), file, i === files.length - 1)
    totalSize += size
    if (file.type === 'b') baseSize = size
    server.log.notice(`DB loaded from ${file.type === 'b' ? 'base' : 'incr'} file ${file.name}: ${seconds(t0)} seconds`)
  }
  server.log.notice(`DB loaded from append only file: ${seconds(started)} seconds`)
  server.dirty = 0
  return { totalSize, baseSize }
}

/** One file into the keyspace; returns its size as kept. */
function loadOne(server: Server, replayer: AofReplayer, path: string, file: AofFileInfo, last: boolean): number {
  if (!existsSync(path)) throw new AofLoadError(`The AOF file ${file.name} doesn't exist`)
  const buf = readFileSync(path)
  if (buf.length === 0) return 0
  if (buf.subarray(0, 5).toString('latin1') === 'REDIS') {
    if (file.type !== 'b') throw new AofLoadError(`Bad file format reading the append only file ${file.name} (an RDB where commands belong): ${FIX_HINT}`)
    try {
      // an AOF base keeps its expired keys, as Redis loads an RDB preamble: the commands after it may
      // still use them, and they go by DEL once loading is over
      const r = loadRdb(buf, server.dbs, { now: server.clock.now(), dropExpired: false })
      server.log.notice(`Done loading RDB, keys loaded: ${r.keys}, keys expired: ${r.expiredSkipped}.`)
    } catch (e) {
      const where = e instanceof RdbFileError ? ` (at offset ${e.offset})` : ''
      throw new AofLoadError(`Bad file format reading the append only file ${file.name}${where}: ${(e as Error).message}`)
    }
    return buf.length
  }
  let start = 0
  let outcome
  try {
    outcome = readAofCommands(buf, (argv, end) => {
      replayer.run(argv, start)
      start = end
    })
  } catch (e) {
    if (e instanceof AofReplayError) throw new AofLoadError(`${e.message} ${file.name} (at offset ${start})`)
    throw e
  }
  if (outcome.kind === 'corrupt') {
    throw new AofLoadError(`Bad file format reading the append only file ${file.name} (at offset ${outcome.offset}): ${FIX_HINT}`)
  }
  if (outcome.kind === 'done' && !replayer.inTransaction) return buf.length
  return cutTail(server, replayer, path, file, last, outcome.kind === 'truncated' ? outcome.offset : buf.length)
}

/** The file ends inside a command or a transaction: cut it back if allowed, or stop. Returns the new size. */
function cutTail(server: Server, replayer: AofReplayer, path: string, file: AofFileInfo, last: boolean, offset: number): number {
  const log = server.log
  const cut = replayer.inTransaction ? replayer.multiStart : offset
  if (!last || !server.config.getBool('aof-load-truncated')) {
    throw new AofLoadError(
      `Unexpected end of file reading the append only file ${file.name} (at offset ${offset}). You can: ` +
      `1) Make a backup of your AOF file, then use ./redis-check-aof --fix <filename.manifest>. ` +
      `2) Alternatively you can set the 'aof-load-truncated' configuration option to yes and restart the server.`,
    )
  }
  if (replayer.inTransaction) {
    log.warning(`Revert incomplete MULTI/EXEC transaction in AOF file ${file.name}`)
    replayer.dropOpenTransaction()
  } else {
    log.warning(`!!! Warning: short read while loading the AOF file ${file.name}!!!`)
  }
  log.warning(`!!! Truncating the AOF ${file.name} at offset ${cut} !!!`)
  try {
    truncateSync(path, cut)
  } catch (e) {
    throw new AofLoadError(`Error truncating the AOF file ${file.name}: ${(e as Error).message}`)
  }
  log.warning(`AOF ${file.name} loaded anyway because aof-load-truncated is enabled`)
  return cut
}

function seconds(t0: number): string {
  return ((performance.now() - t0) / 1000).toFixed(3)
}
