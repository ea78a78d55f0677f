// Several Server instances in one process (the cluster simulation's setting) keep their own state:
// nothing one server's config or DEBUG subcommands set leaks into another's.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type Redis from 'ioredis'
import { client } from '../helpers/client.js'
import { startServer, type InProc } from '../helpers/in-proc-server.js'

const fields = (n: number): string[] => Array.from({ length: n }, (_, i) => [`f${i}`, `v${i}`]).flat()
const members = (n: number): string[] => Array.from({ length: n }, (_, i) => String(i))
const scored = (n: number): string[] => Array.from({ length: n }, (_, i) => [String(i), `m${i}`]).flat()

describe('two servers in one process', () => {
  let a: InProc, b: InProc, ca: Redis, cb: Redis
  before(async () => {
    a = await startServer({ 'hash-max-listpack-entries': '4', 'set-max-intset-entries': '4', 'zset-max-listpack-entries': '4', 'enable-debug-command': 'yes' })
    b = await startServer({ 'hash-max-listpack-entries': '8', 'set-max-intset-entries': '8', 'zset-max-listpack-entries': '8', 'enable-debug-command': 'yes' })
    ca = client(a.port)
    cb = client(b.port)
  })
  after(async () => {
    ca?.disconnect()
    cb?.disconnect()
    await a?.stop()
    await b?.stop()
  })

  it('converts a hash at each server\'s own hash-max-listpack-entries', async () => {
    await ca.hset('h', ...fields(6))
    await cb.hset('h', ...fields(6))
    assert.equal(await ca.object('ENCODING', 'h'), 'hashtable')
    assert.equal(await cb.object('ENCODING', 'h'), 'listpack')
    await cb.hset('h', ...fields(9))
    assert.equal(await cb.object('ENCODING', 'h'), 'hashtable')
  })

  it('converts sets and sorted sets at each server\'s own limits', async () => {
    for (const c of [ca, cb]) {
      await c.sadd('s', ...members(6))
      await c.zadd('z', ...scored(6))
    }
    assert.deepEqual([await ca.object('ENCODING', 's'), await cb.object('ENCODING', 's')], ['hashtable', 'intset'])
    assert.deepEqual([await ca.object('ENCODING', 'z'), await cb.object('ENCODING', 'z')], ['skiplist', 'listpack'])
  })

  it('keeps a CONFIG SET on one server away from the other', async () => {
    await cb.config('SET', 'hash-max-listpack-entries', '2')
    try {
      await ca.hset('h3', ...fields(3))
      await cb.hset('h3', ...fields(3))
      assert.equal(await ca.object('ENCODING', 'h3'), 'listpack')
      assert.equal(await cb.object('ENCODING', 'h3'), 'hashtable')
    } finally {
      await cb.config('SET', 'hash-max-listpack-entries', '8')
    }
  })

  it('restores a DUMP payload under the receiving server\'s limits', async () => {
    await cb.hset('h5', ...fields(5))
    const five = await cb.dumpBuffer('h5')
    await ca.restore('from-b', 0, five)
    await cb.restore('from-b', 0, five)
    // a listpack payload stays a listpack only while its count fits the receiver's limit
    assert.equal(await ca.object('ENCODING', 'from-b'), 'hashtable')
    assert.equal(await cb.object('ENCODING', 'from-b'), 'listpack')
  })

  it('keeps DEBUG QUICKLIST-PACKED-THRESHOLD to the server it was sent to', async () => {
    await ca.call('DEBUG', 'QUICKLIST-PACKED-THRESHOLD', '1kb')
    assert.equal(a.server.encodingLimits.listPackedThreshold, 1024)
    assert.equal(b.server.encodingLimits.listPackedThreshold, 1 << 30)
  })
})
