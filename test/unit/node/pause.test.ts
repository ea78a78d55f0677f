// ClientPause's bookkeeping of purposes, on a FakeClock and a stand-in server (no clients are parked
// here; parking and resuming are covered in test/server/pause-purposes.test.ts and client.test.ts).
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { ClientPause } from '../../../src/node/pause.js'
import type { Server } from '../../../src/node/server.js'
import { FakeClock } from '../../helpers/fake-clock.js'

function pauses(): { pause: ClientPause; fc: FakeClock } {
  const fc = new FakeClock(1_000_000)
  const server = { clients: { closeHooks: [] }, clock: fc, timers: fc } as unknown as Server
  return { pause: new ClientPause(server), fc }
}

describe('ClientPause purposes', () => {
  it('puts the most restrictive type in effect, until the furthest end among the purposes of that type', () => {
    const { pause, fc } = pauses()
    const now = fc.now()
    pause.pause('shutdown_in_progress', 'all', now + 500)
    pause.pause('failover_in_progress', 'all', now + 300)
    pause.pause('client_pause', 'write', now + 2000)
    assert.deepEqual([pause.type, pause.endMs], ['all', now + 500])
    fc.advance(499)
    assert.equal(pause.type, 'all')
    fc.advance(1)
    assert.deepEqual([pause.type, pause.endMs], ['write', now + 2000])
    assert.equal(pause.pauseOf('shutdown_in_progress'), undefined)
    assert.equal(pause.pauseOf('failover_in_progress'), undefined)
    fc.advance(1500)
    assert.equal(pause.active, false)
    assert.equal(fc.pending, 0)
  })

  it('ends one purpose\'s pause on unpause and leaves the others\' in effect', () => {
    const { pause, fc } = pauses()
    pause.pause('failover_in_progress', 'write', Infinity)
    pause.pause('client_pause', 'all', fc.now() + 1000)
    assert.equal(pause.type, 'all')
    pause.unpause('client_pause')
    assert.deepEqual([pause.type, pause.endMs], ['write', Infinity])
    fc.advance(10 ** 9)
    assert.equal(pause.type, 'write')
    pause.unpause('client_pause')
    assert.equal(pause.type, 'write')
    pause.unpause('failover_in_progress')
    assert.equal(pause.active, false)
  })

  it('only widens a purpose\'s own pause: a shorter WRITE pause keeps the longer ALL one', () => {
    const { pause, fc } = pauses()
    const now = fc.now()
    pause.pause('client_pause', 'all', now + 2000)
    pause.pause('client_pause', 'write', now + 100)
    assert.deepEqual(pause.pauseOf('client_pause'), { type: 'all', endMs: now + 2000 })
    pause.pause('client_pause', 'write', now + 3000)
    assert.deepEqual(pause.pauseOf('client_pause'), { type: 'all', endMs: now + 3000 })
  })

  it('starts afresh when a purpose pauses again after its pause ended', () => {
    const { pause, fc } = pauses()
    pause.pause('client_pause', 'all', fc.now() + 100)
    fc.advance(100)
    pause.pause('client_pause', 'write', fc.now() + 50)
    assert.deepEqual(pause.pauseOf('client_pause'), { type: 'write', endMs: fc.now() + 50 })
  })

  it('holds a pause longer than a timer can, reaching its end in steps', () => {
    const { pause, fc } = pauses()
    const end = fc.now() + 3_000_000_000
    pause.pause('client_pause', 'write', end)
    fc.advance(2 ** 31)
    assert.equal(pause.type, 'write')
    fc.advance(end - fc.now() - 1)
    assert.equal(pause.type, 'write')
    fc.advance(1)
    assert.equal(pause.active, false)
  })
})
