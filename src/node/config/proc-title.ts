// proc-title-template: expanding the template with Redis's rules (sdstemplate + trim) and checking it.
// Setting the title of the running process lives in node/proc-title.ts.

/** The variables a template may name, each with the text it stands for. */
export interface ProcTitleVars {
  title: string
  'listen-addr': string
  'server-mode': string
  port: string
  'tls-port': string
  unixsocket: string
  'config-file': string
}

export const INVALID_PROC_TITLE = 'template format is invalid or contains unknown variables'

/**
 * The title for `template`: each {name} replaced by its variable, "{{" standing for "{" (a "}" is always
 * literal), then spaces trimmed at both ends. Null for an unknown variable or a "{" that is not closed.
 */
export function expandProcTitle(template: string, vars: ProcTitleVars): string | null {
  let out = ''
  let i = 0
  while (i < template.length) {
    const open = template.indexOf('{', i)
    if (open < 0) { out += template.slice(i); break }
    out += template.slice(i, open)
    if (open + 1 >= template.length) return null
    if (template[open + 1] === '{') { out += '{'; i = open + 2; continue }
    const close = template.indexOf('}', open + 1)
    if (close < 0) return null
    const name = template.slice(open + 1, close)
    if (!Object.hasOwn(vars, name)) return null
    out += vars[name as keyof ProcTitleVars]
    i = close + 1
  }
  return out.replace(/^ +| +$/g, '')
}

/**
 * What the template check sees before the server runs: an empty {title} (as Redis checks it) and a
 * value for every other variable, so only templates that can never give a title are refused here. The
 * running server checks again with its own values (node/proc-title.ts), as Redis does.
 */
const SAMPLE_VARS: ProcTitleVars = {
  title: '', 'listen-addr': '*:6379', 'server-mode': '[cluster]', port: '6379', 'tls-port': '0',
  unixsocket: '/tmp/redis.sock', 'config-file': '-',
}

/** The directive's validity check (Redis's isValidProcTitleTemplate): the reason, or null. */
export function validateProcTitle(template: string): string | null {
  const title = expandProcTitle(template, SAMPLE_VARS)
  return title === null || title === '' ? INVALID_PROC_TITLE : null
}
