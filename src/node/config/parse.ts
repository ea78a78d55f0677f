// redis.conf syntax: one directive per line, quoting as sdssplitargs, `include`, command-line
// "--name value" overrides appended after the file. Errors carry the line for the FATAL report.
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { splitInlineArgs } from '../util/split-args.js'
import { Config, ConfigError } from './config.js'

export class FatalConfigError extends Error {
  constructor(readonly lineNo: number, readonly line: string, readonly reason: string) {
    super(reason)
  }

  /** The report Redis prints before exiting with status 1. */
  report(version: string): string {
    return `\n*** FATAL CONFIG FILE ERROR (Redis ${version}) ***\nReading the configuration file, at line ${this.lineNo}\n>>> '${this.line}'\n${this.reason}\n`
  }
}

/** Quotes a word the way Redis does when it turns argv options into config text (sdscatrepr). */
export function quoteWord(w: string): string {
  let out = '"'
  for (const ch of w) {
    const c = ch.charCodeAt(0)
    if (ch === '\\' || ch === '"') out += '\\' + ch
    else if (ch === '\n') out += '\\n'
    else if (ch === '\r') out += '\\r'
    else if (ch === '\t') out += '\\t'
    else if (ch === '\x07') out += '\\a'
    else if (ch === '\b') out += '\\b'
    else if (c < 32 || c > 126) out += '\\x' + c.toString(16).padStart(2, '0')
    else out += ch
  }
  return out + '"'
}

/** "--port 7000 --save ''" -> "port \"7000\"\nsave \"\"" : each --name starts a line, later words are quoted. */
export function argvToConfigText(argv: string[]): string {
  const lines: string[] = []
  for (const a of argv) {
    if (a.startsWith('--') && a.length > 2) lines.push(a.slice(2))
    else if (lines.length === 0) throw new FatalConfigError(1, a, 'Invalid argument')
    else lines[lines.length - 1] += ' ' + quoteWord(a)
  }
  return lines.join('\n')
}

export interface LoadOptions {
  /** Directory that relative `include` paths resolve against. */
  baseDir: string
  readFile?: (path: string) => string
}

/** Applies config text to `config` at start-up. Throws FatalConfigError on the first bad line. */
export function applyConfigText(config: Config, text: string, opts: LoadOptions, depth = 0): void {
  const readFile = opts.readFile ?? ((p: string) => readFileSync(p, 'latin1'))
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const raw = lines[i].replace(/\r$/, '')
    const trimmed = raw.trim()
    if (trimmed === '' || trimmed.startsWith('#')) continue
    const args = splitInlineArgs(trimmed)
    if (args === null) throw new FatalConfigError(i + 1, trimmed, 'Unbalanced quotes in configuration line')
    if (args.length === 0) continue
    const name = args[0].toLowerCase()
    if (name === 'include') {
      if (args.length !== 2) throw new FatalConfigError(i + 1, trimmed, 'Bad directive or wrong number of arguments')
      if (depth > 10) throw new FatalConfigError(i + 1, trimmed, 'include nested too deeply')
      let included: string
      const path = resolve(opts.baseDir, args[1])
      try { included = readFile(path) } catch (e) {
        throw new FatalConfigError(i + 1, trimmed, `Fatal error, can't open config file '${path}': ${(e as Error).message}`)
      }
      applyConfigText(config, included, opts, depth + 1)
      continue
    }
    try {
      config.set(name, args.slice(1), true)
    } catch (e) {
      if (e instanceof ConfigError) throw new FatalConfigError(i + 1, trimmed, e.message)
      throw e
    }
  }
}
