// The live configuration: canonical values by directive name, typed caches for the hot path, change
// listeners so modules react to CONFIG SET, and the all-or-nothing CONFIG SET of several pairs.
// Validation rules live in values.ts and special.ts; the rows in directives-*.ts.
import { DIRECTIVES } from './directives.js'
import type { Directive, SetContext } from './types.js'
import { strerror } from '../util/errno.js'
import { canonicalValue } from './values.js'

/** Values read on every request, cached as numbers. */
export interface HotNumbers {
  protoMaxBulkLen: number
  clientQueryBufferLimit: number
  maxclients: number
}

/** A refused value; the message is Redis's reason text (or rcl-node's "not supported" text). */
export class ConfigError extends Error {}

export interface ConfigOptions {
  directives?: Directive[]
  /** The process's own config: `dir` changes the working directory (rcl-node's main, not in-process tests). */
  chdir?: boolean
}

/** What CONFIG SET may do beyond the plain checks: protected directives for trusted clients. */
export interface ConfigSetOptions {
  /** The client is local (loopback or unix socket): enough when enable-protected-configs is "local". */
  local: boolean
}

export class Config {
  readonly directives: Directive[]
  private readonly values = new Map<string, string>()
  private readonly byName = new Map<string, Directive>()
  private readonly listeners = new Map<string, Array<(value: string) => void>>()
  /** Directives set during the current start-up load, in order (save accumulates; checks run at the end). */
  private readonly loaded = new Set<string>()
  private readonly chdirMode: boolean
  /** Directives given explicitly (file, argv or CONFIG SET) — e.g. protected mode cares whether bind was. */
  readonly explicit = new Set<string>()
  readonly numbers: HotNumbers = { protoMaxBulkLen: 536870912, clientQueryBufferLimit: 1073741824, maxclients: 10000 }
  /** Absolute path of the config file the server started from (CONFIG REWRITE), or null. */
  configFile: string | null = null

  constructor(opts: ConfigOptions | Directive[] = {}) {
    const o = Array.isArray(opts) ? { directives: opts } : opts
    this.chdirMode = o.chdir ?? false
    const rows = new Map<string, Directive>()
    for (const d of o.directives ?? DIRECTIVES) rows.set(d.name, d)
    this.directives = [...rows.values()]
    for (const d of this.directives) {
      this.byName.set(d.name, d)
      for (const a of d.aliases ?? []) this.byName.set(a, d)
      this.values.set(d.name, d.default)
    }
    if (this.byName.has('dir')) this.values.set('dir', process.cwd())
    this.onChange('proto-max-bulk-len', (v) => { this.numbers.protoMaxBulkLen = Number(v) })
    this.onChange('client-query-buffer-limit', (v) => { this.numbers.clientQueryBufferLimit = Number(v) })
    this.onChange('maxclients', (v) => { this.numbers.maxclients = Number(v) })
  }

  directive(name: string): Directive | undefined {
    return this.byName.get(name) ?? this.byName.get(name.toLowerCase())
  }

  /** The stored value (canonical; for notify-keyspace-events it keeps every flag). */
  get(name: string): string {
    const d = this.directive(name)
    if (!d) throw new Error(`unknown config directive '${name}'`)
    return this.values.get(d.name) as string
  }

  /** The value as CONFIG GET prints it. */
  display(name: string): string {
    const d = this.directive(name)
    const v = this.get(name)
    return d?.display ? d.display(v) : v
  }

  getInt(name: string): number { return Number(this.get(name)) }
  getBool(name: string): boolean { return this.get(name) === 'yes' }

  /** Every [name, value] pair of the primary, listed directives in table order. */
  entries(): Array<[string, string]> {
    return this.directives.filter((d) => !d.hidden).map((d) => [d.name, this.values.get(d.name) as string])
  }

  /** Every name CONFIG GET patterns match: primary names and aliases, hidden ones left out. */
  names(): string[] {
    return this.directives.filter((d) => !d.hidden).flatMap((d) => [d.name, ...(d.aliases ?? [])])
  }

  /**
   * Validates and stores a value at once (in-process set-up, and CONFIG SET of one directive).
   * Throws ConfigError with the reason. `startup` allows immutable directives.
   */
  set(name: string, args: string[], startup: boolean): void {
    const d = this.directive(name)
    if (!d) throw new ConfigError('Bad directive or wrong number of arguments')
    if (d.immutable && !startup) throw new ConfigError("can't set immutable config")
    const value = this.compute(d, args, startup, false)
    const refused = d.unsupported?.(value, this.context(d, startup, false))
    if (refused) throw new ConfigError(refused)
    this.store(d, value)
  }

  /**
   * One directive of a start-up load (config file, argv): as set(), but repeated lines may accumulate
   * (save) and the "not supported" checks wait for finishLoad(), so only the final value counts.
   */
  load(name: string, args: string[]): void {
    const d = this.directive(name)
    if (!d) throw new ConfigError('Bad directive or wrong number of arguments')
    const value = this.compute(d, args, true, this.loaded.has(d.name))
    this.loaded.delete(d.name)
    this.loaded.add(d.name)
    this.store(d, value)
  }

  /** Ends a start-up load: the first loaded directive whose final value is refused, or null. */
  finishLoad(): { name: string; reason: string } | null {
    const names = [...this.loaded]
    this.loaded.clear()
    for (const name of names) {
      const d = this.byName.get(name) as Directive
      const reason = d.unsupported?.(this.values.get(name) as string, this.context(d, true, false))
      if (reason) return { name, reason }
    }
    return null
  }

  /** Calls `fn` whenever the directive changes (not for the default at construction). */
  onChange(name: string, fn: (value: string) => void): void {
    const d = this.directive(name)
    if (!d) throw new Error(`unknown config directive '${name}'`)
    const list = this.listeners.get(d.name) ?? []
    list.push(fn)
    this.listeners.set(d.name, list)
  }

  /**
   * CONFIG SET name value [name value ...]: all pairs or none. Returns null, or the error text after
   * "ERR " exactly as Redis words it.
   */
  setMany(pairs: Array<[string, string]>, opts: ConfigSetOptions): string | null {
    const chosen = this.lookupForSet(pairs, opts)
    if (typeof chosen === 'string') return chosen
    const next: string[] = []
    for (const { d, name, value } of chosen) {
      const args = d.multiArg ? (value === '' ? [] : value.split(' ')) : [value]
      try {
        const v = this.compute(d, args, false, false)
        const refused = d.unsupported?.(v, this.context(d, false, false))
        if (refused) throw new ConfigError(refused)
        next.push(v)
      } catch (e) {
        return failed(name.toLowerCase(), e)
      }
    }
    return this.applyAll(chosen, next)
  }

  private lookupForSet(pairs: Array<[string, string]>, opts: ConfigSetOptions): Array<{ d: Directive; name: string; value: string }> | string {
    const chosen: Array<{ d: Directive; name: string; value: string }> = []
    for (const [name, value] of pairs) {
      const d = this.directive(name)
      if (!d) return `Unknown option or number of arguments for CONFIG SET - '${name}'`
      if (d.immutable) return failed(name, new ConfigError("can't set immutable config"))
      if (d.protected && !this.protectedAllowed(opts)) return failed(name, new ConfigError("can't set protected config"))
      if (chosen.some((c) => c.d === d)) return failed(name, new ConfigError('duplicate parameter'))
      chosen.push({ d, name, value })
    }
    return chosen
  }

  /** Stores every new value, then runs the listeners; a listener's ConfigError undoes them all. */
  private applyAll(chosen: Array<{ d: Directive; name: string }>, next: string[]): string | null {
    const old = chosen.map(({ d }) => this.values.get(d.name) as string)
    chosen.forEach(({ d }, i) => this.values.set(d.name, next[i]))
    for (let i = 0; i < chosen.length; i++) {
      try {
        this.fire(chosen[i].d, next[i])
      } catch (e) {
        chosen.forEach(({ d }, j) => {
          this.values.set(d.name, old[j])
          try { this.fire(d, old[j]) } catch { /* restoring: keep going */ }
        })
        return failed(chosen[i].name.toLowerCase(), e)
      }
    }
    for (const { d } of chosen) this.explicit.add(d.name)
    return null
  }

  private protectedAllowed(opts: ConfigSetOptions): boolean {
    const mode = this.values.get('enable-protected-configs')
    return mode === 'yes' || (mode === 'local' && opts.local)
  }

  private context(d: Directive, startup: boolean, repeatInFile: boolean): SetContext {
    const cwd = this.chdirMode ? process.cwd() : this.values.get('dir') ?? process.cwd()
    return { startup, previous: this.values.get(d.name) as string, repeatInFile, cwd }
  }

  private compute(d: Directive, args: string[], startup: boolean, repeatInFile: boolean): string {
    const value = canonicalValue(d, args, this.context(d, startup, repeatInFile))
    if (value instanceof Error) throw new ConfigError(value.message)
    const invalid = d.type !== 'flags' ? d.validate?.(value) : null
    if (invalid) throw new ConfigError(invalid)
    return d.normalize ? d.normalize(value) : value
  }

  private store(d: Directive, value: string): void {
    this.values.set(d.name, value)
    this.explicit.add(d.name)
    this.fire(d, value)
  }

  private fire(d: Directive, value: string): void {
    if (d.name === 'dir' && this.chdirMode) {
      try { process.chdir(value) } catch (e) { throw new ConfigError(strerror(e)) }
    }
    for (const fn of this.listeners.get(d.name) ?? []) fn(value)
  }
}

function failed(name: string, e: unknown): string {
  if (!(e instanceof ConfigError)) throw e
  return `CONFIG SET failed (possibly related to argument '${name}') - ${e.message}`
}
