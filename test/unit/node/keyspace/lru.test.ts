import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { Db, type KeyspaceHooks } from '../../../../src/node/keyspace/db.js'
import { LFU_INIT_VAL, LRU_CLOCK_MAX, idleSeconds, lfuFrequency, lruClockOf, type LfuState } from '../../../../src/node/keyspace/lru.js'
import { ActiveExpire, type ExpireHost } from '../../../../src/node/keyspace/expire.js'
import { defaultEncodingLimits } from '../../../../src/node/keyspace/limits.js'

function fakeHooks(now: { ms: number }): KeyspaceHooks & { expired: string[] } {
  const expired: string[] = []
  return {
    clock: { now: () => now.ms },
    encodingLimits: defaultEncodingLimits(),
    expiresDeferred: false,
    expired,
    onExpired: (_db, key) => { expired.push(key) },
  }
}

describe('LRU clock', () => {
  it('measures idle seconds from the last access, across the 24-bit wrap', () => {
    const now = { ms: 1_000_000 }
    const db = new Db(0, fakeHooks(now))
    db.set('k', 'v')
    db.lruClock += 7
    assert.equal(idleSeconds(db, 'k'), 7)
    db.peek('k')
    assert.equal(idleSeconds(db, 'k'), 7)
    db.get('k')
    assert.equal(idleSeconds(db, 'k'), 0)
    db.lru.set('k', LRU_CLOCK_MAX - 2)
    db.lruClock = 3
    assert.equal(idleSeconds(db, 'k'), 5)
    assert.equal(lruClockOf(LRU_CLOCK_MAX * 1000 + 1000), 0)
  })

  it('forgets a key on delete, clear and moves it with swapContents', () => {
    const hooks = fakeHooks({ ms: 0 })
    const a = new Db(0, hooks)
    const b = new Db(1, hooks)
    a.set('x', '1')
    a.set('y', '2')
    a.delete('x')
    assert.deepEqual([...a.lru.keys()], ['y'])
    a.swapContents(b)
    assert.equal(a.lru.size, 0)
    assert.deepEqual([...b.lru.keys()], ['y'])
    b.clear()
    assert.equal(b.lru.size, 0)
  })
})

describe('LFU counter', () => {
  it('starts new keys at the initial value, grows with accesses and decays per period', () => {
    const db = new Db(0, fakeHooks({ ms: 0 }))
    const lfu: LfuState = { logFactor: 0, decayTime: 1, minutes: 100 }
    db.lfu = lfu
    db.set('k', 'v')
    assert.equal(lfuFrequency(db, 'k'), LFU_INIT_VAL)
    // log factor 0: every access increments
    for (let i = 0; i < 10; i++) db.get('k')
    assert.equal(lfuFrequency(db, 'k'), LFU_INIT_VAL + 10)
    lfu.minutes += 4
    assert.equal(lfuFrequency(db, 'k'), LFU_INIT_VAL + 6)
    lfu.minutes += 100
    assert.equal(lfuFrequency(db, 'k'), 0)
  })

  it('keeps the counter of an overwritten key, as Redis does under LFU', () => {
    const db = new Db(0, fakeHooks({ ms: 0 }))
    db.lfu = { logFactor: 0, decayTime: 0, minutes: 1 }
    db.set('k', 'v')
    db.get('k')
    db.set('k', 'w')
    assert.equal(lfuFrequency(db, 'k'), LFU_INIT_VAL + 1)
  })
})

describe('active expire cycle', () => {
  function host(now: { ms: number }, dbs: Db[]): ExpireHost {
    return {
      dbs, clock: { now: () => now.ms }, cronJobs: [], config: { getInt: () => 10 }, expiresDeferred: false,
      activeExpireEnabled: true, stats: { expiredStalePerc: 0, expiredTimeCapReachedCount: 0 },
    }
  }

  it('deletes every expired key when most of the sample is stale, and leaves live ones', () => {
    const now = { ms: 1000 }
    const hooks = fakeHooks(now)
    const db = new Db(0, hooks)
    for (let i = 0; i < 1000; i++) { db.set(`e${i}`, 'v'); db.setExpire(`e${i}`, 1500) }
    for (let i = 0; i < 100; i++) { db.set(`l${i}`, 'v'); db.setExpire(`l${i}`, 10_000) }
    now.ms = 2000
    new ActiveExpire(host(now, [db])).cycle()
    assert.equal(db.size, 100)
    assert.equal(hooks.expired.length, 1000)
    assert.ok(db.avgTtl > 0)
  })

  it('does nothing while disabled', () => {
    const now = { ms: 0 }
    const db = new Db(0, fakeHooks(now))
    db.set('k', 'v')
    db.setExpire('k', 1)
    now.ms = 10
    const h = host(now, [db])
    h.activeExpireEnabled = false
    new ActiveExpire(h).cycle()
    assert.equal(db.size, 1)
  })
})
