// The cron's decision for a client blocked on keys (clusterRedirectBlockedClientIfNeeded in Redis 7.0):
// the replies were checked against redis-server 7.0.15 (BLPOP, then DELSLOTS / a slot moved away).
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { redirectBlocked, type SlotTable } from '../../../../src/node/cluster/redirect.js'

interface N { port: number }
const A: N = { port: 7000 }
const B: N = { port: 7001 }
const S = 1234

function table(over: Partial<SlotTable<N>> = {}): SlotTable<N> {
  return {
    ownerOf: () => A, migratingTo: () => null, importingFrom: () => null, myself: A, myMaster: null, ok: true,
    addressOf: (n) => `127.0.0.1:${n.port}`, ...over,
  }
}

const text = (t: SlotTable<N>, readonlyRead = false): string | null => redirectBlocked(t, S, readonlyRead)?.text ?? null

describe('redirectBlocked', () => {
  it('leaves a client whose slot is still served here', () => {
    assert.equal(text(table()), null)
  })

  it('sends a client whose slot moved elsewhere with MOVED', () => {
    assert.equal(text(table({ ownerOf: () => B })), `MOVED ${S} 127.0.0.1:7001`)
  })

  it('answers an unbound slot with CLUSTERDOWN Hash slot not served', () => {
    assert.equal(text(table({ ownerOf: () => null })), 'CLUSTERDOWN Hash slot not served')
  })

  it('answers a failed cluster first, whatever the slot', () => {
    assert.equal(text(table({ ok: false })), 'CLUSTERDOWN The cluster is down')
    assert.equal(text(table({ ok: false, ownerOf: () => B })), 'CLUSTERDOWN The cluster is down')
  })

  it('keeps a client of a slot being imported here', () => {
    assert.equal(text(table({ ownerOf: () => B, importingFrom: () => B })), null)
  })

  it('keeps a READONLY read on a replica of the owner, but not a write', () => {
    const replica = table({ myself: B, myMaster: A, ownerOf: () => A })
    assert.equal(text(replica, true), null)
    assert.equal(text(replica, false), `MOVED ${S} 127.0.0.1:7000`)
  })
})
