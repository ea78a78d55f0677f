// Splits a byte stream of RESP2/RESP3 replies into whole replies (tests only: the interop suite
// compares servers reply by reply), and normalises unordered aggregates for comparison.

/** Length in bytes of the first complete reply in `s` (latin1), or -1 when incomplete. */
export function replyLength(s: string, pos = 0): number {
  if (pos >= s.length) return -1
  const eol = s.indexOf('\r\n', pos)
  if (eol < 0) return -1
  const type = s[pos]
  const head = s.slice(pos + 1, eol)
  const next = eol + 2
  switch (type) {
    case '+': case '-': case ':': case '_': case ',': case '#': case '(':
      return next - pos
    case '$': case '=': case '!': {
      const n = Number(head)
      if (n < 0) return next - pos
      return next + n + 2 <= s.length ? next + n + 2 - pos : -1
    }
    case '*': case '~': case '>': case '%': case '|': {
      let n = Number(head)
      if (n < 0) return next - pos
      if (type === '%' || type === '|') n *= 2
      let p = next
      for (let i = 0; i < n; i++) {
        const l = replyLength(s, p)
        if (l < 0) return -1
        p += l
      }
      const total = p - pos
      if (type === '|') { const inner = replyLength(s, p); return inner < 0 ? -1 : total + inner }
      return total
    }
    default:
      throw new Error(`not a RESP reply at ${pos}: ${JSON.stringify(s.slice(pos, pos + 20))}`)
  }
}

/** Splits an aggregate reply into its header and element replies (maps: key+value pairs joined). */
function elements(s: string): { head: string; items: string[] } {
  const eol = s.indexOf('\r\n')
  const head = s.slice(0, eol + 2)
  const items: string[] = []
  let p = eol + 2
  const pairs = s[0] === '%'
  while (p < s.length) {
    let l = replyLength(s, p)
    if (pairs) l += replyLength(s, p + l)
    items.push(s.slice(p, p + l))
    p += l
  }
  return { head, items }
}

/** Sorts the elements of an aggregate reply (and, with depth 2, of its nested aggregates). */
export function sortReply(s: string, depth = 1): string {
  if (!'*~%>'.includes(s[0]) || s.startsWith('*-1')) return s
  const { head, items } = elements(s)
  const inner = depth > 1 ? items.map((i) => sortReply(i, depth - 1)) : items
  return head + [...inner].sort().join('')
}
