// Going down after a crash, as Redis does: the bug report (crash-report.ts) goes to the log first, then the
// process dies by the signal Redis dies by — SIGSEGV for DEBUG SEGFAULT, SIGABRT (abort) for assertions,
// panics and out-of-memory, or exit status 1 for those under use-exit-on-panic. Exceptions that nothing
// caught go the same way instead of Node's bare stack trace on stderr.
import { appendFileSync, writeSync } from 'node:fs'
import { bugReport, stackFrames, type CrashCause, type CrashClient, type ReportPiece } from './crash-report.js'
import type { Server } from './server.js'
import { formatLogLine, type Logger } from './util/log.js'

/** Servers that own their process (rcl-node's main): a crash ends the process, not just the server. */
const processOwners = new WeakSet<Server>()
const crashing = new WeakSet<Server>()

/** main: this server is the process; uncaught exceptions and rejections become crash reports. */
export function installCrashHandlers(server: Server): void {
  processOwners.add(server)
  const onUncaught = (error: unknown): void => {
    crash(server, { kind: 'uncaught', error }, stackFrames(error instanceof Error ? error.stack : undefined))
  }
  process.on('uncaughtException', onUncaught)
  process.on('unhandledRejection', onUncaught)
}

/**
 * Writes the bug report and ends the process. A server embedded in another process (tests, a library
 * user) is shut down instead, so the report can be read and the host lives on.
 */
export function crash(server: Server, cause: CrashCause, frames: string[], current?: CrashClient): void {
  const owner = processOwners.has(server)
  if (crashing.has(server)) {
    // a crash while reporting one: no second report, just go
    if (owner) endProcess(server, cause)
    return
  }
  crashing.add(server)
  // a fatal signal has no handler when crash-log-enabled is no, so Redis writes nothing for it then
  const silent = cause.kind === 'signal' && !server.config.getBool('crash-log-enabled')
  if (!silent) {
    try {
      writeRaw(server.log, render(server, bugReport(server, cause, frames, current)))
    } catch (e) {
      writeRaw(server.log, `rcl-node crashed (${String(cause.kind)}), and the bug report failed: ${String(e)}\n`)
    }
  }
  if (owner) endProcess(server, cause)
  else server.shutdown({ save: false, now: true, force: true, reason: 'The server crashed: shutting it down (it does not own its process)' })
}

/** bugReportEnd(): die by the crash's signal, so core dumps and exit statuses are what they are for Redis. */
function endProcess(server: Server, cause: CrashCause): never {
  if (cause.kind !== 'signal' && server.config.getBool('use-exit-on-panic')) process.exit(1)
  const signal = cause.kind === 'signal' ? cause.signal : 'SIGABRT'
  process.kill(process.pid, signal)
  // kill() delivers a signal to its own caller before returning; this only runs if it was blocked
  process.exit(128 + (signal === 'SIGSEGV' ? 11 : 6))
}

function render(server: Server, pieces: ReportPiece[]): string {
  const now = server.clock.now()
  let text = ''
  for (const p of pieces) {
    text += 'raw' in p ? p.raw : formatLogLine({ pid: process.pid, role: server.log.role, level: 'warning', now, msg: p.log }) + '\n'
  }
  return text
}

/** Straight to the log file or stdout, synchronously: the process is about to end. */
function writeRaw(log: Logger, text: string): void {
  if (log.file !== '') {
    try {
      appendFileSync(log.file, text)
      return
    } catch { /* fall back to stdout, as the logger does */ }
  }
  const bytes = Buffer.from(text)
  let off = 0
  for (let tries = 0; off < bytes.length && tries < 10000; tries++) {
    try {
      off += writeSync(1, bytes, off)
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') return
    }
  }
}
