import { strict as assert } from 'node:assert'
import { describe, it } from 'node:test'
import { planRebalance } from '../../../../src/lib/plan/rebalance.js'
import type { ClusterNode } from '../../../../src/lib/view.js'

function master(c: string, slots: Array<[number, number]>): ClusterNode {
  return { id: c.repeat(40), addr: { host: '127.0.0.1', port: 7000 }, cport: 17000, role: 'master', flags: ['master'], masterId: null, slots, slotCount: slots.reduce((n, [a, b]) => n + b - a + 1, 0), configEpoch: 1, failing: false, migrating: [], importing: [] }
}

const THREE = [master('a', [[0, 5460]]), master('b', [[5461, 10922]]), master('c', [[10923, 16383]])]

describe('planRebalance', () => {
  it('does nothing when every master is within the threshold', () => {
    const plan = planRebalance(THREE)
    assert.equal(plan.needed, false)
    assert.deepEqual(plan.steps, [])
  })

  it('leaves an empty master out unless asked, and then gives it its share from the others', () => {
    const withEmpty = [...THREE, master('d', [])]
    assert.equal(planRebalance(withEmpty).needed, false)
    const plan = planRebalance(withEmpty, { useEmptyMasters: true })
    assert.equal(plan.needed, true)
    assert.equal(plan.totalWeight, 4)
    assert.ok(plan.steps.every((s) => s.to === 'd'.repeat(40)))
    const moved = plan.steps.reduce((n, s) => n + s.moves.length, 0)
    assert.equal(moved, 4096)
    for (const s of plan.steps) assert.ok(s.moves.every((m) => m.from === s.from))
  })

  it('empties a master of weight 0 into the others', () => {
    const plan = planRebalance(THREE, { weights: new Map([['c'.repeat(40), 0]]) })
    const fromC = plan.steps.filter((s) => s.from === 'c'.repeat(40)).reduce((n, s) => n + s.moves.length, 0)
    assert.equal(fromC, 5461)
    assert.deepEqual(plan.nodes.map((n) => n.expected), [8192, 8192, 0])
    // c feeds both a and b: every slot of c goes exactly once
    const slots = plan.steps.flatMap((s) => s.moves.map((m) => m.slot))
    assert.equal(new Set(slots).size, slots.length)
    assert.equal(plan.steps.filter((s) => s.from === 'c'.repeat(40)).length, 2)
  })

  it('respects the threshold', () => {
    const skewed = [master('a', [[0, 5700]]), master('b', [[5701, 10922]]), master('c', [[10923, 16383]])]
    assert.equal(planRebalance(skewed, { thresholdPercent: 5 }).needed, false)
    const plan = planRebalance(skewed, { thresholdPercent: 2 })
    assert.equal(plan.needed, true)
    assert.equal(plan.steps[0].from, 'a'.repeat(40))
  })
})
