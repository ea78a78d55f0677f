// Loading an append-only directory at start-up: the base file (an RDB, or commands), then each incremental
// file in manifest order, in slices from the event loop as Redis's loader does (clients in between get
// -LOADING). A file cut short at its end is the normal aftermath of a crash: with aof-load-truncated the
// last file is cut back to its last whole command (or before an unfinished MULTI) and loading goes on, as
// Redis does. Anything else wrong stops the start with Redis's log lines and rcl-node's (file and offset),
// leaving the files as they are.
import { readFileSync, statSync, truncateSync } from 'node:fs'
import { join } from 'node:path'
import type { Server } from '../server.js'
import { strerror } from '../util/errno.js'
import { readAofCommands, type AofReadResult } from './aof-commands.js'
import type { AofFileInfo, AofManifest } from './aof-manifest.js'
import { AofReplayError, AofReplayer } from './aof-replay.js'
import { AOF_LINES_PER_PAUSE, keyLoadDelay, startLoading, type LoadSteps } from './loading.js'
import { DatasetLoadError, aofLines, rdbFaultLines } from './load-errors.js'
import { RdbFileError } from './rdb-file.js'
import { logDoneLoading, rdbLoadSteps } from './rdb-load.js'

export interface AofLoadResult {
  /** Bytes of every file as loaded (after any truncation): aof_current_size. */
  totalSize: number
  baseSize: number
}

/** One file being loaded, and where it sits in the whole load. */
interface AofFileLoad {
  file: AofFileInfo
  path: string
  last: boolean
  /** Bytes of the files before it, for the progress figure. */
  before: number
}

/** Loads the manifest's files in order, pausing as Redis's loader lets clients in (see LoadSteps). */
export function* aofLoadSteps(server: Server, dir: string, manifest: AofManifest): LoadSteps<AofLoadResult> {
  const files: AofFileInfo[] = [...(manifest.base ? [manifest.base] : []), ...manifest.incrs]
  const sizes = files.map((f) => fileSize(dir, f))
  startLoading(server, sizes.reduce((a, b) => a + b, 0))
  const replayer = new AofReplayer(server)
  const started = performance.now()
  let totalSize = 0
  let baseSize = 0
  for (let i = 0; i < files.length; i++) {
    const file = files[i]
    const t0 = performance.now()
    const size = yield* loadOne(server, replayer, { file, path: join(dir, file.name), last: i === files.length - 1, before: totalSize })
    totalSize += size
    if (file.type === 'b') baseSize = size
    if (sizes[i] > 0) server.log.notice(`DB loaded from ${file.type === 'b' ? 'base' : 'incr'} file ${file.name}: ${seconds(t0)} seconds`)
  }
  server.log.notice(`DB loaded from append only file: ${seconds(started)} seconds`)
  server.dirty = 0
  return { totalSize, baseSize }
}

/** Redis sizes every file before loading any (the progress total), so a missing one stops it first. */
function fileSize(dir: string, file: AofFileInfo): number {
  try {
    return statSync(join(dir, file.name)).size
  } catch (e) {
    throw new DatasetLoadError([aofLines.missing(file.name, e), `Can't load the append only file ${file.name} in ${dir}: ${strerror(e)}`])
  }
}

/** One file into the keyspace; returns its size as kept. */
function* loadOne(server: Server, replayer: AofReplayer, f: AofFileLoad): LoadSteps<number> {
  const buf = readFileSync(f.path)
  if (buf.length === 0) return 0
  if (buf.subarray(0, 5).toString('latin1') === 'REDIS') {
    yield* loadRdbBase(server, buf, f)
    return buf.length
  }
  const outcome = yield* replayCommands(server, replayer, buf, f)
  if (outcome.kind === 'corrupt') throw failure(f, [aofLines.badFormat(f.file.name)], `Bad file format (at offset ${outcome.offset})`)
  if (outcome.kind === 'done' && !replayer.inTransaction) return buf.length
  return cutTail(server, replayer, f, outcome.kind === 'truncated' ? outcome.offset : buf.length)
}

/** The load failed: Redis's lines, then rcl-node's naming the file. */
function failure(f: AofFileLoad, redisLines: string[], detail: string): DatasetLoadError {
  return new DatasetLoadError([...redisLines, `Can't load the append only file ${f.file.name} in ${join(f.path, '..')}: ${detail}`])
}

function* loadRdbBase(server: Server, buf: Buffer, f: AofFileLoad): LoadSteps<void> {
  if (f.file.type !== 'b') throw failure(f, [aofLines.badFormat(f.file.name)], 'an RDB where commands belong')
  server.log.notice('Reading RDB base file on AOF loading...')
  try {
    // an AOF base keeps its expired keys, as Redis loads an RDB preamble: the commands after it may
    // still use them, and they go by DEL once loading is over
    logDoneLoading(server, yield* rdbLoadSteps(server, buf, { baseOffset: f.before, dropExpired: false }))
  } catch (e) {
    if (!(e instanceof RdbFileError)) throw e
    const redis = rdbFaultLines(e, server.loading.loadedBytes)
    throw failure(f, e.fault === 'version' ? [...redis, ...aofLines.baseAborted(f.file.name)] : redis, e.message)
  }
}

/** The commands of one file, AOF_LINES_PER_PAUSE lines per slice, key-load-delay after each command. */
function* replayCommands(server: Server, replayer: AofReplayer, buf: Buffer, f: AofFileLoad): LoadSteps<AofReadResult> {
  const delayUs = server.config.getInt('key-load-delay')
  let start = 0
  const run = (argv: string[], end: number): void => {
    replayer.run(argv, start)
    start = end
    if (delayUs !== 0) keyLoadDelay(delayUs)
  }
  for (let offset = 0; ;) {
    // loadSingleAppendOnlyFile() lets clients in before the first line of a file, then every 1024 lines
    server.loading.loadedBytes = f.before + offset
    yield
    let outcome: AofReadResult
    try {
      outcome = readAofCommands(buf, run, offset, AOF_LINES_PER_PAUSE)
    } catch (e) {
      if (e instanceof AofReplayError) throw failure(f, [`${e.message} ${f.file.name}`], `${e.message} (at offset ${start})`)
      throw e
    }
    if (outcome.kind !== 'paused') {
      server.loading.loadedBytes = f.before + buf.length
      return outcome
    }
    offset = outcome.offset
  }
}

/** The file ends inside a command or a transaction: cut it back if allowed, or stop. Returns the new size. */
function cutTail(server: Server, replayer: AofReplayer, f: AofFileLoad, offset: number): number {
  const log = server.log
  const name = f.file.name
  const cut = replayer.inTransaction ? replayer.multiStart : offset
  if (!f.last || !server.config.getBool('aof-load-truncated')) {
    // a torn file that is not the last one is not cut (Redis would cut it and then stop anyway)
    throw failure(f, [aofLines.unexpectedEnd(name)], `Unexpected end of file (at offset ${offset})`)
  }
  if (replayer.inTransaction) {
    log.warning(`Revert incomplete MULTI/EXEC transaction in AOF file ${name}`)
    replayer.dropOpenTransaction()
  }
  log.warning(`!!! Warning: short read while loading the AOF file ${name}!!!`)
  log.warning(`!!! Truncating the AOF ${name} at offset ${cut} !!!`)
  try {
    truncateSync(f.path, cut)
  } catch (e) {
    throw failure(f, [`Error truncating the AOF file ${name}: ${(e as Error).message}`, aofLines.unexpectedEnd(name)], `it cannot be cut back to offset ${cut}`)
  }
  log.warning(`AOF ${name} loaded anyway because aof-load-truncated is enabled`)
  return cut
}

function seconds(t0: number): string {
  return ((performance.now() - t0) / 1000).toFixed(3)
}
