// The bug report a crash writes to the log, in the shape of Redis 7.0's (=== REDIS BUG REPORT START ... END
// ===, the same section titles), filled with rcl-node's own content: the JavaScript stack, INFO, the client
// list and the client being served. Ending the process lives in crash.ts.
import type { Db } from './keyspace/db.js'
import type { Value } from './keyspace/value.js'
import { stringEncoding } from './keyspace/string-encoding.js'
import type { ClientState } from './client/state.js'
import { clientInfoLine } from './commands/client-list.js'
import { directiveLines } from './config/rewrite.js'
import { quoteWord } from './config/quote.js'
import { genInfoString, selectSections } from './info/index.js'
import type { Server } from './server.js'
import { RCL_VERSION, REDIS_VERSION } from './version.js'

/** The client whose command was running when the crash happened (Redis's server.current_client). */
export interface CrashClient {
  client: ClientState
  argv: string[]
  db: Db
}

/** Why the process goes down; each kind writes the headline its Redis counterpart writes. */
export type CrashCause =
  /** serverAssertWithInfo(): a condition that must hold did not, with the client and object it was about. */
  | { kind: 'assert'; expr: string; object?: string }
  /** serverPanic(): a state the code cannot go on from. */
  | { kind: 'panic'; message: string }
  /** An allocation that could not be made (Redis's zmalloc OOM handler). */
  | { kind: 'oom'; bytes: number }
  /** A fatal signal this process sent itself (DEBUG SEGFAULT). */
  | { kind: 'signal'; signal: 'SIGSEGV'; number: number }
  /** An exception (or rejection) nothing caught: rcl-node's counterpart of a crash in C. */
  | { kind: 'uncaught'; error: unknown }

/** A report as it goes to the log: lines that get the log prefix, and raw text that does not. */
export type ReportPiece = { log: string } | { raw: string }

export const REPORT_START = '=== REDIS BUG REPORT START: Cut & paste starting from here ==='
export const REPORT_END = '=== REDIS BUG REPORT END. Make sure to include from START to END. ==='

/** Config values Redis marks DEBUG_CONFIG and lists under CONFIG DEBUG OUTPUT. */
const DEBUG_CONFIGS = [
  'activedefrag', 'repl-diskless-sync', 'repl-diskless-load', 'io-threads-do-reads', 'io-threads', 'lazyfree-lazy-expire',
  'list-compress-depth', 'lazyfree-lazy-user-del', 'replica-read-only', 'slave-read-only', 'client-query-buffer-limit',
  'proto-max-bulk-len', 'lazyfree-lazy-eviction', 'lazyfree-lazy-server-del', 'sanitize-dump-payload', 'lazyfree-lazy-user-flush',
]

/**
 * Every piece of the report for `cause`. `frames` is the JavaScript stack (innermost first) of the code
 * that crashed. With crash-log-enabled no, only the headline is written between START and END, as in
 * Redis (where a fatal signal then has no handler at all: the caller writes nothing for it).
 */
export function bugReport(server: Server, cause: CrashCause, frames: string[], current?: CrashClient): ReportPiece[] {
  const out: ReportPiece[] = []
  if (cause.kind === 'oom') out.push({ log: `Out Of Memory allocating ${cause.bytes} bytes!` })
  out.push({ raw: `\n\n${REPORT_START}\n` })
  out.push(...headline(cause, frames, current))
  if (server.config.getBool('crash-log-enabled')) {
    out.push(...stackTrace(cause, frames))
    out.push(...crashDetails(server, current))
  }
  out.push({ raw: `\n${REPORT_END}\n\n${trailer()}` })
  return out
}

/** The report's closing lines: which build crashed and where to report it. */
function trailer(): string {
  return `       rcl-node ${RCL_VERSION} (Redis ${REDIS_VERSION} compatible), Node.js ${process.version}\n\n` +
    '       Please report the crash to rcl\'s maintainers, with the lines from START to END.\n'
}

/** "rcl-node.cjs:1234" of the innermost frame, like the file:line Redis prints after an assertion or panic. */
export function frameLocation(frames: string[]): string {
  const frame = frames[0] ?? ''
  const m = /:(\d+):\d+\)?$/.exec(frame)
  if (m === null) return 'unknown:0'
  // "fn (where:line:col)" or just "where:line:col"
  const open = frame.indexOf(' (')
  const where = frame.slice(open >= 0 && frame.endsWith(')') ? open + 2 : 0, m.index)
  const file = where.startsWith('file://') || where.startsWith('/') ? where.slice(where.lastIndexOf('/') + 1) : where
  return `${file}:${m[1]}`
}

/** The frames of an Error's stack, without the message line and the "at " of each frame. */
export function stackFrames(stack: string | undefined): string[] {
  if (stack === undefined) return []
  return stack.split('\n').filter((l) => /^\s+at /.test(l)).map((l) => l.replace(/^\s+at /, ''))
}

function headline(cause: CrashCause, frames: string[], current?: CrashClient): ReportPiece[] {
  switch (cause.kind) {
    case 'assert': return [
      ...(current ? assertClientContext(current) : []),
      ...(cause.object !== undefined ? assertObjectContext(cause.object) : []),
      { log: '=== ASSERTION FAILED ===' },
      { log: `==> ${frameLocation(frames)} '${cause.expr}' is not true` },
    ]
    case 'panic': return guruMeditation(cause.message, frames)
    case 'oom': return guruMeditation(`Redis aborting for OUT OF MEMORY. Allocating ${cause.bytes} bytes!`, frames)
    case 'uncaught': return guruMeditation(`Uncaught ${describeError(cause.error)}`, frames)
    case 'signal': return [
      { log: `Redis ${REDIS_VERSION} crashed by signal: ${cause.number}, si_code: 0` },
      // si_code 0 is SI_USER: the signal came from kill(), so Redis names the sender (here, itself)
      { log: `Killed by PID: ${process.pid}, UID: ${process.getuid?.() ?? 0}` },
    ]
  }
}

function guruMeditation(message: string, frames: string[]): ReportPiece[] {
  return [
    { log: '------------------------------------------------' },
    { log: '!!! Software Failure. Press left mouse button to continue' },
    { log: `Guru Meditation: ${message} #${frameLocation(frames)}` },
  ]
}

function describeError(e: unknown): string {
  if (e instanceof Error) return `${e.name}: ${e.message}`
  return `exception: ${String(e)}`
}

/** Redis's client flag bits, for the ones rcl-node's clients can have. */
function clientFlagBits(c: ClientState): number {
  let f = 0
  if (c.isReplica) f |= 1 << 0
  if (c.isMaster) f |= 1 << 1
  if (c.isMonitor) f |= 1 << 2
  if (c.multi !== null) f |= 1 << 3
  if (c.blocked) f |= 1 << 4
  if (c.dirtyCas) f |= 1 << 5
  if (c.link.remoteAddress.startsWith('/')) f |= 1 << 11
  if (c.readonly) f |= 1 << 17
  if (c.isPubsub) f |= 1 << 18
  return f
}

function assertClientContext({ client, argv }: CrashClient): ReportPiece[] {
  return [
    { log: '=== ASSERTION FAILED CLIENT CONTEXT ===' },
    { log: `client->flags = ${clientFlagBits(client)}` },
    { log: `client->conn = fd=${client.link.fd}` },
    { log: `client->argc = ${argv.length}` },
    ...argv.map((a, j) => ({ log: `client->argv[${j}] = "${a}" (refcount: 1)` })),
  ]
}

/** The argument an assertion was about: a string as the protocol parser makes it (embstr up to 44 bytes). */
function assertObjectContext(arg: string): ReportPiece[] {
  return [
    { log: '=== ASSERTION FAILED OBJECT CONTEXT ===' },
    { log: 'Object type: 0' },
    { log: `Object encoding: ${arg.length <= 44 ? ENCODING_NUMBER.embstr : ENCODING_NUMBER.raw}` },
    { log: 'Object refcount: 1' },
  ]
}

function stackTrace(cause: CrashCause, frames: string[]): ReportPiece[] {
  let text = '\n------ STACK TRACE ------\n'
  if (cause.kind === 'signal') text += `EIP:\n${frames[0] ?? ''}\n`
  text += '\nBacktrace:\n' + frames.map((f) => f + '\n').join('')
  const out: ReportPiece[] = [{ raw: text }]
  if (cause.kind === 'signal') {
    out.push({ raw: '\n------ REGISTERS ------\n' }, { log: '  Dumping of registers not supported for this OS/arch' })
  }
  return out
}

/**
 * printCrashReport(): INFO, the client list, the current client, modules and config. Each part is built on
 * its own, so a part that fails (the state may be what is broken) leaves the others in the report. The
 * fast memory test and the code dump around EIP are left out: a JavaScript process has neither to give.
 */
function crashDetails(server: Server, current?: CrashClient): ReportPiece[] {
  const parts: Array<[string, () => ReportPiece[]]> = [
    ['INFO OUTPUT', () => [{ raw: genInfoString(server, selectSections(['all'])) }]],
    ['CLIENT LIST OUTPUT', () => [{ raw: clientList(server, current) }]],
  ]
  if (current !== undefined) parts.push(['CURRENT CLIENT INFO', () => currentClient(server, current)])
  parts.push(['MODULES INFO OUTPUT', () => []], ['CONFIG DEBUG OUTPUT', () => [{ raw: configDebug(server) }]])
  const out: ReportPiece[] = []
  for (const [title, build] of parts) {
    out.push({ raw: `\n------ ${title} ------\n` })
    try {
      out.push(...build())
    } catch (e) {
      out.push({ log: `(could not be written: ${describeError(e)})` })
    }
  }
  return out
}

function clientList(server: Server, current?: CrashClient): string {
  let text = ''
  for (const conn of server.clients.values()) {
    const running = current !== undefined && conn.client === current.client ? { argv: current.argv, cmd: current.argv[0].toLowerCase() } : undefined
    text += clientInfoLine(server, conn.client, running) + '\n'
  }
  return text
}

function currentClient(server: Server, current: CrashClient): ReportPiece[] {
  const { client, argv, db } = current
  let text = clientInfoLine(server, client, { argv, cmd: argv[0].toLowerCase() }) + '\n'
  argv.forEach((a, j) => { text += `argv[${j}]: '${quoteWord(a.slice(0, 128))}'\n` })
  const out: ReportPiece[] = [{ raw: text }]
  const value = argv.length > 1 ? db.data.get(argv[1]) : undefined
  if (value !== undefined) {
    out.push({ log: `key '${argv[1]}' found in DB containing the following object:` })
    out.push(...objectDebugInfo(db, argv[1], value))
  }
  return out
}

const TYPE_NUMBER: Record<string, number> = { string: 0, list: 1, set: 2, zset: 3, hash: 4, stream: 6 }
const ENCODING_NUMBER: Record<string, number> = {
  raw: 0, int: 1, hashtable: 2, ziplist: 5, intset: 6, skiplist: 7, embstr: 8, quicklist: 9, stream: 10, listpack: 11,
}

/** serverLogObjectDebugInfo(): Redis's type and encoding numbers for what OBJECT ENCODING reports. */
function objectDebugInfo(db: Db, key: string, value: Value): ReportPiece[] {
  const type = typeof value === 'string' ? 'string' : value.type
  const encoding = typeof value === 'string' ? stringEncoding(db, key, value) : value.encoding()
  return [
    { log: `Object type: ${TYPE_NUMBER[type]}` },
    { log: `Object encoding: ${ENCODING_NUMBER[encoding] ?? 0}` },
    { log: 'Object refcount: 1' },
  ]
}

function configDebug(server: Server): string {
  let text = ''
  for (const name of DEBUG_CONFIGS) {
    const d = server.config.directive(name)
    if (d === undefined) continue
    const line = directiveLines(d, server.config.get(name))[0]?.line
    if (line !== undefined) text += `${name}${line.slice(d.name.length)}\n`
  }
  return text
}
