// Glob matching with the rules of Redis 7.0's stringmatchlen (KEYS, SCAN MATCH, PSUBSCRIBE, CONFIG GET,
// COMMAND LIST FILTERBY PATTERN): * ? [abc] [^a-z] and backslash escapes, over latin1 strings.
//
// Cost is bounded for every pattern (CVE-2022-36021, CVE-2024-31228):
// - when the rest of a pattern after a `*` fails at every later position of the subject, no earlier `*`
//   can do better by swallowing more, so the whole search gives up at once (`gaveUp` below);
// - each `*` with something after it is one level of recursion, and past MAX_STAR_NESTING levels the
//   match fails, as Redis 7.2.6+ does, so a pattern of thousands of stars can't overflow the stack.
// Together this keeps matching within pattern × subject steps.

/** Nesting depth past which a match fails (Redis's cap from the CVE-2024-31228 fix). */
export const MAX_STAR_NESTING = 1000

/** True when `str` matches `pattern`. `nocase` folds ASCII letters only, as C's tolower does. */
export function globMatch(pattern: string, str: string, nocase = false): boolean {
  return new GlobSearch(pattern, str, nocase).matchFrom(0, 0, 0)
}

class GlobSearch {
  /** Set once a `*` found no position for the rest of the pattern: every caller fails at once. */
  private gaveUp = false

  constructor(private readonly p: string, private readonly s: string, private readonly nocase: boolean) {}

  /** Matches p[pi..] against s[si..]. */
  matchFrom(pi: number, si: number, nesting: number): boolean {
    if (nesting > MAX_STAR_NESTING) return false
    const { p, s } = this
    // Like Redis, the walk stops as soon as either side is used up; an empty subject thus matches only
    // an empty pattern (KEYS and SCAN handle a lone "*" before they ask).
    while (pi < p.length && si < s.length) {
      const pc = p.charCodeAt(pi)
      if (pc === STAR) return this.star(pi, si, nesting)
      if (pc === LBRACKET) {
        const end = this.classEnd(pi, s.charCodeAt(si))
        if (end < 0) return false
        pi = end
      } else if (pc !== QUESTION) {
        if (pc === BACKSLASH && pi + 1 < p.length) pi++
        if (!this.same(p.charCodeAt(pi), s.charCodeAt(si))) return false
      }
      pi++
      si++
      if (si === s.length) {
        while (p.charCodeAt(pi) === STAR) pi++ // trailing stars match the empty rest
        break
      }
    }
    return pi >= p.length && si === s.length
  }

  /** A `*` at p[pi]: the rest of the pattern is tried at every remaining position of the subject. */
  private star(pi: number, si: number, nesting: number): boolean {
    const p = this.p
    while (p.charCodeAt(pi + 1) === STAR) pi++
    if (pi + 1 === p.length) return true
    for (let k = si; k < this.s.length; k++) {
      if (this.matchFrom(pi + 1, k, nesting + 1)) return true
      if (this.gaveUp) return false
    }
    this.gaveUp = true
    return false
  }

  /**
   * A `[...]` class at p[pi] tested against the subject byte `c`: the index of the class's last pattern
   * byte (its `]`, or the pattern's last byte when unterminated), or -1 when `c` is not in the class.
   */
  private classEnd(pi: number, c: number): number {
    const p = this.p
    const n = p.length
    let i = pi + 1
    const negated = p.charCodeAt(i) === CARET
    if (negated) i++
    let found = false
    for (;;) {
      const pc = p.charCodeAt(i) // NaN past the end, like reading C's terminating NUL
      if (pc === BACKSLASH && n - i >= 2) {
        i++
        if (p.charCodeAt(i) === c) found = true
      } else if (pc === RBRACKET) {
        break
      } else if (i >= n) {
        i = n - 1 // unterminated: the class ends with the pattern
        break
      } else if (n - i >= 3 && p.charCodeAt(i + 1) === DASH) {
        if (this.inRange(pc, p.charCodeAt(i + 2), c)) found = true
        i += 2
      } else if (this.same(pc, c)) {
        found = true
      }
      i++
    }
    return found !== negated ? i : -1
  }

  /** Ranges compare bytes as C's signed char does, so bytes >= 0x80 sort below 0. */
  private inRange(from: number, to: number, c: number): boolean {
    let lo = signedByte(from)
    let hi = signedByte(to)
    let v = signedByte(c)
    if (lo > hi) [lo, hi] = [hi, lo]
    if (this.nocase) { lo = lower(lo); hi = lower(hi); v = lower(v) }
    return v >= lo && v <= hi
  }

  private same(a: number, b: number): boolean {
    return a === b || (this.nocase && lower(a) === lower(b))
  }
}

const STAR = 0x2a
const QUESTION = 0x3f
const LBRACKET = 0x5b
const RBRACKET = 0x5d
const BACKSLASH = 0x5c
const CARET = 0x5e
const DASH = 0x2d

const signedByte = (c: number): number => (c >= 0x80 ? c - 0x100 : c)
const lower = (c: number): number => (c >= 65 && c <= 90 ? c + 32 : c)
