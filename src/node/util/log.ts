// Redis-format log lines ("pid:role dd Mon yyyy HH:MM:SS.mmm <level> message") to stdout or logfile,
// filtered by loglevel. One pure formatter so the format is pinned by a test.
import { appendFileSync } from 'node:fs'

export type LogRole = 'M' | 'S' | 'X' | 'C'
export type LogLevelName = 'debug' | 'verbose' | 'notice' | 'warning'
const LEVEL_CHAR: Record<LogLevelName, string> = { debug: '.', verbose: '-', notice: '*', warning: '#' }
const LEVEL_RANK: Record<LogLevelName, number> = { debug: 0, verbose: 1, notice: 2, warning: 3 }
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec']

const pad = (n: number, w = 2): string => String(n).padStart(w, '0')

/** Formats one line in local time, exactly as Redis 7 does (with the year). */
export function formatLogLine(l: { pid: number; role: LogRole; level: LogLevelName; now: number; msg: string }): string {
  const d = new Date(l.now)
  const date = `${pad(d.getDate())} ${MONTHS[d.getMonth()]} ${d.getFullYear()}`
  const time = `${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}.${pad(d.getMilliseconds(), 3)}`
  return `${l.pid}:${l.role} ${date} ${time} ${LEVEL_CHAR[l.level]} ${l.msg}`
}

export class Logger {
  level: LogLevelName = 'notice'
  role: LogRole = 'M'
  /** '' = stdout. */
  file = ''

  constructor(private readonly now: () => number = Date.now) {}

  log(level: LogLevelName, msg: string): void {
    if (LEVEL_RANK[level] < LEVEL_RANK[this.level]) return
    const line = formatLogLine({ pid: process.pid, role: this.role, level, now: this.now(), msg }) + '\n'
    if (this.file === '') process.stdout.write(line)
    else {
      try { appendFileSync(this.file, line) } catch { process.stdout.write(line) }
    }
  }

  debug(msg: string): void { this.log('debug', msg) }
  verbose(msg: string): void { this.log('verbose', msg) }
  notice(msg: string): void { this.log('notice', msg) }
  warning(msg: string): void { this.log('warning', msg) }
}
