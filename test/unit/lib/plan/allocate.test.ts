import { strict as assert } from 'node:assert'
import { describe, it } from 'node:test'
import type { HostPort } from '../../../../src/lib/addr.js'
import { antiAffinityScore, InvalidCreateError, planCreate } from '../../../../src/lib/plan/allocate.js'
import { formatRuns, formatSlotRanges, slotRanges } from '../../../../src/lib/slots.js'

const on = (host: string, ...ports: number[]): HostPort[] => ports.map((port) => ({ host, port }))
const text = (a: HostPort): string => `${a.host}:${a.port}`

/** A seeded generator, so the swaps are the same in every run. */
function seeded(seed: number): () => number {
  let s = seed
  return () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648)
}

describe('planCreate', () => {
  it('cuts the slots into the same runs as redis-cli: 0-5460, 5461-10922, 10923-16383', () => {
    const plan = planCreate(on('127.0.0.1', 7000, 7001, 7002, 7003, 7004, 7005), 1, seeded(1))
    assert.deepEqual(plan.masters.map((m) => [text(m.addr), m.slots]), [
      ['127.0.0.1:7000', [0, 5460]], ['127.0.0.1:7001', [5461, 10922]], ['127.0.0.1:7002', [10923, 16383]],
    ])
  })

  it('announces replicas as redis-cli does before the swaps (the rest rotated by one)', () => {
    const plan = planCreate(on('127.0.0.1', 7000, 7001, 7002, 7003, 7004, 7005), 1, seeded(1))
    // the captured redis-cli run: "Adding replica :46105 to :46101", ":46106 to :46102", ":46104 to :46103"
    assert.deepEqual(plan.initialReplicas.map((r) => [text(r.addr), r.master]), [['127.0.0.1:7004', 0], ['127.0.0.1:7005', 1], ['127.0.0.1:7003', 2]])
    assert.equal(plan.antiAffinity, 'replica-with-its-master')
  })

  it('covers every slot exactly once for any number of masters', () => {
    for (let n = 3; n <= 40; n++) {
      const plan = planCreate(on('127.0.0.1', ...Array.from({ length: n }, (_, i) => 7000 + i)), 0)
      const all: number[] = []
      for (const m of plan.masters) for (let s = m.slots[0]; s <= m.slots[1]; s++) all.push(s)
      assert.equal(all.length, 16384, `n=${n}`)
      assert.deepEqual(slotRanges(all), [[0, 16383]], `n=${n}`)
      const sizes = plan.masters.map((m) => m.slots[1] - m.slots[0] + 1)
      assert.ok(Math.max(...sizes) - Math.min(...sizes) <= 1, `n=${n}: ${sizes}`)
    }
  })

  it('picks masters host by host and reaches perfect anti-affinity across three hosts', () => {
    const nodes = [...on('10.0.0.1', 7000, 7001), ...on('10.0.0.2', 7000, 7001), ...on('10.0.0.3', 7000, 7001)]
    const plan = planCreate(nodes, 1, seeded(7).bind(null))
    assert.deepEqual(plan.masters.map((m) => m.addr.host), ['10.0.0.1', '10.0.0.2', '10.0.0.3'])
    assert.equal(plan.antiAffinity, 'not-needed')
    for (const r of plan.replicas) assert.notEqual(r.addr.host, plan.masters[r.master].addr.host)
  })

  it('swaps replicas until no replica shares its master host when that is possible', () => {
    // hosts a a b a c c b: the first hand-out leaves one replica next to its master (score 10000)
    const nodes = [...'aabaccb'].map((host, i) => ({ host, port: i + 1 }))
    for (let seed = 1; seed <= 20; seed++) {
      const plan = planCreate(nodes, 1, seeded(seed))
      const masters = plan.masters.map((m) => m.addr)
      assert.equal(antiAffinityScore(masters, plan.initialReplicas).score, 10000)
      assert.equal(antiAffinityScore(masters, plan.replicas).score, 0, `seed ${seed}`)
      assert.equal(plan.antiAffinity, 'perfect')
    }
  })

  it('hands out one extra replica per master when the nodes do not divide evenly', () => {
    const plan = planCreate(on('127.0.0.1', ...Array.from({ length: 8 }, (_, i) => 7000 + i)), 1, seeded(3))
    assert.equal(plan.masters.length, 4)
    assert.equal(plan.replicas.length, 4)
    const odd = planCreate(on('127.0.0.1', ...Array.from({ length: 11 }, (_, i) => 7000 + i)), 2, seeded(3))
    assert.equal(odd.masters.length, 3)
    assert.equal(odd.extraReplicas, true)
    assert.equal(odd.replicas.length, 8)
  })

  it("refuses too few nodes with redis-cli's explanation", () => {
    assert.throws(() => planCreate(on('127.0.0.1', 1, 2, 3, 4, 5), 1), (e: unknown) => {
      assert.ok(e instanceof InvalidCreateError)
      assert.equal(e.message, 'Invalid configuration for cluster creation.\nRedis Cluster requires at least 3 master nodes.\nThis is not possible with 5 nodes and 1 replicas per node.\nAt least 6 nodes are required.')
      return true
    })
  })
})

describe('slot ranges', () => {
  it('prints runs and single slots as redis-cli does', () => {
    assert.equal(formatSlotRanges([5, 0, 1, 2, 3, 4, 5462, 7, 8]), '[0-5],[7-8],[5462]')
    assert.equal(formatSlotRanges([]), '')
    assert.equal(formatRuns([[7, 8], [0, 3], [4, 5], [5462, 5462]]), '[0-5],[7-8],[5462]')
  })
})
