// LCS: longest common subsequence of two string keys, by the classic dynamic-programming table, with
// the same backtracking order as Redis so IDX reports the same ranges in the same order.
import { SYNTAX, err } from '../resp/errors.js'
import { MapReply, type Reply } from '../resp/types.js'
import { readIndex } from './strings-edit.js'
import type { CommandContext } from './core/types.js'

interface LcsOptions {
  idx: boolean
  len: boolean
  withMatchLen: boolean
  minMatchLen: number
}

/** LCS key1 key2 [LEN] [IDX] [MINMATCHLEN min-match-len] [WITHMATCHLEN] */
export function lcsCommand(ctx: CommandContext, argv: string[]): Reply {
  const va = ctx.db.lookupRead(argv[1])
  const vb = ctx.db.lookupRead(argv[2])
  if ((va !== undefined && typeof va !== 'string') || (vb !== undefined && typeof vb !== 'string')) {
    throw err('The specified keys must contain string values')
  }
  const opts = parseLcsOptions(argv)
  const a = (va ?? '') as string
  const b = (vb ?? '') as string
  const cells = (a.length + 1) * (b.length + 1)
  if (cells * 4 > ctx.server.config.numbers.protoMaxBulkLen) {
    throw err('Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len')
  }
  let table: Uint32Array
  try {
    table = lcsTable(a, b)
  } catch {
    throw err('Insufficient memory, failed allocating transient memory for LCS')
  }
  const total = table[cells - 1]
  if (opts.len && !opts.idx) return total
  return backtrack(a, b, table, opts, total)
}

function parseLcsOptions(argv: string[]): LcsOptions {
  const opts: LcsOptions = { idx: false, len: false, withMatchLen: false, minMatchLen: 0 }
  for (let j = 3; j < argv.length; j++) {
    const opt = argv[j].toLowerCase()
    if (opt === 'idx') opts.idx = true
    else if (opt === 'len') opts.len = true
    else if (opt === 'withmatchlen') opts.withMatchLen = true
    else if (opt === 'minmatchlen' && j < argv.length - 1) {
      opts.minMatchLen = Math.max(0, readIndex(argv[++j]))
    } else throw SYNTAX
  }
  if (opts.idx && opts.len) throw err('If you want both the length and indexes, please just use IDX.')
  return opts
}

/** table[j + i*(blen+1)] = LCS length of a[0..i) and b[0..j). */
function lcsTable(a: string, b: string): Uint32Array {
  const w = b.length + 1
  const t = new Uint32Array((a.length + 1) * w)
  for (let i = 1; i <= a.length; i++) {
    const ca = a.charCodeAt(i - 1)
    const row = i * w
    const prev = row - w
    for (let j = 1; j < w; j++) {
      if (ca === b.charCodeAt(j - 1)) t[row + j] = t[prev + j - 1] + 1
      else {
        const up = t[prev + j]
        const left = t[row + j - 1]
        t[row + j] = up > left ? up : left
      }
    }
  }
  return t
}

/**
 * Walks the table back from the end, rebuilding the LCS string and the matching ranges (last first).
 * A range is emitted when the walk leaves it or reaches the start of either string.
 */
function backtrack(a: string, b: string, t: Uint32Array, opts: LcsOptions, total: number): Reply {
  const w = b.length + 1
  const out: string[] = new Array(total)
  const ranges: Reply[] = []
  let idx = total
  let i = a.length
  let j = b.length
  let aStart = -1; let aEnd = 0; let bStart = 0; let bEnd = 0
  while (i > 0 && j > 0) {
    let emit = false
    if (a.charCodeAt(i - 1) === b.charCodeAt(j - 1)) {
      out[--idx] = a[i - 1]
      if (aStart === -1) {
        aStart = aEnd = i - 1
        bStart = bEnd = j - 1
      } else if (aStart === i && bStart === j) {
        aStart--; bStart--
      } else emit = true
      if (aStart === 0 || bStart === 0) emit = true
      i--; j--
    } else {
      if (t[(i - 1) * w + j] > t[i * w + j - 1]) i--
      else j--
      if (aStart !== -1) emit = true
    }
    if (emit) {
      const matchLen = aEnd - aStart + 1
      if (opts.idx && (opts.minMatchLen === 0 || matchLen >= opts.minMatchLen)) {
        const range: Reply[] = [[aStart, aEnd], [bStart, bEnd]]
        if (opts.withMatchLen) range.push(matchLen)
        ranges.push(range)
      }
      aStart = -1
    }
  }
  if (opts.idx) return new MapReply(['matches', ranges, 'len', total])
  return out.join('')
}
