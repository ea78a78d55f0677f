import { strict as assert } from 'node:assert'
import { describe, it } from 'node:test'
import { checkLines, infoLines } from '../../../../src/cli/render-cluster.js'
import { parseClusterNodes } from '../../../../src/common/nodes-line.js'
import { checkReport, clusterInfoReport } from '../../../../src/lib/ops/check.js'
import type { LoadedCluster, NodeProbe } from '../../../../src/lib/ops/load.js'
import { viewFromLines } from '../../../../src/lib/view.js'

const ID = (c: string): string => c.repeat(40)
const [A, B, C, D] = ['a', 'b', 'c', 'd'].map(ID)

/** One node's CLUSTER NODES text: the four nodes, with `self` marked myself and extras appended to its line. */
function nodesText(self: string, extra: Record<string, string> = {}, slotsOf: Record<string, string> = {}): string {
  const rows: Array<[string, number, string, string, string]> = [
    [A, 7000, 'master', '-', slotsOf[A] ?? '0-5460'],
    [B, 7001, 'master', '-', slotsOf[B] ?? '5461-10922'],
    [C, 7002, 'master', '-', slotsOf[C] ?? '10923-16383'],
    [D, 7003, 'slave', A, ''],
  ]
  return rows.map(([id, port, role, master, slots]) => {
    const flags = id === self ? `myself,${role}` : role
    return `${id} 127.0.0.1:${port}@${port + 10000} ${flags} ${master} 0 0 1 connected ${slots} ${id === self ? extra[id] ?? '' : ''}`.trim()
  }).join('\n')
}

function loaded(probe: (id: string) => NodeProbe, entryText = nodesText(A)): LoadedCluster {
  const view = viewFromLines(parseClusterNodes(entryText), { host: '127.0.0.1', port: 7000 })
  return { entry: { host: '127.0.0.1', port: 7000 }, view, probes: new Map(view.nodes.map((n) => [n.id, probe(n.id)])) }
}

const healthy = (id: string, extra: Record<string, string> = {}, slotsOf: Record<string, string> = {}): NodeProbe =>
  ({ reachable: true, lines: parseClusterNodes(nodesText(id, extra, slotsOf)), keys: id === D ? 10 : 10, clusterState: 'ok' })

describe('checkReport', () => {
  it('passes a healthy cluster and words it as redis-cli does', () => {
    const r = checkReport(loaded((id) => healthy(id)))
    assert.equal(r.ok, true)
    const text = checkLines(r).map((p) => p.text)
    assert.deepEqual(text.slice(0, 4), ['Performing Cluster Check (using node 127.0.0.1:7000)', `M: ${A} 127.0.0.1:7000`, '   slots:[0-5460] (5461 slots) master', '   1 additional replica(s)'])
    assert.ok(text.includes(`   replicates ${A}`))
    assert.deepEqual(text.slice(-4), ['All nodes agree about slots configuration.', 'Check for open slots...', 'Check slots coverage...', 'All 16384 slots covered.'])
  })

  it('reports open slots from each node\'s own view', () => {
    const r = checkReport(loaded((id) => healthy(id, { [A]: `[5->-${B}]`, [B]: `[5-<-${A}]` })))
    assert.deepEqual(r.migrating, [{ addr: '127.0.0.1:7000', slots: [5] }])
    assert.deepEqual(r.importing, [{ addr: '127.0.0.1:7001', slots: [5] }])
    assert.deepEqual(r.openSlots, [5])
    assert.equal(r.ok, false)
    assert.ok(checkLines(r).some((p) => p.kind === 'warn' && p.text === 'The following slots are open: 5.'))
  })

  it('reports uncovered slots, disagreement and double claims', () => {
    const r = checkReport(loaded((id) => healthy(id, {}, id === B ? { [B]: '5000-10922' } : { [C]: '10923-16000' })))
    assert.equal(r.agree, false)
    assert.deepEqual(r.multipleOwners.slice(0, 1), [{ slot: 5000, owners: ['127.0.0.1:7000', '127.0.0.1:7001'] }])
    assert.ok(r.coveredSlots < 16384)
    assert.deepEqual(r.uncovered, [[16001, 16383]])
    assert.ok(checkLines(r).some((p) => p.kind === 'err' && p.text === "Nodes don't agree about configuration!"))
  })

  it('counts keys outside their owner as owners once searched, in node order and redis-cli\'s words', () => {
    const plain = checkReport(loaded((id) => healthy(id)))
    assert.equal(plain.ownersSearched, false)
    assert.ok(!checkLines(plain).some((p) => p.text === 'Check for multiple slot owners...'))
    const clean = checkReport(loaded((id) => ({ ...healthy(id), stray: new Map() } as NodeProbe)))
    assert.equal(clean.ok, true)
    assert.deepEqual(checkLines(clean).slice(-2).map((p) => [p.kind, p.text]), [['step', 'Check for multiple slot owners...'], ['ok', 'No multiple owners found.']])
    // C holds 3 keys of slot 12 (A's): two owners, listed in the entry's node order
    const r = checkReport(loaded((id) => ({ ...healthy(id), stray: id === C ? new Map([[12, 3]]) : new Map() } as NodeProbe)))
    assert.deepEqual(r.multipleOwners, [{ slot: 12, owners: ['127.0.0.1:7000', '127.0.0.1:7002'] }])
    assert.equal(r.ok, false)
    assert.deepEqual(checkLines(r).slice(-3).map((p) => [p.kind, p.text]), [['warn', 'Slot 12 has 2 owners:'], ['info', '    127.0.0.1:7000'], ['info', '    127.0.0.1:7002']])
  })

  it('makes an unreachable node, a failing flag or a not-ok state an error', () => {
    const entry = nodesText(A).replace(`127.0.0.1:7002@17002 master`, '127.0.0.1:7002@17002 master,fail')
    const r = checkReport(loaded((id) => (id === C ? { reachable: false, error: 'connect ECONNREFUSED' } : { ...healthy(id), clusterState: id === B ? 'fail' : 'ok' } as NodeProbe), entry))
    assert.deepEqual(r.unreachable, [{ addr: '127.0.0.1:7002', error: 'connect ECONNREFUSED' }])
    assert.deepEqual(r.failing, [{ addr: '127.0.0.1:7002', flags: ['master', 'fail'] }])
    assert.deepEqual(r.notOk, [{ addr: '127.0.0.1:7001', state: 'fail' }])
    assert.equal(r.ok, false)
  })
})

describe('clusterInfoReport', () => {
  it('counts keys, slots and replicas per master', () => {
    const r = clusterInfoReport(loaded((id) => healthy(id)))
    assert.deepEqual(r.masters.map((m) => [m.addr, m.keys, m.slots, m.replicas]), [['127.0.0.1:7000', 10, 5461, 1], ['127.0.0.1:7001', 10, 5462, 0], ['127.0.0.1:7002', 10, 5461, 0]])
    assert.deepEqual(infoLines(r).map((p) => p.text), [
      '127.0.0.1:7000 (aaaaaaaa...) -> 10 keys | 5461 slots | 1 slaves.',
      '127.0.0.1:7001 (bbbbbbbb...) -> 10 keys | 5462 slots | 0 slaves.',
      '127.0.0.1:7002 (cccccccc...) -> 10 keys | 5461 slots | 0 slaves.',
      '30 keys in 3 masters.',
      '0.00 keys per slot on average.',
    ])
  })
})

describe('byIdPrefix', () => {
  it('finds a node by a unique id prefix in any case, and counts the matches otherwise', async () => {
    const { byIdPrefix } = await import('../../../../src/lib/view.js')
    const view = loaded((id) => healthy(id)).view
    assert.equal((byIdPrefix(view.nodes, 'BBB') as { id: string }).id, B)
    assert.equal(byIdPrefix(view.nodes, 'e'), 0)
    assert.equal(byIdPrefix(view.nodes, ''), 4)
  })
})
