// A server whose Clock and Timers are a FakeClock: its deadlines (blocking timeouts, CLIENT PAUSE) pass
// exactly when the test moves time, never by waiting. Waits here are only for bytes to cross the socket.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type Redis from 'ioredis'
import { client } from '../helpers/client.js'
import { FakeClock } from '../helpers/fake-clock.js'
import { startServer, type InProc } from '../helpers/in-proc-server.js'
import { waitFor } from '../helpers/wait.js'

/** Whether `p` has settled by the time the socket has been given a chance to deliver (no timers involved). */
async function settled(p: Promise<unknown>, c: Redis): Promise<boolean> {
  let done = false
  void p.then(() => { done = true }, () => { done = true })
  await c.ping()
  await new Promise((r) => setImmediate(r))
  return done
}

/** `p`'s value, or a failure naming `what` if it has not come within a few (real) seconds. */
async function within<T>(p: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined
  const limit = new Promise<never>((_, reject) => { timer = setTimeout(() => reject(new Error(`no reply for ${what}`)), 5000) })
  try {
    return await Promise.race([p, limit])
  } finally {
    clearTimeout(timer)
  }
}

describe('a server on a FakeClock', () => {
  const fc = new FakeClock(1_700_000_000_000)
  let srv: InProc
  let c: Redis, other: Redis
  before(async () => {
    srv = await startServer({}, { clock: fc, timers: fc })
    c = client(srv.port)
    other = client(srv.port)
  })
  after(async () => {
    c?.disconnect()
    other?.disconnect()
    await srv?.stop()
  })

  it('times a BLPOP out when the clock passes its timeout, not a millisecond before', async () => {
    const reply = c.blpop('nokey', 5)
    await waitFor('BLPOP to block', () => srv.server.blocking.blockedCount === 1, 5000, 2)
    fc.advance(4_999)
    assert.equal(await settled(reply, other), false)
    assert.equal(srv.server.blocking.blockedCount, 1)
    fc.advance(1)
    assert.equal(await within(reply, 'BLPOP at its timeout'), null)
    assert.equal(srv.server.blocking.blockedCount, 0)
  })

  it('holds writes during CLIENT PAUSE WRITE until the clock reaches its end, then runs them', async () => {
    assert.equal(await other.call('CLIENT', 'PAUSE', '1000', 'WRITE'), 'OK')
    const write = c.set('k', 'v')
    await waitFor('the SET to be parked', () => srv.server.pause.parkedCount === 1, 5000, 2)
    assert.equal(await other.get('k'), null, 'reads go on during a write pause')
    fc.advance(999)
    assert.equal(await settled(write, other), false)
    fc.advance(1)
    assert.equal(await within(write, 'the SET at the end of the pause'), 'OK')
    assert.equal(await other.get('k'), 'v')
    assert.equal(srv.server.pause.active, false)
  })
})
