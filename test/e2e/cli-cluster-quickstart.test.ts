// README's cluster command with no Redis installed: `rcl create --masters 3 --replicas 1 --yes` makes six
// rcl-node processes, and an ioredis Cluster client reads and writes through their redirections.
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { Cluster, Redis } from 'ioredis'
import { keySlot } from '../../src/common/key-slot.js'
import { freePortRange } from '../helpers/free-port.js'
import { cleanUp, json, runCli, stateDir } from '../helpers/run-cli.js'

after(cleanUp)

interface Created {
  nodes: Array<{ addr: string; role: string; slots: Array<[number, number]> }>
  startupNodes: Array<{ host: string; port: number }>
}

describe('README cluster quick start on rcl-node', () => {
  it('creates a ready cluster that ioredis Cluster and a plain client follow through MOVED', async () => {
    const dir = stateDir()
    const base = await freePortRange(6)
    const r = await runCli(['create', '--masters', '3', '--replicas', '1', '--port', String(base), '--yes', '--dir', dir, '--json'], { timeoutMs: 120_000 })
    assert.equal(r.status, 0, r.stdout + r.stderr)
    const created = json<Created>(r)
    assert.equal(created.nodes.filter((n) => n.role === 'master').length, 3)
    assert.equal(created.nodes.filter((n) => n.role === 'replica').length, 3)

    const cluster = new Cluster(created.startupNodes, { clusterRetryStrategy: () => null })
    try {
      for (let i = 0; i < 300; i++) assert.equal(await cluster.set(`quick:${i}`, String(i)), 'OK')
      for (let i = 0; i < 300; i += 7) assert.equal(await cluster.get(`quick:${i}`), String(i))
    } finally {
      cluster.disconnect()
    }

    // a plain client on the first node is sent to the owner of a key it does not serve
    const key = 'quick:1'
    const owner = created.nodes.find((n) => n.role === 'master' && n.slots.some(([a, b]) => keySlot(key) >= a && keySlot(key) <= b))
    const other = created.nodes.find((n) => n.role === 'master' && n !== owner)
    const plain = new Redis({ port: Number(other?.addr.split(':')[1]), lazyConnect: true, maxRetriesPerRequest: 0 })
    try {
      await assert.rejects(plain.get(key), (e: Error) => e.message === `MOVED ${keySlot(key)} ${owner?.addr}`)
    } finally {
      plain.disconnect()
    }
  })
})
