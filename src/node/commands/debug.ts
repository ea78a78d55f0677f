// DEBUG: Redis 7.0's debugging subcommands that tools and client test suites use, each answering for
// rcl-node's own structures, plus the enable-debug-command gate dispatch applies. The subcommands live by
// concern in debug-*.ts; this file holds the table, DEBUG HELP and the dispatch.
import { err } from '../resp/errors.js'
import { ReplyError, simple, type Reply } from '../resp/types.js'
import type { DebugSub } from './debug-common.js'
import { clusterSubs } from './debug-cluster.js'
import { crashSubs } from './debug-crash.js'
import { dataSubs } from './debug-data.js'
import { encodingSubs } from './debug-encodings.js'
import { protocolSubs } from './debug-protocol.js'
import { serverSubs, syntaxError } from './debug-server.js'
import type { CommandContext, CommandSpec } from './core/types.js'

export const debugCommands: CommandSpec[] = [
  { name: 'debug', arity: -2, flags: ['admin', 'noscript', 'loading', 'stale'], handler: debugCommand, group: 'server', since: '1.0.0', summary: 'A container for debugging commands' },
]

/** DEBUG HELP order: Redis's, for the subcommands rcl-node has. */
const HELP_ORDER = [
  'ASSERT', 'CHANGE-REPL-ID', 'CONFIG-REWRITE-FORCE-ALL', 'DIGEST', 'DIGEST-VALUE', 'ERROR', 'LOG', 'HTSTATS', 'HTSTATS-KEY',
  'LOADAOF', 'OBJECT', 'DROP-CLUSTER-PACKET-FILTER', 'OOM', 'PANIC', 'POPULATE', 'PROTOCOL', 'RELOAD', 'SEGFAULT', 'SET-ACTIVE-EXPIRE',
  'QUICKLIST-PACKED-THRESHOLD', 'SET-SKIP-CHECKSUM-VALIDATION', 'SLEEP', 'STRINGMATCH-TEST', 'LISTPACK', 'QUICKLIST',
  'PAUSE-CRON', 'REPLYBUFFER', 'CLUSTERLINK', 'SET-DISABLE-DENY-SCRIPTS',
]

const SUBCOMMANDS = new Map<string, DebugSub>()
for (const sub of [...clusterSubs, ...crashSubs, ...dataSubs, ...encodingSubs, ...protocolSubs, ...serverSubs]) SUBCOMMANDS.set(sub.name.toLowerCase(), sub)

const HELP_LINES: string[] = ['DEBUG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:']
for (const name of HELP_ORDER) HELP_LINES.push(...(SUBCOMMANDS.get(name.toLowerCase()) as DebugSub).help)
HELP_LINES.push('HELP', '    Prints this help.')

/** DEBUG <subcommand> [<arg> ...] */
function debugCommand(ctx: CommandContext, argv: string[]): Reply {
  const name = argv[1].toLowerCase()
  if (name === 'help' && argv.length === 2) return HELP_LINES.map((l) => simple(l))
  const sub = SUBCOMMANDS.get(name)
  if (sub === undefined || !argcFits(sub.argc, argv.length)) return syntaxError(argv)
  return sub.run(ctx, argv)
}

function argcFits(argc: DebugSub['argc'], n: number): boolean {
  return typeof argc === 'number' ? n === argc : n >= argc[0] && n <= argc[1]
}

const DEBUG_REFUSED = err('DEBUG command not allowed. If the enable-debug-command option is set to "local", you can run it from a local connection, otherwise you need to set this option in the configuration file, and then restart the server.')

/**
 * The enable-debug-command gate (Redis checks it before queueing in MULTI, so it is a rejection):
 * null when this client may run DEBUG.
 */
export function debugRefusal(ctx: CommandContext): ReplyError | null {
  const config = ctx.server.config
  const mode = config.directive('enable-debug-command') ? config.get('enable-debug-command') : 'no'
  if (mode === 'yes') return null
  if (mode === 'local' && isLocalClient(ctx.client.link.remoteAddress)) return null
  return DEBUG_REFUSED
}

/** islocalClient(): a unix socket, or exactly 127.0.0.1 / ::1. */
function isLocalClient(addr: string): boolean {
  if (addr.startsWith('/')) return true
  const host = addr.slice(0, addr.lastIndexOf(':'))
  return host === '127.0.0.1' || host === '::1'
}
