import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { ReplBacklog } from '../../../../src/node/replication/backlog.js'

describe('ReplBacklog', () => {
  it('keeps the last size bytes across wrap-arounds and hands back any suffix of them', () => {
    const b = new ReplBacklog(16, 100)
    let stream = ''
    for (let i = 0; i < 40; i++) {
      const piece = `p${i};`.repeat(1 + (i % 3))
      b.append(Buffer.from(piece))
      stream += piece
      const end = 100 + stream.length
      assert.equal(b.histlen, Math.min(16, stream.length))
      assert.equal(b.firstByteOffset, end - b.histlen + 1)
      for (let off = b.firstByteOffset; off <= end + 1; off++) {
        assert.ok(b.covers(off))
        assert.equal(b.since(off).toString(), stream.slice(off - 101), `offset ${off} after piece ${i}`)
      }
      assert.equal(b.covers(b.firstByteOffset - 1), false)
      assert.equal(b.covers(end + 2), false)
    }
  })

  it('takes a piece longer than the ring, and keeps its tail when resized', () => {
    const b = new ReplBacklog(8, 0)
    b.append(Buffer.from('0123456789abcdef'))
    assert.equal(b.since(b.firstByteOffset).toString(), '89abcdef')
    b.resize(4)
    assert.equal(b.since(b.firstByteOffset).toString(), 'cdef')
    assert.equal(b.firstByteOffset, 13)
    b.resize(32)
    b.append(Buffer.from('XY'))
    assert.equal(b.since(13).toString(), 'cdefXY')
  })
})
