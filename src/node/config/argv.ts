// The command line, read the way redis-server reads it: [config-file] [--directive value ...] [-],
// -v/--version, -h/--help. Options become config text appended after the file (and stdin).
import { splitInlineArgs } from '../util/split-args.js'
import { quoteWord } from './quote.js'

export type CommandLine =
  | { kind: 'version' }
  | { kind: 'help' }
  | {
    kind: 'run'
    /** The config file as given (not yet made absolute), or null. */
    configFile: string | null
    /** A lone "-" first or last: read config text from stdin after the file. */
    fromStdin: boolean
    /** "--port 7000 --save ''" as config text: `port "7000"\nsave ""`. */
    options: string
  }

/** Parses argv (without node and the script) like redis-server's main(). */
export function parseCommandLine(argv: string[]): CommandLine {
  const first = argv[0]
  if (first === '-v' || first === '--version') return { kind: 'version' }
  if (first === '-h' || first === '--help') return { kind: 'help' }
  let j = 0
  let configFile: string | null = null
  if (first !== undefined && !first.startsWith('-')) { configFile = first; j = 1 }
  let fromStdin = false
  const parts: string[] = []
  let handledLast = true
  for (; j < argv.length; j++) {
    const a = argv[j]
    const last = j === argv.length - 1
    if (a === '-' && (j === 0 || last)) { fromStdin = true; continue }
    if (handledLast && a.startsWith('--')) {
      if (parts.length > 0) parts.push('\n')
      parts.push(a.slice(2) + ' ')
      handledLast = (splitInlineArgs(a)?.length ?? 0) !== 1
      if (!handledLast) handledLast = optionWithoutValue(a, last ? undefined : argv[j + 1], parts)
    } else {
      parts.push(quoteWord(a) + ' ')
      handledLast = true
    }
  }
  return { kind: 'run', configFile, fromStdin, options: parts.join('') }
}

/**
 * `--save` with nothing after it (or followed by another option) means `save ""`; `--sentinel` takes no
 * value. Returns true when the option is complete, so the next word may start another option.
 */
function optionWithoutValue(opt: string, next: string | undefined, parts: string[]): boolean {
  const name = opt.toLowerCase()
  const nextIsOption = next !== undefined && next.startsWith('--')
  if (name === '--save' && (next === undefined || nextIsOption)) {
    parts.push('""')
    return nextIsOption
  }
  return name === '--sentinel' && nextIsOption
}
