// Quoting of config words the way Redis writes them (sdscatrepr): argv options turned into config
// text, and string values written by CONFIG REWRITE.

/** "a b" -> "\"a b\"" with C escapes for quotes, backslashes and unprintable bytes. */
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
