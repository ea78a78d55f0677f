import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import {
  DEFAULT_LIMITS, RDB_TYPE, RdbFormatError, RdbReader, decodeValue, encodeValue, isValueType, readValue, type RdbValue,
} from '../../../../src/node/persistence/rdb-value.js'

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex')
const sample = readFileSync(new URL('../../../fixtures/rdb/sample-7.0.rdb', import.meta.url))

/** DUMP payloads written by Redis 7.0.15 (value bytes only, footer stripped) and what they hold. */
const VECTORS: Array<[string, RdbValue]> = [
  ['12 01 02 14 14000000 0400 0101 dffb02 c12c02 f270110104 ff', { type: 'list', items: ['1', '-5', '300', '70000'] }],
  ['0b 20 08000000 03000000 0100000000000000 7011010000000000 00f2052a01000000',
    { type: 'set', members: ['1', '70000', '5000000000'], encoding: 'intset' }],
  ['04 01 02 6631 02 7631', { type: 'hash', entries: [['f1', 'v1']], encoding: 'hashtable' }],
  ['05 01 01 61 000000000000f83f', { type: 'zset', entries: [['a', 1.5]], encoding: 'skiplist' }],
  ['02 02 01 79 01 78', { type: 'set', members: ['y', 'x'], encoding: 'hashtable' }],
  ['11 14 14000000 0400 816102 0101 816202 83322e3504 ff', { type: 'zset', entries: [['a', 1], ['b', 2.5]], encoding: 'listpack' }],
  ['10 17 17000000 0400 82663103 82763103 82663203 82763203 ff',
    { type: 'hash', entries: [['f1', 'v1'], ['f2', 'v2']], encoding: 'listpack' }],
  ['00 c3 09 32 016161e025000161 61', { type: 'string', value: 'a'.repeat(50) }],
]

describe('rdb-value', () => {
  it('decodes DUMP payloads from Redis 7.0 and re-encodes them byte for byte', () => {
    for (const [h, expected] of VECTORS) {
      const bytes = hex(h)
      const { value, end } = decodeValue(bytes)
      assert.deepEqual(value, expected, h)
      assert.equal(end, bytes.length)
      assert.deepEqual(encodeValue(value), bytes, h)
    }
  })

  it('reads every key of an RDB file written by Redis 7.0', () => {
    const r = new RdbReader(sample, 9)
    const keys = new Map<string, RdbValue>()
    let expire = -1n
    for (;;) {
      const op = r.byte()
      if (op === 0xff) break
      if (op === 0xfa) { r.string(); r.string(); continue }
      if (op === 0xfe) { r.length(); continue }
      if (op === 0xfb) { r.length(); r.length(); continue }
      if (op === 0xfc) { expire = r.uint64LE(); continue }
      assert.ok(isValueType(op))
      keys.set(r.string(), readValue(r, op))
    }
    assert.equal(expire, 4102444800000n)
    assert.deepEqual(keys.get('counter'), { type: 'string', value: '12345' })
    assert.deepEqual(keys.get('mylist'), { type: 'list', items: ['a', 'b', 'c'] })
    assert.deepEqual(keys.get('intset'), { type: 'set', members: ['1', '2', '3'], encoding: 'intset' })
    assert.deepEqual(keys.get('myzset'), { type: 'zset', entries: [['a', 1], ['b', 2.5]], encoding: 'listpack' })
    assert.deepEqual(keys.get('lzfkey'), { type: 'string', value: 'a'.repeat(50) })
    assert.equal(keys.size, 9)
  })

  it('writes strings as Redis does: int-encoded, LZF when it saves space, raw otherwise', () => {
    const enc = (s: string, compress = true): string => encodeValue({ type: 'string', value: s }, { compress }).toString('hex')
    assert.equal(enc('12345'), '00c13930')
    assert.equal(enc('-129'), '00c17fff')
    assert.equal(enc('2147483647'), '00c2ffffff7f')
    assert.equal(enc('2147483648'), '000a32313437343833363438')
    assert.equal(enc('007'), '0003303037')
    assert.equal(enc(''), '0000')
    assert.equal(enc('a'.repeat(50), false), '0032' + '61'.repeat(50))
    assert.equal(enc('abcdefghijklmnopqrstu'), '0015' + Buffer.from('abcdefghijklmnopqrstu').toString('hex'))
  })

  it('picks each aggregate encoding from the limits when the value does not say', () => {
    const type = (v: RdbValue, limits = DEFAULT_LIMITS): number => encodeValue(v, { limits })[0]
    assert.equal(type({ type: 'set', members: ['1', '2'] }), RDB_TYPE.SET_INTSET)
    assert.equal(type({ type: 'set', members: ['1', 'x'] }), RDB_TYPE.SET)
    assert.equal(type({ type: 'set', members: ['1', '2'] }, { ...DEFAULT_LIMITS, setMaxIntsetEntries: 1 }), RDB_TYPE.SET)
    assert.equal(type({ type: 'hash', entries: [['f', 'v']] }), RDB_TYPE.HASH_LISTPACK)
    assert.equal(type({ type: 'hash', entries: [['f', 'v'.repeat(65)]] }), RDB_TYPE.HASH)
    assert.equal(type({ type: 'zset', entries: [['m', 1]] }), RDB_TYPE.ZSET_LISTPACK)
    assert.equal(type({ type: 'zset', entries: [['m', 1]] }, { ...DEFAULT_LIMITS, zsetMaxListpackEntries: 0 }), RDB_TYPE.ZSET_2)
    assert.equal(type({ type: 'list', items: ['a'] }), RDB_TYPE.LIST_QUICKLIST_2)
  })

  it('writes skiplist zsets highest score first and listpack scores as integers when integral', () => {
    const skip = encodeValue({ type: 'zset', entries: [['a', 1], ['b', 2]], encoding: 'skiplist' })
    assert.equal(skip.toString('hex'), '0502' + '0162' + '0000000000000040' + '0161' + '000000000000f03f')
    const lp = decodeValue(encodeValue({ type: 'zset', entries: [['a', -0], ['b', 0.1], ['c', 1e18]], encoding: 'listpack' }))
    assert.deepEqual(lp.value, { type: 'zset', entries: [['a', 0], ['b', 0.1], ['c', 1e18]], encoding: 'listpack' })
  })

  it('splits long lists into listpack nodes like quicklist does', () => {
    const items = Array.from({ length: 2000 }, (_, i) => `item:${i}`)
    const bytes = encodeValue({ type: 'list', items })
    const r = new RdbReader(bytes, 1)
    assert.ok(r.length() > 1)
    assert.deepEqual(decodeValue(bytes).value, { type: 'list', items })
  })

  it('reads legacy types: plain list, text-score zset', () => {
    assert.deepEqual(decodeValue(hex('01 02 0170 c005')).value, { type: 'list', items: ['p', '5'] })
    assert.deepEqual(decodeValue(hex('03 03 0161 03312e35 0162 fe 0163 ff')).value,
      { type: 'zset', entries: [['c', -Infinity], ['a', 1.5], ['b', Infinity]], encoding: 'skiplist' })
  })

  it('classifies what it cannot load', () => {
    const kind = (h: string): string => {
      try { decodeValue(hex(h)); return 'ok' } catch (e) { assert.ok(e instanceof RdbFormatError, String(e)); return e.kind }
    }
    assert.equal(kind('04 00'), 'empty')
    assert.equal(kind('12 00'), 'empty')
    assert.equal(kind('13 00'), 'unsupported')
    assert.equal(kind('07 00'), 'unsupported')
    assert.equal(kind('08 00'), 'corrupt')
    assert.equal(kind('02 02 0161 0161'), 'corrupt')
    assert.equal(kind('05 01 0161 000000000000f87f'), 'corrupt')
    // bytes that end inside a value: 'truncated', so a stream reader knows to wait for more
    assert.equal(kind('00 05 6162'), 'truncated')
    assert.equal(kind('00 c3 05 40 0161'), 'truncated')
  })

  it('throws only RdbFormatError on truncated or damaged payloads', () => {
    for (const [h] of VECTORS) {
      const bytes = hex(h)
      for (let cut = 0; cut < bytes.length; cut++) {
        assert.throws(() => decodeValue(bytes.subarray(0, cut)), RdbFormatError, `${h} cut at ${cut}`)
      }
      for (let i = 1; i < bytes.length; i++) {
        for (const flip of [0x01, 0x80, 0xff]) {
          const damaged = Buffer.from(bytes)
          damaged[i] ^= flip
          try { decodeValue(damaged) } catch (e) { assert.ok(e instanceof RdbFormatError, `${h} byte ${i}: ${String(e)}`) }
        }
      }
    }
  })
})
