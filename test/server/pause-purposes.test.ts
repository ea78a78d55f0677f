// Pauses with a purpose (Redis 7.0's pauseClients(purpose, end, type)): CLIENT PAUSE, a failover and a
// shutdown each hold their own pause; the one in effect is the most restrictive (the rules themselves:
// test/unit/node/pause.test.ts). The server runs on a FakeClock, so pause ends pass when the test moves
// time. FAILOVER is not built yet: the tests take its part by calling server.pause, as it will.
import { after, afterEach, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type Redis from 'ioredis'
import { client } from '../helpers/client.js'
import { FakeClock } from '../helpers/fake-clock.js'
import { startServer, type InProc } from '../helpers/in-proc-server.js'
import { waitFor } from '../helpers/wait.js'

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

describe('pause purposes', () => {
  const fc = new FakeClock(1_700_000_000_000)
  let srv: InProc
  let admin: Redis, writer: Redis, reader: Redis
  const parked = (n: number, what: string): Promise<void> => waitFor(what, () => srv.server.pause.parkedCount === n, 5000, 2)
  before(async () => {
    srv = await startServer({}, { clock: fc, timers: fc })
    admin = client(srv.port)
    writer = client(srv.port)
    reader = client(srv.port)
  })
  afterEach(() => {
    srv.server.pause.unpause('failover_in_progress')
    srv.server.pause.unpause('client_pause')
    srv.server.pause.unpause('shutdown_in_progress')
  })
  after(async () => {
    for (const c of [admin, writer, reader]) c?.disconnect()
    await srv?.stop()
  })

  it('keeps a failover\'s write pause through CLIENT UNPAUSE, as Redis 7.0.15 does', async () => {
    srv.server.pause.pause('failover_in_progress', 'write', Infinity)
    assert.equal(await admin.call('CLIENT', 'PAUSE', '10000', 'WRITE'), 'OK')
    assert.equal(await admin.call('CLIENT', 'UNPAUSE'), 'OK')
    const write = writer.set('k', 'during failover')
    await parked(1, 'the SET to be parked')
    // what redis-server 7.0.15 reports for a SET held by FAILOVER's pause after CLIENT UNPAUSE
    assert.match(await admin.info('clients'), /\r\nblocked_clients:1\r\n/)
    const line = String(await admin.call('CLIENT', 'LIST')).split('\n').find((l) => l.includes('flags=b'))
    assert.match(line ?? '', / flags=b .* cmd=set /)
    assert.deepEqual(srv.server.pause.pauseOf('client_pause'), undefined)
    srv.server.pause.unpause('failover_in_progress')
    assert.equal(await within(write, 'the SET once the failover ends'), 'OK')
    assert.equal(srv.server.pause.active, false)
  })

  it('narrows to the failover\'s WRITE pause when a CLIENT PAUSE ALL ends, running the reads it held', async () => {
    srv.server.pause.pause('failover_in_progress', 'write', Infinity)
    assert.equal(await admin.call('CLIENT', 'PAUSE', '1000', 'ALL'), 'OK')
    const write = writer.set('k2', 'v')
    await parked(1, 'the SET to be parked')
    const read = reader.get('k2')
    await parked(2, 'the GET to be parked')
    fc.advance(1000)
    assert.equal(await within(read, 'the GET when ALL narrows to WRITE'), null)
    assert.equal(srv.server.pause.type, 'write')
    assert.equal(srv.server.pause.parkedCount, 1)
    srv.server.pause.unpause('failover_in_progress')
    assert.equal(await within(write, 'the SET once the failover ends'), 'OK')
  })
})
