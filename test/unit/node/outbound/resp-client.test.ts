import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, type Server, type Socket } from 'node:net'
import { OutboundError, RespClient } from '../../../../src/node/outbound/resp-client.js'
import { systemTimers } from '../../../../src/node/util/timers.js'
import { ReplyError, SimpleString } from '../../../../src/node/resp/types.js'
import { FakeTimers } from '../../../helpers/fake-timers.js'

/**
 * A tiny scripted server: each complete request (counted by its "*" header lines) is answered by
 * `answer(argv)`; the answer bytes are written one byte per write when `byteByByte` is set.
 */
class TinyServer {
  readonly server: Server
  readonly sockets: Socket[] = []
  received = ''
  byteByByte = false
  answer: (argv: string[]) => string | null = () => '+OK\r\n'

  constructor() {
    this.server = createServer((s) => {
      this.sockets.push(s)
      let buf = ''
      s.on('data', (d) => {
        this.received += d.toString('latin1')
        buf += d.toString('latin1')
        for (let parsed = parseRequest(buf); parsed !== null; parsed = parseRequest(buf)) {
          buf = buf.slice(parsed.used)
          const out = this.answer(parsed.argv)
          if (out !== null) this.write(s, out)
        }
      })
      s.on('error', () => undefined)
    })
  }

  private write(s: Socket, out: string): void {
    if (!this.byteByByte) { s.write(out, 'latin1'); return }
    for (const ch of out) s.write(ch, 'latin1')
  }

  async listen(): Promise<number> {
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', r))
    return (this.server.address() as { port: number }).port
  }

  close(): Promise<void> {
    for (const s of this.sockets) s.destroy()
    return new Promise((r) => this.server.close(() => r()))
  }
}

function parseRequest(buf: string): { argv: string[]; used: number } | null {
  const m = /^\*(\d+)\r\n/.exec(buf)
  if (m === null) return null
  let pos = m[0].length
  const argv: string[] = []
  for (let i = 0; i < Number(m[1]); i++) {
    const h = /^\$(\d+)\r\n/.exec(buf.slice(pos))
    if (h === null) return null
    const start = pos + h[0].length
    const len = Number(h[1])
    if (buf.length < start + len + 2) return null
    argv.push(buf.slice(start, start + len))
    pos = start + len + 2
  }
  return { argv, used: pos }
}

describe('RespClient', () => {
  const tiny = new TinyServer()
  let port = 0
  before(async () => { port = await tiny.listen() })
  after(() => tiny.close())

  const connect = (timers = systemTimers): Promise<RespClient> =>
    RespClient.connect({ host: '127.0.0.1', port, connectTimeoutMs: 2000, timers })

  it('matches pipelined replies to their requests in order, each reply split at every byte', async () => {
    tiny.byteByByte = true
    tiny.answer = (argv) => argv[0] === 'ECHO' ? `$${argv[1].length}\r\n${argv[1]}\r\n` : argv[0] === 'BAD' ? '-ERR bad\r\n' : ':7\r\n'
    const c = await connect()
    try {
      const replies = await Promise.all(c.sendAll([['ECHO', 'a\r\nb'], ['BAD'], ['NUM'], ['ECHO', '']], 2000))
      assert.deepEqual(replies, ['a\r\nb', new ReplyError('ERR bad'), 7, ''])
      assert.equal(c.waiting, 0)
      assert.deepEqual(await c.send(['ECHO', 'again'], 2000), 'again')
    } finally {
      c.close()
      tiny.byteByByte = false
    }
  })

  it('sends a pipeline in one write, encoded as RESP multibulk', async () => {
    tiny.received = ''
    tiny.answer = () => '+OK\r\n'
    const c = await connect()
    await Promise.all(c.sendAll([['SELECT', '1'], ['SET', 'k', 'v']], 2000))
    c.close()
    assert.equal(tiny.received, '*2\r\n$6\r\nSELECT\r\n$1\r\n1\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$1\r\nv\r\n')
  })

  it('times out a reply through the injected timers and fails every pending request', async () => {
    const timers = new FakeTimers()
    tiny.answer = (argv) => argv[0] === 'SLOW' ? null : '+OK\r\n'
    const c = await connect(timers)
    assert.deepEqual(await c.send(['PING'], 500), new SimpleString('OK'))
    const stuck = c.sendAll([['SLOW'], ['PING']], 500)
    const results = Promise.allSettled(stuck)
    timers.advance(499)
    assert.equal(c.waiting, 2)
    timers.advance(1)
    const [a, b] = await results
    assert.equal(a.status, 'rejected')
    assert.equal(b.status, 'rejected')
    const e = (a as PromiseRejectedResult).reason as OutboundError
    assert.ok(e instanceof OutboundError)
    assert.equal(e.phase, 'read')
    assert.equal(e.timedOut, true)
    assert.equal(c.open, false)
    await assert.rejects(c.send(['PING'], 500), (x: OutboundError) => x.phase === 'write')
    assert.equal(timers.armed, 0)
  })

  it('gives each reply its own timeout from when it becomes the awaited one', async () => {
    const timers = new FakeTimers()
    let release: (() => void) | null = null
    tiny.answer = (argv) => {
      const s = tiny.sockets[tiny.sockets.length - 1]
      if (argv[0] === 'LATER') release = () => s.write('+LATE\r\n')
      return null // PING is never answered
    }
    const c = await connect(timers)
    const [first, second] = c.sendAll([['LATER'], ['PING']], 100)
    const secondSettled = second.then(() => 'resolved', (e: OutboundError) => e.timedOut ? 'timed out' : 'failed')
    while (release === null) await new Promise((r) => setTimeout(r, 5))
    timers.advance(90)
    ;(release as () => void)()
    assert.deepEqual(await first, new SimpleString('LATE'))
    timers.advance(90) // 180 ms since PING was sent, but only 90 since it became the awaited reply
    assert.equal(c.open, true)
    timers.advance(10)
    assert.equal(await secondSettled, 'timed out')
  })

  it('rejects requests waiting when the server closes mid-reply', async () => {
    tiny.answer = (argv) => {
      if (argv[0] !== 'CUT') return '+OK\r\n'
      const s = tiny.sockets[tiny.sockets.length - 1]
      s.write('$10\r\nabc')
      setTimeout(() => s.destroy(), 20)
      return null
    }
    const c = await connect()
    let closedWith: OutboundError | null | undefined
    c.onClose = (r) => { closedWith = r }
    const results = await Promise.allSettled(c.sendAll([['CUT'], ['PING']], 2000))
    assert.deepEqual(results.map((r) => r.status), ['rejected', 'rejected'])
    assert.equal(((results[0] as PromiseRejectedResult).reason as OutboundError).phase, 'read')
    assert.ok(closedWith instanceof OutboundError)
  })

  it('rejects everything pending on close()', async () => {
    tiny.answer = () => null
    const c = await connect()
    const p = c.send(['PING'], 2000)
    c.close()
    await assert.rejects(p, OutboundError)
    assert.equal(c.open, false)
  })

  it('fails the connection on bytes that are not RESP', async () => {
    tiny.answer = () => '?garbage\r\n'
    const c = await connect()
    await assert.rejects(c.send(['PING'], 2000), (e: OutboundError) => e.phase === 'read' && /Protocol error/.test(e.message))
  })

  it('reports a refused connection as a write failure and an unknown host as a connect failure', async () => {
    const closed = createServer()
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r))
    const deadPort = (closed.address() as { port: number }).port
    await new Promise((r) => closed.close(r))
    await assert.rejects(RespClient.connect({ host: '127.0.0.1', port: deadPort, connectTimeoutMs: 2000, timers: systemTimers }),
      (e: OutboundError) => e.phase === 'write')
    await assert.rejects(RespClient.connect({ host: 'no-such-host.invalid', port: 1, connectTimeoutMs: 2000, timers: systemTimers }),
      (e: OutboundError) => e.phase === 'connect')
    await assert.rejects(RespClient.connect({ host: '127.0.0.1', port: 0, connectTimeoutMs: 2000, timers: systemTimers }),
      (e: OutboundError) => e.phase === 'write')
  })

  it('fails a connect that does not complete by the connect timeout', async () => {
    const timers = new FakeTimers()
    // 10.255.255.1 is not routed here: the SYN goes unanswered, so only the deadline ends the attempt
    const p = RespClient.connect({ host: '10.255.255.1', port: 9, connectTimeoutMs: 100, timers })
    timers.advance(100)
    await assert.rejects(p, (e: OutboundError) => e.phase === 'connect' && e.timedOut || e.phase === 'write')
  })

  it('delivers RESP3 pushes to onPush, not to a waiting request', async () => {
    tiny.answer = () => '>2\r\n+message\r\n$1\r\nx\r\n+OK\r\n'
    const c = await connect()
    const pushes: unknown[] = []
    c.onPush = (p) => pushes.push(p.items)
    assert.deepEqual(await c.send(['PING'], 2000), new SimpleString('OK'))
    assert.deepEqual(pushes, [[new SimpleString('message'), 'x']])
    c.close()
  })
})
