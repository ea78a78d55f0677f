// Glob matching with Redis's stringmatchlen rules (KEYS, SCAN MATCH, PSUBSCRIBE, CONFIG GET):
// * ? [abc] [^a-z] and backslash escapes, over latin1 strings.

/** True when `str` matches `pattern`. */
export function globMatch(pattern: string, str: string, nocase = false): boolean {
  return match(pattern, 0, str, 0, nocase, 0)
}

const MAX_NESTING = 1000

function match(p: string, pi: number, s: string, si: number, nocase: boolean, depth: number): boolean {
  if (depth > MAX_NESTING) return false
  while (pi < p.length) {
    const pc = p[pi]
    if (pc === '*') {
      while (p[pi + 1] === '*') pi++
      if (pi + 1 === p.length) return true
      for (let k = si; k <= s.length; k++) if (match(p, pi + 1, s, k, nocase, depth + 1)) return true
      return false
    }
    if (si >= s.length) return false
    if (pc === '?') { pi++; si++; continue }
    if (pc === '[') {
      const r = matchClass(p, pi, s[si], nocase)
      if (!r.ok) return false
      pi = r.next
      si++
      continue
    }
    let lit = pc
    if (pc === '\\' && pi + 1 < p.length) { pi++; lit = p[pi] }
    if (!eq(lit, s[si], nocase)) return false
    pi++
    si++
  }
  return si === s.length
}

function matchClass(p: string, pi: number, ch: string, nocase: boolean): { ok: boolean; next: number } {
  let i = pi + 1
  const not = p[i] === '^'
  if (not) i++
  let found = false
  for (;;) {
    if (i >= p.length) { i = p.length - 1; break } // unterminated: Redis treats end as closing
    if (p[i] === ']') break
    if (p[i] === '\\' && i + 2 < p.length) {
      i++
      if (eq(p[i], ch, nocase)) found = true
    } else if (p[i + 1] === '-' && i + 2 < p.length && p[i + 2] !== undefined) {
      let lo = p.charCodeAt(i)
      let hi = p.charCodeAt(i + 2)
      let c = ch.charCodeAt(0)
      if (lo > hi) [lo, hi] = [hi, lo]
      if (nocase) { lo = lower(lo); hi = lower(hi); c = lower(c) }
      if (c >= lo && c <= hi) found = true
      i += 2
    } else if (eq(p[i], ch, nocase)) found = true
    i++
  }
  return { ok: not ? !found : found, next: i + 1 }
}

const lower = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c)
const eq = (a: string, b: string, nocase: boolean): boolean =>
  a === b || (nocase && lower(a.charCodeAt(0)) === lower(b.charCodeAt(0)))
