// CRC16 and key slots: the two-bytes-at-a-time CRC checked against a bit-by-bit reference, and slots
// Redis gives for known keys (CLUSTER KEYSLOT on redis-server 7.0.15).
import { strict as assert } from 'node:assert'
import { describe, it } from 'node:test'
import { crc16 } from '../../../src/common/crc16.js'
import { keySlot } from '../../../src/common/key-slot.js'

/** CRC16-CCITT (XMODEM) one bit at a time, straight from the definition. */
function reference(s: string): number {
  let crc = 0
  for (let i = 0; i < s.length; i++) {
    crc ^= s.charCodeAt(i) << 8
    for (let b = 0; b < 8; b++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff
  }
  return crc
}

describe('crc16', () => {
  it('gives the XMODEM check value', () => {
    assert.equal(crc16('123456789'), 0x31c3)
  })

  it('matches the bit-by-bit reference for every length up to 40, odd and even, any byte', () => {
    let seed = 7
    const byte = (): number => (seed = (seed * 1103515245 + 12345) >>> 0) >>> 24
    for (let len = 0; len <= 40; len++) {
      for (let n = 0; n < 50; n++) {
        const s = String.fromCharCode(...Array.from({ length: len }, byte))
        assert.equal(crc16(s), reference(s), JSON.stringify(s))
        if (len >= 3) assert.equal(crc16(s, 1, len - 1), reference(s.slice(1, len - 1)))
      }
    }
  })
})

describe('keySlot', () => {
  it('gives the slots redis-server gives', () => {
    assert.equal(keySlot('foo'), 12182)
    assert.equal(keySlot('bar'), 5061)
    assert.equal(keySlot(''), 0)
    assert.equal(keySlot('{user1000}.following'), keySlot('user1000'))
    assert.equal(keySlot('foo{}{bar}'), 8363, 'an empty {} hashes the whole key')
    assert.equal(keySlot('foo{{bar}}zap'), 4015)
    assert.equal(keySlot('{bar'), 4015)
  })
})
