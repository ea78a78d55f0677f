import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { RdbFileCursor, RdbFileError, RdbFileWriter, RdbStreamReader, readRdbFile, writeRdbFile, type RdbEntry } from '../../../../src/node/persistence/rdb-file.js'

// the vector from the shared spec folder, copied into the repository so a clone has it
const SAMPLE = readFileSync(new URL('../../../fixtures/rdb/sample-7.0.rdb', import.meta.url))

function readAll(buf: Buffer, databases?: number): { aux: Array<[string, string]>; entries: RdbEntry[]; checksum: string } {
  const aux: Array<[string, string]> = []
  const entries: RdbEntry[] = []
  const r = readRdbFile(buf, { aux: (k, v) => aux.push([k, v]), entry: (e) => entries.push(e) }, databases)
  return { aux, entries, checksum: r.checksum }
}

const entry = (key: string, value: RdbEntry['value'], extra: Partial<RdbEntry> = {}): RdbEntry =>
  ({ db: 0, key, value, expireAt: null, idle: null, freq: null, ...extra })

describe('RDB files', () => {
  it('reads the file real Redis 7.0.15 wrote: AUX fields, keys in file order, values, expiry', () => {
    const { aux, entries, checksum } = readAll(SAMPLE)
    assert.equal(checksum, 'verified')
    assert.deepEqual(aux, [['redis-ver', '7.0.15'], ['redis-bits', '64'], ['ctime', '1795421469'], ['used-mem', '1137896'], ['aof-base', '0']])
    assert.deepEqual(entries.map((e) => e.key), ['counter', 'greeting', 'mylist', 'lzfkey', 'intset', 'strset', 'ttlkey', 'myhash', 'myzset'])
    const byKey = new Map(entries.map((e) => [e.key, e]))
    assert.deepEqual(byKey.get('counter')?.value, { type: 'string', value: '12345' })
    assert.deepEqual(byKey.get('lzfkey')?.value, { type: 'string', value: 'a'.repeat(50) })
    assert.deepEqual(byKey.get('mylist')?.value, { type: 'list', items: ['a', 'b', 'c'] })
    assert.equal(byKey.get('ttlkey')?.expireAt, 4102444800000)
    assert.equal(byKey.get('greeting')?.expireAt, null)
    assert.deepEqual(byKey.get('myzset')?.value, { type: 'zset', entries: [['a', 1], ['b', 2.5]], encoding: 'listpack' })
    assert.deepEqual(byKey.get('strset')?.value, { type: 'set', members: ['y', 'x'], encoding: 'hashtable' })
  })

  it('writes those contents back byte for byte as Redis did', () => {
    const { aux, entries } = readAll(SAMPLE)
    assert.deepEqual(writeRdbFile(aux, entries), SAMPLE)
  })

  it('round-trips several databases, expiry, IDLE and FREQ hints, with and without compression', () => {
    const entries = [
      entry('s', { type: 'string', value: 'x'.repeat(100) }, { expireAt: 1_700_000_000_123 }),
      entry('past', { type: 'string', value: 'v' }, { expireAt: -5 }),
      entry('l', { type: 'list', items: ['1', '2', 'three'] }, { idle: 4000 }),
      entry('h', { type: 'hash', entries: [['f', 'v']], encoding: 'listpack' }, { db: 3, freq: 200 }),
      entry('z', { type: 'zset', entries: [['m', -0.5], ['n', Infinity]], encoding: 'skiplist' }, { db: 15 }),
    ]
    for (const compress of [true, false]) {
      const { entries: back, checksum } = readAll(writeRdbFile([['redis-ver', '7.0.15']], entries, { compress }))
      assert.equal(checksum, 'verified')
      assert.deepEqual(back.map(({ key, db, expireAt, idle, freq }) => ({ key, db, expireAt, idle, freq })),
        entries.map(({ key, db, expireAt, idle, freq }) => ({ key, db, expireAt, idle, freq })))
      assert.deepEqual(back.map((e) => e.value), entries.map((e) => e.value))
    }
  })

  it('writes eight zero bytes with rdbchecksum off, which a reader accepts unchecked', () => {
    const file = writeRdbFile([], [entry('k', { type: 'string', value: 'v' })], { checksum: false })
    assert.deepEqual([...file.subarray(-8)], [0, 0, 0, 0, 0, 0, 0, 0])
    assert.equal(readAll(file).checksum, 'disabled')
  })

  it('gives the same bytes when a file is taken in slices', () => {
    const entries = Array.from({ length: 50 }, (_, i) => entry(`k${i}`, { type: 'string', value: `value ${i}` }))
    const whole = writeRdbFile([['a', 'b']], entries)
    const w = new RdbFileWriter().header([['a', 'b']]).selectDb(0, 50, 0)
    const parts = [w.take()]
    for (const e of entries) parts.push(w.entry(e.key, e.value).take())
    parts.push(w.finish().take())
    assert.deepEqual(Buffer.concat(parts), whole)
  })

  it('refuses a wrong magic, a newer version and a database past `databases`, naming the offset', () => {
    const fault = (f: string, text: RegExp) => (e: unknown): boolean => e instanceof RdbFileError && e.fault === f && text.test(e.message)
    assert.throws(() => readAll(Buffer.from('RADIS0010\xff', 'latin1')), fault('signature', /Wrong signature .*offset 0/))
    // the number as Redis prints it: atoi() of the four digits
    assert.throws(() => readAll(Buffer.from('REDIS0011\xff', 'latin1')), fault('version', /^Can't handle RDB format version 11 \(at offset 5\)$/))
    const twoDbs = writeRdbFile([], [entry('k', { type: 'string', value: 'v' }, { db: 20 })])
    assert.throws(() => readAll(twoDbs, 16), fault('databases', /more than 16 databases/))
  })

  it('reports a changed byte as a checksum or format error, and a cut file at every length as an error', () => {
    const flipped = Buffer.from(SAMPLE)
    flipped[0x6c] ^= 0x01 // a byte of "hello"
    assert.throws(() => readAll(flipped), /Wrong RDB checksum \(at offset 279\)/)
    for (let n = 9; n < SAMPLE.length; n++) {
      assert.throws(() => readAll(SAMPLE.subarray(0, n)), (e: unknown) => e instanceof RdbFileError && e.offset <= n && e.fault === 'eof', `cut at ${n}`)
    }
  })

  it('tells a checksum fault with both sums, the computed one first, as Redis logs them', () => {
    const bad = Buffer.from(SAMPLE)
    bad[bad.length - 4] ^= 0xff // inside the trailer: the body is fine, the stored sum is not
    const stored = bad.readBigUInt64LE(bad.length - 8)
    const computed = SAMPLE.readBigUInt64LE(SAMPLE.length - 8)
    assert.throws(() => readAll(bad), (e: unknown) =>
      e instanceof RdbFileError && e.fault === 'checksum' && e.checksums?.computed === computed && e.checksums.stored === stored)
  })

  it('leaves the trailer unchecked when asked (rdbchecksum no), as Redis loads such a file', () => {
    const bad = Buffer.from(SAMPLE)
    bad[bad.length - 1] ^= 0xff
    const keys: string[] = []
    assert.equal(readRdbFile(bad, { entry: (e) => { keys.push(e.key) } }, Infinity, false).checksum, 'disabled')
    assert.equal(keys.length, 9)
  })

  it('reads in pieces through a cursor exactly as at once, stopping past each requested offset', () => {
    const whole = readAll(SAMPLE)
    for (const step of [1, 10, 100]) {
      const entries: RdbEntry[] = []
      const cursor = new RdbFileCursor(SAMPLE, { entry: (e) => { entries.push(e) } })
      let result = null
      let pieces = 0
      while (result === null) {
        const stopAt = cursor.offset + step
        result = cursor.readUntil(stopAt)
        if (result === null) assert.ok(cursor.offset >= stopAt)
        pieces++
      }
      assert.equal(result.checksum, 'verified')
      assert.deepEqual(entries, whole.entries)
      // one opcode at least per piece: 19 opcodes (AUX fields, SELECTDB, RESIZEDB, keys) in the sample
      assert.ok(pieces >= Math.min(19, SAMPLE.length / step / 10), `${pieces} pieces of ${step}`)
    }
  })

  it('refuses an unknown value type and a file with functions, at the byte that holds them', () => {
    const bad = Buffer.concat([Buffer.from('REDIS0010'), Buffer.from([0xfe, 0x00, 0x08, 0x01, 0x6b, 0x00])])
    assert.throws(() => readAll(bad), /Unknown RDB encoding type 8 \(at offset 11\)/)
    const fn = Buffer.concat([Buffer.from('REDIS0010'), Buffer.from([0xf5, 0x00])])
    assert.throws(() => readAll(fn), /functions.*offset 9/)
  })
})

describe('RdbStreamReader', () => {
  it('reads a file pushed in pieces of any size exactly as readRdbFile reads it whole', () => {
    const whole = readAll(SAMPLE)
    const big = writeRdbFile([['redis-ver', '7.0.15']], [
      { db: 0, key: 'big', value: { type: 'string', value: 'x'.repeat(200_000) }, expireAt: 1_800_000_000_000, idle: null, freq: null },
      { db: 3, key: 'l', value: { type: 'list', items: Array.from({ length: 500 }, (_, i) => `i${i}`) }, expireAt: null, idle: 5, freq: null },
    ])
    for (const file of [SAMPLE, big]) {
      const expected = readAll(file)
      for (const size of [1, 7, 64, 4096, file.length]) {
        const entries: RdbEntry[] = []
        const aux: Array<[string, string]> = []
        const reader = new RdbStreamReader({ aux: (k, v) => { aux.push([k, v]) }, entry: (e) => { entries.push(e) } })
        for (let i = 0; i < file.length; i += size) reader.push(file.subarray(i, i + size))
        assert.equal(reader.end().checksum, expected.checksum, `pieces of ${size}`)
        assert.deepEqual(entries, expected.entries, `pieces of ${size}`)
        assert.deepEqual(aux, expected.aux)
      }
    }
    assert.ok(whole.entries.length > 0)
  })

  it('refuses a damaged or cut stream with the offset in the whole file, as readRdbFile does', () => {
    const bad = Buffer.from(SAMPLE)
    bad[bad.length - 1] ^= 0xff
    const reader = new RdbStreamReader({ entry: () => undefined })
    for (let i = 0; i < bad.length; i += 100) reader.push(bad.subarray(i, i + 100))
    assert.throws(() => reader.end(), /Wrong RDB checksum/)
    const cut = new RdbStreamReader({ entry: () => undefined })
    cut.push(SAMPLE.subarray(0, SAMPLE.length - 20))
    assert.throws(() => cut.end(), (e: unknown) => e instanceof RdbFileError && e.offset > 9)
    const garbage = Buffer.concat([SAMPLE.subarray(0, 9), Buffer.from([0x63, 0x01, 0x6b])])
    const g = new RdbStreamReader({ entry: () => undefined })
    assert.throws(() => g.push(garbage), /Unknown RDB encoding type 99 \(at offset 9\)/)
  })
})
