import { strict as assert } from 'node:assert'
import { describe, it } from 'node:test'
import { fixOpenSlot, type SlotState } from '../../../../src/lib/ops/fix-open-slot.js'
import type { SlotMover } from '../../../../src/lib/ops/migrate-slot.js'
import type { NodeClient } from '../../../../src/lib/redis-client.js'
import type { ClusterNode } from '../../../../src/lib/view.js'

const node = (id: string, port: number): ClusterNode => ({
  id, addr: { host: '127.0.0.1', port }, role: 'master', masterId: null, flags: ['master'], slots: [], slotCount: 0, failing: false,
} as unknown as ClusterNode)

/** Masters that log their commands; `keys` is what each holds in the slot, handed out once by GETKEYSINSLOT. */
function fakeMover(keys: Record<string, number>): { mover: SlotMover; log: string[] } {
  const log: string[] = []
  const clients = new Map<string, NodeClient>()
  for (const id of Object.keys(keys)) {
    let left = keys[id]
    const call = async (...args: Array<string | number | Buffer>): Promise<unknown> => {
      const words = args.map(String)
      log.push(`${id}: ${words.join(' ')}`)
      if (words[1] === 'COUNTKEYSINSLOT') return left
      if (words[1] === 'GETKEYSINSLOT') { const out = Array.from({ length: left }, (_, i) => Buffer.from(`k${i}`)); left = 0; return out }
      return 'OK'
    }
    clients.set(id, { addr: { host: '127.0.0.1', port: 0 }, call, callBuffer: call, close: () => undefined })
  }
  const mover = {
    opts: { pipeline: 10, timeoutMs: 1000, replace: false },
    client: (id: string) => clients.get(id) as NodeClient,
    move: async (slot: number, from: string, to: string) => { log.push(`move ${slot} ${from} -> ${to}`); return 0 },
  } as unknown as SlotMover
  return { mover, log }
}

describe('fixOpenSlot', () => {
  const [A, B, C] = [node('A', 7000), node('B', 7001), node('C', 7002)]

  it('with two claimants keeps the one holding more keys, returns the other\'s keys to it, then finishes the move', async () => {
    const { mover, log } = fakeMover({ A: 5, B: 2, C: 0 })
    const state: SlotState = { owners: [A, B], migrating: [A], importing: [C], migratingTo: new Map([['A', 'C']]) }
    const outcome = await fixOpenSlot(9, state, mover, () => undefined)
    assert.deepEqual(outcome, { fixed: true, action: 'moved to 127.0.0.1:7002' })
    const at = (line: string): number => { const i = log.indexOf(line); assert.ok(i >= 0, `missing "${line}" in\n${log.join('\n')}`); return i }
    // A claims it anew; B gives up its claim and imports it from A, so its keys can go back to A
    assert.ok(at('A: CLUSTER BUMPEPOCH') < at('B: CLUSTER DELSLOTS 9'))
    assert.ok(at('B: CLUSTER SETSLOT 9 NODE A') < at('B: CLUSTER SETSLOT 9 IMPORTING A'))
    assert.ok(at('B: CLUSTER SETSLOT 9 IMPORTING A') < at('B: MIGRATE 127.0.0.1 7000  0 1000 KEYS k0 k1'))
    assert.ok(at('B: MIGRATE 127.0.0.1 7000  0 1000 KEYS k0 k1') < at('move 9 A -> C'))
    assert.ok(!log.some((l) => l.startsWith('A: CLUSTER SETSLOT 9 STABLE')), 'the owner keeps its migration to C')
  })

  it('with no claimant makes the open node holding most keys the owner and closes its own open state', async () => {
    const { mover, log } = fakeMover({ A: 1, B: 3 })
    const state: SlotState = { owners: [], migrating: [A], importing: [B], migratingTo: new Map([['A', 'B']]) }
    const outcome = await fixOpenSlot(9, state, mover, () => undefined)
    assert.deepEqual(outcome, { fixed: true, action: 'stale migration closed, owner 127.0.0.1:7001' })
    assert.ok(log.includes('B: CLUSTER ADDSLOTS 9') && log.includes('B: CLUSTER SETSLOT 9 STABLE'))
    // A migrated a slot it does not own: its key goes to B and its state ends stable
    assert.ok(log.includes('A: MIGRATE 127.0.0.1 7001  0 1000 KEYS k0'))
    assert.equal(log.filter((l) => l.startsWith('A: CLUSTER SETSLOT 9')).at(-1), 'A: CLUSTER SETSLOT 9 STABLE')
  })
})
