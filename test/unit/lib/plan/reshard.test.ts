import { strict as assert } from 'node:assert'
import { describe, it } from 'node:test'
import { reshardTable } from '../../../../src/lib/plan/reshard.js'
import type { ClusterNode } from '../../../../src/lib/view.js'

function master(id: string, slots: Array<[number, number]>): ClusterNode {
  return { id, addr: { host: '127.0.0.1', port: 7000 }, cport: 17000, role: 'master', flags: ['master'], masterId: null, slots, slotCount: slots.reduce((n, [a, b]) => n + b - a + 1, 0), configEpoch: 1, failing: false, migrating: [], importing: [] }
}

describe('reshardTable', () => {
  it('takes from the biggest source first, its share rounded up, the others rounded down, lowest slots first', () => {
    const a = master('a'.repeat(40), [[0, 5460]])
    const b = master('b'.repeat(40), [[5461, 10922]])
    const table = reshardTable([a, b], 101)
    // b has 5462 slots: ceil(101/10923*5462) = 51 from b, floor(101/10923*5461) = 50 from a
    assert.equal(table.filter((m) => m.from === b.id).length, 51)
    assert.equal(table.filter((m) => m.from === a.id).length, 50)
    assert.deepEqual(table.slice(0, 2).map((m) => m.slot), [5461, 5462])
    assert.equal(table.length, 101)
  })

  it('never moves more than asked, and skips sources without slots', () => {
    const table = reshardTable([master('a'.repeat(40), [[0, 9], [20, 29]]), master('c'.repeat(40), [])], 15)
    assert.deepEqual(table.map((m) => m.slot), [0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 20, 21, 22, 23, 24])
  })
})
