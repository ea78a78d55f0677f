// redis-cli --cluster create/check/info/reshard/fix/add-node/rebalance/del-node run the same way on a
// cluster of rcl-node processes and on one of redis-server 7.0 processes (six nodes each, three masters
// with a replica each, plus a seventh for add-node/del-node), outputs compared line for line once ids,
// ports, timing dots and redis-cli's own randomness are put in a fixed form (see canonical()).
import { strict as assert } from 'node:assert'
import { after, before, describe, it } from 'node:test'
import { keySlot } from '../../src/common/key-slot.js'
import { canonical, redisCli, startClusterNodes, stopClusterNodes, waitCheckOk, waitKnown, writeKeys, type CliRun, type ClusterNode, type Kind } from '../helpers/cluster-nodes.js'

const KEYS = Array.from({ length: 400 }, (_, i) => `key:${i}`)
const SLOTS_WITH_KEYS = [...new Set(KEYS.map(keySlot))].sort((a, b) => a - b)
/** A slot of the second master (5461-10922) holding keys: left open by hand, then fixed. */
const OPEN_SLOT = SLOTS_WITH_KEYS.find((s) => s >= 5461) as number
/** A slot of the third master (10923-) holding keys: dropped by every node, then covered by fix. */
const UNCOVERED_SLOT = SLOTS_WITH_KEYS.find((s) => s >= 10923) as number

interface Run { nodes: ClusterNode[]; steps: Map<string, CliRun>; owner: Map<string, string> }

/** The whole sequence on seven fresh nodes of `kind`; each step's output kept under its name. */
async function sequence(kind: Kind): Promise<Run> {
  const nodes = await startClusterNodes(Array<Kind>(7).fill(kind))
  const a = nodes[0].addr
  const steps = new Map<string, CliRun>()
  const run = async (name: string, args: string[], input = ''): Promise<void> => { steps.set(name, await redisCli(['--cluster', ...args], input)) }
  await run('create', ['create', ...nodes.slice(0, 6).map((n) => n.addr), '--cluster-replicas', '1', '--cluster-yes'])
  await waitCheckOk(a)
  await writeKeys(nodes[0], KEYS)
  await run('check', ['check', a])
  await run('info', ['info', a])
  await run('reshard', ['reshard', a, '--cluster-from', nodes[0].id, '--cluster-to', nodes[1].id, '--cluster-slots', '100', '--cluster-yes'])
  await waitCheckOk(a)
  // a migration opened on both sides and abandoned before any key moved
  await nodes[1].redis.call('CLUSTER', 'SETSLOT', String(OPEN_SLOT), 'MIGRATING', nodes[2].id)
  await nodes[2].redis.call('CLUSTER', 'SETSLOT', String(OPEN_SLOT), 'IMPORTING', nodes[1].id)
  await run('check-open', ['check', a])
  await run('fix-open', ['fix', a])
  await waitCheckOk(a)
  // a slot with keys that no node claims any more: its owner lets go first, since an owner still
  // claiming it in a ping would give it back to a node that had already let go
  const slots = (await nodes[0].redis.call('CLUSTER', 'SLOTS')) as Array<[number, number, [string, number, string]]>
  const ownerId = slots.find(([first, last]) => first <= UNCOVERED_SLOT && UNCOVERED_SLOT <= last)?.[2][2]
  const ownerFirst = [...nodes.slice(0, 6)].sort((x, y) => Number(y.id === ownerId) - Number(x.id === ownerId))
  for (const n of ownerFirst) await n.redis.call('CLUSTER', 'DELSLOTS', String(UNCOVERED_SLOT))
  await run('check-uncovered', ['check', a])
  await run('fix-uncovered', ['fix', a], 'yes\n')
  await waitCheckOk(a)
  await run('add-node', ['add-node', nodes[6].addr, a])
  await waitKnown(nodes.slice(0, 6), nodes[6].id)
  await waitCheckOk(a)
  await run('rebalance', ['rebalance', a, '--cluster-weight', `${nodes[0].id}=1.02`, '--cluster-threshold', '1'])
  await waitCheckOk(a)
  await run('del-node', ['del-node', a, nodes[6].id])
  await waitCheckOk(a)
  await run('check-end', ['check', a])
  const owner = new Map<string, string>()
  for (const n of nodes.slice(0, 6)) {
    for (const line of String(await n.redis.call('CLUSTER', 'NODES')).split('\n').filter((l) => l.includes('myself'))) {
      owner.set(n.id, line.split(' ')[3])
    }
  }
  return { nodes, steps, owner }
}

// add-node asks every node for its functions; rcl-node has no FUNCTION yet, so redis-cli prints its
// "Failed retrieving Functions" line there instead of the FUNCTION LIST/RESTORE ones (the one allowed
// difference until FUNCTION exists)
const FUNCTIONS_REDIS = '>>> Send FUNCTION LIST to <addr6> to verify there is no functions in it\n>>> Send FUNCTION RESTORE to <addr6>\n'
const FUNCTIONS_RCL = ">>> Failed retrieving Functions from the cluster, skip this step as Redis version do not support function command (error = 'ERR unknown command 'FUNCTION', with args beginning with: 'DUMP' ')\n"

describe('redis-cli --cluster on rcl-node and on redis-server', () => {
  let rcl: Run
  let real: Run
  after(stopClusterNodes)

  before(async () => {
    [rcl, real] = await Promise.all([sequence('rcl'), sequence('redis')])
    for (const r of [rcl, real]) {
      const times = [...r.steps].map(([name, s]) => `${name} ${s.ms}ms`).join(', ')
      console.log(`# ${r.nodes[0].kind}: ${times}`)
    }
  })

  const same = (step: string, status: number): void => {
    const ours = rcl.steps.get(step) as CliRun
    const theirs = real.steps.get(step) as CliRun
    assert.equal(theirs.status, status, `redis-server ${step}:\n${theirs.out}`)
    assert.equal(ours.status, status, `rcl-node ${step}:\n${ours.out}`)
    assert.equal(canonical(ours.out, rcl.nodes), canonical(theirs.out, real.nodes), step)
  }

  it('create builds the same cluster, each master with one replica', () => {
    same('create', 0)
    for (const r of [rcl, real]) {
      const masters = r.nodes.slice(0, 3).map((n) => n.id).sort()
      assert.deepEqual([...r.owner.values()].filter((m) => m !== '-').sort(), masters, r.nodes[0].kind)
    }
  })
  it('check and info', () => { same('check', 0); same('info', 0) })
  it('reshard of 100 slots with their keys', () => { same('reshard', 0) })
  it('check and fix of a slot left open by SETSLOT MIGRATING/IMPORTING', () => {
    same('check-open', 1)
    assert.match(rcl.steps.get('check-open')?.out ?? '', new RegExp(`The following slots are open: ${OPEN_SLOT}\\.`))
    same('fix-open', 0)
  })
  it('check and fix of a slot nobody covers whose keys one node holds', () => {
    same('check-uncovered', 1)
    same('fix-uncovered', 0)
    assert.match(rcl.steps.get('fix-uncovered')?.out ?? '', new RegExp(`The following uncovered slots have keys in just one node:\\n\\[${UNCOVERED_SLOT}\\]\\n`))
  })
  it('add-node of an empty master, differing only in the FUNCTION step', () => {
    const ours = canonical(rcl.steps.get('add-node')?.out ?? '', rcl.nodes)
    assert.ok(ours.includes(FUNCTIONS_RCL), ours)
    const theirs = canonical(real.steps.get('add-node')?.out ?? '', real.nodes)
    assert.ok(theirs.includes(FUNCTIONS_REDIS), theirs)
    assert.equal(ours.replace(FUNCTIONS_RCL, FUNCTIONS_REDIS), theirs)
  })
  it('rebalance with weights', () => {
    same('rebalance', 0)
    assert.match(rcl.steps.get('rebalance')?.out ?? '', /^Moving \d+ slots from /m)
  })
  it('del-node of an empty master, and the cluster checks OK afterwards', () => { same('del-node', 0); same('check-end', 0) })
})
