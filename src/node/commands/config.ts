// config family: CONFIG GET / SET / RESETSTAT / REWRITE / HELP over the directive table in config/.
// Values, validation and the rewrite algorithm live in src/node/config; this file only adapts them.
import { err, SYNTAX } from '../resp/errors.js'
import { OK, map, simple, type Reply } from '../resp/types.js'
import { globMatch } from '../util/glob.js'
import { rewriteConfigFile } from '../config/rewrite.js'
import { strerror } from '../util/errno.js'
import type { CommandContext, CommandFlag, CommandSpec } from './core/types.js'

const ADMIN: CommandFlag[] = ['admin', 'noscript', 'loading', 'stale']

export const configCommands: CommandSpec[] = [
  {
    name: 'config', arity: -2, flags: [], group: 'server', since: '2.0.0', summary: 'Reads and changes the configuration at run time',
    subcommands: [
      { name: 'get', arity: -3, flags: ADMIN, handler: configGetCommand, group: 'server', since: '2.0.0', summary: 'Returns the values of configuration parameters', complexity: 'O(N) when N is the number of configuration parameters provided' },
      { name: 'set', arity: -4, flags: ADMIN, handler: configSetCommand, group: 'server', since: '2.0.0', summary: 'Sets configuration parameters, all or none', complexity: 'O(N) when N is the number of configuration parameters provided' },
      { name: 'resetstat', arity: 2, flags: ADMIN, handler: configResetstatCommand, group: 'server', since: '2.0.0', summary: 'Resets the statistics INFO reports', complexity: 'O(1)' },
      { name: 'rewrite', arity: 2, flags: ADMIN, handler: configRewriteCommand, group: 'server', since: '2.8.0', summary: 'Writes the running configuration back to the config file', complexity: 'O(1)' },
      { name: 'help', arity: 2, flags: ['loading', 'stale'], handler: configHelpCommand, group: 'server', since: '5.0.0', summary: 'Shows CONFIG subcommands', complexity: 'O(1)' },
    ],
  },
]

/** CONFIG GET parameter [parameter ...] — exact names (any case, hidden ones too) or glob patterns. */
function configGetCommand(ctx: CommandContext, argv: string[]): Reply {
  const config = ctx.server.config
  const found = new Map<string, [string, string]>()
  const add = (shown: string, name: string): void => {
    const key = shown.toLowerCase()
    if (!found.has(key)) found.set(key, [shown, config.display(name)])
  }
  for (let i = 2; i < argv.length; i++) {
    const pattern = argv[i]
    if (!/[*?[]/.test(pattern)) {
      if (config.directive(pattern)) add(pattern, pattern)
      continue
    }
    for (const name of config.names()) if (globMatch(pattern, name, true)) add(name, name)
  }
  const items: Reply[] = []
  for (const [name, value] of found.values()) items.push(name, value)
  return map(items)
}

/** CONFIG SET parameter value [parameter value ...] */
function configSetCommand(ctx: CommandContext, argv: string[]): Reply {
  if (argv.length % 2 !== 0) return SYNTAX
  const pairs: Array<[string, string]> = []
  for (let i = 2; i < argv.length; i += 2) pairs.push([argv[i], argv[i + 1]])
  const failure = ctx.server.config.setMany(pairs, { local: isLocalClient(ctx.client.link.remoteAddress) })
  return failure === null ? OK : err(failure)
}

/** Loopback TCP or unix socket peers count as local for enable-protected-configs "local". */
function isLocalClient(addr: string): boolean {
  return addr.startsWith('/') || addr.startsWith('127.') || addr.startsWith('::1:')
}

/** CONFIG RESETSTAT */
function configResetstatCommand(ctx: CommandContext): Reply {
  const server = ctx.server
  server.stats.reset()
  server.errorStats.clear()
  for (const entry of server.commands.all()) entry.stats = { calls: 0, usec: 0, rejected: 0, failed: 0 }
  return OK
}

/** CONFIG REWRITE */
function configRewriteCommand(ctx: CommandContext): Reply {
  const { config, log } = ctx.server
  if (config.configFile === null) return err('The server is running without a config file')
  try {
    rewriteConfigFile(config, config.configFile)
  } catch (e) {
    log.warning(`CONFIG REWRITE failed: ${strerror(e)}`)
    return err(`Rewriting config file: ${strerror(e)}`)
  }
  log.warning('CONFIG REWRITE executed with success.')
  return OK
}

/** CONFIG HELP (status lines, as Redis's addReplyHelp sends them). */
function configHelpCommand(): Reply {
  return CONFIG_HELP.map(simple)
}

const CONFIG_HELP = [
  'CONFIG <subcommand> [<arg> [value] [opt] ...]. Subcommands are:',
  'GET <pattern>',
  '    Return parameters matching the glob-like <pattern> and their values.',
  'SET <directive> <value>',
  '    Set the configuration <directive> to <value>.',
  'RESETSTAT',
  '    Reset statistics reported by the INFO command.',
  'REWRITE',
  '    Rewrite the configuration file.',
  'HELP',
  '    Prints this help.',
]
