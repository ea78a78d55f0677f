import { strict as assert } from 'node:assert'
import { describe, it } from 'node:test'
import { formatNodesLine, NodesLineError, parseClusterNodes, parseNodesLine } from '../../../src/common/nodes-line.js'

const A = '1efc39f30eb547df49597356303b5e1bfcf45958'
const B = 'fba60871d5f23f6837f5c7bc1e7b90b4502f3da5'

describe('CLUSTER NODES lines', () => {
  it('reads a master with slot runs, single slots and open slots', () => {
    const line = `${A} 127.0.0.1:7000@17000 myself,master - 0 1700000000000 1 connected 0-5460 5462 [5461->-${B}] [100-<-${B}]`
    const n = parseNodesLine(line)
    assert.equal(n.id, A)
    assert.deepEqual([n.ip, n.port, n.cport, n.hostname], ['127.0.0.1', 7000, 17000, null])
    assert.deepEqual(n.flags, ['myself', 'master'])
    assert.equal(n.masterId, null)
    assert.deepEqual(n.slots, [[0, 5460], [5462, 5462]])
    assert.deepEqual(n.migrating, [{ slot: 5461, to: B }])
    assert.deepEqual(n.importing, [{ slot: 100, from: B }])
    assert.equal(formatNodesLine(n), line)
  })

  it('reads a replica, a hostname, IPv6 and a node that has met no one', () => {
    const r = parseNodesLine(`${B} ::1:7001@17001,node-b.example slave ${A} 0 0 1 connected`)
    assert.deepEqual([r.ip, r.port, r.hostname, r.masterId], ['::1', 7001, 'node-b.example', A])
    const lone = parseNodesLine(`${A} :7000@17000 myself,master - 0 0 0 connected`)
    assert.equal(lone.ip, '')
  })

  it('prints open-slot markers in slot order when asked, as Redis does', () => {
    const n = parseNodesLine(`${A} 127.0.0.1:7000@17000 myself,master - 0 0 1 connected 0-10 [9->-${B}] [3-<-${B}] [5->-${B}]`)
    assert.equal(formatNodesLine(n, { markersBySlot: true }), `${A} 127.0.0.1:7000@17000 myself,master - 0 0 1 connected 0-10 [3-<-${B}] [5->-${B}] [9->-${B}]`)
    assert.equal(formatNodesLine(n), `${A} 127.0.0.1:7000@17000 myself,master - 0 0 1 connected 0-10 [9->-${B}] [5->-${B}] [3-<-${B}]`)
  })

  it('skips blank lines and the vars line of nodes.conf', () => {
    const text = `${A} 127.0.0.1:7000@17000 myself,master - 0 0 1 connected 0-16383\n\nvars currentEpoch 1 lastVoteEpoch 0\n`
    assert.equal(parseClusterNodes(text).length, 1)
  })

  it('rejects malformed lines with a reason', () => {
    for (const bad of [
      'short line',
      `nothex 127.0.0.1:7000@17000 master - 0 0 1 connected`,
      `${A} 127.0.0.1@17000 master - 0 0 1 connected`,
      `${A} 127.0.0.1:7000@17000 master - 0 0 x connected`,
      `${A} 127.0.0.1:7000@17000 master - 0 0 1 connected 16384`,
      `${A} 127.0.0.1:7000@17000 master - 0 0 1 connected 10-5`,
      `${A} 127.0.0.1:7000@17000 master - 0 0 1 connected [5->-zz]`,
    ]) assert.throws(() => parseNodesLine(bad), NodesLineError, bad)
  })
})
