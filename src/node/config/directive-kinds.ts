// Row builders for the directive tables (one per Redis config type) and the shared "refuse unless
// disabled" check. The tables themselves live in directives-*.ts.
import type { Directive, SetContext } from './types.js'

export const INT_MAX = 2147483647n
export const UINT_MAX = 4294967295n
export const LONG_MAX = 9223372036854775807n
export const ULLONG_MAX = 18446744073709551615n

type Extra = Partial<Directive>
type Num = number | bigint

export const bool = (name: string, def: 'yes' | 'no', extra: Extra = {}): Directive =>
  ({ name, type: 'bool', default: def, ...extra })

export const int = (name: string, min: Num, max: Num, def: Num, extra: Extra = {}): Directive =>
  ({ name, type: 'int', default: String(def), min: BigInt(min), max: BigInt(max), ...extra })

export const mem = (name: string, min: Num, max: Num, def: Num, extra: Extra = {}): Directive =>
  ({ name, type: 'memory', default: String(def), min: BigInt(min), max: BigInt(max), ...extra })

export const str = (name: string, def: string, extra: Extra = {}): Directive =>
  ({ name, type: 'string', default: def, ...extra })

export const enm = (name: string, values: string[], def: string, extra: Extra = {}): Directive =>
  ({ name, type: 'enum', default: def, values, ...extra })

/** Refuses every value but the listed disabled/default ones, naming the missing feature. */
export const onlyDefault = (feature: string, ok: string[]) => (v: string): string | null =>
  ok.includes(v) ? null : `${feature} is not supported by rcl-node`

/** As onlyDefault, for features a later rcl issue builds ("... yet"). */
export const notYet = (feature: string, ok: string[]) => (v: string): string | null =>
  ok.includes(v) ? null : `${feature} is not supported by rcl-node yet`

/** Accepts any value at start-up but only the current one at run time (port, bind). */
export const fixedAtRuntime = (what: string) => (v: string, ctx: SetContext): string | null =>
  ctx.startup || v === ctx.previous ? null : `changing ${what} at run time is not supported by rcl-node; restart it with the new value`
