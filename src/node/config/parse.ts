// redis.conf syntax: one directive per line, quoting as sdssplitargs, `include` (relative to the working
// directory, wildcards allowed), comments, repeated directives. Errors carry the line for the FATAL report.
import { openSync, closeSync, readdirSync, readFileSync } from 'node:fs'
import { basename, dirname, join } from 'node:path'
import { globMatch } from '../util/glob.js'
import { splitInlineArgs } from '../util/split-args.js'
import { Config, ConfigError } from './config.js'
import { strerror } from '../util/errno.js'

export { quoteWord } from './quote.js'

/** A bad line (or a check after the last line, when lineNo is null): Redis's FATAL CONFIG FILE ERROR. */
export class FatalConfigError extends Error {
  constructor(readonly lineNo: number | null, readonly line: string, readonly reason: string) {
    super(reason)
  }

  /** The report Redis prints on stderr before exiting with status 1. */
  report(version: string): string {
    const where = this.lineNo === null ? '' : `Reading the configuration file, at line ${this.lineNo}\n>>> '${this.line}'\n`
    return `\n*** FATAL CONFIG FILE ERROR (Redis ${version}) ***\n${where}${this.reason}\n`
  }
}

/** A config file (or an include) that cannot be read: Redis logs this line and exits with status 1. */
export class ConfigFileOpenError extends Error {
  constructor(path: string, cause: unknown) {
    super(`Fatal error, can't open config file '${path}': ${strerror(cause)}`)
  }
}

/** rename-command <name> <new-name>, applied to the command table once the server exists. */
export interface RenameCommand {
  from: string
  to: string
  lineNo: number
  line: string
}

export interface LoadOptions {
  readFile?: (path: string) => string
}

export interface LoadResult {
  renames: RenameCommand[]
}

/** Lines Redis 7.0 still accepts and ignores. */
const DEPRECATED = new Set(['list-max-ziplist-entries', 'list-max-ziplist-value', 'lua-replicate-commands'])

interface LoadState {
  config: Config
  readFile: (path: string) => string
  renames: RenameCommand[]
  /** The last line that set each directive, for refusals found after the whole load. */
  lastLine: Map<string, { lineNo: number; line: string }>
  depth: number
}

/**
 * Applies config text at start-up (file + stdin + argv options, as redis-server joins them).
 * Throws FatalConfigError for the first bad line, ConfigFileOpenError for an unreadable include.
 */
export function applyConfigText(config: Config, text: string, opts: LoadOptions = {}): LoadResult {
  const state: LoadState = {
    config, readFile: opts.readFile ?? ((p) => readFileSync(p, 'latin1')), renames: [], lastLine: new Map(), depth: 0,
  }
  loadText(state, text)
  const refused = config.finishLoad()
  if (refused) {
    const at = state.lastLine.get(refused.name) ?? { lineNo: 0, line: refused.name }
    throw new FatalConfigError(at.lineNo, at.line, refused.reason)
  }
  // a cluster node's master comes from CLUSTER REPLICATE; Redis names no line for this one
  if (config.getBool('cluster-enabled') && config.get('replicaof') !== '') {
    throw new FatalConfigError(null, '', 'replicaof directive not allowed in cluster mode')
  }
  checkLogfile(config)
  return { renames: state.renames }
}

function loadText(state: LoadState, text: string): void {
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].replace(/^[ \t\r\n]+|[ \t\r\n]+$/g, '')
    if (line === '' || line.startsWith('#')) continue
    const args = splitInlineArgs(line)
    if (args === null) throw new FatalConfigError(i + 1, line, 'Unbalanced quotes in configuration line')
    if (args.length === 0) continue
    try {
      loadLine(state, args, i + 1, line)
    } catch (e) {
      if (e instanceof ConfigError) throw new FatalConfigError(i + 1, line, e.message)
      throw e
    }
  }
}

function loadLine(state: LoadState, args: string[], lineNo: number, line: string): void {
  const name = args[0].toLowerCase()
  const d = state.config.directive(name)
  if (d) {
    let values = args.slice(1)
    if (!d.multiArg && values.length !== 1) throw new ConfigError('wrong number of arguments')
    if (d.multiArg && values.length === 1 && values[0] !== '') values = values[0].split(' ')
    state.config.load(name, values)
    state.lastLine.set(d.name, { lineNo, line })
    return
  }
  if (DEPRECATED.has(name) && args.length === 2) return
  loadCommandLine(state, name, args, lineNo, line)
}

/** The lines that are not config parameters: include, rename-command, user, loadmodule, sentinel, module configs. */
function loadCommandLine(state: LoadState, name: string, args: string[], lineNo: number, line: string): void {
  if (name === 'include' && args.length === 2) return include(state, args[1])
  if (name === 'rename-command' && args.length === 3) {
    state.renames.push({ from: args[1], to: args[2], lineNo, line })
    return
  }
  if (name === 'user' && args.length >= 2) throw new ConfigError('ACL users (the user directive) are not supported by rcl-node yet')
  if (name === 'loadmodule' && args.length >= 2) throw new ConfigError('modules (loadmodule) are not supported by rcl-node')
  if (name.includes('.')) {
    if (args.length !== 2) throw new ConfigError('Module config specified without value')
    throw new ConfigError('module configs are not supported by rcl-node (modules are not supported)')
  }
  if (name === 'sentinel') {
    if (args.length !== 1) throw new ConfigError('sentinel directive while not in sentinel mode')
    throw new ConfigError('Sentinel mode is not supported by rcl-node yet')
  }
  throw new ConfigError('Bad directive or wrong number of arguments')
}

/** include <path>: relative to the working directory; a wildcard that matches nothing is skipped. */
function include(state: LoadState, path: string): void {
  if (state.depth > 16) throw new ConfigError('include nested too deeply')
  const files = /[*?[]/.test(path) ? globFiles(path) : [path]
  for (const file of files) {
    let text: string
    try { text = state.readFile(file) } catch (e) { throw new ConfigFileOpenError(file, e) }
    state.depth++
    try { loadText(state, text) } finally { state.depth-- }
  }
}

/** Wildcards in the last path component, sorted like glob(3). */
function globFiles(pattern: string): string[] {
  const dir = dirname(pattern)
  const base = basename(pattern)
  let names: string[]
  try { names = readdirSync(dir) } catch { return [] }
  return names.filter((n) => !n.startsWith('.') && globMatch(base, n)).sort().map((n) => (dir === '.' && !pattern.startsWith('./') ? n : join(dir, n)))
}

/** Redis opens the log file once while loading, so a bad path stops the start. */
function checkLogfile(config: Config): void {
  const logfile = config.get('logfile')
  if (logfile === '') return
  try {
    closeSync(openSync(logfile, 'a'))
  } catch (e) {
    throw new FatalConfigError(null, '', `Can't open the log file: ${strerror(e)}`)
  }
}
