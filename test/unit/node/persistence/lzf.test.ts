import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { lzfCompress, lzfDecompress } from '../../../../src/node/persistence/lzf.js'

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex')

describe('lzf', () => {
  it('compresses 50 x "a" to the bytes Redis writes', () => {
    const input = Buffer.from('a'.repeat(50))
    assert.deepEqual(lzfCompress(input, input.length - 4), hex('01 61 61 e0 25 00 01 61 61'))
  })

  it('decompresses Redis output', () => {
    assert.equal(lzfDecompress(hex('01 61 61 e0 25 00 01 61 61'), 50).toString(), 'a'.repeat(50))
  })

  it('returns null when the output does not fit the limit', () => {
    const noise = Buffer.from(Array.from({ length: 64 }, (_, i) => (i * 151 + 7) & 0xff))
    assert.equal(lzfCompress(noise, noise.length - 4), null)
  })

  it('round-trips varied inputs', () => {
    let seed = 42
    const rnd = (): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return seed / 2147483648 }
    for (let t = 0; t < 200; t++) {
      const len = 1 + Math.floor(rnd() * 3000)
      const alphabet = 1 + Math.floor(rnd() * 8)
      const input = Buffer.from(Array.from({ length: len }, () => Math.floor(rnd() * alphabet) * 31))
      const out = lzfCompress(input, len * 2 + 16)
      assert.ok(out, `compressible input ${t}`)
      assert.deepEqual(lzfDecompress(out, len), input)
    }
  })

  it('rejects back references before the start and length mismatches', () => {
    assert.throws(() => lzfDecompress(hex('e0 25 00'), 46))
    assert.throws(() => lzfDecompress(hex('01 61 61'), 3))
    assert.throws(() => lzfDecompress(hex('05 61 61'), 6))
  })
})
