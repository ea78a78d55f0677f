import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { ZSetValue } from '../../../../src/node/keyspace/types/zset.js'
import type { LexRange, ScoreRange } from '../../../../src/node/keyspace/types/zrange.js'
import { defaultEncodingLimits } from '../../../../src/node/keyspace/limits.js'
import { ReplyError } from '../../../../src/node/resp/types.js'
import { readLexRange, readScore, readScoreRange } from '../../../../src/node/commands/zsets-args.js'

/** Small deterministic generator so failures replay. */
function lcg(seed: number): () => number {
  let s = seed >>> 0
  return () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32 }
}

type Entry = [string, number]
const LIMITS = defaultEncodingLimits()
const cmp = (a: Entry, b: Entry): number => a[1] - b[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)

function modelOf(z: ZSetValue): Entry[] {
  return [...z.entries()]
}

/** Checks order, ranks, the backward walk, select by rank and the member map against a sorted model. */
function checkInvariants(z: ZSetValue, model: Map<string, number>): void {
  const expected = [...model].sort(cmp)
  assert.deepEqual(modelOf(z), expected)
  assert.equal(z.size(), expected.length)
  assert.equal(z.tree.size, expected.length)
  assert.deepEqual([...z.dict].sort(cmp), expected)
  const back: string[] = []
  for (const c = z.tree.last(); c.valid; c.prev()) back.push(c.member)
  assert.deepEqual(back.reverse(), expected.map((e) => e[0]))
  for (let i = 0; i < expected.length; i += Math.max(1, expected.length >> 4)) {
    assert.equal(z.rank(expected[i][0], false), i)
    assert.equal(z.rank(expected[i][0], true), expected.length - 1 - i)
    assert.equal(z.tree.cursorAt(i).member, expected[i][0])
  }
}

describe('ZSetValue', () => {
  it('matches a sorted model through random inserts, updates and removes', () => {
    const rnd = lcg(42)
    const z = new ZSetValue(LIMITS)
    const model = new Map<string, number>()
    for (let step = 0; step < 4000; step++) {
      const member = `m${Math.floor(rnd() * 600)}`
      const score = Math.floor(rnd() * 50) / 2
      const op = rnd()
      const cur = z.dict.get(member)
      if (op < 0.6) {
        if (cur === undefined) z.insert(member, score)
        else z.update(member, cur, score)
        model.set(member, score)
      } else {
        assert.equal(z.remove(member), model.delete(member))
      }
      if (step % 500 === 0) checkInvariants(z, model)
    }
    checkInvariants(z, model)
  })

  it('finds the first and last elements of score ranges with their ranks', () => {
    const z = ZSetValue.fromEntries(Array.from({ length: 300 }, (_, i): Entry => [`k${i}`, i % 30]), LIMITS)
    const all = modelOf(z)
    const ranges: ScoreRange[] = [
      { min: 3, max: 7, minex: false, maxex: false }, { min: 3, max: 7, minex: true, maxex: true },
      { min: -Infinity, max: 0, minex: false, maxex: false }, { min: 29, max: Infinity, minex: true, maxex: false },
      { min: 5, max: 5, minex: false, maxex: true }, { min: 10, max: 2, minex: false, maxex: false },
    ]
    for (const r of ranges) {
      const inside = all.filter(([, s]) => (r.minex ? s > r.min : s >= r.min) && (r.maxex ? s < r.max : s <= r.max))
      const first = z.tree.firstInScoreRange(r)
      assert.equal(first?.member, inside[0]?.[0], JSON.stringify(r))
      if (first) assert.equal(first.rank, all.indexOf(inside[0]))
      const last = z.tree.lastInScoreRange(r)
      assert.equal(last?.member, inside[inside.length - 1]?.[0])
      if (last) assert.equal(last.rank, all.indexOf(inside[inside.length - 1]))
    }
  })

  it('removes score, lex and rank ranges and keeps the map in step', () => {
    const z = ZSetValue.fromEntries(Array.from({ length: 200 }, (_, i): Entry => [`k${String(i).padStart(3, '0')}`, 0]), LIMITS)
    const lex: LexRange = { min: 'k010', max: 'k020', minex: false, maxex: true, minInf: 0, maxInf: 0 }
    assert.equal(z.deleteLexRange(lex), 10)
    assert.equal(z.score('k015'), undefined)
    assert.equal(z.deleteRankRange(0, 9), 10)
    assert.equal(z.tree.first().member, 'k020')
    assert.equal(z.deleteScoreRange({ min: 0, max: 0, minex: false, maxex: false }), 180)
    assert.equal(z.size(), 0)
    assert.equal(z.tree.first().valid, false)
    assert.equal(z.tree.last().valid, false)
  })

  it('reports listpack until a limit is passed, then skiplist for good', () => {
    const limits = { ...defaultEncodingLimits(), zsetMaxListpackEntries: 2, zsetMaxListpackValue: 4 }
    const z = new ZSetValue(limits)
    z.insert('a', 1); z.insert('b', 2)
    assert.equal(z.encoding(), 'listpack')
    z.insert('c', 3)
    assert.equal(z.encoding(), 'skiplist')
    z.remove('c'); z.remove('b')
    assert.equal(z.encoding(), 'skiplist')
    assert.equal(ZSetValue.fromEntries([['a', 1]], limits).encoding(), 'listpack')
    assert.equal(ZSetValue.fromEntries([['abcde', 1]], limits).encoding(), 'skiplist')
    assert.equal(z.clone().encoding(), 'skiplist')
  })

  it('stores -0 as 0 while a listpack, as the listpack integer form does', () => {
    const z = ZSetValue.fromEntries([['a', -0]], LIMITS)
    assert.ok(Object.is(z.score('a'), 0))
    const big = ZSetValue.fromEntries(Array.from({ length: LIMITS.zsetMaxListpackEntries + 1 }, (_, i): Entry => [`m${i}`, -0]), LIMITS)
    assert.ok(Object.is(big.score('m0'), -0))
  })

  it('clones deeply', () => {
    const z = ZSetValue.fromEntries([['a', 1], ['b', 2]], LIMITS)
    const c = z.clone()
    c.insert('c', 3)
    assert.equal(z.size(), 2)
    assert.deepEqual(modelOf(c), [['a', 1], ['b', 2], ['c', 3]])
  })
})

/** Handlers throw ReplyError values (not Error objects): match on their text. */
const replyText = (re: RegExp) => (e: unknown): boolean => e instanceof ReplyError && re.test(e.text)

describe('sorted-set argument readers', () => {
  it('reads scores like getDoubleFromObject', () => {
    assert.equal(readScore('1.5'), 1.5)
    assert.equal(readScore('0x10'), 16)
    assert.equal(readScore('0x1.8p1'), 3)
    assert.equal(readScore('-inf'), -Infinity)
    assert.equal(readScore('+Infinity'), Infinity)
    assert.equal(readScore('5.'), 5)
    assert.equal(readScore('4.9e-324'), 5e-324)
    // plain integers take a digit-by-digit path; it must agree with strtod on every shape
    assert.ok(Object.is(readScore('-0'), -0))
    assert.equal(readScore('007'), 7)
    assert.equal(readScore('-123456789012345'), -123456789012345)
    assert.equal(readScore('1234567890123456'), 1234567890123456)
    assert.equal(readScore('+12'), 12)
    for (const bad of ['', '-', ' 1', '1 ', 'nan', '1e400', '1e-400', '0x', '1e', 'abc', '1\0', '--1', '1-', '12a']) {
      assert.throws(() => readScore(bad), replyText(/not a valid float/), JSON.stringify(bad))
    }
  })

  it('reads score ranges like zslParseRange (strtod, leading space allowed, no NaN)', () => {
    assert.deepEqual(readScoreRange('(1', '5'), { min: 1, max: 5, minex: true, maxex: false })
    assert.deepEqual(readScoreRange('', '('), { min: 0, max: 0, minex: false, maxex: true })
    assert.deepEqual(readScoreRange(' 2', '1e400'), { min: 2, max: Infinity, minex: false, maxex: false })
    for (const [a, b] of [['nan', '1'], ['1', '(nan'], [' ', '1'], ['1x', '2'], ['-', '1']]) {
      assert.throws(() => readScoreRange(a, b), replyText(/min or max is not a float/))
    }
  })

  it('reads lex ranges', () => {
    assert.deepEqual(readLexRange('-', '+'), { min: '', max: '', minex: true, maxex: true, minInf: -1, maxInf: 1 })
    assert.deepEqual(readLexRange('[a', '(b'), { min: 'a', max: 'b', minex: false, maxex: true, minInf: 0, maxInf: 0 })
    for (const [a, b] of [['a', '+'], ['-x', '+'], ['', '+'], ['[a', 'b']]) {
      assert.throws(() => readLexRange(a, b), replyText(/not valid string range item/))
    }
  })
})
