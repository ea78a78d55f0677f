// The SCAN family's argument readers: the cursor (strtoul rules) and the MATCH / COUNT / TYPE options,
// with Redis 7.0's exact errors. Shared by SCAN, HSCAN, SSCAN (and ZSCAN if it wants); no iteration here.
import { parseScanCursor } from '../keyspace/scan.js'
import { err, NOT_INTEGER, SYNTAX } from '../resp/errors.js'
import { globMatch } from '../util/glob.js'
import { parseIntStrict } from '../util/int.js'

export const INVALID_CURSOR = err('invalid cursor')
export const DEFAULT_SCAN_COUNT = 10

export interface ScanOptions {
  /** COUNT (>= 1), default 10. */
  count: number
  /** MATCH pattern; null when absent or "*" (Redis skips matching then). */
  match: string | null
  /** TYPE name as given (SCAN only); null when absent. */
  type: string | null
}

/**
 * A cursor argument as an unsigned 64-bit value: decimal with an optional sign ("-1" wraps like
 * strtoul), no spaces, "" reads as 0. Throws ERR invalid cursor. Redis parses it before the key lookup.
 */
export function readScanCursor(s: string): bigint {
  const c = parseScanCursor(s)
  if (c === null) throw INVALID_CURSOR
  return c
}

/**
 * The options from argv[from] on: MATCH pattern, COUNT n, and TYPE name when `allowType` (SCAN only),
 * case-insensitive, any order, the last of each wins. A bad COUNT integer gives ERR value is not an
 * integer; COUNT < 1, an unknown option or a missing argument give ERR syntax error.
 */
export function readScanOptions(argv: readonly string[], from: number, allowType: boolean): ScanOptions {
  const opts: ScanOptions = { count: DEFAULT_SCAN_COUNT, match: null, type: null }
  for (let i = from; i < argv.length; i += 2) {
    if (i + 1 >= argv.length) throw SYNTAX
    const name = argv[i].toLowerCase()
    const arg = argv[i + 1]
    if (name === 'count') {
      const n = parseIntStrict(arg)
      if (n === null) throw NOT_INTEGER
      if (n < 1) throw SYNTAX
      opts.count = n
    } else if (name === 'match') {
      opts.match = arg === '*' ? null : arg
    } else if (name === 'type' && allowType) {
      opts.type = arg
    } else {
      throw SYNTAX
    }
  }
  return opts
}

/** True when `name` passes the MATCH filter (always, without a pattern). */
export function scanMatches(opts: ScanOptions, name: string): boolean {
  return opts.match === null || globMatch(opts.match, name)
}
