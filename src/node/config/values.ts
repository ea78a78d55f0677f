// Validation of one directive value by type: words in, canonical string or Redis's reason text out.
import { parseIntStrict } from '../util/int.js'
import type { Directive } from './types.js'

/** Parses "100mb", "1gb", "2k" like Redis's memtoull: k=1000, kb=1024, m, mb, g, gb. null if invalid. */
export function parseMemory(s: string): number | null {
  const m = /^(-?\d+)(k|kb|m|mb|g|gb|b)?$/i.exec(s)
  if (!m) return null
  const n = Number(m[1])
  const mul: Record<string, number> = { '': 1, b: 1, k: 1000, kb: 1024, m: 1e6, mb: 1024 * 1024, g: 1e9, gb: 1024 * 1024 * 1024 }
  return n * mul[(m[2] ?? '').toLowerCase()]
}

/** Canonical value for `args` under `d`, or an Error carrying Redis's reason. */
export function canonicalValue(d: Directive, args: string[], previous: string): string | Error {
  if (d.type === 'special' && d.parse) return d.parse(args, previous)
  if (d.type === 'flags') return flagsValue(d, args)
  if (args.length !== 1) return new Error('wrong number of arguments')
  const v = args[0]
  switch (d.type) {
    case 'bool': {
      const l = v.toLowerCase()
      if (l !== 'yes' && l !== 'no') return new Error("argument must be 'yes' or 'no'")
      return l
    }
    case 'int': return rangeChecked(d, parseIntStrict(v), "argument couldn't be parsed into an integer")
    case 'memory': {
      const n = parseMemory(v)
      if (n === null) return new Error('argument must be a memory value')
      return rangeChecked(d, n, 'argument must be a memory value')
    }
    case 'enum': {
      const l = v.toLowerCase()
      if (!d.values?.includes(l)) return new Error(`argument(s) must be one of the following: ${d.values?.join(', ')}`)
      return l
    }
    default: return v
  }
}

function rangeChecked(d: Directive, n: number | null, parseError: string): string | Error {
  if (n === null) return new Error(parseError)
  const min = d.min ?? -Infinity
  const max = d.max ?? Infinity
  if (n < min || n > max) return new Error(`argument must be between ${min} and ${max} inclusive`)
  return String(n)
}

function flagsValue(d: Directive, args: string[]): string | Error {
  const words = args.join(' ').toLowerCase().split(/\s+/).filter(Boolean)
  for (const w of words) {
    if (!d.values?.includes(w)) return new Error(`argument(s) must be one of the following: ${d.values?.join(', ')}`)
  }
  return words.join(' ')
}
