import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { decodeIntset, encodeIntset } from '../../../../src/node/persistence/intset.js'

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex')

describe('intset', () => {
  it('encodes with the smallest width, sorted, as Redis does', () => {
    assert.deepEqual(encodeIntset(['3', '1', '2']), hex('02000000 03000000 0100 0200 0300'))
    assert.deepEqual(encodeIntset(['5000000000', '1', '70000']),
      hex('08000000 03000000 0100000000000000 7011010000000000 00f2052a01000000'))
    assert.deepEqual(encodeIntset(['-32769']), hex('04000000 01000000 ff7fffff'))
  })

  it('decodes what it encodes', () => {
    const members = ['-9223372036854775808', '-5', '0', '9223372036854775807']
    assert.deepEqual(decodeIntset(encodeIntset(members)), members)
  })

  it('rejects bad widths, sizes and unsorted members', () => {
    assert.throws(() => decodeIntset(hex('03000000 01000000 000000')))
    assert.throws(() => decodeIntset(hex('02000000 02000000 0100')))
    assert.throws(() => decodeIntset(hex('02000000 02000000 0200 0100')))
    assert.throws(() => decodeIntset(hex('02000000 02000000 0100 0100')))
  })
})
