import { after, before, describe, it } from 'node:test'
import { createConnection, type Socket } from 'node:net'
import assert from 'node:assert/strict'
import { client } from '../helpers/client.js'
import { startServer, type InProc } from '../helpers/in-proc-server.js'
import { cmd, exchange } from '../helpers/resp.js'

describe('protocol (in-process server)', () => {
  let srv: InProc
  before(async () => { srv = await startServer() })
  after(async () => { await srv.stop() })

  it('answers a pipeline of multibulk and inline requests in order', async () => {
    const r = await exchange(srv.port, [Buffer.concat([cmd('PING'), Buffer.from('ECHO hi\r\n'), cmd('GET', 'nosuch')])], { expect: 18 })
    assert.equal(r.data, '+PONG\r\n$2\r\nhi\r\n$-1\r\n')
  })

  it('replies to a protocol error after earlier requests, then closes', async () => {
    const r = await exchange(srv.port, [Buffer.concat([cmd('PING'), Buffer.from('*1\r\nfoo\r\n')])])
    assert.equal(r.data, "+PONG\r\n-ERR Protocol error: expected '$', got 'f'\r\n")
    assert.equal(r.closed, true)
  })

  // regression (issue 13): rcl-node used to half-close, so a client that only writes never noticed
  for (const [what, trigger] of [['a protocol error', '*1\r\n$x\r\n'], ['QUIT', 'QUIT\r\n']]) {
    it(`closes the socket fully after ${what}: a client that keeps writing gets a reset`, async () => {
      const failure = await new Promise<string>((resolve) => {
        const s = createConnection({ host: '127.0.0.1', port: srv.port })
        const give = setTimeout(() => { s.destroy(); resolve('still writable after 3 s') }, 3000)
        s.on('error', (e: NodeJS.ErrnoException) => { clearTimeout(give); s.destroy(); resolve(e.code ?? e.message) })
        s.on('connect', () => {
          s.write(trigger)
          const tick = setInterval(() => { if (s.destroyed) clearInterval(tick); else s.write('PING\r\n'.repeat(100)) }, 10)
          s.on('close', () => clearInterval(tick))
        })
      })
      assert.match(failure, /^(EPIPE|ECONNRESET)$/)
    })
  }

  it('answers unknown commands with the args list and keeps the connection', async () => {
    const r = await exchange(srv.port, [cmd('FOO', 'bar', 'baz qux'), cmd('PING')], { expect: 80 })
    assert.equal(r.data, "-ERR unknown command 'FOO', with args beginning with: 'bar' 'baz qux' \r\n+PONG\r\n")
  })

  it('closes on cross-protocol POST without replying', async () => {
    const r = await exchange(srv.port, ['POST / HTTP/1.1\r\n'])
    assert.equal(r.data, '')
    assert.equal(r.closed, true)
  })

  it('keeps binary values intact through ioredis', async () => {
    const c = client(srv.port)
    try {
      const value = Buffer.from(Array.from({ length: 256 }, (_, i) => i))
      await c.set(Buffer.from([0, 255, 10, 13]), value)
      assert.deepEqual(await c.getBuffer(Buffer.from([0, 255, 10, 13])), value)
    } finally {
      c.disconnect()
    }
  })
})

describe('query buffer limit', () => {
  let srv: InProc
  before(async () => { srv = await startServer({ 'client-query-buffer-limit': '1mb' }) })
  after(async () => { await srv.stop() })

  it('closes a client whose unfinished request exceeds client-query-buffer-limit, without a reply', async () => {
    const header = Buffer.from('*2\r\n$4\r\nECHO\r\n$5000000\r\n')
    const body = Buffer.alloc(1_200_000, 0x61)
    const r = await exchange(srv.port, [header, body], { maxMs: 3000 })
    assert.equal(r.data, '')
    assert.equal(r.closed, true)
  })
})

describe('unix socket', () => {
  let srv: InProc
  const path = `/tmp/rcl-test-${process.pid}.sock`
  before(async () => { srv = await startServer({ unixsocket: path }) })
  after(async () => { await srv.stop() })

  it('serves requests on the unixsocket path', async () => {
    const { createConnection } = await import('node:net')
    const data = await new Promise<string>((resolve, reject) => {
      const s = createConnection({ path })
      s.on('error', reject)
      s.on('data', (d) => { s.destroy(); resolve(d.toString('latin1')) })
      s.on('connect', () => s.write(cmd('PING')))
    })
    assert.equal(data, '+PONG\r\n')
  })
})

describe('output under backpressure', () => {
  let srv: InProc
  before(async () => { srv = await startServer() })
  after(async () => { await srv.stop() })

  it('delivers every reply intact to a client that stops reading while large replies queue up', async () => {
    const { createConnection } = await import('node:net')
    const c = client(srv.port)
    const values: string[] = []
    try {
      for (let i = 0; i < 8; i++) {
        values.push(String.fromCharCode(97 + i).repeat(2_000_000 + i))
        await c.set(`bp:${i}`, values[i])
      }
    } finally { c.disconnect() }
    // each round asks in a different order, so reused memory would show as wrong bytes
    const order = (round: number): number[] => [0, 1, 2, 3, 4, 5, 6, 7].map((i) => (i + round * 3) % 8)
    const expected = [0, 1, 2].flatMap(order).map((i) => `$${values[i].length}\r\n${values[i]}\r\n`).join('')
    const got = await new Promise<string>((resolve, reject) => {
      const s = createConnection({ host: '127.0.0.1', port: srv.port })
      const parts: Buffer[] = []
      let size = 0
      const timer = setTimeout(() => { s.destroy(); reject(new Error(`timed out with ${size} bytes`)) }, 10_000)
      s.on('error', reject)
      s.on('connect', async () => {
        s.pause()
        for (let round = 0; round < 3; round++) {
          for (const i of order(round)) s.write(cmd('GET', `bp:${i}`))
          await new Promise((r) => setTimeout(r, 30))
        }
        await new Promise((r) => setTimeout(r, 200))
        s.resume()
      })
      s.on('data', (d: Buffer) => {
        parts.push(d)
        size += d.length
        if (size >= expected.length) { clearTimeout(timer); s.destroy(); resolve(Buffer.concat(parts).toString('latin1')) }
      })
    })
    assert.equal(got.length, expected.length)
    assert.ok(got === expected, 'reply bytes differ from the stored values')
  })
})

describe('shared read buffer', () => {
  let srv: InProc
  before(async () => { srv = await startServer() })
  after(async () => { await srv.stop() })

  it('keeps each client\'s unfinished request intact while other clients are read', async () => {
    // every client socket reads into one buffer: half-sent requests must survive other clients' reads
    const values = [0, 1, 2].map((i) => Buffer.alloc(100_000 + i, 0x61 + i))
    const requests = values.map((v, i) => cmd('SET', `shared:${i}`, v))
    const sockets = await Promise.all(values.map(() => connected(srv.port)))
    try {
      const replies = sockets.map((s) => collect(s, 5))
      // each client sends its request in pieces, the clients taking turns
      const cuts = [0, 7, 40_000, 99_000, Infinity]
      for (let k = 0; k + 1 < cuts.length; k++) {
        for (let i = 0; i < sockets.length; i++) sockets[i].write(requests[i].subarray(cuts[k], cuts[k + 1]))
        await new Promise((r) => setTimeout(r, 20))
      }
      assert.deepEqual(await Promise.all(replies), ['+OK\r\n', '+OK\r\n', '+OK\r\n'])
    } finally {
      for (const s of sockets) s.destroy()
    }
    const c = client(srv.port)
    try {
      for (let i = 0; i < values.length; i++) assert.deepEqual(await c.getBuffer(`shared:${i}`), values[i], `value ${i}`)
    } finally {
      c.disconnect()
    }
  })
})

function connected(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const s = createConnection({ host: '127.0.0.1', port }, () => resolve(s))
    s.once('error', reject)
  })
}

/** The first `bytes` bytes a socket receives, as latin1 (bounded by a 5 s timeout). */
function collect(s: Socket, bytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    let data = ''
    const timer = setTimeout(() => reject(new Error(`timed out with ${JSON.stringify(data)}`)), 5000)
    s.on('data', (d) => {
      data += d.toString('latin1')
      if (data.length >= bytes) { clearTimeout(timer); resolve(data) }
    })
  })
}
