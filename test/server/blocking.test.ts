import { after, afterEach, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type Redis from 'ioredis'
import { client } from '../helpers/client.js'
import { startServer, type InProc } from '../helpers/in-proc-server.js'

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

describe('blocking list commands', () => {
  let srv: InProc
  let pusher: Redis
  const opened: Redis[] = []
  const open = (): Redis => { const r = client(srv.port); opened.push(r); return r }

  /** Waits (bounded) until `n` clients are parked, so the order of blocking is known. */
  async function blockedCount(n: number): Promise<void> {
    for (let i = 0; i < 200 && srv.server.blocking.blockedCount !== n; i++) await sleep(5)
    assert.equal(srv.server.blocking.blockedCount, n)
  }

  before(async () => {
    srv = await startServer()
    pusher = client(srv.port)
  })
  afterEach(async () => {
    for (const r of opened.splice(0)) r.disconnect()
    await pusher.flushall()
  })
  after(async () => { pusher.disconnect(); await srv.stop() })

  it('wakes a BLPOP when another client pushes', async () => {
    const b = open()
    const p = b.blpop('wake', 0)
    await blockedCount(1)
    assert.equal(await pusher.rpush('wake', 'v1', 'v2'), 2)
    assert.deepEqual(await p, ['wake', 'v1'])
    assert.deepEqual(await pusher.lrange('wake', 0, -1), ['v2'])
  })

  it('serves a client from the key that became ready first, not from the first of its keys', async () => {
    const b = open()
    const p = b.blpop('first', 'second', 0)
    await blockedCount(1)
    // both keys fill in one transaction: 'second' is signalled first, so Redis serves from it
    await pusher.multi().rpush('second', 's').rpush('first', 'f').exec()
    assert.deepEqual(await p, ['second', 's'])
    assert.deepEqual(await pusher.lrange('first', 0, -1), ['f'])
  })

  it('answers null after about the timeout', async () => {
    const b = open()
    const t0 = Date.now()
    assert.equal(await b.blpop('never', 0.1), null)
    const took = Date.now() - t0
    assert.ok(took >= 90 && took < 1500, `took ${took} ms`)
    assert.equal(srv.server.blocking.blockedCount, 0)
  })

  it('serves clients blocked on one key first come, first served', async () => {
    const [a, b, c] = [open(), open(), open()]
    const pa = a.brpop('fifo', 0)
    await blockedCount(1)
    const pb = b.brpop('fifo', 0)
    await blockedCount(2)
    const pc = c.brpop('fifo', 0)
    await blockedCount(3)
    await pusher.rpush('fifo', '1', '2', '3')
    // BRPOP takes from the tail: the first waiter gets the last element pushed
    assert.deepEqual(await Promise.all([pa, pb, pc]), [['fifo', '3'], ['fifo', '2'], ['fifo', '1']])
    assert.equal(await pusher.exists('fifo'), 0)
  })

  it('moves the element with BLMOVE when the source appears', async () => {
    const b = open()
    const p = b.blmove('msrc', 'mdst', 'RIGHT', 'LEFT', 0)
    await blockedCount(1)
    await pusher.rpush('mdst', 'old')
    await pusher.rpush('msrc', 'x', 'y')
    assert.equal(await p, 'y')
    assert.deepEqual(await pusher.lrange('mdst', 0, -1), ['y', 'old'])
    assert.deepEqual(await pusher.lrange('msrc', 0, -1), ['x'])
  })

  it('picks the first non-empty key in argument order when data is already there', async () => {
    await pusher.rpush('k3', 'c')
    await pusher.rpush('k2', 'b')
    assert.deepEqual(await pusher.blpop('k1', 'k2', 'k3', 0), ['k2', 'b'])
  })

  it('serves a multi-key waiter from the key that became ready first (as Redis does)', async () => {
    const b = open()
    const p = b.blpop('r1', 'r2', 0)
    await blockedCount(1)
    const m = pusher.multi()
    m.rpush('r2', 'from-r2')
    m.rpush('r1', 'from-r1')
    await m.exec()
    assert.deepEqual(await p, ['r2', 'from-r2'])
  })

  it('returns null at once inside MULTI and serves waiters after EXEC', async () => {
    const m = pusher.multi()
    m.blpop('empty', 0)
    m.call('BLMOVE', 'empty', 'd', 'LEFT', 'LEFT', '0')
    assert.deepEqual(await m.exec(), [[null, null], [null, null]])
    const b = open()
    const p = b.blpop('tx', 0)
    await blockedCount(1)
    const m2 = pusher.multi()
    m2.rpush('tx', 'a')
    m2.llen('tx')
    assert.deepEqual(await m2.exec(), [[null, 1], [null, 1]])
    assert.deepEqual(await p, ['tx', 'a'])
  })

  it('wakes on LMOVE into the key and chains through BLMOVE', async () => {
    const [a, b] = [open(), open()]
    const pa = a.blmove('c1', 'c2', 'LEFT', 'LEFT', 0)
    await blockedCount(1)
    const pb = b.blpop('c2', 0)
    await blockedCount(2)
    await pusher.rpush('c0', 'x')
    await pusher.lmove('c0', 'c1', 'LEFT', 'RIGHT')
    assert.equal(await pa, 'x')
    assert.deepEqual(await pb, ['c2', 'x'])
    assert.equal(await pusher.exists('c0', 'c1', 'c2'), 0)
  })

  it('stays blocked while the key holds another type', async () => {
    const b = open()
    const p = b.blpop('typed', 0)
    await blockedCount(1)
    await pusher.set('typed', 'str')
    await sleep(20)
    assert.equal(srv.server.blocking.blockedCount, 1)
    await pusher.del('typed')
    await pusher.rpush('typed', 'v')
    assert.deepEqual(await p, ['typed', 'v'])
  })

  it('is woken by a created key only: an overwrite of another type wakes nobody, RENAME/COPY/RESTORE REPLACE do (fuzzer find)', async () => {
    await pusher.rpush('src', 'x', 'y', 'z')
    const payload = await pusher.dumpBuffer('src')
    for (const replace of [['RESTORE', 'ow', '0', payload, 'REPLACE'], ['COPY', 'src', 'ow', 'REPLACE'], ['RENAME', 'src', 'ow']]) {
      const b = open()
      const p = b.blpop('ow', 0)
      await blockedCount(1)
      await pusher.set('ow', 'str')
      await pusher.call(...(replace as [string, ...Array<string | Buffer>]))
      assert.deepEqual(await p, ['ow', 'x'], String(replace[0]))
      await pusher.del('ow')
    }
    const c = open()
    const q = c.call('BZPOPMIN', 'oz', '0')
    await blockedCount(1)
    await pusher.set('oz', 'str')
    await pusher.zadd('zsrc', 1, 'm')
    await pusher.zunionstore('oz', 1, 'zsrc')
    await sleep(20)
    assert.equal(srv.server.blocking.blockedCount, 1, 'ZUNIONSTORE over the string overwrote it: nobody woken')
    assert.equal(await pusher.zcard('oz'), 1)
    await pusher.del('oz')
    await pusher.zunionstore('oz', 1, 'zsrc')
    assert.deepEqual(await q, ['oz', 'm', '1'])
  })

  it('answers WRONGTYPE to a BRPOPLPUSH whose destination became another type', async () => {
    await pusher.set('wdst', 'str')
    const b = open()
    const p = b.brpoplpush('wsrc', 'wdst', 0)
    await blockedCount(1)
    // the rejection may arrive before the pusher's own reply: watch for it first
    const rejected = assert.rejects(p, /WRONGTYPE/)
    await pusher.rpush('wsrc', 'x')
    await rejected
    assert.deepEqual(await pusher.lrange('wsrc', 0, -1), ['x'])
  })

  it('serves BLMPOP with its count', async () => {
    const b = open()
    const p = b.call('BLMPOP', '0', '2', 'm1', 'm2', 'RIGHT', 'COUNT', '2')
    await blockedCount(1)
    await pusher.rpush('m2', '1', '2', '3')
    assert.deepEqual(await p, ['m2', ['3', '2']])
  })

  it('forgets a disconnected waiter and serves the next one', async () => {
    const [gone, next] = [open(), open()]
    void gone.blpop('dc', 0).catch(() => undefined)
    await blockedCount(1)
    const p = next.blpop('dc', 0)
    await blockedCount(2)
    gone.disconnect()
    await blockedCount(1)
    await pusher.rpush('dc', 'v')
    assert.deepEqual(await p, ['dc', 'v'])
    await pusher.rpush('dc', 'w')
    assert.deepEqual(await pusher.lrange('dc', 0, -1), ['w'])
  })

  it('is released by CLIENT UNBLOCK with null or with an error', async () => {
    const b = open()
    const id = Number(await b.client('ID'))
    const p = b.blpop('ub', 0)
    await blockedCount(1)
    assert.equal(await pusher.client('UNBLOCK', id), 1)
    assert.equal(await p, null)
    const p2 = b.brpoplpush('ub', 'ub2', 0)
    await blockedCount(1)
    const rejected = assert.rejects(p2, /UNBLOCKED client unblocked via CLIENT UNBLOCK/)
    assert.equal(await pusher.client('UNBLOCK', id, 'ERROR'), 1)
    await rejected
    assert.equal(await pusher.client('UNBLOCK', id), 0)
  })

  it('propagates a served BLPOP as LPOP', async () => {
    const seen: string[] = []
    const sink = (_db: number, argvs: string[][]): void => { for (const a of argvs) seen.push(a.join(' ')) }
    srv.server.propagation.sinks.push(sink)
    try {
      const b = open()
      const p = b.blpop('prop', 0)
      await blockedCount(1)
      await pusher.rpush('prop', 'a')
      await p
    } finally {
      srv.server.propagation.sinks.splice(srv.server.propagation.sinks.indexOf(sink), 1)
    }
    assert.deepEqual(seen, ['rpush prop a', 'LPOP prop'])
  })
})
