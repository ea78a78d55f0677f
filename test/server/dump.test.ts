import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, type InProc } from '../helpers/in-proc-server.js'
import { client } from '../helpers/client.js'
import { Crc64 } from '../../src/node/persistence/crc64.js'

describe('DUMP / RESTORE', () => {
  let srv: InProc
  const propagated: string[][] = []
  before(async () => {
    srv = await startServer()
    srv.server.propagation.sinks.push((_db, argvs) => { for (const a of argvs) propagated.push(a) })
  })
  after(async () => { await srv.stop() })

  it('restores every type from its own DUMP', async () => {
    const c = client(srv.port)
    try {
      await c.set('d:s', Buffer.from([0, 1, 255, 13, 10]))
      await c.rpush('d:l', 'a', 'b', '3')
      await c.sadd('d:set', 'x', 'y')
      await c.hset('d:h', 'f', 'v')
      await c.zadd('d:z', 1.5, 'm', 2, 'n')
      for (const key of ['d:s', 'd:l', 'd:set', 'd:h', 'd:z']) {
        const p = await c.dumpBuffer(key)
        assert.equal(p.readUInt16LE(p.length - 10), 10, 'RDB version 10 in the footer')
        assert.deepEqual(new Crc64().update(p, 0, p.length - 8).bytesLE(), p.subarray(p.length - 8))
        assert.equal(await c.restore(`${key}:copy`, 0, p), 'OK')
        assert.deepEqual(await c.dumpBuffer(`${key}:copy`), p, key)
      }
      assert.deepEqual(await c.getBuffer('d:s:copy'), Buffer.from([0, 1, 255, 13, 10]))
      assert.deepEqual(await c.zrange('d:z:copy', 0, -1, 'WITHSCORES'), ['m', '1.5', 'n', '2'])
    } finally { c.disconnect() }
  })

  // fuzzer find: Redis checks only the count of a listpack payload on load, never its values' lengths
  it('keeps a listpack hash or sorted set a listpack under a lowered value limit, while its count fits', async () => {
    const c = client(srv.port)
    try {
      await c.hset('lp:h', 'field', 'a-value-of-twenty-b')
      await c.zadd('lp:z', 1, 'a-member-of-twenty-b')
      const [h, z] = [await c.dumpBuffer('lp:h'), await c.dumpBuffer('lp:z')]
      await c.config('SET', 'hash-max-listpack-value', '4')
      await c.config('SET', 'zset-max-listpack-value', '4')
      await c.restore('lp:h2', 0, h)
      await c.restore('lp:z2', 0, z)
      assert.equal(await c.object('ENCODING', 'lp:h2'), 'listpack')
      assert.equal(await c.object('ENCODING', 'lp:z2'), 'listpack')
      await c.config('SET', 'hash-max-listpack-entries', '0')
      await c.config('SET', 'zset-max-listpack-entries', '0')
      await c.restore('lp:h3', 0, h)
      await c.restore('lp:z3', 0, z)
      assert.equal(await c.object('ENCODING', 'lp:h3'), 'hashtable')
      assert.equal(await c.object('ENCODING', 'lp:z3'), 'skiplist')
    } finally {
      await c.config('SET', 'hash-max-listpack-value', '64')
      await c.config('SET', 'zset-max-listpack-value', '64')
      await c.config('SET', 'hash-max-listpack-entries', '128')
      await c.config('SET', 'zset-max-listpack-entries', '128')
      c.disconnect()
    }
  })

  it('propagates a relative TTL as an absolute one with ABSTTL', async () => {
    const c = client(srv.port)
    try {
      const p = await c.dumpBuffer('d:s')
      propagated.length = 0
      const before = Date.now()
      await c.restore('d:ttl', 5000, p)
      assert.equal(propagated.length, 1)
      const [name, key, ttl, , last] = propagated[0]
      assert.deepEqual([name.toLowerCase(), key, last], ['restore', 'd:ttl', 'ABSTTL'])
      assert.ok(Number(ttl) >= before + 5000 && Number(ttl) <= Date.now() + 5000)
      assert.ok((await c.pttl('d:ttl')) > 4000)
    } finally { c.disconnect() }
  })

  it('replaces a key with an already expired TTL by deleting it, propagated as DEL', async () => {
    const c = client(srv.port)
    try {
      const p = await c.dumpBuffer('d:s')
      await c.set('d:gone', 'x')
      propagated.length = 0
      assert.equal(await c.restore('d:gone', 1, p, 'ABSTTL', 'REPLACE'), 'OK')
      assert.equal(await c.exists('d:gone'), 0)
      assert.deepEqual(propagated, [['DEL', 'd:gone']])
    } finally { c.disconnect() }
  })

  it('treats a relative TTL whose sum with the clock passes LLONG_MAX as already expired (fuzzer find)', async () => {
    const c = client(srv.port)
    try {
      const p = await c.dumpBuffer('d:s')
      assert.equal(await c.restore('d:wrap', '9223372036854775807', p), 'OK')
      assert.equal(await c.exists('d:wrap'), 0)
      assert.equal(await c.restore('d:wrap', '9223372036854775', p), 'OK', 'a large TTL that does not wrap')
      assert.ok((await c.pttl('d:wrap')) > 9e15)
    } finally { c.disconnect() }
  })

  it('sets the idle time given with IDLETIME', async () => {
    const c = client(srv.port)
    try {
      const p = await c.dumpBuffer('d:s')
      await c.restore('d:idle', 0, p, 'IDLETIME', 1000)
      const idle = Number(await c.object('IDLETIME', 'd:idle'))
      assert.ok(idle >= 999 && idle <= 1001, String(idle))
    } finally { c.disconnect() }
  })

  it('notifies "restore" keyspace events', async () => {
    const c = client(srv.port)
    const sub = client(srv.port)
    try {
      await c.config('SET', 'notify-keyspace-events', 'KEg')
      const got = new Promise<string>((resolve) => sub.on('message', (_ch, msg) => resolve(msg)))
      await sub.subscribe('__keyspace@0__:d:notify')
      await c.restore('d:notify', 0, await c.dumpBuffer('d:s'))
      assert.equal(await got, 'restore')
    } finally {
      await c.config('SET', 'notify-keyspace-events', '')
      c.disconnect(); sub.disconnect()
    }
  })

  it('answers Bad data format for payloads that pass the checksum but hold no valid value', async () => {
    const c = client(srv.port)
    try {
      const body = Buffer.from([0x12, 0x00, 0x0a, 0x00]) // an empty quicklist
      const p = Buffer.concat([body, new Crc64().update(body).bytesLE()])
      await assert.rejects(c.restore('d:bad', 0, p), /^ReplyError: ERR Bad data format/)
    } finally { c.disconnect() }
  })
})
