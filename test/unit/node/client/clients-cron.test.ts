import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { Config } from '../../../../src/node/config/config.js'
import { clientsCron } from '../../../../src/node/client/clients-cron.js'
import type { Connection } from '../../../../src/node/net/connection.js'
import { Logger } from '../../../../src/node/util/log.js'

interface FakeConn {
  client: { id: number; isReplica: boolean; isMaster: boolean; isMonitor: boolean; blocked: boolean; subscriptionCount: number; lastInteraction: number; heldOutputBytes: number }
  remoteAddress: string
  out: number
  killed: boolean
  outputBufferBytes(): number
  kill(): void
}

function fake(id: number, over: Partial<FakeConn['client']> = {}, out = 0): FakeConn {
  return {
    client: { id, isReplica: false, isMaster: false, isMonitor: false, blocked: false, subscriptionCount: 0, lastInteraction: 0, heldOutputBytes: 0, ...over },
    remoteAddress: '127.0.0.1:1',
    out,
    killed: false,
    outputBufferBytes() { return this.out },
    kill() { this.killed = true },
  }
}

function setup(directives: Record<string, string[]>, conns: FakeConn[]): (now: number) => void {
  const config = new Config()
  for (const [k, v] of Object.entries(directives)) config.set(k, v, true)
  const log = new Logger()
  log.file = '/dev/null'
  const clients = new Map(conns.map((c) => [c.client.id, c as unknown as Connection]))
  return clientsCron({ config, log, clients })
}

describe('clientsCron', () => {
  it('closes clients idle for longer than timeout seconds', () => {
    const idle = fake(1, { lastInteraction: 1000 })
    const busy = fake(2, { lastInteraction: 3500 })
    const tick = setup({ timeout: ['2'] }, [idle, busy])
    tick(3999)
    assert.equal(idle.killed, false)
    tick(4000)
    assert.deepEqual([idle.killed, busy.killed], [true, false])
  })

  it('never times out blocked, subscribed, replica or master clients', () => {
    const conns = [fake(1, { blocked: true }), fake(2, { subscriptionCount: 1 }), fake(3, { isReplica: true }), fake(4, { isMaster: true })]
    setup({ timeout: ['1'] }, conns)(100_000)
    assert.deepEqual(conns.map((c) => c.killed), [false, false, false, false])
  })

  it('keeps every idle client with timeout 0', () => {
    const c = fake(1)
    setup({}, [c])(1e9)
    assert.equal(c.killed, false)
  })

  it('closes a subscriber over the pubsub hard limit at once', () => {
    const sub = fake(1, { subscriptionCount: 1 }, 33554432)
    const normal = fake(2, {}, 33554432)
    setup({}, [sub, normal])(1)
    assert.deepEqual([sub.killed, normal.killed], [true, false])
  })

  it('closes a client over the soft limit only after the soft seconds', () => {
    const c = fake(1, {}, 2000)
    const tick = setup({ 'client-output-buffer-limit': ['normal', '0', '1000', '2'] }, [c])
    tick(10_000)
    tick(12_000)
    assert.equal(c.killed, false)
    tick(12_001)
    assert.equal(c.killed, true)
  })

  it('forgets the soft-limit clock when the buffer drains', () => {
    const c = fake(1, {}, 2000)
    const tick = setup({ 'client-output-buffer-limit': ['normal', '0', '1000', '2'] }, [c])
    tick(10_000)
    c.out = 0
    tick(11_000)
    c.out = 2000
    tick(12_500)
    tick(14_000)
    assert.equal(c.killed, false)
  })
})
