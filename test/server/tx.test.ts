import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type Redis from 'ioredis'
import { startServer, useServer, type InProc } from '../helpers/in-proc-server.js'
import { client } from '../helpers/client.js'

describe('transactions', () => {
  let srv: InProc
  before(async () => { srv = await startServer() })
  after(async () => { await srv.stop() })

  it('runs queued commands atomically and returns their replies', async () => {
    const c = client(srv.port)
    try {
      const r = await c.multi().set('tx:a', '1').incr('tx:a').get('tx:a').exec()
      assert.deepEqual(r, [[null, 'OK'], [null, 2], [null, '2']])
    } finally { c.disconnect() }
  })

  it('aborts EXEC when another client changes a watched key', async () => {
    const a = client(srv.port)
    const b = client(srv.port)
    try {
      await a.set('tx:w', '1')
      await a.watch('tx:w')
      await b.set('tx:w', '2')
      const r = await a.multi().set('tx:w', '3').exec()
      assert.equal(r, null)
      assert.equal(await a.get('tx:w'), '2')
    } finally { a.disconnect(); b.disconnect() }
  })

  it('does not abort for a key WATCHed after its TTL passed that is then deleted by expiry or flushed (fuzzer find)', async () => {
    const c = client(srv.port)
    try {
      for (const between of [['EXISTS', 'tx:x'], ['DEL', 'tx:x'], ['FLUSHDB'], ['SWAPDB', '0', '1'], ['EXPIRE', 'tx:x', '100']]) {
        await c.call('SET', 'tx:x', '1', 'PXAT', '4000000000')
        await c.watch('tx:x')
        await c.call(...(between as [string, ...string[]]))
        assert.deepEqual(await c.multi().ping().exec(), [[null, 'PONG']], between.join(' '))
      }
      await c.call('SET', 'tx:x', '1', 'PXAT', '4000000000')
      await c.watch('tx:x')
      await c.set('tx:x', '2')
      assert.equal(await c.multi().ping().exec(), null, 'a new value for it still aborts')
    } finally { c.disconnect() }
  })

  it('executes when a watched key was changed by the same transaction only', async () => {
    const a = client(srv.port)
    try {
      await a.watch('tx:own')
      const r = await a.multi().set('tx:own', 'x').exec()
      assert.deepEqual(r, [[null, 'OK']])
    } finally { a.disconnect() }
  })

  it('discards the transaction after a queueing error', async () => {
    const a = client(srv.port)
    try {
      await a.call('MULTI')
      await assert.rejects(a.call('SET', 'tx:only-one-arg'), /wrong number of arguments/)
      await a.call('SET', 'tx:q', '1')
      await assert.rejects(a.call('EXEC'), /EXECABORT Transaction discarded because of previous errors/)
      assert.equal(await a.get('tx:q'), null)
    } finally { a.disconnect() }
  })

  it('wakes a client blocked on a key pushed inside EXEC', async () => {
    const blocked = client(srv.port)
    const writer = client(srv.port)
    try {
      const pending = blocked.call('BLPOP', 'tx:list', '2')
      await new Promise((r) => setTimeout(r, 50))
      const list = await writer.multi().call('RPUSH', 'tx:list', 'v').exec()
      if (list === null) throw new Error('exec aborted')
      // BLPOP exists once the lists family lands; until then the server answers unknown command.
      const r = await pending.catch((e: Error) => e.message)
      if (typeof r === 'string' && r.includes('unknown command')) return
      assert.deepEqual(r, ['tx:list', 'v'])
    } finally { blocked.disconnect(); writer.disconnect() }
  })
})

describe('propagation of transactions (in-process server)', () => {
  let c: Redis
  let srv: InProc
  useServer({}, (s, cl) => { srv = s; c = cl })

  it('sends the writes of an EXEC as one MULTI ... EXEC block, with the db of each command, and nothing for a read-only one', async () => {
    const seen: string[] = []
    const sink = (db: number, argvs: string[][]): void => { for (const a of argvs) seen.push(`${db}:${a.join(' ')}`) }
    srv.server.propagation.sinks.push(sink)
    try {
      await c.multi().set('a', '1').incr('a').select(3).set('b', '2').exec()
      await c.select(0)
      await c.multi().get('a').exec()
      await c.set('after', 'x')
    } finally {
      srv.server.propagation.sinks.splice(srv.server.propagation.sinks.indexOf(sink), 1)
    }
    assert.deepEqual(seen, ['0:MULTI', '0:set a 1', '0:incr a', '3:set b 2', '3:EXEC', '0:set after x'])
  })
})
