import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { decodeZiplist, decodeZipmap } from '../../../../src/node/persistence/ziplist.js'

/** A ziplist from "<encoding+data>" hex entries, with prevlen bytes and header filled in. */
function ziplist(entries: string[]): Buffer {
  const parts: Buffer[] = []
  let prev = 0
  for (const e of entries) {
    const body = Buffer.from(e.replace(/\s+/g, ''), 'hex')
    const prevlen = prev < 254 ? Buffer.from([prev]) : Buffer.from([0xfe, prev & 0xff, (prev >> 8) & 0xff, 0, 0])
    parts.push(prevlen, body)
    prev = prevlen.length + body.length
  }
  const content = Buffer.concat(parts)
  const head = Buffer.alloc(10)
  head.writeUInt32LE(10 + content.length + 1, 0)
  head.writeUInt32LE(10 + content.length - prev, 4)
  head.writeUInt16LE(entries.length, 8)
  return Buffer.concat([head, content, Buffer.from([0xff])])
}

describe('ziplist', () => {
  it('reads every entry encoding', () => {
    const zl = ziplist(['0161', 'c0 3930', 'd0 a0860100', 'e0 ffffffffffffffff', 'f0 e09304', 'fe fe', 'f1', 'fd',
      `40 ff ${'78'.repeat(255)}`, `80 00000100 ${'79'.repeat(256)}`])
    assert.deepEqual(decodeZiplist(zl), ['a', '12345', '100000', '-1', '300000', '-2', '0', '12', 'x'.repeat(255), 'y'.repeat(256)])
  })

  it('rejects wrong prevlen, total size and count', () => {
    const good = ziplist(['0161', '0162'])
    const badPrev = Buffer.from(good); badPrev[13] = 9
    const badTotal = Buffer.from(good); badTotal[0]++
    const badCount = Buffer.from(good); badCount[8] = 5
    for (const b of [badPrev, badTotal, badCount]) assert.throws(() => decodeZiplist(b))
  })
})

describe('zipmap', () => {
  it('reads fields and values, skipping free bytes', () => {
    const zm = Buffer.from('02 016b 0302 76616c 0000 0178 0000 ff'.replace(/\s+/g, ''), 'hex')
    assert.deepEqual(decodeZipmap(zm), [['k', 'val'], ['x', '']])
  })

  it('rejects truncated zipmaps', () => {
    assert.throws(() => decodeZipmap(Buffer.from('02016b0300766161', 'hex')))
  })
})
