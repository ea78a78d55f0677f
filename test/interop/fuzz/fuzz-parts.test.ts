// The fuzzer's own parts, without servers: determinism of the generator, the comparison rules, the
// shrinker. (The fuzzer against real servers is ../fuzz.test.ts.)
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { compareValues } from './comparator.js'
import { EXCLUDED } from './excluded.js'
import { generateSequence } from './generator.js'
import { fullNameOf } from './grammar.js'
import { decodeFrame, type RespValue } from './resp-value.js'
import type { Difference, FuzzRunner, RunResult } from './runner.js'
import { shrink } from './shrink.js'
import { RULES } from './compare-rules.js'

const v = (raw: string): RespValue => (decodeFrame(raw) as [RespValue, number])[0]

describe('fuzzer generator', () => {
  it('gives the same sequence for the same seed, and another for another seed', () => {
    assert.deepEqual(generateSequence(42, 300), generateSequence(42, 300))
    assert.notDeepEqual(generateSequence(42, 300).steps, generateSequence(43, 300).steps)
  })

  it('never sends an excluded command and creates keys of every type', () => {
    const names = new Set<string>()
    for (let seed = 1; seed <= 30; seed++) {
      for (const s of generateSequence(seed, 200).steps) names.add(fullNameOf(s[0] === '@1' ? s.slice(1) : s))
    }
    for (const ex of Object.keys(EXCLUDED)) assert.ok(!names.has(ex), ex)
    for (const creator of ['set', 'rpush', 'sadd', 'zadd', 'hset']) assert.ok(names.has(creator), creator)
  })
})

describe('fuzzer comparison rules', () => {
  it('compares set members unordered but not their count', () => {
    const rule = RULES.smembers
    assert.equal(compareValues(rule, ['SMEMBERS', 's'], v('*2\r\n$1\r\na\r\n$1\r\nb\r\n'), v('*2\r\n$1\r\nb\r\n$1\r\na\r\n')), null)
    assert.notEqual(compareValues(rule, ['SMEMBERS', 's'], v('*2\r\n$1\r\na\r\n$1\r\nb\r\n'), v('*2\r\n$1\r\na\r\n$1\r\na\r\n')), null)
  })

  it('keeps HGETALL field/value pairs together', () => {
    const a = v('*4\r\n$1\r\nf\r\n$1\r\n1\r\n$1\r\ng\r\n$1\r\n2\r\n')
    assert.equal(compareValues(RULES.hgetall, ['HGETALL', 'h'], a, v('*4\r\n$1\r\ng\r\n$1\r\n2\r\n$1\r\nf\r\n$1\r\n1\r\n')), null)
    assert.notEqual(compareValues(RULES.hgetall, ['HGETALL', 'h'], a, v('*4\r\n$1\r\nf\r\n$1\r\n2\r\n$1\r\ng\r\n$1\r\n1\r\n')), null)
  })

  it('compares random replies by shape, TTLs within a tolerance, and errors always exactly', () => {
    assert.equal(compareValues(RULES.srandmember, ['SRANDMEMBER', 's', '2'], v('*2\r\n$1\r\na\r\n$1\r\nb\r\n'), v('*2\r\n$1\r\nc\r\n$2\r\nbb\r\n')), null)
    assert.notEqual(compareValues(RULES.srandmember, ['SRANDMEMBER', 's', '2'], v('*2\r\n$1\r\na\r\n$1\r\nb\r\n'), v('*1\r\n$1\r\nc\r\n')), null)
    assert.equal(compareValues(RULES.pttl, ['PTTL', 'k'], v(':100000\r\n'), v(':99400\r\n')), null)
    assert.notEqual(compareValues(RULES.pttl, ['PTTL', 'k'], v(':100000\r\n'), v(':98000\r\n')), null)
    assert.notEqual(compareValues(RULES.pttl, ['PTTL', 'k'], v(':-1\r\n'), v(':-2\r\n')), null)
    assert.notEqual(compareValues(RULES.srandmember, ['SRANDMEMBER', 's', 'x'], v('-ERR a\r\n'), v('-ERR b\r\n')), null)
    assert.equal(compareValues(undefined, ['GET', 'k'], v('$1\r\na\r\n'), v('$1\r\na\r\n')), null)
  })

  it('compares a whole SCAN iteration unordered, and a partial one by shape', () => {
    const all = (items: string[], cursor = '0'): RespValue => v(`*2\r\n$${cursor.length}\r\n${cursor}\r\n*${items.length}\r\n${items.map((i) => `$${i.length}\r\n${i}\r\n`).join('')}`)
    assert.equal(compareValues(RULES.sscan, ['SSCAN', 's', '0'], all(['a', 'b']), all(['b', 'a'])), null)
    assert.notEqual(compareValues(RULES.sscan, ['SSCAN', 's', '0'], all(['a', 'b']), all(['a', 'c'])), null)
    assert.equal(compareValues(RULES.sscan, ['SSCAN', 's', '0'], all(['a'], '12'), all(['b', 'c'], '3')), null)
  })
})

describe('fuzzer shrinker', () => {
  it('cuts a failing sequence down to the steps that make the difference', async () => {
    const needed = [['SET', 'k', 'v', 'EX', '10'], ['APPEND', 'k', 'x']]
    const fails = (steps: string[][]): boolean => needed.every((n) => steps.some((s) => s[0] === n[0] && s.includes('k')))
    const diff = (step: number): Difference => ({ kind: 'reply', step, argv: null, detail: '', redis: '', rcl: '', signature: 'reply:append' })
    const fake = {
      run: async (seq: { steps: string[][] }): Promise<RunResult> => ({ executed: seq.steps.length, allowed: {}, difference: fails(seq.steps) ? diff(seq.steps.length - 1) : null }),
    } as unknown as FuzzRunner
    const steps = [['PING'], ...Array.from({ length: 40 }, (_, i) => ['SET', `o${i}`, 'x']), needed[0], ['GET', 'z'], needed[1], ['PING']]
    const r = await shrink(fake, { seed: 1, steps }, diff(steps.length - 2))
    assert.equal(r.reproduced, true)
    assert.deepEqual(r.steps, [['SET', 'k'], ['APPEND', 'k']])
  })
})
