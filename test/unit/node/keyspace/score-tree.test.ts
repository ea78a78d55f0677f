import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { DEFAULT_SHAPE, ScoreTree, type TreeShape } from '../../../../src/node/keyspace/types/score-tree.js'
import { Branch, Leaf, type LeafStore, type TreeNode } from '../../../../src/node/keyspace/types/score-tree-nodes.js'
import type { LexRange, ScoreRange } from '../../../../src/node/keyspace/types/zrange.js'

/** Small deterministic generator so failures replay. */
function lcg(seed: number): () => number {
  let s = seed >>> 0
  return () => { s = (Math.imul(s, 1664525) + 1013904223) >>> 0; return s / 2 ** 32 }
}

interface El { score: number; member: string }

/** Score order with -0 == 0 (JS comparisons), then member order: what the tree must keep. */
function cmp(a: El, b: El): number {
  if (a.score < b.score) return -1
  if (a.score > b.score) return 1
  return a.member < b.member ? -1 : a.member > b.member ? 1 : 0
}

/** The reference: a sorted array, changed with splice. */
class Model {
  els: El[] = []
  indexOf(e: El): number { return this.els.findIndex((x) => cmp(x, e) === 0) }
  insert(e: El): void {
    let i = 0
    while (i < this.els.length && cmp(this.els[i], e) < 0) i++
    this.els.splice(i, 0, e)
  }
  remove(e: El): boolean {
    const i = this.indexOf(e)
    if (i >= 0) this.els.splice(i, 1)
    return i >= 0
  }
}

// The tree's private layout, read for structural checks only.
interface Internals { root: TreeNode; depth: number; store: LeafStore }

/** Checks counts, separators, key order, leaf chain and uniform depth below the root. */
function audit(t: ScoreTree, shape: TreeShape): void {
  const { root, depth, store } = t as unknown as Internals
  const at = (leaf: Leaf, i: number): El => ({ score: store.scores[leaf.base + i], member: store.members[leaf.base + i] })
  const leaves: Leaf[] = []
  const walk = (node: TreeNode, level: number, lo: El | null, hi: El | null): number => {
    if (level === depth) {
      assert.ok(node instanceof Leaf, 'leaves sit at the bottom level only')
      const n = node.n
      assert.ok(n <= shape.leafCap, `leaf over capacity: ${n}`)
      if (node !== root) assert.ok(n > 0, 'empty leaf below the root')
      // only the end leaves may run low: end-of-set appends split off a one-element leaf there
      if (node !== t.head && node !== t.tail) assert.ok(n >= shape.leafCap >> 2, `leaf with ${n} elements`)
      for (let i = 0; i < n; i++) {
        const e = at(node, i)
        if (i > 0) assert.ok(cmp(at(node, i - 1), e) < 0, 'leaf out of order')
        if (lo !== null) assert.ok(cmp(e, lo) >= 0, 'element below its separator')
        if (hi !== null) assert.ok(cmp(e, hi) < 0, 'element at or past the next separator')
      }
      leaves.push(node)
      return n
    }
    assert.ok(node instanceof Branch, 'branch expected above the leaves')
    const k = node.children.length
    assert.ok(k >= (node === root ? 2 : Math.max(2, shape.branchCap >> 2)) && k <= shape.branchCap, `branch with ${k} children`)
    assert.equal(node.counts.length, k)
    let total = 0
    for (let i = 0; i < k; i++) {
      const clo = i === 0 ? lo : { score: node.sepScores[i], member: node.sepMembers[i] }
      const chi = i === k - 1 ? hi : { score: node.sepScores[i + 1], member: node.sepMembers[i + 1] }
      const c = walk(node.children[i], level + 1, clo, chi)
      assert.equal(node.counts[i], c, 'count of a child')
      total += c
    }
    return total
  }
  assert.equal(walk(root, 0, null, null), t.size)
  assert.equal(t.head, leaves[0])
  assert.equal(t.tail, leaves[leaves.length - 1])
  // each leaf owns its own slot, and vacated entries hold no member strings alive
  assert.equal(new Set(leaves.map((l) => l.base)).size, leaves.length, 'leaves sharing a slot')
  for (const l of leaves) {
    assert.equal(l.base % store.stride, 0, 'slot base off the grid')
    const end = Math.min(l.base + store.stride, store.members.length) // slot 0 may be partial
    for (let j = l.base + l.n; j < end; j++) assert.equal(store.members[j], '', 'stale member past the end')
  }
  for (let i = 0; i < leaves.length; i++) {
    assert.equal(leaves[i].prev, i === 0 ? null : leaves[i - 1], 'prev link')
    assert.equal(leaves[i].next, i === leaves.length - 1 ? null : leaves[i + 1], 'next link')
  }
}

function forward(t: ScoreTree): El[] {
  const out: El[] = []
  for (const c = t.first(); c.valid; c.next()) {
    assert.equal(c.rank, out.length)
    out.push({ score: c.score, member: c.member })
  }
  return out
}

function backward(t: ScoreTree): El[] {
  const out: El[] = []
  for (const c = t.last(); c.valid; c.prev()) {
    assert.equal(c.rank, t.size - 1 - out.length)
    out.push({ score: c.score, member: c.member })
  }
  return out.reverse()
}

/** Everything observable agrees with the model: both walks, ranks, select, cursors from any rank. */
function check(t: ScoreTree, m: Model, shape: TreeShape, rnd: () => number): void {
  audit(t, shape)
  const els = m.els
  assert.equal(t.size, els.length)
  assert.deepEqual(forward(t), els)
  assert.deepEqual(backward(t), els)
  for (let i = 0; i < els.length; i++) {
    assert.equal(t.rankOf(els[i].score, els[i].member), i)
    const c = t.cursorAt(i)
    assert.ok(c.valid)
    assert.equal(c.member, els[i].member)
  }
  assert.equal(t.cursorAt(els.length).valid, false)
  assert.equal(t.cursorAt(-1).valid, false)
  if (els.length === 0) return
  // a few steps either way from a random rank
  const start = Math.floor(rnd() * els.length)
  const c = t.cursorAt(start)
  for (let i = start; i < Math.min(els.length, start + 10); i++, c.next()) assert.equal(c.member, els[i].member)
  const b = t.cursorAt(start)
  for (let i = start; i >= Math.max(0, start - 10); i--, b.prev()) assert.equal(b.member, els[i].member)
}

const inScore = (s: number, r: ScoreRange): boolean => (r.minex ? s > r.min : s >= r.min) && (r.maxex ? s < r.max : s <= r.max)
const inLex = (v: string, r: LexRange): boolean =>
  (r.minInf !== 0 ? r.minInf < 0 : r.minex ? v > r.min : v >= r.min) && (r.maxInf !== 0 ? r.maxInf > 0 : r.maxex ? v < r.max : v <= r.max)

function checkScoreRange(t: ScoreTree, m: Model, r: ScoreRange): void {
  const first = m.els.findIndex((e) => inScore(e.score, r))
  let last = -1
  for (let i = m.els.length - 1; i >= 0; i--) if (inScore(m.els[i].score, r)) { last = i; break }
  const f = t.firstInScoreRange(r)
  const l = t.lastInScoreRange(r)
  assert.equal(f === null ? -1 : f.rank, first, `first in ${JSON.stringify(r)}`)
  assert.equal(l === null ? -1 : l.rank, last, `last in ${JSON.stringify(r)}`)
  if (f !== null) assert.equal(f.member, m.els[first].member)
  if (l !== null) assert.equal(l.member, m.els[last].member)
}

function checkLexRange(t: ScoreTree, m: Model, r: LexRange): void {
  const first = m.els.findIndex((e) => inLex(e.member, r))
  let last = -1
  for (let i = m.els.length - 1; i >= 0; i--) if (inLex(m.els[i].member, r)) { last = i; break }
  assert.equal(t.firstInLexRange(r)?.rank ?? -1, first, `first in ${JSON.stringify(r)}`)
  assert.equal(t.lastInLexRange(r)?.rank ?? -1, last, `last in ${JSON.stringify(r)}`)
}

function randomScoreRange(rnd: () => number, span: number): ScoreRange {
  const pick = (): number => { const x = rnd(); return x < 0.05 ? -Infinity : x > 0.95 ? Infinity : Math.floor(rnd() * span) }
  return { min: pick(), max: pick(), minex: rnd() < 0.5, maxex: rnd() < 0.5 }
}

function randomLexRange(rnd: () => number, names: number): LexRange {
  const bound = (): [string, number] => { const x = rnd(); return x < 0.1 ? ['', -1] : x > 0.9 ? ['', 1] : [name(Math.floor(rnd() * names)), 0] }
  const [min, minInf] = bound()
  const [max, maxInf] = bound()
  return { min, max, minInf, maxInf, minex: rnd() < 0.5, maxex: rnd() < 0.5 }
}

const name = (i: number): string => `m${String(i).padStart(4, '0')}`

const SHAPES: TreeShape[] = [{ leafCap: 4, branchCap: 4 }, { leafCap: 8, branchCap: 5 }, { leafCap: 4, branchCap: 16 }, DEFAULT_SHAPE]

describe('ScoreTree', () => {
  for (const shape of SHAPES) {
    it(`matches a sorted-array model under random operations (leaf ${shape.leafCap}, branch ${shape.branchCap})`, () => {
      const rnd = lcg(shape.leafCap * 1000 + shape.branchCap)
      const t = new ScoreTree(shape)
      const m = new Model()
      const scores = new Map<string, number>()
      const span = 60
      for (let step = 0; step < 6000; step++) {
        const member = name(Math.floor(rnd() * 700))
        const score = Math.floor(rnd() * span) - span / 2
        const cur = scores.get(member)
        const op = rnd()
        if (op < 0.55) {
          if (cur === undefined) t.insert(score, member)
          else { t.move(member, cur, score); m.remove({ score: cur, member }) }
          m.insert({ score, member })
          scores.set(member, score)
        } else if (op < 0.97) {
          assert.equal(t.delete(cur ?? score, member), cur !== undefined)
          if (cur !== undefined) { m.remove({ score: cur, member }); scores.delete(member) }
        } else if (op < 0.98) {
          const a = Math.floor(rnd() * (m.els.length + 2)) - 1
          const b = a + Math.floor(rnd() * 40)
          const lo = Math.max(0, a)
          const hi = Math.min(m.els.length - 1, b)
          const gone = hi >= lo ? m.els.splice(lo, hi - lo + 1) : []
          assert.equal(t.deleteRankRange(a, b, scores), gone.length)
          for (const e of gone) assert.equal(scores.has(e.member), false)
        } else if (op < 0.99) {
          const r = randomScoreRange(rnd, span)
          r.min -= span / 2; r.max = Math.min(r.max, r.min + 3)
          const gone = m.els.filter((e) => inScore(e.score, r))
          m.els = m.els.filter((e) => !inScore(e.score, r))
          assert.equal(t.deleteScoreRange(r, scores), gone.length)
          for (const e of gone) assert.equal(scores.has(e.member), false)
        } else {
          checkScoreRange(t, m, randomScoreRange(rnd, span))
        }
        if (step % 97 === 0) {
          check(t, m, shape, rnd)
          for (let k = 0; k < 20; k++) {
            const r = randomScoreRange(rnd, span)
            r.min -= span / 2; r.max -= span / 2
            checkScoreRange(t, m, r)
          }
        }
      }
      check(t, m, shape, rnd)
      assert.equal(scores.size, t.size)
    })
  }

  it('orders equal scores by member and answers lex ranges', () => {
    const shape = { leafCap: 4, branchCap: 4 }
    const rnd = lcg(7)
    const t = new ScoreTree(shape)
    const m = new Model()
    for (let i = 0; i < 400; i++) {
      const member = name(Math.floor(rnd() * 1000))
      if (m.indexOf({ score: 5, member }) >= 0) continue
      t.insert(5, member)
      m.insert({ score: 5, member })
    }
    check(t, m, shape, rnd)
    for (let k = 0; k < 300; k++) checkLexRange(t, m, randomLexRange(rnd, 1000))
    const dict = new Map(m.els.map((e) => [e.member, e.score]))
    for (let k = 0; k < 30; k++) {
      const r = randomLexRange(rnd, 1000)
      const inside = m.els.filter((e) => inLex(e.member, r))
      // a lex deletion removes a contiguous run, so it equals the model's filter under equal scores
      m.els = m.els.filter((e) => !inLex(e.member, r))
      assert.equal(t.deleteLexRange(r, dict), inside.length, JSON.stringify(r))
      check(t, m, shape, rnd)
    }
    assert.equal(dict.size, t.size)
  })

  it('treats -0 as 0 and keeps infinities at the ends', () => {
    const t = new ScoreTree({ leafCap: 4, branchCap: 4 })
    t.insert(0, 'c')
    t.insert(-0, 'b')
    t.insert(0, 'a')
    t.insert(Infinity, 'z')
    t.insert(-Infinity, 'y')
    t.insert(Number.MAX_VALUE, 'x')
    t.insert(-Number.MIN_VALUE, 'w')
    assert.deepEqual(forward(t).map((e) => e.member), ['y', 'w', 'a', 'b', 'c', 'x', 'z'])
    assert.equal(t.rankOf(0, 'b'), 3)
    assert.equal(t.rankOf(-0, 'a'), 2)
    const zero: ScoreRange = { min: 0, max: -0, minex: false, maxex: false }
    assert.equal(t.firstInScoreRange(zero)?.member, 'a')
    assert.equal(t.lastInScoreRange(zero)?.member, 'c')
    assert.equal(t.firstInScoreRange({ min: Infinity, max: Infinity, minex: false, maxex: false })?.member, 'z')
    assert.equal(t.firstInScoreRange({ min: Number.MAX_VALUE, max: Infinity, minex: true, maxex: true }), null)
    assert.ok(Object.is(t.cursorAt(3).score, -0))
    t.normalizeZeros()
    assert.ok(Object.is(t.cursorAt(3).score, 0))
    assert.equal(t.delete(-0, 'b'), true)
    t.move('a', 0, -0)
    assert.deepEqual(forward(t).map((e) => e.member), ['y', 'w', 'a', 'c', 'x', 'z'])
    assert.ok(Object.is(t.cursorAt(2).score, -0))
    audit(t, { leafCap: 4, branchCap: 4 })
  })

  for (const order of ['ascending', 'descending', 'interleaved']) {
    it(`splits and merges down to nothing (${order} load, front/back/middle removal)`, () => {
      const shape = { leafCap: 4, branchCap: 4 }
      for (const removal of ['front', 'back', 'middle']) {
        const t = new ScoreTree(shape)
        const m = new Model()
        const n = 300
        for (let i = 0; i < n; i++) {
          const v = order === 'ascending' ? i : order === 'descending' ? n - i : (i * 7919) % n
          t.insert(v, 'x')
          m.insert({ score: v, member: 'x' })
          if (i % 37 === 0) audit(t, shape)
        }
        check(t, m, shape, lcg(1))
        assert.ok((t as unknown as Internals).depth >= 3)
        while (m.els.length > 0) {
          const i = removal === 'front' ? 0 : removal === 'back' ? m.els.length - 1 : m.els.length >> 1
          const [e] = m.els.splice(i, 1)
          assert.equal(t.delete(e.score, e.member), true)
          if (m.els.length % 23 === 0) check(t, m, shape, lcg(2))
        }
        assert.equal((t as unknown as Internals).depth, 0)
        assert.equal(t.first().valid, false)
        assert.equal(t.last().valid, false)
      }
    })
  }

  it('moves elements within a leaf and across leaves', () => {
    const shape = { leafCap: 8, branchCap: 4 }
    const t = new ScoreTree(shape)
    const m = new Model()
    for (let i = 0; i < 64; i++) { t.insert(i * 10, name(i)); m.insert({ score: i * 10, member: name(i) }) }
    const rnd = lcg(3)
    for (let k = 0; k < 500; k++) {
      const e = m.els[Math.floor(rnd() * m.els.length)]
      // mostly small steps (same leaf), sometimes far
      const to = rnd() < 0.7 ? e.score + Math.floor(rnd() * 21) - 10 : Math.floor(rnd() * 700)
      t.move(e.member, e.score, to)
      m.remove(e)
      m.insert({ score: to, member: e.member })
      if (k % 50 === 0) check(t, m, shape, rnd)
    }
    check(t, m, shape, rnd)
  })

  it('removes rank ranges spanning many leaves and keeps the member map in step', () => {
    const shape = { leafCap: 4, branchCap: 4 }
    const rnd = lcg(11)
    for (let round = 0; round < 40; round++) {
      const t = new ScoreTree(shape)
      const m = new Model()
      const dict = new Map<string, number>()
      const n = 50 + Math.floor(rnd() * 250)
      for (let i = 0; i < n; i++) {
        const e = { score: Math.floor(rnd() * 20), member: name(i) }
        t.insert(e.score, e.member); m.insert(e); dict.set(e.member, e.score)
      }
      const a = Math.floor(rnd() * n)
      const b = a + Math.floor(rnd() * n)
      const gone = m.els.splice(a, Math.min(n - 1, b) - a + 1)
      assert.equal(t.deleteRankRange(a, b, dict), gone.length)
      assert.equal(dict.size, m.els.length)
      check(t, m, shape, rnd)
      assert.equal(t.deleteRankRange(0, t.size - 1, dict), m.els.length)
      assert.equal(t.size, 0)
      assert.equal(dict.size, 0)
      assert.equal((t as unknown as Internals).depth, 0)
    }
  })

  it('gives memory back when a big tree is mostly emptied, element by element or by ranges', () => {
    const shape = { leafCap: 8, branchCap: 4 }
    const rnd = lcg(23)
    for (const byRange of [false, true]) {
      const t = new ScoreTree(shape)
      const m = new Model()
      const dict = new Map<string, number>()
      for (let i = 0; i < 3000; i++) {
        const e = { score: Math.floor(rnd() * 1000), member: name(i) }
        t.insert(e.score, e.member); m.insert(e); dict.set(e.member, e.score)
      }
      const { store } = t as unknown as Internals
      const peak = store.members.length
      // keep every 50th element, removing the others in random order or in rank runs
      if (byRange) {
        for (let r = t.size - 1; r >= 0; r -= 50) {
          const from = Math.max(0, r - 48)
          m.els.splice(from, r - from + 1)
          t.deleteRankRange(from, r, dict)
        }
      } else {
        const doomed = m.els.filter((_, i) => i % 50 !== 0)
        for (let i = doomed.length - 1; i > 0; i--) { const j = Math.floor(rnd() * (i + 1)); [doomed[i], doomed[j]] = [doomed[j], doomed[i]] }
        for (const e of doomed) { assert.ok(t.delete(e.score, e.member)); m.remove(e) }
      }
      check(t, m, shape, rnd)
      assert.ok(store.members.length * 4 < peak, `arrays still ${store.members.length} entries long after peaking at ${peak}`)
    }
  })

  it('returns null from range searches on an empty tree and on ranges that miss', () => {
    const t = new ScoreTree()
    assert.equal(t.firstInScoreRange({ min: -Infinity, max: Infinity, minex: false, maxex: false }), null)
    assert.equal(t.lastInLexRange({ min: '', max: '', minInf: -1, maxInf: 1, minex: false, maxex: false }), null)
    assert.equal(t.deleteScoreRange({ min: -Infinity, max: Infinity, minex: false, maxex: false }, new Map()), 0)
    for (let i = 0; i < 10; i++) t.insert(i, name(i))
    assert.equal(t.firstInScoreRange({ min: 3, max: 2, minex: false, maxex: false }), null)
    assert.equal(t.firstInScoreRange({ min: 3, max: 3, minex: true, maxex: false }), null)
    assert.equal(t.firstInScoreRange({ min: 3.5, max: 3.9, minex: false, maxex: false }), null)
    assert.equal(t.lastInScoreRange({ min: 3.5, max: 3.9, minex: false, maxex: false }), null)
    assert.equal(t.firstInScoreRange({ min: 10, max: 20, minex: false, maxex: false }), null)
  })
})
