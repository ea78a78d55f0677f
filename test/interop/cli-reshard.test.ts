// rcl reshard and rcl fix on cluster nodes of each server (rcl-node, the default, and real redis-server 7.0):
// a reshard that keeps every key, a reshard killed half-way that rcl fix completes with no key lost, and fix's
// other repairs. The terminal rendering runs once, on rcl-node.
import { strict as assert } from 'node:assert'
import { spawn } from 'node:child_process'
import { after, before, describe, it } from 'node:test'
import { Cluster, Redis } from 'ioredis'
import { keySlot } from '../../src/common/key-slot.js'
import { runProgramOk } from '../../src/lib/process/run-program.js'
import { freePortRange } from '../helpers/free-port.js'
import { cleanUp, json, RCL_BIN, runCli, startCli, stateDir } from '../helpers/run-cli.js'
import { waitFor } from '../helpers/wait.js'

after(cleanUp)

const TAGS = 100
const PER_TAG = 200

/** The main suites run once per server; rcl-node is what rcl runs when --server is not given. */
const SERVERS = ['rcl-node', 'redis-server'] as const
const serverArgs = (server: typeof SERVERS[number]): string[] => (server === 'rcl-node' ? [] : ['--server', server])

interface Reshard { slots: number; keys: number }
interface Checked { check: { ok: boolean; openSlots: number[]; coveredSlots: number } }

async function withNode<T>(port: number, fn: (r: Redis) => Promise<T>): Promise<T> {
  const r = new Redis({ port, lazyConnect: true })
  try { return await fn(r) } finally { r.disconnect() }
}

async function totalKeys(ports: number[]): Promise<number> {
  let n = 0
  for (const p of ports) n += await withNode(p, (r) => r.dbsize())
  return n
}

for (const server of SERVERS) {
  describe(`rcl reshard and fix with ${server} nodes`, () => {
    let dir: string
    let base: number
    let ports: number[]
    let ids: string[]

    before(async () => {
      dir = stateDir()
      base = await freePortRange(3)
      ports = [base, base + 1, base + 2]
      const r = await runCli(['create', '--masters', '3', '--port', String(base), ...serverArgs(server), '--yes', '--dir', dir], { timeoutMs: 120_000 })
      assert.equal(r.status, 0, r.stdout + r.stderr)
      ids = await Promise.all(ports.map((p) => withNode(p, async (c) => String(await c.call('CLUSTER', 'MYID')))))
      // many keys in few slots, so a slot's move takes long enough to be caught half-way
      const cluster = new Cluster([{ host: '127.0.0.1', port: base }])
      try {
        for (let t = 0; t < TAGS; t++) {
          const p = cluster.pipeline()
          for (let i = 0; i < PER_TAG; i++) p.set(`{tag${t}}:${i}`, `v${t}:${i}`)
          await p.exec()
        }
      } finally {
        cluster.disconnect()
      }
      assert.equal(await totalKeys(ports), TAGS * PER_TAG)
    })

    it('moves slots with their keys and leaves a cluster both checkers call OK', async () => {
      // a key that is not valid UTF-8, in one of the first 500 slots of the first master: the reshard
      // below takes those (the lowest slots of the two sources, 500 from each) to the second master
      let binary = Buffer.alloc(0)
      for (let i = 0; ; i++) {
        binary = Buffer.from([0xff, 0xfe, 0x80, i & 0xff, i >> 8])
        if (keySlot(binary.toString('latin1')) < 500) break
      }
      await withNode(base, (c) => c.set(binary, Buffer.from([0xc3, 0x28])))
      const r = await runCli(['reshard', `127.0.0.1:${base}`, '--slots', '1000', '--to', ids[1].slice(0, 12), '--from', 'all', '--pipeline', '50', '--yes', '--json'])
      assert.equal(r.status, 0, r.stdout + r.stderr)
      const moved = json<Reshard>(r)
      assert.equal(moved.slots, 1000)
      assert.ok(moved.keys > 0)
      assert.equal(await totalKeys(ports), TAGS * PER_TAG + 1)
      assert.deepEqual(await withNode(base + 1, (c) => c.getBuffer(binary)), Buffer.from([0xc3, 0x28]))
      await withNode(base + 1, (c) => c.del(binary))
      assert.equal(json<Checked>(await runCli(['check', `127.0.0.1:${base}`, '--json'])).check.ok, true)
      const cli = await runProgramOk('redis-cli', ['--cluster', 'check', `127.0.0.1:${base}`])
      assert.match(cli, /All 16384 slots covered/)
      assert.doesNotMatch(cli, /slots are open/)
    })

    it('asks for missing flags only on a terminal, naming them otherwise', async () => {
      const r = await runCli(['reshard', `127.0.0.1:${base}`, '--to', ids[0]])
      assert.equal(r.status, 2)
      assert.match(r.stderr, /Missing --slots/)
      const self = await runCli(['reshard', `127.0.0.1:${base}`, '--slots', '1', '--to', ids[0], '--from', ids[0], '--yes'])
      assert.equal(self.status, 2)
      assert.match(self.stderr, /It is not possible to use the target node as source node\./)
    })

    it('leaves a reshard killed half-way in a state rcl fix repairs, with no key lost', async () => {
      const run = startCli(['reshard', `127.0.0.1:${base}`, '--slots', '8000', '--to', ids[2], '--from', 'all', '--pipeline', '1', '--yes'])
      // kill it while a slot holding PER_TAG keys is open: with one key per MIGRATE that lasts a while
      const tagSlots = new Set(await withNode(base, (c) => Promise.all(Array.from({ length: TAGS }, (_, t) => c.call('CLUSTER', 'KEYSLOT', `{tag${t}}`).then(Number)))))
      await waitFor('a slot full of keys in migrating state', async () => {
        for (const p of ports) {
          const open = [...String(await withNode(p, (c) => c.call('CLUSTER', 'NODES'))).matchAll(/\[(\d+)->-/g)].map((m) => Number(m[1]))
          if (open.some((slot) => tagSlots.has(slot))) return true
        }
        return false
      }, 60_000, 2)
      run.child.kill('SIGKILL')
      await run.done
      const broken = await runCli(['check', `127.0.0.1:${base}`, '--json'])
      assert.equal(broken.status, 1)
      assert.ok(json<Checked>(broken).check.openSlots.length > 0)
      const refused = await runCli(['reshard', `127.0.0.1:${base}`, '--slots', '1', '--to', ids[0], '--from', 'all', '--yes'])
      assert.equal(refused.status, 1)
      assert.match(refused.stderr, /Please fix your cluster problems before resharding \(open slots \d+/)
      assert.match(refused.stdout, /^>>> Performing Cluster Check[\s\S]*^M: [0-9a-f]{40} 127\.0\.0\.1:\d+$[\s\S]*\[WARNING\] The following slots are open: \d+/m)

      const fix = await runCli(['fix', `127.0.0.1:${base}`, '--json'])
      assert.equal(fix.status, 0, fix.stdout + fix.stderr)
      assert.equal(json<Checked>(fix).check.ok, true)
      assert.equal(await totalKeys(ports), TAGS * PER_TAG)
      const cluster = new Cluster([{ host: '127.0.0.1', port: base }])
      try {
        for (let t = 0; t < TAGS; t += 7) assert.equal(await cluster.get(`{tag${t}}:${PER_TAG - 1}`), `v${t}:${PER_TAG - 1}`)
      } finally {
        cluster.disconnect()
      }
    })

    it('stops on Ctrl-C once the slot being moved is done, leaving no slot open', async () => {
      const run = startCli(['reshard', `127.0.0.1:${base}`, '--slots', '4000', '--to', ids[0], '--from', 'all', '--pipeline', '1', '--yes'])
      await waitFor('a slot in migrating state', async () => {
        for (const p of ports) if (/\[\d+->-/.test(String(await withNode(p, (c) => c.call('CLUSTER', 'NODES'))))) return true
        return false
      }, 60_000, 2)
      run.child.kill('SIGINT')
      const stopped = await run.done
      assert.equal(stopped.status, 130, stopped.stdout + stopped.stderr)
      assert.match(stopped.stderr, /Interrupted: stopping once the slot being moved is done/)
      assert.match(stopped.stderr, /\[ERR\] Interrupted after moving [1-9]\d* slots?; no slot is left open/)
      const check = await runCli(['check', `127.0.0.1:${base}`, '--json'])
      assert.equal(check.status, 0, check.stdout)
      assert.deepEqual(json<Checked>(check).check.openSlots, [])
      assert.equal(await totalKeys(ports), TAGS * PER_TAG)
    })

    it('returns keys imported without a migration to the owner, and covers a slot nobody serves', async () => {
      const key = '{fixcase2}:k'
      const slot = Number(await withNode(base, (c) => c.call('CLUSTER', 'KEYSLOT', key)))
      const owner = ports[(await Promise.all(ports.map((p) => withNode(p, async (c) => {
        const mine = String(await c.call('CLUSTER', 'NODES')).split('\n').find((l) => l.includes('myself')) ?? ''
        return mine.split(' ').slice(8).some((r) => { const [a, b] = r.split('-').map(Number); return !r.startsWith('[') && slot >= a && slot <= (b ?? a) })
      })))).indexOf(true)]
      const ownerId = ids[ports.indexOf(owner)]
      const other = ports.find((p) => p !== owner) as number
      await withNode(other, async (c) => {
        await c.call('CLUSTER', 'SETSLOT', String(slot), 'IMPORTING', ownerId)
        await c.call('ASKING')
        await c.set(key, 'imported')
      })
      const spare = ports.find((p) => p !== owner && p !== other) as number
      const spareSlot = Number(await withNode(spare, async (c) => {
        const mine = String(await c.call('CLUSTER', 'NODES')).split('\n').find((l) => l.includes('myself')) ?? ''
        const range = mine.split(' ').slice(8).find((r) => /^\d+(-\d+)?$/.test(r)) as string
        return range.split('-')[0]
      }))
      const emptySlot = await withNode(spare, async (c) => {
        for (let s = spareSlot; ; s++) if (Number(await c.call('CLUSTER', 'COUNTKEYSINSLOT', String(s))) === 0) return s
      })
      await withNode(spare, (c) => c.call('CLUSTER', 'DELSLOTS', String(emptySlot)))
      // open slots need no confirmation; covering an empty slot does, and without a terminal fix stops there
      const noTty = await runCli(['fix', `127.0.0.1:${base}`])
      assert.equal(noTty.status, 2)
      assert.match(noTty.stdout, new RegExp(`>>> Case 2: Moving all the slot ${slot} keys to its owner 127\\.0\\.0\\.1:${owner}`))
      assert.match(noTty.stderr, /pass --yes/)
      assert.equal(await withNode(owner, (c) => c.get(key)), 'imported')
      const fix = await runCli(['fix', `127.0.0.1:${base}`, '--yes', '--json'])
      assert.equal(fix.status, 0, fix.stdout + fix.stderr)
      const result = json<{ fixed: { openSlots: unknown[]; covered: Array<{ slot: number }> } }>(fix)
      assert.deepEqual(result.fixed.openSlots, [])
      assert.deepEqual(result.fixed.covered.map((c) => c.slot), [emptySlot])
    })

    /** The port of the master that claims `slot` in its own CLUSTER NODES. */
    async function claimantOf(slot: number): Promise<number> {
      const claims = await Promise.all(ports.map((p) => withNode(p, async (c) => {
        const mine = String(await c.call('CLUSTER', 'NODES')).split('\n').find((l) => l.includes('myself')) ?? ''
        return mine.split(' ').slice(8).some((r) => { const [a, b] = r.split('-').map(Number); return !r.startsWith('[') && slot >= a && slot <= (b ?? a) })
      })))
      return ports[claims.indexOf(true)]
    }

    /** Writes keys of `slot` on a master that does not own it, as an import cleared by hand leaves them. */
    async function strayKeys(holder: number, slot: number, ownerId: string, kv: Record<string, string>): Promise<void> {
      await withNode(holder, async (c) => {
        await c.call('CLUSTER', 'SETSLOT', String(slot), 'IMPORTING', ownerId)
        for (const [k, v] of Object.entries(kv)) { await c.call('ASKING'); await c.set(k, v) }
        await c.call('CLUSTER', 'SETSLOT', String(slot), 'STABLE')
      })
    }

    async function clusterGet(keys: string[]): Promise<Array<string | null>> {
      const cluster = new Cluster([{ host: '127.0.0.1', port: base }])
      try { return await Promise.all(keys.map((k) => cluster.get(k))) } finally { cluster.disconnect() }
    }

    it('gives a slot with keys on two masters one owner, stopping at a key whose two copies differ until --replace', async () => {
      interface Fixed { fixed: { owners: Array<{ slot: number; owner: string }>; unfixed: Array<{ slot: number; reason: string }> }; check: { ok: boolean } }
      const same = Number(await withNode(base, (c) => c.call('CLUSTER', 'KEYSLOT', '{owners}')))
      const owner = await claimantOf(same)
      const holder = ports.find((p) => p !== owner) as number
      await withNode(owner, async (c) => { await c.mset('{owners}:a', '1', '{owners}:b', '2', '{owners}:same', 'x') })
      await strayKeys(holder, same, ids[ports.indexOf(owner)], { '{owners}:c': '3', '{owners}:same': 'x' })
      // as with redis-cli, only the search for multiple owners sees keys outside their owner
      assert.equal((await runCli(['check', `127.0.0.1:${base}`])).status, 0)
      const searched = await runCli(['check', `127.0.0.1:${base}`, '--search-multiple-owners', '--json'])
      assert.equal(searched.status, 1)
      const found = json<{ check: { multipleOwners: Array<{ slot: number; owners: string[] }> } }>(searched).check.multipleOwners
      assert.deepEqual(found.map((m) => [m.slot, [...m.owners].sort()]), [[same, [`127.0.0.1:${owner}`, `127.0.0.1:${holder}`].sort()]])
      const fixed = await runCli(['fix', `127.0.0.1:${base}`, '--json'])
      assert.equal(fixed.status, 0, fixed.stdout + fixed.stderr)
      assert.deepEqual(json<Fixed>(fixed).fixed.owners.map((o) => [o.slot, o.owner]), [[same, `127.0.0.1:${owner}`]])
      assert.deepEqual(await clusterGet(['{owners}:a', '{owners}:b', '{owners}:c', '{owners}:same']), ['1', '2', '3', 'x'])
      assert.equal(Number(await withNode(holder, (c) => c.call('CLUSTER', 'COUNTKEYSINSLOT', String(same)))), 0)

      const differ = Number(await withNode(base, (c) => c.call('CLUSTER', 'KEYSLOT', '{differ}')))
      const owner2 = await claimantOf(differ)
      const holder2 = ports.find((p) => p !== owner2) as number
      await withNode(owner2, async (c) => { await c.mset('{differ}:a', '1', '{differ}:b', '2', '{differ}:k', 'owner') })
      await strayKeys(holder2, differ, ids[ports.indexOf(owner2)], { '{differ}:k': 'holder' })
      const refused = await runCli(['fix', `127.0.0.1:${base}`, '--json'])
      assert.equal(refused.status, 1)
      assert.match(json<Fixed>(refused).fixed.unfixed[0].reason, /Slot \d+: a key exists on both .* with different values \("\{differ\}:k"\); both copies are left where they are/)
      assert.equal(Number(await withNode(holder2, (c) => c.call('CLUSTER', 'COUNTKEYSINSLOT', String(differ)))), 1)
      assert.deepEqual(await clusterGet(['{differ}:k']), ['owner'])
      const replaced = await runCli(['fix', `127.0.0.1:${base}`, '--replace', '--json'])
      assert.equal(replaced.status, 0, replaced.stdout + replaced.stderr)
      assert.equal(json<Fixed>(replaced).check.ok, true)
      assert.deepEqual(await clusterGet(['{differ}:a', '{differ}:b', '{differ}:k']), ['1', '2', 'holder'])
      assert.equal((await runCli(['check', `127.0.0.1:${base}`, '--search-multiple-owners'])).status, 0)
    })

    it('covers an uncovered slot whose keys are on two masters with the one holding more, moving the others there', async () => {
      const slot = Number(await withNode(base, (c) => c.call('CLUSTER', 'KEYSLOT', '{uncov}')))
      const owner = await claimantOf(slot)
      const holder = ports.find((p) => p !== owner) as number
      await withNode(owner, async (c) => { await c.mset('{uncov}:a', '1', '{uncov}:b', '2') })
      await strayKeys(holder, slot, ids[ports.indexOf(owner)], { '{uncov}:c': '3' })
      await withNode(owner, (c) => c.call('CLUSTER', 'DELSLOTS', String(slot)))
      const noTty = await runCli(['fix', `127.0.0.1:${base}`])
      assert.equal(noTty.status, 2)
      assert.match(noTty.stdout, new RegExp(`The following uncovered slots have keys in multiple nodes:\n${slot}`))
      const fixed = await runCli(['fix', `127.0.0.1:${base}`, '--yes', '--json'])
      assert.equal(fixed.status, 0, fixed.stdout + fixed.stderr)
      assert.deepEqual(json<{ fixed: { covered: Array<{ slot: number; by: string }> } }>(fixed).fixed.covered, [{ slot, by: `127.0.0.1:${owner}` }])
      assert.deepEqual(await clusterGet(['{uncov}:a', '{uncov}:b', '{uncov}:c']), ['1', '2', '3'])
      assert.equal((await runCli(['check', `127.0.0.1:${base}`, '--search-multiple-owners'])).status, 0)
    })

    it('gives an open slot that nobody claims to the open node holding most of its keys', async () => {
      const slot = Number(await withNode(base, (c) => c.call('CLUSTER', 'KEYSLOT', '{noowner}')))
      const owner = await claimantOf(slot)
      const target = ports.find((p) => p !== owner) as number
      const [ownerId, targetId] = [ids[ports.indexOf(owner)], ids[ports.indexOf(target)]]
      await withNode(owner, (c) => c.mset('{noowner}:a', '1', '{noowner}:b', '2', '{noowner}:c', '3'))
      // a migration one key in, then the source drops its claim by hand
      await withNode(target, (c) => c.call('CLUSTER', 'SETSLOT', String(slot), 'IMPORTING', ownerId))
      await withNode(owner, async (c) => {
        await c.call('CLUSTER', 'SETSLOT', String(slot), 'MIGRATING', targetId)
        await c.call('MIGRATE', '127.0.0.1', String(target), '', '0', '5000', 'KEYS', '{noowner}:c')
        await c.call('CLUSTER', 'DELSLOTS', String(slot))
      })
      const fixed = await runCli(['fix', `127.0.0.1:${base}`, '--yes', '--json'])
      assert.equal(fixed.status, 0, fixed.stdout + fixed.stderr)
      assert.deepEqual(json<{ fixed: { openSlots: unknown[] } }>(fixed).fixed.openSlots, [{ slot, action: `keys returned to 127.0.0.1:${owner}` }])
      assert.deepEqual(await clusterGet(['{noowner}:a', '{noowner}:b', '{noowner}:c']), ['1', '2', '3'])
      assert.equal(Number(await withNode(target, (c) => c.call('CLUSTER', 'COUNTKEYSINSLOT', String(slot)))), 0)
    })

    it('rebalances onto an empty master, simulated first, keeping every key', async () => {
      const [extra] = [await freePortRange(1)]
      const add = await runCli(['add-node', `127.0.0.1:${extra}`, `127.0.0.1:${base}`, ...serverArgs(server), '--dir', dir])
      assert.equal(add.status, 0, add.stdout + add.stderr)
      const before = await totalKeys(ports)
      const sim = await runCli(['rebalance', `127.0.0.1:${base}`, '--use-empty-masters', '--simulate', '--json'])
      assert.equal(sim.status, 0, sim.stdout + sim.stderr)
      const plan = json<{ needed: boolean; simulated: boolean; moves: Array<{ to: string; slots: number; keys: number }> }>(sim)
      assert.equal(plan.needed, true)
      assert.ok(plan.moves.every((m) => m.to === `127.0.0.1:${extra}` && m.keys === 0))
      assert.equal(await withNode(extra, (c) => c.dbsize()), 0)
      const real = await runCli(['rebalance', `127.0.0.1:${base}`, '--use-empty-masters'])
      assert.equal(real.status, 0, real.stdout + real.stderr)
      assert.match(real.stdout, /^>>> Rebalancing across 4 nodes\. Total weight = 4\.00$/m)
      // redis-cli's rebalance checks quietly first: the check's verdicts, no node list
      assert.match(real.stdout, /^>>> Performing Cluster Check \(using node 127\.0\.0\.1:\d+\)\n\[OK\] All nodes agree about slots configuration\.\n>>> Check for open slots\.\.\.\n>>> Check slots coverage\.\.\.\n\[OK\] All 16384 slots covered\.\n/)
      assert.equal(await totalKeys([...ports, extra]), before)
      const info = json<{ masters: Array<{ addr: string; slots: number }> }>(await runCli(['info', `127.0.0.1:${base}`, '--json']))
      assert.ok(info.masters.every((m) => Math.abs(m.slots - 4096) <= 1), JSON.stringify(info.masters))
      const again = await runCli(['rebalance', `127.0.0.1:${base}`])
      assert.match(again.stdout, /\*\*\* No rebalancing needed! All nodes are within the 2\.00% threshold\./)
    })
  })

  describe(`a reshard whose target node is killed mid-slot (${server})`, () => {
    it('fails naming the slot, and once the node is back rcl fix finishes the move with no key lost', async () => {
      const dir = stateDir()
      const base = await freePortRange(3)
      const ports = [base, base + 1, base + 2]
      // an append-only file, so the killed node comes back with the keys it had already received
      const created = await runCli(['create', '--masters', '3', '--port', String(base), ...serverArgs(server), '--config', 'appendonly=yes', '--yes', '--dir', dir], { timeoutMs: 120_000 })
      assert.equal(created.status, 0, created.stdout + created.stderr)
      // slots of 2,000 keys each, moved one key per MIGRATE: the kill lands well inside one
      const [tags, perTag] = [20, 2000]
      const cluster = new Cluster([{ host: '127.0.0.1', port: base }])
      try {
        for (let t = 0; t < tags; t++) {
          const p = cluster.pipeline()
          for (let i = 0; i < perTag; i++) p.set(`{kill${t}}:${i}`, `v${i}`)
          await p.exec()
        }
      } finally {
        cluster.disconnect()
      }
      const target = base + 2
      const targetId = await withNode(target, async (c) => String(await c.call('CLUSTER', 'MYID')))
      const { pid } = json<{ nodes: Array<{ port: number; pid: number }> }>(await runCli(['status', '--json', '--dir', dir])).nodes.find((n) => n.port === target) as { pid: number }
      const run = startCli(['reshard', `127.0.0.1:${base}`, '--slots', '6000', '--to', targetId, '--from', 'all', '--pipeline', '1', '--yes'])
      const tagSlots = new Set(await withNode(base, (c) => Promise.all(Array.from({ length: tags }, (_, t) => c.call('CLUSTER', 'KEYSLOT', `{kill${t}}`).then(Number)))))
      await waitFor('a slot full of keys being imported', async () => {
        const open = [...String(await withNode(target, (c) => c.call('CLUSTER', 'NODES'))).matchAll(/\[(\d+)-<-/g)].map((m) => Number(m[1]))
        return open.some((slot) => tagSlots.has(slot)) && await withNode(target, (c) => c.dbsize()) > 0
      }, 60_000, 2)
      process.kill(pid, 'SIGKILL')
      const failed = await run.done
      assert.equal(failed.status, 1, failed.stdout + failed.stderr)
      assert.match(failed.stderr, /Moving slot \d+ failed: .*\n.*rcl fix finishes the move/)

      // start returns once the node has rejoined: every node ok and agreeing, the slot still open
      const restarted = await runCli(['start', `127.0.0.1:${target}`, ...serverArgs(server), '--template', 'cluster', '--config', 'appendonly=yes', '--dir', dir])
      assert.equal(restarted.status, 0, restarted.stdout + restarted.stderr)
      assert.match(restarted.stdout, /Waiting for 127\.0\.0\.1:\d+ to rejoin the cluster \(3 nodes\)/)
      const open = json<{ check: { notOk: unknown[]; openSlots: number[] } }>(await runCli(['check', `127.0.0.1:${base}`, '--json'])).check
      assert.deepEqual(open.notOk, [])
      assert.equal(open.openSlots.length, 1)
      const fix = await runCli(['fix', `127.0.0.1:${base}`, '--json'])
      assert.equal(fix.status, 0, fix.stdout + fix.stderr)
      assert.ok(json<{ fixed: { openSlots: unknown[] } }>(fix).fixed.openSlots.length > 0)
      assert.equal(await totalKeys(ports), tags * perTag)
      const after = new Cluster([{ host: '127.0.0.1', port: base }])
      try {
        for (let t = 0; t < tags; t++) assert.equal(await after.get(`{kill${t}}:${perTag - 1}`), `v${perTag - 1}`)
      } finally {
        after.disconnect()
      }
    })
  })
}

describe('rcl reshard on a terminal', () => {
  it("shows live steps for create, asks redis-cli's questions for reshard, accepts only 'yes', and colours its lines", async () => {
    const dir = stateDir()
    const base = await freePortRange(3)
    // create --yes on a terminal: its steps pass on one live line, then the check prints
    const created = await onTerminal(`${process.execPath} ${RCL_BIN} create --masters 3 --port ${base} --yes --dir ${dir}`, [])
    assert.match(created, /Creating a cluster of 3 nodes: done/)
    assert.match(created, /Sending CLUSTER MEET messages to join the cluster/)
    assert.doesNotMatch(created, /Master\[0\] -> Slots/)
    assert.match(created, /All 16384 slots covered\./)
    const target = await withNode(base + 1, async (c) => String(await c.call('CLUSTER', 'MYID')))
    const answers: Array<[string, string]> = [
      ['How many slots do you want to move (from 1 to 16384)? ', '10'],
      ['What is the receiving node ID? ', target],
      ['Source node #1: ', 'all'],
      ['Do you want to proceed with the proposed reshard plan (yes/no)? ', 'yes'],
    ]
    const out = await onTerminal(`${process.execPath} ${RCL_BIN} reshard 127.0.0.1:${base}`, answers)
    // as redis-cli, the check (with every node's id) is on screen before the first question
    const firstQuestion = out.indexOf(answers[0][0])
    assert.ok(out.indexOf('>>> Performing Cluster Check') >= 0 && out.indexOf('>>> Performing Cluster Check') < firstQuestion, out)
    assert.ok(out.indexOf(`M: ${target} 127.0.0.1:${base + 1}`) < firstQuestion, out)
    assert.ok(out.indexOf('[OK] All 16384 slots covered.') < firstQuestion, out)
    assert.match(out, /Please enter all the source node IDs\.\r?\n {2}Type 'all' to use all the nodes as source nodes for the hash slots\./)
    assert.match(out, /Ready to move 10 slots\./)
    // the slots move under one live line (listr2) instead of a line per slot
    assert.match(out, /slot 10\/10 · \d+ keys · \d+ keys\/s/)
    assert.match(out, /Moving 10 slots: done/)
    assert.doesNotMatch(out, /Moving slot \d+ from 127/)
    // colour on a terminal only
    assert.match(await onTerminal(`${process.execPath} ${RCL_BIN} check 127.0.0.1:${base}`, []), /\x1b\[1m>>> Performing Cluster Check/)
    assert.doesNotMatch((await runCli(['check', `127.0.0.1:${base}`], { env: { NO_COLOR: undefined } })).stdout, /\x1b\[/)
    const moved = json<{ info: { masters: Array<{ addr: string; slots: number }> } }>(await runCli(['check', `127.0.0.1:${base}`, '--json']))
    assert.equal(moved.info.masters.find((m) => m.addr === `127.0.0.1:${base + 1}`)?.slots, 5462 + 10)
    const no = await onTerminal(`${process.execPath} ${RCL_BIN} reshard 127.0.0.1:${base} --slots 5 --to ${target} --from all`, [['Do you want to proceed with the proposed reshard plan (yes/no)? ', 'y']])
    assert.match(no, /Reshard cancelled: nothing was moved/)
    const interrupted = await onTerminal(`${process.execPath} ${RCL_BIN} reshard 127.0.0.1:${base}; echo "exit=$?"`, [['How many slots do you want to move (from 1 to 16384)? ', '\x03']])
    assert.match(interrupted, /\[ERR\] Cancelled at the prompt \(Ctrl-C\)[\s\S]*exit=130/)
  })
})

/** Runs a command on a pseudo-terminal (util-linux script), answering each prompt as it appears. */
function onTerminal(command: string, answers: Array<[string, string]>): Promise<string> {
  return new Promise((resolve, reject) => {
    const env = { ...process.env }
    delete env.NO_COLOR
    // a pseudo-terminal starts 0 columns wide: give it a width, as a real terminal has
    const child = spawn('script', ['-qfec', `stty cols 160 rows 50; ${command}`, '/dev/null'], { env, stdio: ['pipe', 'pipe', 'pipe'] })
    child.stdin.on('error', () => {}) // the program may exit before an answer arrives; its output tells
    let out = ''
    let next = 0
    let from = 0
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`no end; output so far:\n${out}`)) }, 60_000)
    child.stdout.on('data', (d) => {
      out += d
      for (let at = -1; next < answers.length && (at = out.indexOf(answers[next][0], from)) >= 0; next++) {
        from = at + answers[next][0].length
        child.stdin.write(`${answers[next][1]}\n`)
      }
    })
    child.on('close', () => { clearTimeout(timer); resolve(out) })
  })
}
