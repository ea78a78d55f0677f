// The BGSAVE figure of `npm run bench`: start a BGSAVE, then PING the server back to back on another
// connection until INFO says the save is over. Reports the worst PING round-trip seen meanwhile and
// how long the save took, so a save that blocks the event loop shows as a long PING.
import { createConnection, type Socket } from 'node:net'

export interface BgsaveFigures {
  /** Worst PING round-trip while the save ran, ms. */
  worstPingMs: number
  /** From the BGSAVE request until INFO reported it finished, ms. */
  bgsaveMs: number
  pings: number
}

const LIMIT_MS = 300_000

/** One connection that sends a request and resolves with the complete RESP2 reply text. */
class Probe {
  private buf = ''
  private waiting: ((reply: string) => void) | null = null
  private constructor(private readonly s: Socket) {
    s.setNoDelay(true)
    s.on('data', (d) => {
      this.buf += d.toString('latin1')
      const n = replyLength(this.buf)
      if (n < 0 || this.waiting === null) return
      const reply = this.buf.slice(0, n)
      this.buf = this.buf.slice(n)
      const w = this.waiting
      this.waiting = null
      w(reply)
    })
  }

  static open(port: number): Promise<Probe> {
    return new Promise((resolve, reject) => {
      const s = createConnection({ host: '127.0.0.1', port }, () => resolve(new Probe(s)))
      s.once('error', reject)
    })
  }

  request(...argv: string[]): Promise<string> {
    return new Promise((resolve) => {
      this.waiting = resolve
      this.s.write(`*${argv.length}\r\n${argv.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`)
    })
  }

  close(): void { this.s.destroy() }
}

/** Length of the first complete simple/error/integer or bulk reply in `s`, or -1 when incomplete. */
function replyLength(s: string): number {
  const eol = s.indexOf('\r\n')
  if (eol < 0) return -1
  if (s[0] !== '$') return eol + 2
  const len = Number(s.slice(1, eol))
  if (len < 0) return eol + 2
  const end = eol + 2 + len + 2
  return s.length >= end ? end : -1
}

export async function bgsaveFigures(port: number): Promise<BgsaveFigures> {
  const control = await Probe.open(port)
  const pinger = await Probe.open(port)
  try {
    const t0 = performance.now()
    const started = await control.request('BGSAVE')
    if (!started.startsWith('+Background saving started')) throw new Error(`BGSAVE answered ${started.trim()}`)
    let worst = 0
    let pings = 0
    let lastCheck = t0
    for (;;) {
      const p0 = performance.now()
      await pinger.request('PING')
      const now = performance.now()
      worst = Math.max(worst, now - p0)
      pings++
      if (now - t0 > LIMIT_MS) throw new Error('BGSAVE did not finish in time')
      if (now - lastCheck < 50) continue
      lastCheck = now
      if ((await control.request('INFO', 'persistence')).includes('rdb_bgsave_in_progress:0')) {
        return { worstPingMs: worst, bgsaveMs: performance.now() - t0, pings }
      }
    }
  } finally {
    control.close()
    pinger.close()
  }
}
