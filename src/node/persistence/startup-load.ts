// Loading the dataset at start-up, as Redis's loadDataFromDisk() does: the append-only directory with
// appendonly yes (the dump is then not read), the dump otherwise. The server is already listening: the
// load runs in slices from the event loop, and until it ends, commands without the loading flag get
// -LOADING (the loading gate) and nothing that needs the dataset runs (cron, replication).
import { readFileSync } from 'node:fs'
import type { Server } from '../server.js'
import { strerror } from '../util/errno.js'
import { AofManifestError, manifestName } from './aof-manifest.js'
import { DatasetLoadError, dumpDamaged, dumpUnreadable, manifestReport } from './load-errors.js'
import { LoadCancelled, runServingClients, startLoading } from './loading.js'
import { RdbFileError } from './rdb-file.js'
import { logDoneLoading, rdbLoadSteps } from './rdb-load.js'
import { rdbPath } from './rdb-save.js'

/** How a start-up load ended: the dataset is in, or a shutdown came first (the process is going down). */
export type StartupLoad = 'loaded' | 'cancelled'

/** Loads the dataset; throws DatasetLoadError (with the lines to log) when a file cannot be loaded. */
export async function loadDataAtStart(server: Server): Promise<StartupLoad> {
  // SHUTDOWN (or a signal) while loading: the loader stops at its next pause (nothing is saved, see RdbPersistence)
  server.shutdownHooks.push(() => {
    if (server.loading.active) server.loading.cancelled = true
    return null
  })
  try {
    if (server.aof.state === 'on') await loadAppendOnly(server)
    else await loadDumpFile(server)
    return 'loaded'
  } catch (e) {
    if (e instanceof LoadCancelled) return 'cancelled'
    throw e
  } finally {
    server.loading.stop()
  }
}

async function loadDumpFile(server: Server): Promise<void> {
  const path = rdbPath(server)
  const started = performance.now()
  let buf: Buffer
  try {
    buf = readFileSync(path)
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw dumpUnreadable(path, e)
    server.aof.adoptManifest()
    return
  }
  startLoading(server, buf.length)
  const repl: { id?: string; offset?: number; db?: number } = {}
  const willReplicate = server.config.get('replicaof') !== ''
  try {
    logDoneLoading(server, await runServingClients(server, rdbLoadSteps(server, buf, {
      baseOffset: 0,
      // a replica keeps expired keys for its master's DEL; a master's leave by DEL through its backlog,
      // so its old replicas drop them too
      dropExpired: !willReplicate,
      onExpired: willReplicate ? undefined : server.replication.beginStartupLoad(),
      aux: (k, v) => {
        if (k === 'repl-id') repl.id = v
        else if (k === 'repl-offset') repl.offset = Number(v)
        else if (k === 'repl-stream-db') repl.db = Number(v)
      },
    })))
  } catch (e) {
    if (e instanceof RdbFileError) throw dumpDamaged(path, e, server.loading.loadedBytes)
    throw e
  }
  server.log.notice(`DB loaded from disk: ${((performance.now() - started) / 1000).toFixed(3)} seconds`)
  if (repl.id?.length === 40 && Number.isSafeInteger(repl.offset) && (repl.offset as number) >= 0) {
    server.replication.restoreFromDump(repl.id, repl.offset as number, repl.db ?? 0, willReplicate)
  } else if (!willReplicate) {
    server.replication.endStartupLoad()
  }
  server.aof.adoptManifest()
}

async function loadAppendOnly(server: Server): Promise<void> {
  try {
    await server.aof.loadAtStart()
  } catch (e) {
    if (!(e instanceof AofManifestError)) throw e
    const manifest = manifestName(server.config.get('appendfilename'))
    throw new DatasetLoadError([...manifestReport(e.reason, e.lineNo, e.line), `Can't load the append only files in ${server.aof.dir}: ${e.message} in ${manifest}`])
  }
  // CONFIG SET appendonly no while loading leaves nothing to open (aofOpenIfNeededOnServerStart)
  if (server.aof.state !== 'on') return
  try {
    server.aof.openAtStart()
  } catch (e) {
    throw new DatasetLoadError([`Can't open the append-only file in ${server.aof.dir}: ${strerror(e)}. Exiting.`])
  }
}
