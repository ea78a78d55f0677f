// Node configuration templates (templates/*.conf, redis.conf syntax): loading, filling in placeholders
// and appending overrides. A placeholder without a value is an error, never an empty string.
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { TemplateError } from './errors.js'

/** templates/ of this package. */
export const TEMPLATES_DIR = fileURLToPath(new URL('../../templates/', import.meta.url))

/** The names of the bundled templates: standalone, replica, cluster, sentinel. */
export function templateNames(): string[] {
  return readdirSync(TEMPLATES_DIR).filter((f) => f.endsWith('.conf')).map((f) => f.slice(0, -5)).sort()
}

/** A bundled template by name, or a file of the user's (any name containing a slash or ending in .conf). */
export function loadTemplate(nameOrPath: string): string {
  const isPath = nameOrPath.includes('/') || nameOrPath.endsWith('.conf')
  const file = isPath ? nameOrPath : `${TEMPLATES_DIR}${nameOrPath}.conf`
  if (!existsSync(file)) {
    if (isPath) throw new TemplateError(`Template file ${nameOrPath} does not exist`)
    throw new TemplateError(`Unknown template '${nameOrPath}'`, `bundled templates: ${templateNames().join(', ')}; or give a path to a .conf file`)
  }
  return readFileSync(file, 'utf8')
}

/** Where a placeholder's value comes from, for the error that names a missing one. */
const SOURCES: Record<string, string> = {
  masterHost: '--replicaof host:port',
  masterPort: '--replicaof host:port',
}

/**
 * Fills in every {{name}}. A value becomes one redis.conf token: quoted when it is empty or holds a
 * space, a quote or a backslash.
 */
export function renderTemplate(text: string, vars: ReadonlyMap<string, string>): string {
  const missing = new Set<string>()
  const out = text.replace(/\{\{\s*([A-Za-z][\w-]*)\s*\}\}/g, (_, name: string) => {
    const v = vars.get(name)
    if (v === undefined) { missing.add(name); return '' }
    return confToken(v)
  })
  if (missing.size > 0) {
    const names = [...missing]
    const how = names.map((n) => SOURCES[n] ?? `--var ${n}=...`)
    throw new TemplateError(`The template needs a value for ${names.map((n) => `{{${n}}}`).join(', ')}`, `give ${[...new Set(how)].join(' and ')}`)
  }
  const stray = /\{\{[^}]*\}\}/.exec(out)
  if (stray !== null) throw new TemplateError(`Malformed placeholder ${stray[0]} in the template`)
  return out
}

/** A config line per override, appended after the template so that it wins. */
export function overrideLines(overrides: ReadonlyArray<readonly [string, string]>): string {
  return overrides.map(([k, v]) => `${k} ${confValue(v)}\n`).join('')
}

/** "key=value" as given to --config or --var. */
export function parseAssignment(text: string, flag: string): [string, string] {
  const eq = text.indexOf('=')
  if (eq <= 0) throw new TemplateError(`${flag} takes key=value, got '${text}'`)
  return [text.slice(0, eq).trim(), text.slice(eq + 1)]
}

/** One token, quoted as redis.conf reads quoted strings when needed. */
export function confToken(v: string): string {
  if (v !== '' && !/[\s"'\\]/.test(v)) return v
  return `"${v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n')}"`
}

/**
 * An override's value: words separated by single spaces stay separate arguments ("save=3600 1"
 * gives `save 3600 1`); anything else is one quoted token.
 */
function confValue(v: string): string {
  return /^[^\s"'\\]+( [^\s"'\\]+)*$/.test(v) ? v : confToken(v)
}
