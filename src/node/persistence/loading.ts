// Redis's "loading" state: raised while the dataset is read in at start-up. The loaders run in slices
// from the event loop; in between, clients are served, but only commands flagged `loading` run (the
// rest get -LOADING), and INFO reports the progress (startLoading / loadingAbsProgress / stopLoading).
// The pacing knobs (key-load-delay, loading-process-events-interval-bytes) are read here too.
import { setImmediate as nextTurn } from 'node:timers/promises'
import type { Config } from '../config/config.js'
import type { Server } from '../server.js'

export class LoadingState {
  /** loading:1 in INFO; commands without the loading flag are refused meanwhile. */
  active = false
  /** Unix seconds when the load began (loading_start_time). */
  startTime = 0
  totalBytes = 0
  loadedBytes = 0
  /** The used-mem AUX field of the RDB being read (loading_rdb_used_mem). */
  rdbUsedMem = 0
  /** SHUTDOWN or a signal came while loading: the loader stops at its next pause. */
  cancelled = false

  /** startLoading(): `totalBytes` is the size of everything that will be read. */
  start(nowMs: number, totalBytes: number): void {
    this.active = true
    this.cancelled = false
    this.startTime = Math.floor(nowMs / 1000)
    this.totalBytes = totalBytes
    this.loadedBytes = 0
    this.rdbUsedMem = 0
  }

  stop(): void {
    this.active = false
  }

  /**
   * The loading_* fields INFO persistence adds while loading, computed as Redis does: the ETA is the
   * elapsed time scaled by what is left, and a fake 1 in the first second.
   */
  infoFields(nowMs: number): Array<[string, string | number]> {
    const perc = this.totalBytes > 0 ? (this.loadedBytes / this.totalBytes) * 100 : 0
    const remaining = this.totalBytes > 0 ? this.totalBytes - this.loadedBytes : 1
    const elapsed = Math.floor(nowMs / 1000) - this.startTime
    const eta = elapsed === 0 ? 1 : Math.floor((elapsed * remaining) / (this.loadedBytes + 1))
    return [
      ['loading_start_time', this.startTime], ['loading_total_bytes', this.totalBytes],
      ['loading_rdb_used_mem', this.rdbUsedMem], ['loading_loaded_bytes', this.loadedBytes],
      ['loading_loaded_perc', perc.toFixed(2)], ['loading_eta_seconds', eta],
    ]
  }
}

/** startLoading(): loading begins, `totalBytes` long; the last-load key counts start again from 0. */
export function startLoading(server: Server, totalBytes: number): void {
  server.loading.start(server.clock.now(), totalBytes)
  server.rdb.lastLoad.loaded = 0
  server.rdb.lastLoad.expired = 0
}

/** How a load is paced: the hidden test knobs, as Redis reads them. */
export interface LoadPacing {
  /** key-load-delay: microseconds spent after each key (each command, for an AOF); see keyLoadDelay(). */
  keyDelayUs: number
  /** loading-process-events-interval-bytes: an RDB load lets clients in each time this many more bytes are read. */
  intervalBytes: number
}

export function loadPacing(config: Config): LoadPacing {
  return { keyDelayUs: config.getInt('key-load-delay'), intervalBytes: config.getInt('loading-process-events-interval-bytes') }
}

/** An AOF load lets clients in once every this many lines read (loadSingleAppendOnlyFile's loop). */
export const AOF_LINES_PER_PAUSE = 1024

const sleeper = new Int32Array(new SharedArrayBuffer(4))

/**
 * debugDelay(): blocks for `us` microseconds; a negative -n means 1 µs with a chance of 1 in n. It
 * blocks the whole loop on purpose, as Redis's usleep() does: clients are let in only between slices.
 */
export function keyLoadDelay(us: number): void {
  const wait = us < 0 ? (Math.floor(Math.random() * -us) === 0 ? 1 : 0) : us
  if (wait > 0) Atomics.wait(sleeper, 0, 0, wait / 1000)
}

/** The load was given up because the server is shutting down. */
export class LoadCancelled extends Error {
  constructor() {
    super('loading cancelled by shutdown')
    this.name = 'LoadCancelled'
  }
}

/**
 * A load written as steps: it yields at each point where Redis's loader lets clients in, and the driver
 * decides what happens there. Start-up serves clients (runServingClients); DEBUG LOADAOF, a command
 * that must answer when the data is in, runs it straight through (runToEnd).
 */
export type LoadSteps<T> = Generator<void, T, void>

/** Runs a load serving clients at each pause; throws LoadCancelled when a shutdown came meanwhile. */
export async function runServingClients<T>(server: Server, steps: LoadSteps<T>): Promise<T> {
  for (;;) {
    const step = steps.next()
    if (step.done === true) return step.value
    await serveClientsMeanwhile(server)
    if (server.loading.cancelled) throw new LoadCancelled()
  }
}

/** Runs a load to its end without letting anyone in. */
export function runToEnd<T>(steps: LoadSteps<T>): T {
  for (;;) {
    const step = steps.next()
    if (step.done === true) return step.value
  }
}

/** Connections accepted and reads done so far: moves when a turn of the event loop served someone. */
function activity(server: Server): number {
  return server.stats.totalConnectionsReceived + server.stats.totalReadsProcessed
}

/**
 * processEventsWhileBlocked(): lets the event loop serve clients, in rounds (turns of the loop) while
 * the last one had something to do, at most four, as Redis does: a new connection is accepted in one
 * round, read in the next, and its reply (written from setImmediate, net/pending-writes.ts) leaves at
 * the end of that one, before the loader takes the loop again.
 */
export async function serveClientsMeanwhile(server: Server): Promise<void> {
  for (let round = 0; round < 4; round++) {
    const before = activity(server)
    await nextTurn()
    if (activity(server) === before) return
  }
  await nextTurn()
}
