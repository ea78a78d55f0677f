import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { stringmatchFuzz, xorshift32 } from '../../../../src/node/commands/debug-stringmatch.js'
import { globMatch } from '../../../../src/node/util/glob.js'

describe('stringmatchFuzz', () => {
  it('feeds the matcher patterns and strings shorter than 32 bytes, with bytes below 128', () => {
    let calls = 0
    const lengths = new Set<number>()
    stringmatchFuzz((p, s) => {
      calls++
      lengths.add(p.length).add(s.length)
      assert.ok(p.length < 32 && s.length < 32)
      for (const ch of p + s) assert.ok(ch.charCodeAt(0) < 128)
      return false
    }, 5000, xorshift32(42))
    assert.equal(calls, 5000)
    assert.equal(lengths.size, 32, 'every length from 0 to 31 comes up')
  })

  it('counts matches and lets a matcher\'s exception through', () => {
    assert.equal(stringmatchFuzz(() => true, 100, xorshift32(1)), 100)
    assert.ok(stringmatchFuzz(globMatch, 20000, xorshift32(7)) > 0, 'random input does match sometimes (empty patterns, "*")')
    assert.throws(() => stringmatchFuzz(() => { throw new RangeError('Maximum call stack size exceeded') }, 1, xorshift32(1)), RangeError)
  })
})
