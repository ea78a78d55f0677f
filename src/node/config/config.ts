// The live configuration: canonical values by directive name, typed caches for the hot path, and
// change listeners so modules react to CONFIG SET. Validation rules live in values.ts.
import { DIRECTIVES } from './directives.js'
import type { Directive } from './types.js'
import { canonicalValue } from './values.js'

/** Values read on every request, cached as numbers. */
export interface HotNumbers {
  protoMaxBulkLen: number
  clientQueryBufferLimit: number
  maxclients: number
}

export class ConfigError extends Error {}

export class Config {
  private readonly values = new Map<string, string>()
  private readonly byName = new Map<string, Directive>()
  private readonly listeners = new Map<string, Array<(value: string) => void>>()
  /** Directives given explicitly (file, argv or CONFIG SET) — e.g. protected-mode cares whether bind was. */
  readonly explicit = new Set<string>()
  readonly numbers: HotNumbers = { protoMaxBulkLen: 536870912, clientQueryBufferLimit: 1073741824, maxclients: 10000 }

  constructor(readonly directives: Directive[] = DIRECTIVES) {
    for (const d of directives) {
      this.byName.set(d.name, d)
      for (const a of d.aliases ?? []) this.byName.set(a, d)
      this.values.set(d.name, d.default)
    }
    this.onChange('proto-max-bulk-len', (v) => { this.numbers.protoMaxBulkLen = Number(v) })
    this.onChange('client-query-buffer-limit', (v) => { this.numbers.clientQueryBufferLimit = Number(v) })
    this.onChange('maxclients', (v) => { this.numbers.maxclients = Number(v) })
  }

  directive(name: string): Directive | undefined {
    return this.byName.get(name.toLowerCase())
  }

  get(name: string): string {
    const d = this.directive(name)
    if (!d) throw new Error(`unknown config directive '${name}'`)
    return this.values.get(d.name) as string
  }

  getInt(name: string): number { return Number(this.get(name)) }
  getBool(name: string): boolean { return this.get(name) === 'yes' }

  /** Every [name, value] pair in table order (CONFIG GET patterns, CONFIG REWRITE). */
  entries(): Array<[string, string]> {
    return this.directives.map((d) => [d.name, this.values.get(d.name) as string])
  }

  /**
   * Validates and stores a value. Throws ConfigError carrying Redis's reason text. `startup` allows
   * immutable directives; `args` are the words after the directive name.
   */
  set(name: string, args: string[], startup: boolean): void {
    const d = this.directive(name)
    if (!d) throw new ConfigError('Bad directive or wrong number of arguments')
    if (d.immutable && !startup) throw new ConfigError("can't set immutable config")
    const value = canonicalValue(d, args, this.values.get(d.name) as string)
    if (value instanceof Error) throw new ConfigError(value.message)
    const refused = d.unsupported?.(value)
    if (refused) throw new ConfigError(refused)
    this.values.set(d.name, value)
    this.explicit.add(d.name)
    for (const fn of this.listeners.get(d.name) ?? []) fn(value)
  }

  /** Calls `fn` whenever the directive changes (not for the default at construction). */
  onChange(name: string, fn: (value: string) => void): void {
    const d = this.directive(name)
    if (!d) throw new Error(`unknown config directive '${name}'`)
    const list = this.listeners.get(d.name) ?? []
    list.push(fn)
    this.listeners.set(d.name, list)
  }
}
