import { after, before, beforeEach, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type Redis from 'ioredis'
import { client } from '../helpers/client.js'
import { startServer, useServer, type InProc } from '../helpers/in-proc-server.js'

const settle = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

/** Polls `probe` every 50 ms until it returns true or `maxMs` passes; returns the last answer. */
async function eventually(probe: () => Promise<boolean>, maxMs: number): Promise<boolean> {
  const deadline = Date.now() + maxMs
  for (;;) {
    if (await probe()) return true
    if (Date.now() > deadline) return false
    await settle(50)
  }
}

describe('expire commands', () => {
  let srv: InProc
  let c: Redis
  /** What the server handed to AOF/replicas, one "db: ARGV" line per command. */
  const propagated: string[] = []
  before(async () => {
    srv = await startServer()
    srv.server.propagation.sinks.push((db, argvs) => { for (const a of argvs) propagated.push(`${db}: ${a.join(' ')}`) })
    c = client(srv.port)
  })
  after(async () => {
    c.disconnect()
    await srv.stop()
  })
  beforeEach(async () => {
    await c.flushall()
    srv.server.notifications.configure('')
    propagated.length = 0
  })

  it('sets relative and absolute expiries that TTL, PTTL and EXPIRETIME read back', async () => {
    await c.set('k', 'v')
    assert.equal(await c.ttl('k'), -1)
    assert.equal(await c.pttl('k'), -1)
    assert.equal(await c.call('EXPIRETIME', 'k'), -1)
    assert.equal(await c.expire('k', 100), 1)
    assert.equal(await c.ttl('k'), 100)
    const pttl = await c.pttl('k')
    assert.ok(pttl > 99000 && pttl <= 100000)
    const at = Math.floor(Date.now() / 1000) + 500
    assert.equal(await c.expireat('k', at), 1)
    assert.equal(await c.call('EXPIRETIME', 'k'), at)
    assert.equal(await c.call('PEXPIRETIME', 'k'), at * 1000)
    assert.equal(await c.pexpireat('k', at * 1000 + 123), 1)
    assert.equal(await c.call('PEXPIRETIME', 'k'), at * 1000 + 123)
    assert.equal(await c.pexpire('k', 5000), 1)
    assert.equal(await c.ttl('k'), 5)
    assert.equal(await c.ttl('missing'), -2)
    assert.equal(await c.pttl('missing'), -2)
    assert.equal(await c.call('EXPIRETIME', 'missing'), -2)
    assert.equal(await c.expire('missing', 10), 0)
  })

  it('propagates relative expiries as PEXPIREAT with the absolute time', async () => {
    await c.set('k', 'v')
    const before = Date.now()
    await c.expire('k', 100)
    const line = propagated.at(-1) as string
    const m = /^0: PEXPIREAT k (\d+)$/.exec(line)
    assert.ok(m, line)
    const when = Number(m[1])
    assert.ok(when >= before + 100000 && when <= Date.now() + 100000)
  })

  it('applies NX, XX, GT and LT (a key without TTL counts as infinite)', async () => {
    await c.set('k', 'v')
    assert.equal(await c.call('EXPIRE', 'k', '100', 'XX'), 0)
    assert.equal(await c.call('EXPIRE', 'k', '100', 'GT'), 0)
    assert.equal(await c.call('EXPIRE', 'k', '100', 'NX'), 1)
    assert.equal(await c.call('EXPIRE', 'k', '200', 'NX'), 0)
    assert.equal(await c.call('EXPIRE', 'k', '50', 'GT'), 0)
    assert.equal(await c.call('EXPIRE', 'k', '200', 'gt'), 1)
    assert.equal(await c.call('EXPIRE', 'k', '300', 'LT'), 0)
    assert.equal(await c.call('EXPIRE', 'k', '10', 'LT', 'XX'), 1)
    assert.equal(await c.ttl('k'), 10)
    await c.persist('k')
    assert.equal(await c.call('EXPIRE', 'k', '300', 'LT'), 1)
  })

  it('rejects conflicting options, unknown options and overflowing times', async () => {
    await c.set('k', 'v')
    await assert.rejects(c.call('EXPIRE', 'k', '10', 'NX', 'XX'), /^ReplyError: ERR NX and XX, GT or LT options at the same time are not compatible/)
    await assert.rejects(c.call('EXPIRE', 'k', '10', 'GT', 'LT'), /ERR GT and LT options at the same time are not compatible/)
    await assert.rejects(c.call('EXPIRE', 'k', '10', 'foo'), /ERR Unsupported option foo/)
    await assert.rejects(c.call('EXPIRE', 'k', 'abc', 'foo'), /ERR Unsupported option foo/)
    await assert.rejects(c.call('EXPIRE', 'k', 'abc'), /ERR value is not an integer or out of range/)
    await assert.rejects(c.call('EXPIRE', 'k', '9223372036854775807'), /ERR invalid expire time in 'expire' command/)
    await assert.rejects(c.call('PEXPIRE', 'k', '9223372036854775807'), /ERR invalid expire time in 'pexpire' command/)
    await assert.rejects(c.call('EXPIREAT', 'k', '9223372036854776'), /ERR invalid expire time in 'expireat' command/)
    assert.equal(await c.ttl('k'), -1)
  })

  it('deletes the key for a time already past, as a "del" propagated as DEL', async () => {
    srv.server.notifications.configure('Eg')
    const sub = client(srv.port)
    const events: string[] = []
    sub.on('pmessage', (_p: string, ch: string, key: string) => events.push(`${ch.split(':')[1]} ${key}`))
    await sub.psubscribe('__keyevent@0__:*')
    try {
      await c.set('k', 'v')
      assert.equal(await c.expire('k', -1), 1)
      assert.equal(await c.exists('k'), 0)
      await c.set('k2', 'v')
      assert.equal(await c.pexpireat('k2', 1), 1)
      assert.equal(await c.exists('k2'), 0)
      await settle(50)
      assert.deepEqual(events, ['del k', 'del k2'])
      assert.deepEqual(propagated.filter((l) => l.includes('DEL')), ['0: DEL k', '0: DEL k2'])
    } finally { sub.disconnect() }
  })

  it('sends "expire" when a TTL is set and "persist" when it is removed', async () => {
    srv.server.notifications.configure('Eg')
    const sub = client(srv.port)
    const events: string[] = []
    sub.on('pmessage', (_p: string, ch: string, key: string) => events.push(`${ch.split(':')[1]} ${key}`))
    await sub.psubscribe('__keyevent@0__:*')
    try {
      await c.set('k', 'v')
      await c.expire('k', 100)
      await c.call('EXPIRE', 'k', '50', 'GT')
      await c.persist('k')
      await c.persist('k')
      await settle(50)
      assert.deepEqual(events, ['expire k', 'persist k'])
    } finally { sub.disconnect() }
  })

  it('PERSIST removes a TTL', async () => {
    await c.set('k', 'v', 'EX', 100)
    assert.equal(await c.persist('k'), 1)
    assert.equal(await c.ttl('k'), -1)
    assert.equal(await c.persist('k'), 0)
    assert.equal(await c.persist('missing'), 0)
  })

  it('expires a key lazily on access', async () => {
    await c.set('k', 'v', 'PX', 30)
    await settle(60)
    assert.equal(await c.get('k'), null)
    assert.equal(await c.ttl('k'), -2)
  })
})

describe('active expiry', () => {
  let srv: InProc
  let c: Redis
  useServer({}, (s, cl) => { srv = s; c = cl })
  beforeEach(async () => {
    srv.server.activeExpireEnabled = true
    await c.flushall()
  })

  it('removes keys with a 100 ms TTL within about a second without anyone reading them', async () => {
    // the cycle waits until all keys are written: on a loaded machine the writes can outlast 100 ms
    srv.server.activeExpireEnabled = false
    const pipe = c.pipeline()
    for (let i = 0; i < 500; i++) pipe.set(`t${i}`, 'v', 'PX', 100)
    for (let i = 0; i < 50; i++) pipe.set(`keep${i}`, 'v')
    await pipe.exec()
    assert.equal(await c.dbsize(), 550)
    const before = srv.server.stats.expiredKeys
    srv.server.activeExpireEnabled = true
    const done = await eventually(async () => (await c.dbsize()) === 50, 1500)
    assert.ok(done, `dbsize still ${await c.dbsize()}`)
    assert.equal(srv.server.stats.expiredKeys - before, 500)
  })

  it('sends "expired" events from the cycle', async () => {
    srv.server.notifications.configure('Ex')
    const sub = client(srv.port)
    const keys: string[] = []
    sub.on('message', (_ch: string, key: string) => keys.push(key))
    await sub.subscribe('__keyevent@0__:expired')
    try {
      await c.set('e1', 'v', 'PX', 50)
      await c.set('e2', 'v', 'PX', 50)
      assert.ok(await eventually(async () => keys.length === 2, 1500))
      assert.deepEqual(keys.sort(), ['e1', 'e2'])
    } finally {
      sub.disconnect()
      srv.server.notifications.configure('')
    }
  })

  it('leaves expired keys in place while disabled (DEBUG SET-ACTIVE-EXPIRE 0)', async () => {
    srv.server.activeExpireEnabled = false
    await c.set('t', 'v', 'PX', 20)
    await settle(400)
    assert.equal(await c.dbsize(), 1)
    srv.server.activeExpireEnabled = true
    assert.ok(await eventually(async () => (await c.dbsize()) === 0, 1000))
  })
})
