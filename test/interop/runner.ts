// Sends one script to two servers over raw sockets and reports every reply that differs.
import { createConnection, type Socket } from 'node:net'
import { cmd } from '../helpers/resp.js'
import { replyLength, sortReply } from '../helpers/reply-reader.js'
import type { Script, Step } from './script.js'

const REPLY_TIMEOUT_MS = 5000

class RawConn {
  private buf = ''
  private waiter: (() => void) | null = null
  closed = false
  private constructor(private readonly socket: Socket) {
    socket.on('data', (d) => { this.buf += d.toString('latin1'); this.waiter?.() })
    socket.on('close', () => { this.closed = true; this.waiter?.() })
    socket.on('error', () => { this.closed = true })
  }

  static open(port: number): Promise<RawConn> {
    return new Promise((resolve, reject) => {
      const s = createConnection({ host: '127.0.0.1', port }, () => resolve(new RawConn(s)))
      s.once('error', reject)
    })
  }

  send(argv: string[]): void { this.socket.write(cmd(...argv)) }

  /** The next whole reply, or '(closed)' / '(timeout)'. */
  async reply(): Promise<string> {
    const deadline = Date.now() + REPLY_TIMEOUT_MS
    for (;;) {
      const n = replyLength(this.buf)
      if (n > 0) { const r = this.buf.slice(0, n); this.buf = this.buf.slice(n); return r }
      if (this.closed) return '(closed)'
      const left = deadline - Date.now()
      if (left <= 0) return '(timeout)'
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left)
        this.waiter = () => { clearTimeout(t); this.waiter = null; resolve() }
      })
    }
  }

  close(): void { this.socket.destroy() }
}

function shape(r: string): string {
  return r.replace(/(^|\r\n)([:$,(=])[^\r\n]*/g, '$1$2…').replace(/\r\n[^\r\n*%~>:$,(=_#+-][^\r\n]*/g, '\r\n…')
}

function normalise(r: string, step: Step): string {
  if (step.shapeOnly) return shape(r)
  if (step.unordered) return sortReply(r, typeof step.unordered === 'number' ? step.unordered : 1)
  return r
}

export class ScriptRunner {
  constructor(private readonly redisPort: number, private readonly rclPort: number) {}

  async run(script: Script): Promise<string[]> {
    const [a, b] = await Promise.all([RawConn.open(this.redisPort), RawConn.open(this.rclPort)])
    const diffs: string[] = []
    try {
      for (const conn of [a, b]) { conn.send(['FLUSHALL']); await conn.reply() }
      for (const raw of script.steps) {
        const step: Step = Array.isArray(raw) ? { argv: raw } : raw
        if (step.sleepMs) await new Promise((r) => setTimeout(r, step.sleepMs))
        a.send(step.argv)
        b.send(step.argv)
        if (step.noReply) { await new Promise((r) => setTimeout(r, 50)); continue }
        const [ra, rb] = await Promise.all([a.reply(), b.reply()])
        const [na, nb] = [normalise(ra, step), normalise(rb, step)]
        if (na !== nb) diffs.push(`${step.argv.join(' ')}\n  redis: ${JSON.stringify(ra)}\n  rcl:   ${JSON.stringify(rb)}`)
        if (step.closes) break
      }
    } finally {
      a.close()
      b.close()
    }
    return diffs
  }
}
