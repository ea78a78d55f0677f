// An ioredis Cluster client writing and reading all through redis-cli --cluster reshard of rcl-node
// masters: no error reaches the caller (ioredis follows MOVED/ASK/TRYAGAIN itself) and every key it
// wrote is there afterwards. node-redis is not a dependency of this package, so only ioredis is tried.
import { strict as assert } from 'node:assert'
import { after, describe, it } from 'node:test'
import { Cluster } from 'ioredis'
import { keySlot } from '../../src/common/key-slot.js'
import { redisCli, startClusterNodes, stopClusterNodes, waitCheckOk, waitClusterOk, writeKeys } from '../helpers/cluster-nodes.js'

after(stopClusterNodes)

const BEFORE = Array.from({ length: 4000 }, (_, i) => `pre:${i}`)
const SLOTS = 600

describe('a cluster client through a reshard of rcl-node masters', () => {
  it('sees no error while slots and keys move, and finds every key it wrote', async () => {
    const nodes = await startClusterNodes(['rcl', 'rcl', 'rcl'])
    const created = await redisCli(['--cluster', 'create', ...nodes.map((n) => n.addr), '--cluster-yes'])
    assert.equal(created.status, 0, created.out)
    await waitClusterOk(nodes)
    await writeKeys(nodes[0], BEFORE)
    const client = new Cluster([{ host: '127.0.0.1', port: nodes[2].port }])
    const errors: string[] = []
    const written: string[] = []
    let running = true
    // four loops of SET then GET of a fresh key each, a part of them in the slots being moved
    const loop = async (w: number): Promise<void> => {
      for (let i = 0; running; i++) {
        const key = i % 2 === 0 ? `live:${w}:${i}` : `{${BEFORE[(i * 7 + w) % BEFORE.length]}}:live:${w}:${i}`
        try {
          await client.set(key, key)
          written.push(key)
          const v = await client.get(key)
          if (v !== key) errors.push(`GET ${key} gave ${v}`)
        } catch (e) {
          errors.push(`${key}: ${(e as Error).message}`)
        }
      }
    }
    try {
      const loops = [0, 1, 2, 3].map(loop)
      const moved = await redisCli(['--cluster', 'reshard', nodes[0].addr, '--cluster-from', nodes[0].id, '--cluster-to', nodes[1].id, '--cluster-slots', String(SLOTS), '--cluster-yes'], '', 120_000)
      running = false
      await Promise.all(loops)
      assert.equal(moved.status, 0, moved.out)
      const movedKeys = written.filter((k) => keySlot(k) < SLOTS).length
      console.log(`# reshard of ${SLOTS} slots (${BEFORE.filter((k) => keySlot(k) < SLOTS).length} keys before) in ${moved.ms} ms; the client wrote ${written.length} keys meanwhile, ${movedKeys} of them in moved slots`)
      assert.deepEqual(errors, [])
      assert.ok(movedKeys > 0, 'some keys written during the reshard were in the moved slots')
      await waitCheckOk(nodes[0].addr)
      const all = [...BEFORE, ...written]
      const values = await Promise.all(all.map((k) => client.get(k)))
      assert.deepEqual(all.filter((k, i) => values[i] !== k), [])
      let total = 0
      for (const n of nodes) total += Number(await n.redis.call('DBSIZE'))
      assert.equal(total, all.length)
    } finally {
      running = false
      client.disconnect()
    }
  })
})
