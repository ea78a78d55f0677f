// Parsers and CONFIG REWRITE formatters of the 'special' directives: save, client-output-buffer-limit,
// oom-score-adj-values, bind, notify-keyspace-events, replicaof, latency-tracking-info-percentiles, dir.
import { statSync } from 'node:fs'
import { resolve } from 'node:path'
import { strerror } from '../util/errno.js'
import { quoteWord } from './quote.js'
import type { RewriteLine, SetContext } from './types.js'
import { formatMemory, parseMemory, strtoll } from './values.js'

const isEmpty = (args: string[]): boolean => args.length === 0 || (args.length === 1 && args[0] === '')

/** save <seconds> <changes> [...]: "" clears; repeated lines of one start-up load accumulate. */
export function parseSave(args: string[], ctx: SetContext): string | Error {
  if (isEmpty(args)) return ''
  if (args.length % 2 !== 0) return new Error('Invalid save parameters')
  const out: string[] = []
  for (let j = 0; j < args.length; j++) {
    const v = strtoll(args[j], 10, true)
    if (v === null || (j % 2 === 0 ? v < 1n : v < 0n)) return new Error('Invalid save parameters')
    out.push(String(j % 2 === 0 ? v : BigInt.asIntN(32, v)))
  }
  if (ctx.repeatInFile && ctx.previous !== '') out.unshift(ctx.previous)
  return out.join(' ')
}

export function rewriteSave(value: string): RewriteLine[] {
  if (value === '') return [{ line: 'save ""', force: true }]
  const w = value.split(' ')
  const lines: RewriteLine[] = []
  for (let i = 0; i < w.length; i += 2) lines.push({ line: `save ${w[i]} ${w[i + 1]}`, force: true })
  return lines
}

const OBUF_CLASSES = ['normal', 'slave', 'pubsub'] as const
export const OBUF_DEFAULT = 'normal 0 0 0 slave 268435456 67108864 60 pubsub 33554432 8388608 60'

function obufClass(name: string): number {
  const l = name.toLowerCase()
  return l === 'replica' ? 1 : OBUF_CLASSES.indexOf(l as (typeof OBUF_CLASSES)[number])
}

/** client-output-buffer-limit <class> <hard> <soft> <soft-seconds> [...]: classes not named keep their limits. */
export function parseOutputBufferLimit(args: string[], ctx: SetContext): string | Error {
  if (args.length % 4 !== 0) return new Error('Wrong number of arguments in buffer limit configuration.')
  const current = (ctx.previous || OBUF_DEFAULT).split(' ')
  for (let j = 0; j < args.length; j += 4) {
    const cls = obufClass(args[j])
    if (cls < 0) return new Error('Invalid client class specified in buffer limit configuration.')
    const hard = parseMemory(args[j + 1])
    const soft = parseMemory(args[j + 2])
    const secs = strtoll(args[j + 3], 10, true)
    if (hard === null || soft === null || secs === null || secs < 0n) {
      return new Error('Error in hard, soft or soft_seconds setting in buffer limit configuration.')
    }
    current.splice(cls * 4 + 1, 3, String(hard), String(soft), String(secs))
  }
  return current.join(' ')
}

export function rewriteOutputBufferLimit(value: string): RewriteLine[] {
  const w = value.split(' ')
  const d = OBUF_DEFAULT.split(' ')
  return OBUF_CLASSES.map((cls, i) => {
    const [hard, soft, secs] = w.slice(i * 4 + 1, i * 4 + 4)
    const force = w.slice(i * 4, i * 4 + 4).join(' ') !== d.slice(i * 4, i * 4 + 4).join(' ')
    const name = cls === 'slave' ? 'replica' : cls
    return { line: `client-output-buffer-limit ${name} ${formatMemory(BigInt(hard))} ${formatMemory(BigInt(soft))} ${secs}`, force }
  })
}

/** oom-score-adj-values <master> <replica> <bgchild>, each in -2000..2000. */
export function parseOomScoreAdjValues(args: string[]): string | Error {
  if (args.length !== 3) return new Error('wrong number of arguments')
  const out: string[] = []
  for (const a of args) {
    const v = strtoll(a, 10, true)
    if (v === null || v < -2000n || v > 2000n) return new Error('Invalid oom-score-adj-values, elements must be between -2000 and 2000.')
    out.push(String(v))
  }
  return out.join(' ')
}

export function rewriteOomScoreAdjValues(value: string): RewriteLine[] {
  return [{ line: `oom-score-adj-values ${value}`, force: value !== '0 200 800' }]
}

/** bind <addr> [...]: at most 16 addresses; a single "" means none. */
export function parseBind(args: string[]): string | Error {
  if (args.length > 16) return new Error('Too many bind addresses specified.')
  return isEmpty(args) ? '' : args.join(' ')
}

export function rewriteBind(value: string): RewriteLine[] {
  if (value === '* -::*') return []
  return [{ line: `bind ${value === '' ? '""' : value}`, force: true }]
}

/** replicaof <host> <port> | NO ONE. */
export function parseReplicaOf(args: string[]): string | Error {
  if (args.length !== 2) return new Error('wrong number of arguments')
  if (args[0].toLowerCase() === 'no' && args[1].toLowerCase() === 'one') return ''
  const port = strtoll(args[1], 10, true)
  if (port === null || port < 0n || port > 65535n) return new Error('Invalid master port')
  return `${args[0]} ${port}`
}

export function rewriteReplicaOf(value: string): RewriteLine[] {
  return value === '' ? [] : [{ line: `replicaof ${value}`, force: true }]
}

/** latency-tracking-info-percentiles <p> [...]: doubles in 0..100, printed like "%f" with zeros trimmed. */
export function parsePercentiles(args: string[]): string | Error {
  if (isEmpty(args)) return ''
  const out: string[] = []
  for (const a of args) {
    const v = parseCDouble(a)
    if (v === null) return new Error('Invalid latency-tracking-info-percentiles parameters')
    if (v > 100 || v < 0) return new Error('latency-tracking-info-percentiles parameters should sit between [0.0,100.0]')
    out.push(Object.is(v, -0) ? '-0' : v.toFixed(6).replace(/\.?0+$/, ''))
  }
  return out.join(' ')
}

export function rewritePercentiles(value: string): RewriteLine[] {
  return [{ line: `latency-tracking-info-percentiles ${value === '' ? '""' : value}`, force: true }]
}

/** A double as strtod reads it, with string2d's extra rules (no blanks, whole string, no nan). */
function parseCDouble(s: string): number | null {
  if (/^[+-]?(inf|infinity)$/i.test(s)) return s.startsWith('-') ? -Infinity : Infinity
  const hex = /^([+-]?)0x([0-9a-f]+)$/i.exec(s)
  if (hex) return (hex[1] === '-' ? -1 : 1) * parseInt(hex[2], 16)
  if (!/^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(s)) return null
  return Number(s)
}

const NOTIFY_CLASSES = 'g$lshzxetd'
const NOTIFY_CHARS = new Set([...'Ag$lshzxeKEtmdn'])

/**
 * notify-keyspace-events <flags>. The stored value keeps every flag (Redis's internal bits, with
 * 'A' spelled out as its classes); notifyDisplay() gives the text CONFIG GET prints.
 */
export function parseNotify(args: string[]): string | Error {
  if (args.length !== 1) return new Error('wrong number of arguments')
  const on = new Set<string>()
  for (const ch of args[0]) {
    if (!NOTIFY_CHARS.has(ch)) return new Error("Invalid event class character. Use 'Ag$lshzxeKEtmdn'.")
    if (ch === 'A') for (const c of NOTIFY_CLASSES) on.add(c)
    else on.add(ch)
  }
  return [...NOTIFY_CLASSES, 'n', 'K', 'E', 'm'].filter((c) => on.has(c)).join('')
}

/** Redis's keyspaceEventsFlagsToString: 'A' stands for all classes and hides 'n', as Redis prints it. */
export function notifyDisplay(stored: string): string {
  const all = [...NOTIFY_CLASSES].every((c) => stored.includes(c))
  let out = all ? 'A' : [...NOTIFY_CLASSES, 'n'].filter((c) => stored.includes(c)).join('')
  for (const c of 'KEm') if (stored.includes(c)) out += c
  return out
}

export function rewriteNotify(stored: string): RewriteLine[] {
  return [{ line: `notify-keyspace-events ${quoteWord(notifyDisplay(stored))}`, force: stored !== '' }]
}

/** dir <path>: must be an existing directory; stored as an absolute path. */
export function parseDir(args: string[], ctx: SetContext): string | Error {
  if (args.length !== 1) return new Error('wrong number of arguments')
  const path = resolve(ctx.cwd, args[0])
  try {
    if (!statSync(path).isDirectory()) return new Error('Not a directory')
  } catch (e) {
    return new Error(strerror(e))
  }
  return path
}

export function rewriteDir(value: string): RewriteLine[] {
  return [{ line: `dir ${quoteWord(value)}`, force: true }]
}
