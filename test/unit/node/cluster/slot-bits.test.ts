// The byte-at-a-time helpers slot bitmaps are scanned with: checked against a bit-by-bit count for
// every byte value, since the ownership rules visit exactly the slots these pick out.
import { strict as assert } from 'node:assert'
import { describe, it } from 'node:test'
import { bitCount8, lowestBit } from '../../../../src/node/cluster/bus-types.js'

function bits(b: number): number[] {
  const out: number[] = []
  for (let i = 0; i < 8; i++) if ((b & (1 << i)) !== 0) out.push(i)
  return out
}

describe('slot bitmap helpers', () => {
  it('count the set bits of every byte', () => {
    for (let b = 0; b < 256; b++) assert.equal(bitCount8(b), bits(b).length, `byte ${b}`)
  })

  it('visit the set bits of every byte lowest first', () => {
    for (let b = 1; b < 256; b++) {
      const seen: number[] = []
      for (let rest = b; rest !== 0; rest &= rest - 1) seen.push(lowestBit(rest))
      assert.deepEqual(seen, bits(b), `byte ${b}`)
    }
  })
})
