// Splitting of a line into words with Redis's quoting rules (sdssplitargs), shared by inline
// requests and config files.

const isBlank = (c: number): boolean => c === 32 || (c >= 9 && c <= 13)
const isHex = (c: number): boolean => (c >= 48 && c <= 57) || (c >= 65 && c <= 70) || (c >= 97 && c <= 102)
const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', b: '\b', a: '\x07' }

/**
 * Splits an inline request the way redis-cli and the server do (sdssplitargs): blanks separate tokens,
 * "..." supports \xHH and C escapes, '...' only \'. Returns null on unbalanced quotes.
 */
export function splitInlineArgs(line: string): string[] | null {
  // Redis splits C strings: a NUL byte ends the line (config lines; inline requests never contain one).
  const nul = line.indexOf('\0')
  if (nul >= 0) line = line.slice(0, nul)
  const out: string[] = []
  let i = 0
  const n = line.length
  for (;;) {
    while (i < n && isBlank(line.charCodeAt(i))) i++
    if (i >= n) return out
    let cur = ''
    let inDq = false
    let inSq = false
    for (;;) {
      if (inDq) {
        if (i >= n) return null
        const ch = line[i]
        if (ch === '\\' && line[i + 1] === 'x' && i + 3 < n + 0 && isHex(line.charCodeAt(i + 2)) && isHex(line.charCodeAt(i + 3))) {
          cur += String.fromCharCode(parseInt(line.substr(i + 2, 2), 16))
          i += 4
          continue
        }
        if (ch === '\\' && i + 1 < n) {
          const e = line[i + 1]
          cur += ESCAPES[e] ?? e
          i += 2
          continue
        }
        if (ch === '"') {
          if (i + 1 < n && !isBlank(line.charCodeAt(i + 1))) return null
          inDq = false
          i++
          break
        }
        cur += ch
        i++
      } else if (inSq) {
        if (i >= n) return null
        const ch = line[i]
        if (ch === '\\' && line[i + 1] === "'") { cur += "'"; i += 2; continue }
        if (ch === "'") {
          if (i + 1 < n && !isBlank(line.charCodeAt(i + 1))) return null
          inSq = false
          i++
          break
        }
        cur += ch
        i++
      } else {
        if (i >= n) break
        const c = line.charCodeAt(i)
        if (c === 32 || c === 10 || c === 13 || c === 9 || c === 0) break
        if (c === 34) inDq = true
        else if (c === 39) inSq = true
        else cur += line[i]
        i++
      }
    }
    out.push(cur)
  }
}
