import { after, before, beforeEach, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type Redis from 'ioredis'
import { client } from '../helpers/client.js'
import { startServer, type InProc } from '../helpers/in-proc-server.js'
import { cmd, exchange } from '../helpers/resp.js'
import { stringEncoding } from '../../src/node/keyspace/string-encoding.js'
import type { RObject } from '../../src/node/keyspace/value.js'

/** A stand-in non-string value, so these tests don't depend on another family. */
const fakeSet = (): RObject => ({ type: 'set', encoding: () => 'listpack', size: () => 1, clone: fakeSet })
const WRONGTYPE = 'WRONGTYPE Operation against a key holding the wrong kind of value'

describe('bitmap commands', () => {
  let srv: InProc
  let c: Redis
  before(async () => { srv = await startServer(); c = client(srv.port) })
  after(async () => { c.disconnect(); await srv.stop() })
  beforeEach(async () => { for (const db of srv.server.dbs) db.clear() })

  const db0 = () => srv.server.dbs[0]
  const rejects = (p: Promise<unknown>, msg: string): Promise<void> => assert.rejects(p, (e: Error) => { assert.equal(e.message, msg); return true })
  const bytes = async (key: string): Promise<number[]> => [...(await c.getBuffer(key)) ?? []]

  describe('SETBIT / GETBIT', () => {
    it('sets bits most-significant first and returns the old bit', async () => {
      assert.equal(await c.setbit('k', 7, 1), 0)
      assert.deepEqual(await bytes('k'), [1])
      assert.equal(await c.setbit('k', 0, 1), 0)
      assert.equal(await c.setbit('k', 0, 0), 1)
      assert.equal(await c.setbit('k', 17, 1), 0)
      assert.deepEqual(await bytes('k'), [1, 0, 0x40])
      assert.equal(await c.getbit('k', 17), 1)
      assert.equal(await c.getbit('k', 16), 0)
      assert.equal(await c.getbit('k', 1000), 0)
      assert.equal(await c.getbit('none', 3), 0)
    })

    it('checks offsets and bit values', async () => {
      await rejects(c.setbit('k', -1, 1), 'ERR bit offset is not an integer or out of range')
      await rejects(c.setbit('k', 4294967296, 1), 'ERR bit offset is not an integer or out of range')
      await rejects(c.setbit('k', 1, 2), 'ERR bit is not an integer or out of range')
      await rejects(c.getbit('k', 'x' as unknown as number), 'ERR bit offset is not an integer or out of range')
      db0().set('s', fakeSet())
      await rejects(c.setbit('s', 1, 1), WRONGTYPE)
      await rejects(c.getbit('s', 1), WRONGTYPE)
    })

    it('counts a change only when the bit flips or the string grows', async () => {
      await c.setbit('k', 3, 1)
      const before = srv.server.dirty
      await c.setbit('k', 3, 1)
      assert.equal(srv.server.dirty, before)
      await c.setbit('k', 3, 0)
      assert.equal(srv.server.dirty, before + 1)
    })

    it('leaves the value raw-encoded', async () => {
      await c.set('k', 'a')
      await c.setbit('k', 1, 1)
      assert.equal(stringEncoding(db0(), 'k', db0().data.get('k') as string), 'raw')
    })
  })

  describe('BITCOUNT', () => {
    it('counts whole strings and byte or bit ranges', async () => {
      await c.set('k', 'foobar')
      assert.equal(await c.bitcount('k'), 26)
      assert.equal(await c.bitcount('k', 0, 0), 4)
      assert.equal(await c.bitcount('k', 1, 1), 6)
      assert.equal(await c.call('BITCOUNT', 'k', '5', '30', 'BIT'), 17)
      assert.equal(await c.bitcount('k', -2, -1), 7)
      assert.equal(await c.bitcount('k', -1, -2), 0)
      assert.equal(await c.bitcount('none'), 0)
      await rejects(c.call('BITCOUNT', 'k', '1'), 'ERR syntax error')
      await rejects(c.call('BITCOUNT', 'k', '0', '1', 'foo'), 'ERR syntax error')
      await rejects(c.call('BITCOUNT', 'k', 'a', '1'), 'ERR value is not an integer or out of range')
    })
  })

  describe('BITPOS', () => {
    it('finds set and clear bits with Redis edge rules', async () => {
      await c.set('k', Buffer.from([0xff, 0xf0, 0x00]))
      assert.equal(await c.bitpos('k', 0), 12)
      assert.equal(await c.bitpos('k', 1, 2), -1)
      assert.equal(await c.bitpos('k', 1, 1), 8)
      assert.equal(await c.call('BITPOS', 'k', '1', '9', '14', 'BIT'), 9)
      assert.equal(await c.call('BITPOS', 'k', '0', '0', '11', 'BIT'), -1)
      await c.set('ff', Buffer.from([0xff, 0xff]))
      assert.equal(await c.bitpos('ff', 0), 16)
      assert.equal(await c.bitpos('ff', 0, 0, -1), -1)
      assert.equal(await c.bitpos('none', 0), 0)
      assert.equal(await c.bitpos('none', 1), -1)
      await rejects(c.bitpos('k', 2), 'ERR The bit argument must be 1 or 0.')
      await rejects(c.call('BITPOS', 'k', '1', '0', '1', 'foo'), 'ERR syntax error')
    })
  })

  describe('BITOP', () => {
    it('combines strings padded with zeros and stores the result', async () => {
      await c.set('a', Buffer.from([0xff, 0x0f, 0x00]))
      await c.set('b', Buffer.from([0x0f, 0xf0]))
      assert.equal(await c.bitop('AND', 'd', 'a', 'b'), 3)
      assert.deepEqual(await bytes('d'), [0x0f, 0x00, 0x00])
      assert.equal(await c.bitop('OR', 'd', 'a', 'b'), 3)
      assert.deepEqual(await bytes('d'), [0xff, 0xff, 0x00])
      assert.equal(await c.bitop('XOR', 'd', 'a', 'b'), 3)
      assert.deepEqual(await bytes('d'), [0xf0, 0xff, 0x00])
      assert.equal(await c.bitop('NOT', 'd', 'b'), 2)
      assert.deepEqual(await bytes('d'), [0xf0, 0x0f])
    })

    it('deletes the destination when every source is empty, and checks its arguments', async () => {
      await c.set('d', 'x')
      assert.equal(await c.bitop('AND', 'd', 'none'), 0)
      assert.equal(db0().get('d'), undefined)
      await rejects(c.bitop('NOT', 'd', 'a', 'b'), 'ERR BITOP NOT must be called with a single source key.')
      await rejects(c.bitop('NAND', 'd', 'a'), 'ERR syntax error')
      db0().set('s', fakeSet())
      await rejects(c.bitop('OR', 'd', 's'), WRONGTYPE)
    })
  })

  describe('BITFIELD', () => {
    it('gets, sets and increments signed and unsigned fields', async () => {
      assert.deepEqual(await c.call('BITFIELD', 'k', 'SET', 'i8', '0', '100', 'GET', 'i8', '0'), [0, 100])
      assert.deepEqual(await c.call('BITFIELD', 'k', 'INCRBY', 'i8', '0', '100'), [-56])
      assert.deepEqual(await c.call('BITFIELD', 'k', 'SET', 'u8', '#1', '255', 'GET', 'u8', '8', 'GET', 'u4', '#2'), [0, 255, 15])
    })

    it('applies WRAP, SAT and FAIL overflow', async () => {
      assert.deepEqual(await c.call('BITFIELD', 'k', 'SET', 'u8', '0', '250', 'INCRBY', 'u8', '0', '10'), [0, 4])
      assert.deepEqual(await c.call('BITFIELD', 'k', 'OVERFLOW', 'SAT', 'INCRBY', 'u8', '0', '1000', 'INCRBY', 'i8', '0', '-1000'), [255, -128])
      assert.deepEqual(await c.call('BITFIELD', 'k', 'OVERFLOW', 'FAIL', 'INCRBY', 'u8', '0', '200', 'GET', 'u8', '0'), [null, 128])
      assert.deepEqual(await c.call('BITFIELD', 'k', 'OVERFLOW', 'SAT', 'SET', 'u8', '0', '-1', 'GET', 'u8', '0'), [128, 255])
    })

    it('rejects bad types, offsets and subcommands before touching the key', async () => {
      const typeErr = 'ERR Invalid bitfield type. Use something like i16 u8. Note that u64 is not supported but i64 is.'
      await rejects(c.call('BITFIELD', 'k', 'SET', 'u64', '0', '1'), typeErr)
      await rejects(c.call('BITFIELD', 'k', 'SET', 'I8', '0', '1'), typeErr)
      await rejects(c.call('BITFIELD', 'k', 'GET', 'u8', '-1'), 'ERR bit offset is not an integer or out of range')
      await rejects(c.call('BITFIELD', 'k', 'OVERFLOW', 'foo'), 'ERR Invalid OVERFLOW type specified')
      await rejects(c.call('BITFIELD', 'k', 'GET', 'u8'), 'ERR syntax error')
      await rejects(c.call('BITFIELD', 'k', 'SET', 'u8', '0', 'x'), 'ERR value is not an integer or out of range')
      assert.equal(db0().get('k'), undefined)
    })

    it('BITFIELD_RO serves GET only', async () => {
      await c.set('k', 'abc')
      assert.deepEqual(await c.call('BITFIELD_RO', 'k', 'GET', 'u8', '0', 'GET', 'u8', '#2'), [97, 99])
      await rejects(c.call('BITFIELD_RO', 'k', 'SET', 'u8', '0', '1'), 'ERR BITFIELD_RO only supports the GET subcommand')
      assert.equal(await c.get('k'), 'abc')
    })

    it('answers a FAIL overflow with a null in the wire format', async () => {
      const r = await exchange(srv.port, [cmd('BITFIELD', 'w', 'OVERFLOW', 'FAIL', 'INCRBY', 'u2', '0', '10', 'GET', 'u2', '0')], { expect: 13 })
      assert.equal(r.data, '*2\r\n$-1\r\n:0\r\n')
    })
  })
})
