// One raw RESP connection to a server: sends argv as a multibulk request and hands back decoded reply
// frames, each read bounded by a deadline. The fuzzer's only socket code. One reader at a time: calls on
// one connection are awaited in turn, never run concurrently.
import { createConnection, type Socket } from 'node:net'
import { cmd } from '../../helpers/resp.js'
import { decodeFrame, type RespValue } from './resp-value.js'

export type ReadResult = RespValue | 'timeout' | 'closed'

export class RespConn {
  private buf = ''
  private waiter: (() => void) | null = null
  closed = false

  private constructor(private readonly socket: Socket) {
    socket.setNoDelay(true)
    socket.on('data', (d) => { this.buf += d.toString('latin1'); this.wake() })
    socket.on('close', () => { this.closed = true; this.wake() })
    socket.on('error', () => { this.closed = true; this.wake() })
  }

  static open(port: number, timeoutMs = 5000): Promise<RespConn> {
    return new Promise((resolve, reject) => {
      const s = createConnection({ host: '127.0.0.1', port })
      const t = setTimeout(() => { s.destroy(); reject(new Error(`connect to ${port} timed out`)) }, timeoutMs)
      s.once('connect', () => { clearTimeout(t); resolve(new RespConn(s)) })
      s.once('error', (e) => { clearTimeout(t); reject(e) })
    })
  }

  private wake(): void {
    const w = this.waiter
    this.waiter = null
    w?.()
  }

  send(argv: readonly string[]): void {
    if (!this.closed) this.socket.write(cmd(...argv))
  }

  /** Bytes received and not yet read as a frame (left over after a difference, for reports). */
  get pending(): string { return this.buf }

  /** The next whole frame, or 'closed' / 'timeout' when none arrives within `timeoutMs`. */
  async read(timeoutMs: number): Promise<ReadResult> {
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const r = this.buf.length > 0 ? decodeFrame(this.buf) : null
      if (r) { this.buf = this.buf.slice(r[1]); return r[0] }
      if (this.closed) return 'closed'
      const left = deadline - Date.now()
      if (left <= 0) return 'timeout'
      await new Promise<void>((resolve) => {
        const t = setTimeout(() => { this.waiter = null; resolve() }, left)
        this.waiter = () => { clearTimeout(t); resolve() }
      })
    }
  }

  /** Sends one command and reads its single reply. */
  async call(argv: readonly string[], timeoutMs = 5000): Promise<ReadResult> {
    this.send(argv)
    return this.read(timeoutMs)
  }

  close(): void { this.socket.destroy(); this.closed = true }
}
