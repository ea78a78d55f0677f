import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { ReplyWriter } from '../../../../src/node/resp/encoder.js'
import { ReplyBufferResizer } from '../../../../src/node/net/reply-buffer.js'
import { ServerStats } from '../../../../src/node/stats.js'

/** A writer that has sent `bytes` in one flush. */
function flushed(w: ReplyWriter, bytes: number): void {
  w.bulk('x'.repeat(Math.max(0, bytes - 9)))
  w.takeView()
  w.recycle(false)
}

describe('ReplyBufferResizer', () => {
  it('starts a writer\'s peak period when first seen, then shrinks it to its peak once half of it went unused', () => {
    const stats = new ServerStats()
    const r = new ReplyBufferResizer(stats)
    const w = new ReplyWriter()
    flushed(w, 100)
    r.cron(1000, [w])
    assert.deepEqual([w.size, w.peakResetAt], [16384, 1000])
    r.cron(1100, [w])
    assert.deepEqual([w.size, stats.replyBufferShrinks], [1024, 1], 'max(1 KB, peak + 1)')
    flushed(w, 3000)
    assert.deepEqual([w.size, w.peak, w.grows], [4096, 3000, 1])
    r.cron(1200, [w])
    assert.deepEqual([w.size, stats.replyBufferExpands, w.grows], [4096, 1, 0], 'the peak used more than half: kept')
  })

  it('resets the peak every peak-reset-time, so an idle buffer then shrinks', () => {
    const stats = new ServerStats()
    const r = new ReplyBufferResizer(stats)
    const w = new ReplyWriter()
    r.cron(0 + 1, [w])
    flushed(w, 10000)
    r.cron(1000, [w])
    assert.equal(w.size, 16384)
    r.cron(5001, [w]) // 5 s after the period began: peak back to what the writer holds (nothing)
    assert.deepEqual([w.peak, w.size], [0, 16384])
    r.cron(5100, [w])
    assert.equal(w.size, 1024)
  })

  it('never resets the peak at -1 and never resizes with resizing off', () => {
    const r = new ReplyBufferResizer(new ServerStats())
    const w = new ReplyWriter()
    r.peakResetMs = -1
    r.cron(1, [w])
    flushed(w, 10000)
    for (let t = 100; t < 100000; t += 10000) r.cron(t, [w])
    assert.deepEqual([w.peak, w.size], [10000, 16384])
    r.peakResetMs = 0
    r.resizing = false
    for (let t = 100000; t < 100500; t += 100) r.cron(t, [w])
    assert.deepEqual([w.peak, w.size], [0, 16384])
  })

  it('does not resize a writer holding replies', () => {
    const w = new ReplyWriter()
    w.bulk('abc')
    assert.equal(w.resize(1024), false)
    assert.equal(w.size, 16384)
  })
})
