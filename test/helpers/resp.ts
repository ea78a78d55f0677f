// Raw-socket helpers for byte-exact tests: build requests, send bytes, collect what comes back.
import { createConnection } from 'node:net'

/** Encodes argv as a RESP multibulk request. */
export function cmd(...argv: Array<string | Buffer>): Buffer {
  const parts: Buffer[] = [Buffer.from(`*${argv.length}\r\n`)]
  for (const a of argv) {
    const b = typeof a === 'string' ? Buffer.from(a, 'latin1') : a
    parts.push(Buffer.from(`$${b.length}\r\n`), b, Buffer.from('\r\n'))
  }
  return Buffer.concat(parts)
}

export interface Exchange {
  data: string
  closed: boolean
}

/**
 * Sends `chunks` (each written separately) and collects the reply bytes until `expect` bytes arrived
 * (or `until` says the data is complete),
 * the server closed, or `idleMs` passed without data. Always bounded by `maxMs`.
 */
export function exchange(port: number, chunks: Array<string | Buffer>, opts: { expect?: number; until?: (data: string) => boolean; idleMs?: number; maxMs?: number } = {}): Promise<Exchange> {
  return new Promise((resolve, reject) => {
    const s = createConnection({ host: '127.0.0.1', port })
    let data = ''
    let closed = false
    let idle: NodeJS.Timeout | undefined
    const finish = (): void => { clearTimeout(idle); clearTimeout(max); s.destroy(); resolve({ data, closed }) }
    const arm = (): void => { clearTimeout(idle); idle = setTimeout(finish, opts.idleMs ?? 200) }
    const max = setTimeout(finish, opts.maxMs ?? 5000)
    s.on('error', (e: NodeJS.ErrnoException) => {
      // a server that closes while we still write shows up as a reset: that is a close too
      if (e.code === 'ECONNRESET' || e.code === 'EPIPE') { closed = true; finish(); return }
      if (!closed) { clearTimeout(max); clearTimeout(idle); reject(e) }
    })
    s.on('data', (d) => {
      data += d.toString('latin1')
      if ((opts.expect !== undefined && data.length >= opts.expect) || opts.until?.(data) === true) finish()
      else arm()
    })
    s.on('end', () => { closed = true; finish() })
    s.on('connect', async () => {
      for (const c of chunks) {
        s.write(typeof c === 'string' ? Buffer.from(c, 'latin1') : c)
        await new Promise((r) => setImmediate(r))
      }
      arm()
    })
  })
}

/** A raw connection kept open across steps: send requests, then expect exact bytes within a bounded wait. */
export class RawClient {
  private data = ''
  private readonly socket
  readonly connected: Promise<void>
  closed = false

  constructor(port: number) {
    this.socket = createConnection({ host: '127.0.0.1', port })
    this.connected = new Promise((resolve, reject) => {
      this.socket.once('connect', () => resolve())
      this.socket.once('error', reject)
    })
    this.socket.on('data', (d) => { this.data += d.toString('latin1') })
    this.socket.on('close', () => { this.closed = true })
    this.socket.on('error', () => { this.closed = true })
  }

  send(...chunks: Array<string | Buffer>): void {
    for (const c of chunks) this.socket.write(typeof c === 'string' ? Buffer.from(c, 'latin1') : c)
  }

  /**
   * Waits until exactly `expected` has arrived (nothing else first), consumes it, and fails after
   * `maxMs` with what did arrive.
   */
  async waitFor(expected: string, maxMs = 5000): Promise<void> {
    const deadline = Date.now() + maxMs
    while (this.data.length < expected.length && !this.closed && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 10))
    }
    const got = this.data.slice(0, expected.length)
    if (got !== expected) throw new Error(`expected ${JSON.stringify(expected)}, got ${JSON.stringify(this.data)}${this.closed ? ' (closed)' : ''}`)
    this.data = this.data.slice(expected.length)
  }

  /** Everything received and not yet consumed. */
  get pending(): string { return this.data }

  close(): void { this.socket.destroy() }
}
