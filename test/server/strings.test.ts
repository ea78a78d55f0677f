import { after, before, beforeEach, describe, it } from 'node:test'
import { once } from 'node:events'
import { createConnection } from 'node:net'
import assert from 'node:assert/strict'
import type Redis from 'ioredis'
import { client } from '../helpers/client.js'
import { startServer, type InProc } from '../helpers/in-proc-server.js'
import { cmd, exchange } from '../helpers/resp.js'
import { stringEncoding } from '../../src/node/keyspace/string-encoding.js'
import type { RObject } from '../../src/node/keyspace/value.js'

/** A stand-in non-string value, so these tests don't depend on the list family. */
const fakeList = (): RObject => ({ type: 'list', encoding: () => 'listpack', size: () => 1, clone: fakeList })

/** Sends `req` on a fresh connection switched to RESP3 (set on the client state, so HELLO isn't needed). */
async function resp3(srv: InProc, req: Buffer): Promise<string> {
  const known = new Set(srv.server.clients.keys())
  const sock = createConnection({ host: '127.0.0.1', port: srv.port })
  try {
    await once(sock, 'connect')
    const deadline = Date.now() + 2000
    let id: number | undefined
    while (id === undefined && Date.now() < deadline) {
      id = [...srv.server.clients.keys()].find((k) => !known.has(k))
      if (id === undefined) await new Promise((r) => setTimeout(r, 5))
    }
    const conn = srv.server.clients.get(id as number)
    assert.ok(conn, 'connection not registered')
    conn.client.resp = 3
    let data = ''
    sock.on('data', (d) => { data += d.toString('latin1') })
    sock.write(req)
    for (let waited = 0; waited < 2000; waited += 20) {
      await new Promise((r) => setTimeout(r, 20))
      if (data.length > 0 && waited >= 60) break
    }
    return data
  } finally {
    sock.destroy()
  }
}

describe('string commands', () => {
  let srv: InProc
  let c: Redis
  before(async () => { srv = await startServer(); c = client(srv.port) })
  after(async () => { c.disconnect(); await srv.stop() })
  beforeEach(async () => { for (const db of srv.server.dbs) db.clear() })

  const rejects = (p: Promise<unknown>, msg: string): Promise<void> => assert.rejects(p, (e: Error) => { assert.equal(e.message, msg); return true })
  const db0 = () => srv.server.dbs[0]
  /** Remaining TTL in ms (-1 without one), read from the keyspace so these tests don't need TTL/PTTL. */
  const pttl = (key: string): number => { const at = db0().getExpire(key); return at < 0 ? -1 : at - Date.now() }
  const exists = (key: string): boolean => db0().get(key) !== undefined
  const encoding = (key: string): string => {
    const db = srv.server.dbs[0]
    return stringEncoding(db, key, db.data.get(key) as string)
  }

  describe('GET / SET', () => {
    it('stores and returns binary-safe values', async () => {
      assert.equal(await c.set('k', 'v'), 'OK')
      assert.equal(await c.get('k'), 'v')
      assert.equal(await c.get('missing'), null)
      const bin = Buffer.from([0, 1, 255, 13, 10])
      await c.set('b', bin)
      assert.deepEqual(await c.getBuffer('b'), bin)
    })

    it('returns WRONGTYPE for GET on a list', async () => {
      srv.server.dbs[0].set('l', fakeList())
      await rejects(c.get('l'), 'WRONGTYPE Operation against a key holding the wrong kind of value')
    })

    it('honours NX and XX', async () => {
      assert.equal(await c.set('k', '1', 'NX'), 'OK')
      assert.equal(await c.set('k', '2', 'NX'), null)
      assert.equal(await c.set('other', '2', 'XX'), null)
      assert.equal(await c.set('k', '3', 'XX'), 'OK')
      assert.equal(await c.get('k'), '3')
    })

    it('returns the old value with GET, even when NX aborts', async () => {
      await c.set('k', 'old')
      assert.equal(await c.call('SET', 'k', 'new', 'GET'), 'old')
      assert.equal(await c.call('SET', 'k', 'x', 'NX', 'GET'), 'new')
      assert.equal(await c.get('k'), 'new')
      assert.equal(await c.call('SET', 'fresh', 'x', 'GET'), null)
      srv.server.dbs[0].set('l', fakeList())
      await rejects(c.call('SET', 'l', 'x', 'GET'), 'WRONGTYPE Operation against a key holding the wrong kind of value')
      assert.equal(typeof srv.server.dbs[0].get('l'), 'object')
    })

    it('sets relative and absolute expiries, and KEEPTTL keeps one', async () => {
      await c.set('k', 'v', 'EX', 100)
      const ttl = pttl('k')
      assert.ok(ttl > 99_000 && ttl <= 100_000, String(ttl))
      await c.set('k', 'v2', 'KEEPTTL')
      assert.ok((pttl('k')) > 99_000)
      await c.set('k', 'v3')
      assert.equal(pttl('k'), -1)
      await c.set('k', 'v', 'PX', 5000)
      assert.ok((pttl('k')) > 4000)
      const at = Date.now() + 60_000
      await c.call('SET', 'k', 'v', 'PXAT', String(at))
      assert.equal(srv.server.dbs[0].getExpire('k'), at)
      await c.call('SET', 'k', 'v', 'EXAT', '1')
      assert.equal(exists('k'), false)
    })

    it('rejects conflicting options and bad expire times', async () => {
      await rejects(c.call('SET', 'k', 'v', 'NX', 'XX'), 'ERR syntax error')
      await rejects(c.call('SET', 'k', 'v', 'EX', '10', 'PX', '10'), 'ERR syntax error')
      await rejects(c.call('SET', 'k', 'v', 'KEEPTTL', 'EX', '10'), 'ERR syntax error')
      await rejects(c.call('SET', 'k', 'v', 'EX'), 'ERR syntax error')
      await rejects(c.call('SET', 'k', 'v', 'PERSIST'), 'ERR syntax error')
      await rejects(c.call('SET', 'k', 'v', 'EX', '0'), "ERR invalid expire time in 'set' command")
      await rejects(c.call('SET', 'k', 'v', 'PX', '-5'), "ERR invalid expire time in 'set' command")
      await rejects(c.call('SET', 'k', 'v', 'EX', '9223372036854775'), "ERR invalid expire time in 'set' command")
      await rejects(c.call('SET', 'k', 'v', 'EX', 'abc'), 'ERR value is not an integer or out of range')
      assert.equal(await c.call('SET', 'k', 'v', 'EX', '10', 'EX', '20'), 'OK')
      assert.ok(pttl('k') > 10_000)
    })

    it('SETNX, SETEX and PSETEX', async () => {
      assert.equal(await c.setnx('k', 'a'), 1)
      assert.equal(await c.setnx('k', 'b'), 0)
      assert.equal(await c.setex('e', 100, 'v'), 'OK')
      assert.ok(pttl('e') > 98_000)
      assert.equal(await c.psetex('p', 100000, 'v'), 'OK')
      assert.ok((pttl('p')) > 98000)
      await rejects(c.setex('e', 0, 'v'), "ERR invalid expire time in 'setex' command")
      await rejects(c.psetex('e', -1, 'v'), "ERR invalid expire time in 'psetex' command")
    })
  })

  describe('GETSET / GETDEL / GETEX', () => {
    it('GETSET swaps and drops the TTL', async () => {
      assert.equal(await c.getset('k', 'a'), null)
      db0().setExpire('k', Date.now() + 100_000)
      assert.equal(await c.getset('k', 'b'), 'a')
      assert.equal(pttl('k'), -1)
    })

    it('GETDEL returns and removes', async () => {
      await c.set('k', 'v')
      assert.equal(await c.getdel('k'), 'v')
      assert.equal(exists('k'), false)
      assert.equal(await c.getdel('k'), null)
    })

    it('GETEX sets, persists and deletes on a past absolute time', async () => {
      await c.set('k', 'v')
      assert.equal(await c.getex('k', 'EX', 100), 'v')
      assert.ok(pttl('k') > 98_000)
      assert.equal(await c.getex('k', 'PERSIST'), 'v')
      assert.equal(pttl('k'), -1)
      assert.equal(await c.getex('k'), 'v')
      assert.equal(await c.call('GETEX', 'k', 'PXAT', '1'), 'v')
      assert.equal(exists('k'), false)
      assert.equal(await c.getex('nokey', 'EX', 10), null)
      await rejects(c.call('GETEX', 'k', 'PERSIST', 'EX', '10'), 'ERR syntax error')
      await rejects(c.call('GETEX', 'k', 'NX'), 'ERR syntax error')
      await c.set('k', 'v')
      await rejects(c.call('GETEX', 'k', 'EX', '-1'), "ERR invalid expire time in 'getex' command")
    })
  })

  describe('MGET / MSET / MSETNX', () => {
    it('reads several keys, non-strings as nil', async () => {
      await c.mset('a', '1', 'b', '2')
      srv.server.dbs[0].set('l', fakeList())
      assert.deepEqual(await c.mget('a', 'l', 'b', 'zz'), ['1', null, '2', null])
    })

    it('MSETNX sets all or nothing', async () => {
      assert.equal(await c.msetnx('a', '1', 'b', '2'), 1)
      assert.equal(await c.msetnx('b', '3', 'c', '4'), 0)
      assert.equal(await c.get('c'), null)
      await rejects(c.call('MSET', 'a', '1', 'b'), "ERR wrong number of arguments for 'mset' command")
      await rejects(c.call('MSETNX', 'a', '1', 'b'), "ERR wrong number of arguments for 'msetnx' command")
    })
  })

  describe('APPEND / SETRANGE / GETRANGE / STRLEN', () => {
    it('APPEND creates and extends', async () => {
      assert.equal(await c.append('k', 'ab'), 2)
      assert.equal(await c.append('k', 'cd'), 4)
      assert.equal(await c.get('k'), 'abcd')
    })

    it('SETRANGE pads with zero bytes and checks the offset', async () => {
      assert.equal(await c.setrange('k', 3, 'ab'), 5)
      assert.deepEqual(await c.getBuffer('k'), Buffer.from([0, 0, 0, 97, 98]))
      assert.equal(await c.setrange('k', 1, 'X'), 5)
      assert.deepEqual(await c.getBuffer('k'), Buffer.from([0, 88, 0, 97, 98]))
      assert.equal(await c.setrange('k', 100, ''), 5)
      assert.equal(await c.setrange('nokey', 100, ''), 0)
      await rejects(c.setrange('k', -1, 'x'), 'ERR offset is out of range')
      await rejects(c.setrange('k', 536870911, 'xy'), 'ERR string exceeds maximum allowed size (proto-max-bulk-len)')
    })

    it('GETRANGE clamps like Redis', async () => {
      await c.set('k', 'Hello World')
      assert.equal(await c.getrange('k', 0, 4), 'Hello')
      assert.equal(await c.getrange('k', -5, -1), 'World')
      assert.equal(await c.getrange('k', -1, -5), '')
      assert.equal(await c.getrange('k', 5, 1), '')
      assert.equal(await c.getrange('k', 0, 1000), 'Hello World')
      assert.equal(await c.getrange('k', -100, 2), 'Hel')
      assert.equal(await c.call('SUBSTR', 'k', '6', '-1'), 'World')
      assert.equal(await c.getrange('nokey', 0, -1), '')
      await rejects(c.getrange('k', 'a' as unknown as number, 1), 'ERR value is not an integer or out of range')
    })

    it('STRLEN', async () => {
      await c.set('k', 'abc')
      assert.equal(await c.strlen('k'), 3)
      assert.equal(await c.strlen('nokey'), 0)
    })
  })

  describe('INCR family', () => {
    it('counts with exact 64-bit arithmetic', async () => {
      assert.equal(await c.incr('n'), 1)
      assert.equal(await c.incrby('n', 41), 42)
      assert.equal(await c.decr('n'), 41)
      assert.equal(await c.decrby('n', 50), -9)
      await c.set('big', '9223372036854775806')
      await c.incr('big')
      assert.equal(await c.get('big'), '9223372036854775807')
      await rejects(c.incr('big'), 'ERR increment or decrement would overflow')
      await c.set('small', '-9223372036854775808')
      await rejects(c.decr('small'), 'ERR increment or decrement would overflow')
      await rejects(c.decrby('n', '-9223372036854775808' as unknown as number), 'ERR decrement would overflow')
    })

    it('rejects values that are not canonical integers', async () => {
      for (const v of ['abc', '01', ' 1', '1.0', '+1', '', '99999999999999999999']) {
        await c.set('v', v)
        await rejects(c.incr('v'), 'ERR value is not an integer or out of range')
      }
      await rejects(c.incrby('n', 'x' as unknown as number), 'ERR value is not an integer or out of range')
    })

    it('keeps the TTL', async () => {
      await c.set('n', '1', 'EX', 100)
      await c.incr('n')
      assert.ok(pttl('n') > 98_000)
    })

    it('INCRBYFLOAT formats like a long double', async () => {
      assert.equal(await c.incrbyfloat('f', '0.1'), '0.1')
      assert.equal(await c.incrbyfloat('f', '0.1'), '0.2')
      assert.equal(await c.incrbyfloat('f', '0.1'), '0.3')
      assert.equal(await c.incrbyfloat('f', '-0.3'), '0')
      await c.set('g', '10.50')
      assert.equal(await c.incrbyfloat('g', '0.1'), '10.6')
      // long double rounding shows through, exactly as on real Redis
      assert.equal(await c.incrbyfloat('g', '5.0e3'), '5010.60000000000000009')
      await c.set('h', '1e300')
      assert.equal((await c.incrbyfloat('h', '1e300')).slice(0, 30), '200000000000000000001799464815')
      await rejects(c.incrbyfloat('f', 'inf'), 'ERR increment would produce NaN or Infinity')
      await rejects(c.incrbyfloat('f', 'abc'), 'ERR value is not a valid float')
      await c.set('s', 'x')
      await rejects(c.incrbyfloat('s', '1'), 'ERR value is not a valid float')
    })
  })

  describe('LCS', () => {
    it('returns the string, its length, and the match ranges', async () => {
      await c.mset('key1', 'ohmytext', 'key2', 'mynewtext')
      assert.equal(await c.call('LCS', 'key1', 'key2'), 'mytext')
      assert.equal(await c.call('LCS', 'key1', 'key2', 'LEN'), 6)
      assert.deepEqual(await c.call('LCS', 'key1', 'key2', 'IDX'), ['matches', [[[4, 7], [5, 8]], [[2, 3], [0, 1]]], 'len', 6])
      assert.deepEqual(await c.call('LCS', 'key1', 'key2', 'IDX', 'MINMATCHLEN', '4', 'WITHMATCHLEN'), ['matches', [[[4, 7], [5, 8], 4]], 'len', 6])
      await rejects(c.call('LCS', 'key1', 'key2', 'IDX', 'LEN'), 'ERR If you want both the length and indexes, please just use IDX.')
      srv.server.dbs[0].set('l', fakeList())
      await rejects(c.call('LCS', 'key1', 'l'), 'ERR The specified keys must contain string values')
    })
  })

  describe('OBJECT ENCODING of strings', () => {
    it('tells int, embstr and raw apart, including in-place edits', async () => {
      await c.set('i', '12345')
      assert.equal(encoding('i'), 'int')
      await c.set('e', 'a'.repeat(44))
      assert.equal(encoding('e'), 'embstr')
      await c.set('r', 'a'.repeat(45))
      assert.equal(encoding('r'), 'raw')
      await c.set('s', 'ab')
      await c.append('s', 'c')
      assert.equal(encoding('s'), 'raw')
      await c.set('s', 'abc')
      assert.equal(encoding('s'), 'embstr')
      await c.append('new', '5')
      assert.equal(encoding('new'), 'int')
      await c.incrbyfloat('f', '1')
      assert.equal(encoding('f'), 'embstr')
      await c.incr('f')
      assert.equal(encoding('f'), 'int')
      await c.setrange('sr', 0, '1')
      assert.equal(encoding('sr'), 'raw')
    })
  })

  describe('wire format', () => {
    it('answers SET NX abort with a null bulk and INCRBYFLOAT with a bulk', async () => {
      const r = await exchange(srv.port, [Buffer.concat([cmd('SET', 'w', '1'), cmd('SET', 'w', '2', 'NX'), cmd('INCRBYFLOAT', 'w', '0.5'), cmd('SETNX', 'w', 'x')])], { expect: 23 })
      assert.equal(r.data, '+OK\r\n$-1\r\n$3\r\n1.5\r\n:0\r\n')
    })

    it('answers LCS IDX as a map in RESP3 and a flat array in RESP2', async () => {
      await c.mset('a', 'abc', 'b', 'abc')
      const body = '$7\r\nmatches\r\n*1\r\n*2\r\n*2\r\n:0\r\n:2\r\n*2\r\n:0\r\n:2\r\n$3\r\nlen\r\n:3\r\n'
      assert.equal(await resp3(srv, cmd('LCS', 'a', 'b', 'IDX')), '%2\r\n' + body)
      assert.equal((await exchange(srv.port, [cmd('LCS', 'a', 'b', 'IDX')])).data, '*4\r\n' + body)
    })
  })
})
