// globMatch against cases checked on redis-server 7.0.15 (Debian 5:7.0.15-1~deb12u10, which carries the
// CVE-2024-31228 nesting cap), quirks included. Pathological patterns are timed against a spawned
// server in test/e2e/hostile-patterns.test.ts, where a regression fails instead of hanging the runner.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { globMatch, MAX_STAR_NESTING } from '../../../../src/node/util/glob.js'

const CASES: Array<[pattern: string, subject: string, matches: boolean]> = [
  ['h?llo', 'hello', true],
  ['h*llo', 'heeeello', true],
  ['h[ae]llo', 'hallo', true],
  ['h[^e]llo', 'hello', false],
  ['h[a-b]llo', 'hbllo', true],
  ['h[b-a]llo', 'hallo', true], // reversed ranges are swapped
  ['a\\*b', 'a*b', true],
  ['a\\*b', 'axb', false],
  ['a\\', 'a\\', true], // a trailing backslash is a literal backslash
  ['[', '[', false], // an unterminated class with nothing in it matches nothing
  ['[a', 'a', true], // an unterminated class ends with the pattern
  ['[^', 'x', true],
  ['[a-]', ']', true], // "a-]" is a range up to ']', and the class then runs to the end
  ['[\\]]', ']', true],
  ['a*', 'a', true], // trailing stars match the empty rest
  ['a**?', 'a', false],
  ['*', '', false], // the walk never starts on an empty subject (KEYS and SCAN special-case "*")
  ['', '', true],
  ['[^a]*', '', false],
  ['\x80', '\x80', true],
  ['[a-\xff]', 'b', false], // range ends compare as signed bytes: 0xff is -1, so the range is -1..'a'
  ['[a-\xff]', '\x80', false],
  ['[a-\xff]', 'a', true],
  ['[\x80-\xff]', '\x90', true],
]

describe('globMatch', () => {
  it('answers as Redis 7.0 does, quirks included', () => {
    for (const [p, s, want] of CASES) assert.equal(globMatch(p, s), want, `${JSON.stringify(p)} against ${JSON.stringify(s)}`)
  })

  it('folds ASCII letters only when asked', () => {
    assert.equal(globMatch('HELLO*', 'hello-world', true), true)
    assert.equal(globMatch('HELLO*', 'hello-world'), false)
    assert.equal(globMatch('[A-C]x', 'bx', true), true)
    assert.equal(globMatch('\xc0', '\xe0', true), false)
  })

  it('fails past the nesting cap even where an uncapped search would match', () => {
    const subject = 'a'.repeat(MAX_STAR_NESTING + 10)
    assert.equal(globMatch('a*'.repeat(MAX_STAR_NESTING - 10), subject), true)
    assert.equal(globMatch('a*'.repeat(MAX_STAR_NESTING + 10), subject), false)
  })

  it('gives up on the whole search once the rest after a star fits nowhere', () => {
    // without the give-up rule this takes about C(40, 20) steps; with it, a few hundred
    assert.equal(globMatch(`${'a*'.repeat(20)}b`, 'a'.repeat(40)), false)
    assert.equal(globMatch(`${'*a'.repeat(5000)}b`, 'a'.repeat(10000)), false)
  })
})
