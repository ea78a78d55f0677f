import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { Crc64, crc64 } from '../../../../src/node/persistence/crc64.js'

const sample = readFileSync(new URL('../../../fixtures/rdb/sample-7.0.rdb', import.meta.url))

describe('crc64', () => {
  it('gives the CRC-64/Jones check value for "123456789"', () => {
    assert.equal(crc64(Buffer.from('123456789')), 0xe9c6d914c4b8d9can)
  })

  it('is 0 for no input', () => {
    assert.equal(crc64(Buffer.alloc(0)), 0n)
  })

  it('matches the trailer of an RDB file written by Redis 7.0', () => {
    const body = sample.length - 8
    assert.equal(crc64(sample, 0, body), 0xbab92d9b70caf4d4n)
    assert.deepEqual(new Crc64().update(sample, 0, body).bytesLE(), sample.subarray(body))
  })

  it('gives the same result eight bytes at a time as byte by byte, at any length and offset', () => {
    let seed = 7
    const rnd = (): number => { seed = (Math.imul(seed, 1103515245) + 12345) >>> 0; return seed >>> 24 }
    const data = Buffer.from(Array.from({ length: 300 }, rnd))
    for (let start = 0; start < 9; start++) {
      for (let end = start; end <= 300; end += 13) {
        const bytewise = new Crc64()
        for (let i = start; i < end; i++) bytewise.update(data, i, i + 1)
        assert.equal(new Crc64().update(data, start, end).value(), bytewise.value(), `${start}..${end}`)
      }
    }
  })

  it('gives the same result fed in chunks', () => {
    const c = new Crc64()
    for (let i = 0; i < sample.length - 8; i += 7) c.update(sample, i, Math.min(i + 7, sample.length - 8))
    assert.equal(c.value(), 0xbab92d9b70caf4d4n)
  })

  it('matches the checksum of a DUMP payload from Redis 7.0', () => {
    const dump = Buffer.from('00c30932016161e025000161610a0009ac48b9ab15fbc9', 'hex')
    assert.deepEqual(new Crc64().update(dump, 0, dump.length - 8).bytesLE(), dump.subarray(dump.length - 8))
  })
})
