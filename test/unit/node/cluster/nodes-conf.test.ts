import { strict as assert } from 'node:assert'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, it } from 'node:test'
import { NodeFlag } from '../../../../src/node/cluster/node.js'
import {
  clusterConfigText, CORRUPTED_CONFIG_MESSAGE, formatNodesConf, loadClusterState, NodesConfError, parseNodesConf,
} from '../../../../src/node/cluster/nodes-conf.js'

const DIR = join(import.meta.dirname, '../../../fixtures/nodes-conf')
const VECTORS = readdirSync(DIR).filter((f) => f.endsWith('.conf')).sort()
const read = (name: string): string => readFileSync(join(DIR, name), 'latin1')

const A = '08f89b993978fe050746092ff549481fc89a778b'
const B = '8f67bedede2aa150bedc81d1bba3f0a4205e1c80'
const MINE = `${A} 127.0.0.1:7000@17000 myself,master - 0 0 0 connected`
const VARS = 'vars currentEpoch 0 lastVoteEpoch 0\n'

function corrupt(text: string): NodesConfError {
  try {
    parseNodesConf(text)
  } catch (e) {
    assert.ok(e instanceof NodesConfError, String(e))
    assert.equal(e.message, CORRUPTED_CONFIG_MESSAGE)
    return e
  }
  assert.fail(`accepted: ${JSON.stringify(text)}`)
}

describe('nodes.conf vectors from redis-server 7.0.15', () => {
  it('has the vectors', () => assert.ok(VECTORS.length >= 9, VECTORS.join(' ')))

  for (const name of VECTORS) {
    it(`parses ${name} and formats it back to the same bytes`, () => {
      const text = read(name)
      assert.equal(formatNodesConf(parseNodesConf(text)), text)
    })

    it(`loads ${name} into a cluster state that writes the same bytes`, () => {
      const text = read(name)
      const conf = parseNodesConf(text)
      const state = loadClusterState(conf, 1234)
      // loading resets times and links as Redis does; put the file's back to compare whole lines
      for (const l of conf.nodes) {
        const n = state.lookupNode(l.id)!
        n.pingSent = l.pingSent
        n.pongReceived = l.pongRecv
        n.linked = l.linkState === 'connected'
      }
      assert.equal(clusterConfigText(state), text)
    })
  }
})

describe('loadClusterState', () => {
  it('rebuilds slots, replicas, open slots and epochs like clusterLoadConfig', () => {
    const state = loadClusterState(parseNodesConf(read('nodes-0.conf')), 1234)
    assert.equal(state.myself.name, state.slots[0]!.name)
    assert.equal(state.myself.hostname, 'node-a.example')
    assert.equal(state.myself.numSlots, 5461)
    assert.equal(state.slots[16383]!.numSlots, 5462 + 1) // 5461-10922 and 16383
    assert.equal(state.migratingSlotsTo[100], state.slots[5461])
    assert.equal(state.migratingSlotsTo[200], state.slots[5461])
    const replica = [...state.nodes.values()].find((n) => n.master !== null)!
    assert.equal(replica.master, state.myself)
    assert.deepEqual(state.myself.replicas, [replica])
    assert.equal(replica.flags, NodeFlag.SLAVE | NodeFlag.NOFAILOVER)
    assert.equal(state.currentEpoch, 3)
    for (const n of state.nodes.values()) {
      assert.equal(n.linked, false)
      assert.equal(n.pongReceived, n === state.myself || n.pongReceived !== 0 ? 1234 : 0)
    }
  })

  it('times a FAIL node from now and keeps the voters lastVoteEpoch', () => {
    const failed = loadClusterState(parseNodesConf(read('nodes-0-peer-failed.conf')), 99)
    const f = [...failed.nodes.values()].find((n) => (n.flags & NodeFlag.FAIL) !== 0)!
    assert.deepEqual([f.failTime, f.pingSent], [99, 99])
    assert.equal(loadClusterState(parseNodesConf(read('nodes-1-after-failover.conf')), 0).lastVoteEpoch, 4)
  })

  it('raises currentEpoch to the greatest configEpoch', () => {
    const s = loadClusterState(parseNodesConf(`${A} 127.0.0.1:7000@17000 myself,master - 0 0 7 connected\n${VARS}`), 0)
    assert.equal(s.currentEpoch, 7)
  })

  it('creates placeholders for masters and open-slot peers without a line', () => {
    const s = loadClusterState(parseNodesConf(`${A} 127.0.0.1:7000@17000 myself,slave ${B} 0 0 0 connected\n${VARS}`), 0)
    const m = s.lookupNode(B)!
    assert.deepEqual([m.ip, m.port, m.flags, m.replicas], ['', 0, 0, [s.myself]])
  })
})

describe('parseNodesConf', () => {
  it('reads an address without @cport as port + 10000, like Redis', () => {
    assert.equal(parseNodesConf(`${A} 127.0.0.1:7000 myself,master - 0 0 0 connected\n${VARS}`).nodes[0].cport, 17000)
  })

  it('skips blank lines and warns about unknown vars as Redis does', () => {
    const c = parseNodesConf(`\n${MINE}\n  \nvars currentEpoch 5 foo 1 lastVoteEpoch 2\n`)
    assert.deepEqual([c.currentEpoch, c.lastVoteEpoch, c.nodes.length], [5, 2, 1])
    assert.deepEqual(c.warnings, ["Skipping unknown cluster config variable 'foo'"])
  })

  it('names the reason and the line of a corrupted file', () => {
    const e = corrupt(`${MINE}\n${B} 127.0.0.1:7001@17001 master,bogus - 0 0 0 connected\n${VARS}`)
    assert.equal(e.lineNumber, 2)
    assert.equal(e.detail, `unknown flag 'bogus' at line 2: "${B} 127.0.0.1:7001@17001 master,bogus - 0 0 0 connected"`)
  })

  const cases: Array<[string, string, RegExp]> = [
    ['wrong field count', `${A} 127.0.0.1:7000@17000 myself,master - 0 0 0\n${VARS}`, /7 fields/],
    ['bad node id', `xyz 127.0.0.1:7000@17000 myself,master - 0 0 0 connected\n${VARS}`, /bad node id/],
    ['upper-case node id', `${A.toUpperCase()} 127.0.0.1:7000@17000 myself,master - 0 0 0 connected\n${VARS}`, /bad node id/],
    ['bad address', `${A} 127.0.0.1-7000 myself,master - 0 0 0 connected\n${VARS}`, /bad node address/],
    ['bad port', `${A} 127.0.0.1:70000@17000 myself,master - 0 0 0 connected\n${VARS}`, /bad port/],
    ['unknown flag', `${A} 127.0.0.1:7000@17000 myself,bogus - 0 0 0 connected\n${VARS}`, /unknown flag 'bogus'/],
    ['bad master id', `${A} 127.0.0.1:7000@17000 myself,slave xyz 0 0 0 connected\n${VARS}`, /bad master node id/],
    ['slot out of range', `${MINE} 16384\n${VARS}`, /slot out of range/],
    ['reversed slot range', `${MINE} 10-5\n${VARS}`, /bad slot range/],
    ['slot that is not a number', `${MINE} abc\n${VARS}`, /bad slot item/],
    ['bad open-slot marker', `${MINE} [5->-xyz]\n${VARS}`, /bad slot item/],
    ['non-numeric epoch', `${A} 127.0.0.1:7000@17000 myself,master - 0 0 x connected\n${VARS}`, /bad config-epoch/],
    ['vars name without value', `${MINE}\nvars currentEpoch\n`, /vars line/],
    ['non-numeric vars value', `${MINE}\nvars currentEpoch x lastVoteEpoch 0\n`, /bad currentEpoch/],
    ['truncated last line', `${MINE}\nvars currentEpoch 0 lastVoteEp`, /truncated last line/],
    ['truncated node line', `${MINE} 0-100\n${B} 127.0.0.1:70`, /truncated last line/],
    ['unbalanced quotes', `${MINE} "abc\n${VARS}`, /unbalanced quotes/],
    ['no myself', `${A} 127.0.0.1:7000@17000 master - 0 0 0 connected\n${VARS}`, /no node is flagged myself/],
    ['only blank lines', '\n\n', /no node is flagged myself/],
    ['two myself lines', `${MINE}\n${B} 127.0.0.1:7001@17001 myself,master - 0 0 0 connected\n${VARS}`, /2 nodes are flagged myself/],
    ['a node listed twice', `${MINE}\n${MINE.replace('myself,', '')}\n${VARS}`, /listed twice/],
  ]
  for (const [what, text, reason] of cases) {
    it(`refuses a file with ${what}`, () => assert.match(corrupt(text).detail, reason))
  }
})
