// Words for the terminal: progress lines in redis-cli's vocabulary (">>> ", "[OK] ", "[WARNING] ",
// "[ERR] "), coloured only on a TTY without NO_COLOR, and plain padded tables.
import { Chalk, type ChalkInstance } from 'chalk'
import type { Progress, ProgressKind } from '../lib/progress.js'

/** Colour when the stream is a terminal and the user has not asked for none (NO_COLOR, TERM=dumb). */
export function useColor(stream: NodeJS.WriteStream, env: NodeJS.ProcessEnv = process.env): boolean {
  return stream.isTTY === true && env.NO_COLOR === undefined && env.TERM !== 'dumb'
}

export function painter(color: boolean): ChalkInstance {
  return new Chalk({ level: color ? 1 : 0 })
}

const PREFIX: Record<ProgressKind, string> = { step: '>>> ', info: '', detail: '', ok: '[OK] ', warn: '[WARNING] ', err: '[ERR] ' }

/** One progress event as one line (colour codes end before the newline, unlike redis-cli's). */
export function progressLine(p: Progress, c: ChalkInstance): string {
  const text = PREFIX[p.kind] + p.text
  switch (p.kind) {
    case 'step': return c.bold(text)
    case 'ok': return c.green.bold(text)
    case 'warn': return c.yellow.bold(text)
    case 'err': return c.red.bold(text)
    default: return text
  }
}

/** Columns padded to their widest cell; the header in bold. */
export function table(headers: string[], rows: string[][], c: ChalkInstance): string {
  const widths = headers.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)))
  const line = (cells: string[]): string => cells.map((cell, i) => (i === cells.length - 1 ? cell : cell.padEnd(widths[i]))).join('  ').trimEnd()
  return [c.bold(line(headers)), ...rows.map(line)].join('\n')
}
