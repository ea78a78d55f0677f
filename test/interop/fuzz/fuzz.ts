// Runs a range of seeds through the runner, bounded by command count and time, shrinks each failure
// and renders the report. Shared by `npm run fuzz` (scripts/fuzz.ts) and the CI test (fuzz.test.ts).
import { generateSequence } from './generator.js'
import type { Difference, FuzzRunner } from './runner.js'
import { shrink, type ShrinkResult } from './shrink.js'

export interface FuzzOptions {
  first: number
  last: number
  /** Commands per seed. */
  count: number
  /** Stop starting new seeds after this many seconds. */
  timeS?: number
  /** Keyspace comparisons every this many commands (and after each sequence). */
  checkEvery?: number
  shrink?: boolean
  /** Stop after this many failing seeds. */
  maxFailures?: number
  log?: (line: string) => void
}

export interface Failure {
  seed: number
  difference: Difference
  shrunk: ShrinkResult | null
}

export interface FuzzReport {
  seeds: number
  commands: number
  failures: Failure[]
  allowed: Record<string, number>
  elapsedMs: number
  /** The last seed run (less than `last` when the time bound stopped the run). */
  lastSeed: number
}

export const DEFAULT_COUNT = 200
export const DEFAULT_CHECK_EVERY = 50

export async function fuzzSeeds(runner: FuzzRunner, opts: FuzzOptions): Promise<FuzzReport> {
  const log = opts.log ?? (() => {})
  const started = Date.now()
  const report: FuzzReport = { seeds: 0, commands: 0, failures: [], allowed: {}, elapsedMs: 0, lastSeed: opts.first - 1 }
  for (let seed = opts.first; seed <= opts.last; seed++) {
    if (opts.timeS !== undefined && Date.now() - started > opts.timeS * 1000) { log(`time bound of ${opts.timeS} s reached`); break }
    const t0 = Date.now()
    const seq = generateSequence(seed, opts.count)
    const r = await runner.run(seq, { checkEvery: opts.checkEvery ?? DEFAULT_CHECK_EVERY })
    report.seeds++
    report.lastSeed = seed
    report.commands += r.executed
    for (const [id, n] of Object.entries(r.allowed)) report.allowed[id] = (report.allowed[id] ?? 0) + n
    if (!r.difference) { log(`seed ${seed}: ${r.executed} commands, no difference (${Date.now() - t0} ms)`); continue }
    log(`seed ${seed}: DIFFERENCE after ${r.executed} commands: ${r.difference.signature}${opts.shrink === false ? '' : '; shrinking...'}`)
    const shrunk = opts.shrink === false ? null : await shrink(runner, seq, r.difference)
    const failure = { seed, difference: r.difference, shrunk }
    report.failures.push(failure)
    log(formatFailure(failure, opts.count))
    if (report.failures.length >= (opts.maxFailures ?? Infinity)) break
  }
  report.elapsedMs = Date.now() - started
  return report
}

/** An argument as redis-cli would accept it: bare when plain, else double-quoted with escapes. */
export function quoteArg(a: string): string {
  if (/^[\x21-\x7e]+$/.test(a) && !/["'\\]/.test(a)) return a
  const body = [...a].map((c) => {
    const code = c.charCodeAt(0)
    if (c === '"' || c === '\\') return `\\${c}`
    if (c === '\n') return '\\n'
    if (c === '\r') return '\\r'
    return code < 0x20 || code > 0x7e ? `\\x${code.toString(16).padStart(2, '0')}` : c
  }).join('')
  return `"${body}"`
}

const cliLine = (argv: readonly string[]): string => {
  const words = argv.map(quoteArg)
  const line = words.join(' ')
  return line.length > 400 ? `${line.slice(0, 400)} …(${argv.length} arguments)` : line
}

export function formatDifference(d: Difference): string {
  const where = d.kind === 'reply' ? `at step ${d.step + 1}: ${cliLine(d.argv ?? [])}` : `in the keyspace after ${d.step} steps`
  return `${d.signature} ${where}\n    ${d.detail}\n    redis: ${d.redis}\n    rcl:   ${d.rcl}`
}

export function formatFailure(f: Failure, count: number): string {
  const lines = [`seed ${f.seed}: ${formatDifference(f.difference)}`]
  if (f.shrunk && f.shrunk.reproduced) {
    lines.push(`  shrunk to ${f.shrunk.steps.length} steps (${f.shrunk.runs} replays): ${formatDifference(f.shrunk.difference)}`)
    for (const s of f.shrunk.steps) lines.push(`    ${cliLine(s)}`)
    lines.push(`  as argv: ${JSON.stringify(f.shrunk.steps)}`)
  } else if (f.shrunk) {
    lines.push(`  NOT reproduced on replay (${f.shrunk.runs} replays): timing-dependent`)
  }
  lines.push(`  reproduce: npm run fuzz -- --seeds ${f.seed}..${f.seed} --count ${count}`)
  return lines.join('\n')
}

export function formatSummary(r: FuzzReport): string {
  const allowed = Object.entries(r.allowed).map(([id, n]) => `${id} x${n}`).join(', ') || 'none'
  return `${r.seeds} seeds, ${r.commands} commands in ${(r.elapsedMs / 1000).toFixed(1)} s: ${r.failures.length} failing seed(s); allowlisted differences met: ${allowed}`
}
