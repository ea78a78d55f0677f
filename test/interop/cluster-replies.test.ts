// CLUSTER replies side by side on the same topology, one rcl-node pair and one redis-server 7.0 pair:
// node A owns every slot and has one slot migrating to node B (empty, importing it). Whatever is
// deterministic is compared after ids and ports are replaced by names: CLUSTER INFO fields and values,
// SLOTS/SHARDS/NODES shapes, key counts, error texts for bad calls of every subcommand, the redirection
// errors, the multi-database refusals, and READONLY/READWRITE/ASKING.
import { strict as assert } from 'node:assert'
import { after, before, describe, it } from 'node:test'
import { keySlot } from '../../src/common/key-slot.js'
import { clusterInfo, waitClusterOk, startClusterNodes, stopClusterNodes, waitKnown, type ClusterNode, type Kind } from '../helpers/cluster-nodes.js'

/** Keys that all hash to one slot (the migrating one) and one key elsewhere. */
const TAG = '{mig}'
const MIG_SLOT = keySlot(TAG)
const OTHER = 'elsewhere'

interface Pair { kind: Kind; a: ClusterNode; b: ClusterNode }

async function pair(kind: Kind): Promise<Pair> {
  const [a, b] = await startClusterNodes([kind, kind])
  await a.redis.call('CLUSTER', 'ADDSLOTSRANGE', '0', '16383')
  await a.redis.call('CLUSTER', 'MEET', '127.0.0.1', String(b.port), String(b.cport))
  await waitKnown([a, b], a.id)
  await waitKnown([a, b], b.id)
  await waitClusterOk([a, b])
  await a.redis.call('MSET', `${TAG}:here`, 'v', `${TAG}:also`, 'w')
  await a.redis.call('SET', OTHER, 'x')
  await a.redis.call('CLUSTER', 'SETSLOT', String(MIG_SLOT), 'MIGRATING', b.id)
  await b.redis.call('CLUSTER', 'SETSLOT', String(MIG_SLOT), 'IMPORTING', a.id)
  return { kind, a, b }
}

/** The reply as plain data, an error as 'ERR! <text>', ids and ports of the pair replaced by names. */
async function reply(p: Pair, on: 'a' | 'b', args: string[]): Promise<unknown> {
  const n = p[on]
  let value: unknown
  try { value = await n.redis.call(args[0], ...args.slice(1)) } catch (e) { value = `ERR! ${(e as Error).message}` }
  return scrub(value, p)
}

function scrub(v: unknown, p: Pair): unknown {
  if (Buffer.isBuffer(v)) v = v.toString('latin1')
  if (typeof v === 'string') {
    return v.split(p.a.id).join('<A>').split(p.b.id).join('<B>').split(String(p.a.cport)).join('<cportA>').split(String(p.b.cport)).join('<cportB>').split(String(p.a.port)).join('<portA>').split(String(p.b.port)).join('<portB>')
  }
  if (typeof v === 'number') return v === p.a.port ? '<portA>' : v === p.b.port ? '<portB>' : v
  if (Array.isArray(v)) return v.map((x) => scrub(x, p))
  return v
}

/** The configEpoch Redis's collision handling leaves: 1 on the node with the smaller id, 0 on the other. */
function epochByIdRule(p: Pair, id: string): number {
  const other = id === p.a.id ? p.b.id : p.a.id
  return id < other ? 1 : 0
}

/** Calls whose replies must be the same on both servers (sent to A unless marked for B). */
const SAME: Array<[('a' | 'b'), string[]]> = [
  ...[
    ['CLUSTER'], ['CLUSTER', 'NOSUCH'], ['CLUSTER', 'ADDSLOTS'], ['CLUSTER', 'ADDSLOTS', 'abc'], ['CLUSTER', 'ADDSLOTS', '16384'],
    ['CLUSTER', 'ADDSLOTS', '-1'], ['CLUSTER', 'ADDSLOTS', '5'], ['CLUSTER', 'ADDSLOTSRANGE', '1'], ['CLUSTER', 'ADDSLOTSRANGE', '5', '1'],
    ['CLUSTER', 'ADDSLOTSRANGE', '1', '2', '3'], ['CLUSTER', 'ADDSLOTSRANGE', '0', '16384'], ['CLUSTER', 'ADDSLOTSRANGE', '1', '2'],
    ['CLUSTER', 'BUMPEPOCH', 'x'], ['CLUSTER', 'COUNT-FAILURE-REPORTS'], ['CLUSTER', 'COUNT-FAILURE-REPORTS', 'nosuch'],
    ['CLUSTER', 'COUNTKEYSINSLOT', 'abc'], ['CLUSTER', 'COUNTKEYSINSLOT', '-1'], ['CLUSTER', 'COUNTKEYSINSLOT', '16384'],
    ['CLUSTER', 'COUNTKEYSINSLOT', String(MIG_SLOT)], ['CLUSTER', 'COUNTKEYSINSLOT', String(keySlot(OTHER))],
    ['CLUSTER', 'DELSLOTS', '99999'], ['CLUSTER', 'DELSLOTS', 'x'], ['CLUSTER', 'DELSLOTSRANGE', '3', '1'], ['CLUSTER', 'DELSLOTSRANGE', '1'],
    ['CLUSTER', 'FLUSHSLOTS'], ['CLUSTER', 'FLUSHSLOTS', 'x'], ['CLUSTER', 'FORGET', 'nosuch'], ['CLUSTER', 'FORGET'],
    ['CLUSTER', 'GETKEYSINSLOT', '0', '-1'], ['CLUSTER', 'GETKEYSINSLOT', 'abc', '1'], ['CLUSTER', 'GETKEYSINSLOT', '0', 'abc'],
    ['CLUSTER', 'GETKEYSINSLOT', '16384', '1'], ['CLUSTER', 'GETKEYSINSLOT', String(MIG_SLOT), '0'],
    ['CLUSTER', 'INFO', 'x'], ['CLUSTER', 'KEYSLOT'], ['CLUSTER', 'KEYSLOT', 'foo'], ['CLUSTER', 'KEYSLOT', '{user1000}.following'],
    ['CLUSTER', 'LINKS', 'x'], ['CLUSTER', 'MEET'], ['CLUSTER', 'MEET', '127.0.0.1', 'abc'], ['CLUSTER', 'MEET', '127.0.0.1', '99999'],
    ['CLUSTER', 'MEET', 'not-an-ip', '7000'], ['CLUSTER', 'MEET', '127.0.0.1', '7000', 'abc'], ['CLUSTER', 'MYID', 'x'], ['CLUSTER', 'NODES', 'x'],
    ['CLUSTER', 'REPLICAS', 'nosuch'], ['CLUSTER', 'SLAVES', 'nosuch'], ['CLUSTER', 'REPLICATE', 'nosuch'], ['CLUSTER', 'REPLICATE'],
    ['CLUSTER', 'RESET', 'foo'], ['CLUSTER', 'RESET', 'hard', 'x'], ['CLUSTER', 'SAVECONFIG', 'x'], ['CLUSTER', 'SET-CONFIG-EPOCH', '-1'],
    ['CLUSTER', 'SET-CONFIG-EPOCH', 'abc'], ['CLUSTER', 'SET-CONFIG-EPOCH', '5'], ['CLUSTER', 'SETSLOT', 'abc', 'STABLE'],
    ['CLUSTER', 'SETSLOT', '1', 'FOO'], ['CLUSTER', 'SETSLOT', '1'], ['CLUSTER', 'SETSLOT', '1', 'NODE', 'nosuch'], ['CLUSTER', 'SETSLOT', '1', 'MIGRATING', 'nosuch'],
    ['CLUSTER', 'SETSLOT', '1', 'IMPORTING', 'nosuch'], ['CLUSTER', 'SETSLOT', '1', 'NODE'], ['CLUSTER', 'SETSLOT', '16384', 'STABLE'],
    ['CLUSTER', 'SHARDS', 'x'], ['CLUSTER', 'SLOTS', 'x'], ['CLUSTER', 'HELP', 'x'], ['CLUSTER', 'MYID'], ['CLUSTER', 'SLOTS'],
    // redirections and slot states
    ['GET', `${TAG}:here`], ['GET', `${TAG}:gone`], ['MGET', `${TAG}:here`, `${TAG}:also`], ['MGET', `${TAG}:here`, `${TAG}:gone`],
    ['MGET', `${TAG}:gone`, `${TAG}:gone2`], ['MSET', 'a', '1', 'b', '2'], ['MGET', 'a', 'b'], ['DEL', `${TAG}:here`, OTHER], ['SET', `${TAG}:new`, '1'],
    ['EXISTS', `${TAG}:gone`], ['GET', OTHER],
    // one database only
    ['SELECT', '1'], ['SELECT', '0'], ['MOVE', OTHER, '1'], ['SWAPDB', '0', '1'], ['COPY', OTHER, 'x{elsewhere}', 'DB', '1'], ['COPY', OTHER, 'y', 'DB', '0'],
    ['READONLY'], ['READWRITE'], ['READONLY', 'x'], ['ASKING', 'x'],
  ].map((c): ['a', string[]] => ['a', c]),
  ...[
    ['GET', `${TAG}:here`], ['GET', OTHER], ['SET', 'k', '1'], ['MGET', 'a', 'b'], ['CLUSTER', 'SETSLOT', String(MIG_SLOT), 'IMPORTING', 'nosuch'],
    ['CLUSTER', 'SLOTS'], ['CLUSTER', 'COUNTKEYSINSLOT', String(MIG_SLOT)], ['CLUSTER', 'FLUSHSLOTS'], ['CLUSTER', 'REPLICAS', 'nosuch'],
  ].map((c): ['b', string[]] => ['b', c]),
]

describe('CLUSTER replies and redirections, rcl-node beside redis-server', () => {
  let rcl: Pair
  let real: Pair
  after(stopClusterNodes)
  before(async () => { [rcl, real] = await Promise.all([pair('rcl'), pair('redis')]) })

  it('answers every listed call (errors included) as redis-server does', async () => {
    const diffs: string[] = []
    for (const [on, args] of SAME) {
      const [ours, theirs] = [await reply(rcl, on, args), await reply(real, on, args)]
      try { assert.deepEqual(ours, theirs) } catch { diffs.push(`${on}: ${args.join(' ')}\n  rcl:   ${JSON.stringify(ours)}\n  redis: ${JSON.stringify(theirs)}`) }
    }
    assert.deepEqual(diffs, [], diffs.join('\n'))
  })

  it('redirects with ASK on A and serves an ASKING client on B, MOVED otherwise', async () => {
    for (const p of [rcl, real]) {
      assert.equal(await reply(p, 'a', ['GET', `${TAG}:gone`]), `ERR! ASK ${MIG_SLOT} 127.0.0.1:<portB>`, p.kind)
      assert.equal(await reply(p, 'b', ['GET', OTHER]), `ERR! MOVED ${keySlot(OTHER)} 127.0.0.1:<portA>`, p.kind)
      await p.b.redis.call('ASKING')
      assert.equal(await reply(p, 'b', ['GET', `${TAG}:gone`]), null, p.kind)
    }
  })

  it('has the same CLUSTER INFO fields, with equal values apart from message counts', async () => {
    for (const on of ['a', 'b'] as const) {
      const [ours, theirs] = [await clusterInfo(rcl[on]), await clusterInfo(real[on])]
      assert.deepEqual([...ours.keys()].filter((k) => !k.startsWith('cluster_stats_messages')), [...theirs.keys()].filter((k) => !k.startsWith('cluster_stats_messages')))
      for (const [k, v] of theirs) if (!k.startsWith('cluster_stats_messages') && k !== 'cluster_my_epoch') assert.equal(ours.get(k), v, `${on} ${k}`)
      // A and B met with configEpoch 0 each: the collision gives epoch 1 to the node with the smaller id
      for (const p of [rcl, real]) assert.equal((await clusterInfo(p[on])).get('cluster_my_epoch'), String(epochByIdRule(p, p[on].id)), `${p.kind} ${on}`)
    }
  })

  it('prints CLUSTER NODES lines of the same shape and CLUSTER SHARDS of the same structure', async () => {
    // ping/pong times vary; the config epoch is checked against the collision rule, not compared
    const field = (f: string, i: number, id: string, p: Pair): string =>
      i === 4 || i === 5 ? (f === '0' ? '0' : '<ms>') : i === 6 && Number(f) === epochByIdRule(p, id) ? '<epoch by id>' : f
    const shape = (text: string, p: Pair): string[] => text.trim().split('\n')
      .map((l) => String(scrub(l.split(' ').map((f, i, all) => field(f, i, all[0], p)).join(' '), p))).sort()
    for (const on of ['a', 'b'] as const) {
      assert.deepEqual(shape(String(await rcl[on].redis.call('CLUSTER', 'NODES')), rcl), shape(String(await real[on].redis.call('CLUSTER', 'NODES')), real))
      // shards come in node-dictionary order (a hash table) in Redis: compared as a sorted list
      const shards = async (p: Pair): Promise<string[]> => (scrub(await p[on].redis.call('CLUSTER', 'SHARDS'), p) as unknown[]).map((s) => JSON.stringify(s)).sort()
      assert.deepEqual(await shards(rcl), await shards(real))
    }
  })

  it('lists the keys of a slot with GETKEYSINSLOT, all of them and a limited number', async () => {
    for (const p of [rcl, real]) {
      assert.deepEqual(((await reply(p, 'a', ['CLUSTER', 'GETKEYSINSLOT', String(MIG_SLOT), '10'])) as string[]).sort(), [`${TAG}:also`, `${TAG}:here`], p.kind)
      assert.equal(((await reply(p, 'a', ['CLUSTER', 'GETKEYSINSLOT', String(MIG_SLOT), '1'])) as string[]).length, 1, p.kind)
    }
  })

  // Redis 7.0 keeps a slot's keys in a list it adds to at the head: GETKEYSINSLOT gives the newest key
  // first. rcl-node's SlotIndex (keyspace/slot-index.ts) gives the oldest first. No client or redis-cli
  // step depends on the order; left for the owner of the keyspace.
  it('gives the newest key of a slot first in GETKEYSINSLOT', { todo: 'SlotIndex iterates oldest first' }, async () => {
    const args = ['CLUSTER', 'GETKEYSINSLOT', String(MIG_SLOT), '10']
    assert.deepEqual(await reply(rcl, 'a', args), await reply(real, 'a', args))
  })

  it('answers CLUSTERDOWN once a slot is unassigned, as redis-server does', async () => {
    for (const p of [rcl, real]) await p.a.redis.call('CLUSTER', 'DELSLOTS', String(keySlot('x')))
    for (const p of [rcl, real]) {
      // the state goes to fail at the node's next state evaluation
      for (let i = 0; i < 100 && (await clusterInfo(p.a)).get('cluster_state') !== 'fail'; i++) await new Promise((r) => setTimeout(r, 20))
    }
    assert.equal((await clusterInfo(rcl.a)).get('cluster_state'), 'fail')
    for (const args of [['GET', 'x'], ['GET', OTHER], ['SET', OTHER, '1'], ['CLUSTER', 'COUNTKEYSINSLOT', String(keySlot(OTHER))]]) {
      assert.deepEqual(await reply(rcl, 'a', args), await reply(real, 'a', args), args.join(' '))
    }
  })
})
