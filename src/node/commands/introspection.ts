// Introspection family: COMMAND (INFO, DOCS, COUNT, LIST, GETKEYS, GETKEYSANDFLAGS), SLOWLOG and MONITOR;
// MEMORY's rows come from memory.ts. Reply layouts live in core/command-info.ts, the slow log in ../slowlog.ts.
import { err, SYNTAX } from '../resp/errors.js'
import { MapReply, OK, SetReply, SimpleString, type Reply } from '../resp/types.js'
import { parseIntStrict } from '../util/int.js'
import { globMatch } from '../util/glob.js'
import { keyPositions, type CommandEntry } from './core/command-table.js'
import { aclCategories, commandDocsReply, commandInfoReply, keysFromSpecs, keySpecsOf } from './core/command-info.js'
import { helpReply } from './core/help.js'
import { memoryCommand } from './memory.js'
import type { CommandContext, CommandFlag, CommandSpec } from './core/types.js'

const CMD: CommandFlag[] = ['loading', 'stale']
const SLOW: CommandFlag[] = ['admin', 'loading', 'stale']
const sub = (name: string, arity: number, flags: CommandFlag[], handler: CommandSpec['handler'], group: CommandSpec['group'], since: string, summary: string): CommandSpec =>
  ({ name, arity, flags, handler, group, since, summary, complexity: 'O(1)' })

export const introspectionCommands: CommandSpec[] = [
  {
    name: 'command', arity: -1, flags: ['loading', 'stale', 'sentinel'], handler: commandCommand, group: 'server', since: '2.8.13',
    summary: 'Describes every command the server knows', complexity: 'O(N) where N is the total number of commands',
    subcommands: [
      sub('count', 2, CMD, commandCountCommand, 'server', '2.8.13', 'Returns the number of commands'),
      { ...sub('info', -2, CMD, commandInfoCommand, 'server', '2.8.13', 'Describes the named commands, or all of them'), complexity: 'O(N) where N is the number of commands to look up' },
      { ...sub('docs', -2, CMD, commandDocsCommand, 'server', '7.0.0', 'Returns the documentation of the named commands, or of all'), complexity: 'O(N) where N is the number of commands to look up' },
      { ...sub('list', -2, CMD, commandListCommand, 'server', '7.0.0', 'Lists command names, optionally filtered'), complexity: 'O(N) where N is the total number of commands' },
      { ...sub('getkeys', -4, CMD, commandGetkeysCommand, 'server', '2.8.13', 'Extracts the key names from a full command'), complexity: 'O(N) where N is the number of arguments to the command' },
      { ...sub('getkeysandflags', -4, CMD, commandGetkeysandflagsCommand, 'server', '7.0.0', 'Extracts the key names and their access flags from a full command'), complexity: 'O(N) where N is the number of arguments to the command' },
      sub('help', 2, CMD, commandHelpCommand, 'server', '5.0.0', 'Describes the COMMAND subcommands'),
    ],
  },
  {
    name: 'slowlog', arity: -2, flags: [], group: 'server', since: '2.2.12', summary: 'Reads or clears the log of slow commands',
    subcommands: [
      { ...sub('get', -2, SLOW, slowlogGetCommand, 'server', '2.2.12', 'Returns the newest slow log entries'), complexity: 'O(N) where N is the number of entries returned' },
      sub('len', 2, SLOW, slowlogLenCommand, 'server', '2.2.12', 'Returns the number of slow log entries'),
      { ...sub('reset', 2, SLOW, slowlogResetCommand, 'server', '2.2.12', 'Empties the slow log'), complexity: 'O(N) where N is the number of entries in the slowlog' },
      sub('help', 2, CMD, slowlogHelpCommand, 'server', '6.2.0', 'Describes the SLOWLOG subcommands'),
    ],
  },
  { name: 'monitor', arity: 1, flags: ['admin', 'noscript', 'loading', 'stale'], handler: monitorCommand, group: 'server', since: '1.0.0', summary: 'Streams every command the server runs' },
  memoryCommand,
]

/** COMMAND */
function commandCommand(ctx: CommandContext, argv: string[]): Reply {
  if (argv.length > 1) throw err(`unknown subcommand '${argv[1]}'. Try COMMAND HELP.`)
  return [...ctx.server.commands.commands.values()].map(commandInfoReply)
}

/** COMMAND COUNT */
function commandCountCommand(ctx: CommandContext): Reply {
  return ctx.server.commands.commands.size
}

/** lookupCommandBySds(): "get" or "config|get", any case. */
function lookupByFullName(ctx: CommandContext, name: string): CommandEntry | undefined {
  const bar = name.indexOf('|')
  if (bar < 0) return ctx.server.commands.lookup(name)
  const parent = ctx.server.commands.lookup(name.slice(0, bar))
  return parent?.subcommands?.get(name.slice(bar + 1).toLowerCase())
}

/** COMMAND INFO [command-name ...] */
function commandInfoCommand(ctx: CommandContext, argv: string[]): Reply {
  if (argv.length === 2) return commandCommand(ctx, ['command'])
  return argv.slice(2).map((name) => {
    const e = lookupByFullName(ctx, name)
    return e ? commandInfoReply(e) : null
  })
}

/** COMMAND DOCS [command-name ...] */
function commandDocsCommand(ctx: CommandContext, argv: string[]): Reply {
  const items: Reply[] = []
  if (argv.length === 2) {
    for (const e of ctx.server.commands.commands.values()) items.push(e.fullName, commandDocsReply(e))
  } else {
    for (const name of argv.slice(2)) {
      const e = lookupByFullName(ctx, name)
      if (e) items.push(e.fullName, commandDocsReply(e))
    }
  }
  return new MapReply(items)
}

/** COMMAND LIST [FILTERBY MODULE module-name | ACLCAT category | PATTERN pattern] */
function commandListCommand(ctx: CommandContext, argv: string[]): Reply {
  let filter: ((e: CommandEntry) => boolean) | null = null
  if (argv.length !== 2) {
    if (argv.length !== 5 || argv[2].toLowerCase() !== 'filterby') throw SYNTAX
    const arg = argv[4]
    switch (argv[3].toLowerCase()) {
      case 'module': filter = () => false; break
      case 'aclcat': filter = (e) => aclCategories(e).includes(`@${arg.toLowerCase()}`); break
      case 'pattern': filter = (e) => globMatch(arg, e.fullName, true); break
      default: throw SYNTAX
    }
  }
  const out: Reply[] = []
  for (const e of ctx.server.commands.all()) if (filter === null || filter(e)) out.push(e.fullName)
  return out
}

/** lookupCommand() over argv: the subcommand entry when the command is a container. */
function lookupArgv(ctx: CommandContext, argv: string[]): CommandEntry | undefined {
  const e = ctx.server.commands.lookup(argv[0])
  if (!e || !e.subcommands || argv.length === 1) return e
  return e.subcommands.get(argv[1].toLowerCase())
}

/** getKeysSubcommandImpl(): the key positions of `argv`, with Redis's errors. */
function keysOf(ctx: CommandContext, argv: string[]): { entry: CommandEntry; positions: number[] } {
  const entry = lookupArgv(ctx, argv)
  if (!entry) throw err('Invalid command specified')
  // doesCommandHaveKeys(): shard channels are key specs too, but flagged not_key
  const hasKeys = entry.spec.getKeys !== undefined || keySpecsOf(entry).some((s) => !s.flags.includes('not_key'))
  if (!hasKeys) throw err('The command has no key arguments')
  const a = entry.spec.arity
  if ((a > 0 && argv.length !== a) || argv.length < -a) throw err('Invalid number of arguments specified for command')
  // the row's own positions: the ones cluster routing uses
  let positions: number[]
  try { positions = keyPositions(entry.spec, argv) } catch { positions = [] }
  if (positions.length === 0 && !entry.spec.flags.includes('no_mandatory_keys')) throw err('Invalid arguments specified for command')
  return { entry, positions }
}

/**
 * The access flags of each key: the key specs' when Redis reads the keys from them (they apply, and no
 * flag depends on the arguments), else the row's keyFlags, or none, as Redis's getkeys fallbacks give.
 */
function keyFlagsOf(entry: CommandEntry, argv: string[], positions: number[]): string[][] {
  const specs = keySpecsOf(entry)
  const reliable = specs.some((s) => !s.flags.includes('not_key')) && !specs.some((s) => s.flags.includes('variable_flags'))
  const found = reliable ? keysFromSpecs(specs, argv) : null
  if (found !== null) return positions.map((_, i) => found[i]?.flags ?? [])
  const flags = entry.spec.keyFlags?.(argv) ?? []
  return positions.map(() => flags)
}

/** COMMAND GETKEYS command [arg ...] */
function commandGetkeysCommand(ctx: CommandContext, argv: string[]): Reply {
  const target = argv.slice(2)
  return keysOf(ctx, target).positions.map((p) => target[p])
}

/** COMMAND GETKEYSANDFLAGS command [arg ...] */
function commandGetkeysandflagsCommand(ctx: CommandContext, argv: string[]): Reply {
  const target = argv.slice(2)
  const { entry, positions } = keysOf(ctx, target)
  const flags = keyFlagsOf(entry, target, positions)
  return positions.map((p, i) => [target[p], new SetReply(flags[i].map((f) => new SimpleString(f)))])
}

const COMMAND_HELP = [
  '(no subcommand)',
  '    Return details about all Redis commands.',
  'COUNT',
  '    Return the total number of commands in this Redis server.',
  'LIST',
  '    Return a list of all commands in this Redis server.',
  'INFO [<command-name> ...]',
  '    Return details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'DOCS [<command-name> ...]',
  '    Return documentation details about multiple Redis commands.',
  '    If no command names are given, documentation details for all',
  '    commands are returned.',
  'GETKEYS <full-command>',
  '    Return the keys from a full Redis command.',
  'GETKEYSANDFLAGS <full-command>',
  '    Return the keys and the access flags from a full Redis command.',
]

/** COMMAND HELP */
function commandHelpCommand(): Reply {
  return helpReply('COMMAND', COMMAND_HELP)
}

/** SLOWLOG GET [count] */
function slowlogGetCommand(ctx: CommandContext, argv: string[]): Reply {
  if (argv.length > 3) throw err(`unknown subcommand or wrong number of arguments for '${argv[1]}'. Try SLOWLOG HELP.`)
  let count = 10
  if (argv.length === 3) {
    const n = parseIntStrict(argv[2])
    if (n === null || n < -1) throw err('count should be greater than or equal to -1')
    count = n
  }
  return ctx.server.slowlog.get(count).map((e) => [e.id, e.time, e.durationUs, e.argv, e.addr, e.name])
}

/** SLOWLOG LEN */
function slowlogLenCommand(ctx: CommandContext): Reply {
  return ctx.server.slowlog.length
}

/** SLOWLOG RESET */
function slowlogResetCommand(ctx: CommandContext): Reply {
  ctx.server.slowlog.reset()
  return OK
}

const SLOWLOG_HELP = [
  'GET [<count>]',
  '    Return top <count> entries from the slowlog (default: 10, -1 mean all).',
  '    Entries are made of:',
  '    id, timestamp, time in microseconds, arguments array, client IP and port,',
  '    client name',
  'LEN',
  '    Return the length of the slowlog.',
  'RESET',
  '    Reset the slowlog.',
]

/** SLOWLOG HELP */
function slowlogHelpCommand(): Reply {
  return helpReply('SLOWLOG', SLOWLOG_HELP)
}

/** MONITOR */
function monitorCommand(ctx: CommandContext): Reply {
  const client = ctx.client
  if (client.isReplica) return OK
  ctx.server.monitors.add(client)
  return OK
}
