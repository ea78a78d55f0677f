// Cluster routing decisions, each case checked against redis-server 7.0.15 (two nodes, a slot migrating
// from A to B) before it was written down here.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { keySlot } from '../../../../src/common/key-slot.js'
import type { ReplyError } from '../../../../src/node/resp/types.js'
import {
  routeQuery, type RouteConfig, type RoutedCommand, type RouteQuery, type SlotTable,
} from '../../../../src/node/cluster/redirect.js'

interface RouteNode { endpoint: string; port: number }
const A: RouteNode = { endpoint: '127.0.0.1', port: 7000 }
const B: RouteNode = { endpoint: '127.0.0.1', port: 7001 }
const T = keySlot('{t}')

function table(over: Partial<SlotTable<RouteNode>> & { owners?: Map<number, RouteNode> } = {}): SlotTable<RouteNode> {
  const owners = over.owners ?? new Map([[T, A]])
  return {
    ownerOf: (s) => owners.get(s) ?? (owners.size === 1 ? null : A),
    migratingTo: () => null,
    importingFrom: () => null,
    myself: A,
    myMaster: null,
    ok: true,
    addressOf: (n) => `${n.endpoint}:${n.port}`,
    servesStable: () => false,
    ...over,
  }
}

const read = (...keys: string[]): RoutedCommand => ({ keys, write: false, asking: false, pubsubShard: false, migrate: false })
const write = (...keys: string[]): RoutedCommand => ({ ...read(...keys), write: true })
const cfg: RouteConfig = { allowReadsWhenDown: false, allowPubsubshardWhenDown: true }

function query(commands: RoutedCommand[], present: string[] = [], over: Partial<RouteQuery> = {}): RouteQuery {
  return { commands, clientAsking: false, clientReadonly: false, keyExists: (k) => present.includes(k), ...over }
}

const text = (e: ReplyError | null): string | null => (e === null ? null : e.text)

describe('routeQuery', () => {
  it('serves keys of a slot this node owns, and queries without keys anywhere', () => {
    assert.equal(routeQuery(table(), query([read('{t}a', '{t}b')]), cfg), null)
    assert.equal(routeQuery(table({ ok: false }), query([read()]), cfg), null)
  })

  it('answers MOVED with the owner of a slot served elsewhere', () => {
    assert.equal(text(routeQuery(table({ owners: new Map([[T, B]]) }), query([read('{t}a')]), cfg)), `MOVED ${T} 127.0.0.1:7001`)
  })

  it('answers CROSSSLOT when keys hash to different slots, across a transaction too', () => {
    const crossslot = "CROSSSLOT Keys in request don't hash to the same slot"
    assert.equal(text(routeQuery(table({ owners: new Map([[T, A], [keySlot('a'), A]]) }), query([read('{t}a', 'a')]), cfg)), crossslot)
    assert.equal(text(routeQuery(table({ owners: new Map([[T, A], [keySlot('a'), A]]) }), query([read('{t}a'), write('a')]), cfg)), crossslot)
  })

  it('answers "Hash slot not served" for an unbound slot, even before the cluster-down check', () => {
    assert.equal(text(routeQuery(table({ owners: new Map([[0, A]]), ok: false }), query([read('{t}a')]), cfg)), 'CLUSTERDOWN Hash slot not served')
  })

  it('refuses everything with keys while the cluster is down, or only writes with cluster-allow-reads-when-down', () => {
    const down = table({ ok: false })
    assert.equal(text(routeQuery(down, query([read('{t}a')]), cfg)), 'CLUSTERDOWN The cluster is down')
    const reads = { ...cfg, allowReadsWhenDown: true }
    assert.equal(routeQuery(down, query([read('{t}a')]), reads), null)
    assert.equal(text(routeQuery(down, query([write('{t}a')]), reads)), 'CLUSTERDOWN The cluster is down and only accepts read commands')
  })

  it('lets shard pub/sub through a down cluster unless cluster-allow-pubsubshard-when-down is no', () => {
    const spublish: RoutedCommand = { ...read('{t}'), pubsubShard: true }
    assert.equal(routeQuery(table({ ok: false }), query([spublish]), cfg), null)
    assert.equal(text(routeQuery(table({ ok: false }), query([spublish]), { ...cfg, allowPubsubshardWhenDown: false })), 'CLUSTERDOWN The cluster is down')
  })

  describe('while the slot migrates from A to B', () => {
    const source = table({ migratingTo: (s) => (s === T ? B : null) })
    it('serves keys that are still here', () => {
      assert.equal(routeQuery(source, query([read('{t}a')], ['{t}a']), cfg), null)
    })
    it('answers ASK when every key is gone', () => {
      assert.equal(text(routeQuery(source, query([read('{t}b', '{t}c')], ['{t}a']), cfg)), `ASK ${T} 127.0.0.1:7001`)
    })
    it('answers TRYAGAIN when some keys are here and some gone', () => {
      assert.equal(text(routeQuery(source, query([read('{t}a', '{t}b')], ['{t}a']), cfg)), 'TRYAGAIN Multiple keys request during rehashing of slot')
    })
    it('runs MIGRATE here whatever the keys', () => {
      const migrate: RoutedCommand = { ...write('{t}b'), migrate: true }
      assert.equal(routeQuery(source, query([migrate]), cfg), null)
    })
  })

  describe('on the node importing the slot', () => {
    const target = table({ owners: new Map([[T, A]]), myself: B, importingFrom: (s) => (s === T ? A : null) })
    it('redirects with MOVED to the owner unless the client asked', () => {
      assert.equal(text(routeQuery(target, query([read('{t}a')]), cfg)), `MOVED ${T} 127.0.0.1:7000`)
    })
    it('serves after ASKING, or a command flagged asking (RESTORE-ASKING)', () => {
      assert.equal(routeQuery(target, query([read('{t}b')], [], { clientAsking: true }), cfg), null)
      assert.equal(routeQuery(target, query([{ ...write('{t}b'), asking: true }]), cfg), null)
    })
    it('answers TRYAGAIN after ASKING for several keys not all here', () => {
      assert.equal(text(routeQuery(target, query([read('{t}a', '{t}b')], ['{t}a'], { clientAsking: true }), cfg)), 'TRYAGAIN Multiple keys request during rehashing of slot')
      assert.equal(routeQuery(target, query([read('{t}a', '{t}a')], [], { clientAsking: true }), cfg), null)
    })
  })

  describe('on a replica of the owner', () => {
    const replica = table({ owners: new Map([[T, A]]), myself: B, myMaster: A })
    it('serves reads to a READONLY client and redirects writes and other clients', () => {
      assert.equal(routeQuery(replica, query([read('{t}a')], [], { clientReadonly: true }), cfg), null)
      assert.equal(text(routeQuery(replica, query([write('{t}a')], [], { clientReadonly: true }), cfg)), `MOVED ${T} 127.0.0.1:7000`)
      assert.equal(text(routeQuery(replica, query([read('{t}a')]), cfg)), `MOVED ${T} 127.0.0.1:7000`)
    })
    it('serves shard pub/sub without READONLY', () => {
      assert.equal(routeQuery(replica, query([{ ...read('{t}'), pubsubShard: true }]), cfg), null)
    })
  })
})
