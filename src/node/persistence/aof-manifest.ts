// The multi-part AOF layout of Redis 7.0, kept byte-compatible so that rcl-node and redis-server can
// start from each other's append-only directory: `appenddirname/` holds one base file (an RDB, or
// commands), the incremental command files written since, and a manifest naming them in order:
//   file appendonly.aof.1.base.rdb seq 1 type b
//   file appendonly.aof.1.incr.aof seq 1 type i
// Type h marks history files a finished rewrite left behind, to be deleted.
import { quoteWord } from '../config/quote.js'
import { splitInlineArgs } from '../util/split-args.js'

export type AofFileType = 'b' | 'i' | 'h'

export interface AofFileInfo {
  name: string
  seq: number
  type: AofFileType
}

export interface AofManifest {
  base: AofFileInfo | null
  /** Incremental files, oldest first: the last one is the file being appended to. */
  incrs: AofFileInfo[]
  history: AofFileInfo[]
}

/** A manifest Redis would refuse: its reason, and the line (number and text) where it was found, if any. */
export class AofManifestError extends Error {
  constructor(readonly reason: string, readonly lineNo = 0, readonly line = '') {
    super(lineNo > 0 ? `${reason} (line ${lineNo})` : reason)
    this.name = 'AofManifestError'
  }
}

export const manifestName = (prefix: string): string => `${prefix}.manifest`
export const baseName = (prefix: string, seq: number, rdb: boolean): string => `${prefix}.${seq}.base.${rdb ? 'rdb' : 'aof'}`
export const incrName = (prefix: string, seq: number): string => `${prefix}.${seq}.incr.aof`

/** Parses a manifest; a line Redis would refuse throws AofManifestError naming the problem. */
export function parseManifest(text: string): AofManifest {
  const m: AofManifest = { base: null, incrs: [], history: [] }
  const lines = text.split('\n')
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim()
    if (line === '' || line.startsWith('#')) continue
    const info = parseLine(line, i + 1)
    if (info.type === 'b') {
      if (m.base !== null) throw new AofManifestError('Found duplicate base file information', i + 1, line)
      m.base = info
    } else if (info.type === 'i') {
      const last = m.incrs[m.incrs.length - 1]
      if (last !== undefined && info.seq <= last.seq) throw new AofManifestError('Found a non-monotonic sequence number', i + 1, line)
      m.incrs.push(info)
    } else {
      m.history.push(info)
    }
  }
  if (m.base === null && m.incrs.length === 0) throw new AofManifestError('Found an empty AOF manifest')
  return m
}

function parseLine(line: string, n: number): AofFileInfo {
  const words = splitInlineArgs(line)
  if (words === null || words.length % 2 !== 0) throw new AofManifestError('Invalid AOF manifest file format', n, line)
  let name: string | undefined
  let seq: number | undefined
  let type: string | undefined
  for (let j = 0; j < words.length; j += 2) {
    const [key, value] = [words[j], words[j + 1]]
    if (key === 'file') name = value
    else if (key === 'seq') seq = /^[0-9]+$/.test(value) ? Number(value) : NaN
    else if (key === 'type') type = value
    // unknown keys are skipped, as Redis does, for forward compatibility
  }
  if (name === undefined || name === '' || name.includes('/') || seq === undefined || !Number.isSafeInteger(seq) || (type !== 'b' && type !== 'i' && type !== 'h')) {
    throw new AofManifestError('Invalid AOF manifest file format', n, line)
  }
  return { name, seq, type }
}

export function formatManifest(m: AofManifest): string {
  const files = [...(m.base ? [m.base] : []), ...m.history, ...m.incrs]
  return files.map((f) => `file ${needsQuotes(f.name) ? quoteWord(f.name) : f.name} seq ${f.seq} type ${f.type}\n`).join('')
}

function needsQuotes(name: string): boolean {
  return /[^\x21-\x7e]|["'\\]/.test(name)
}
