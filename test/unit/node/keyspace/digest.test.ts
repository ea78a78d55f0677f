import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { Db, type KeyspaceHooks } from '../../../../src/node/keyspace/db.js'
import { datasetDigest, valueDigest } from '../../../../src/node/keyspace/digest.js'
import { ListValue } from '../../../../src/node/keyspace/types/list.js'
import { SetValue } from '../../../../src/node/keyspace/types/set.js'
import { HashValue } from '../../../../src/node/keyspace/types/hash.js'
import { ZSetValue } from '../../../../src/node/keyspace/types/zset.js'
import { defaultEncodingLimits } from '../../../../src/node/keyspace/limits.js'

const LIMITS = defaultEncodingLimits()
const hooks: KeyspaceHooks = { clock: { now: () => 1_000_000 }, encodingLimits: LIMITS, onExpired: () => {}, expiresDeferred: false }
const dbs = (n: number): Db[] => Array.from({ length: n }, (_, i) => new Db(i, hooks))
const hex = (b: Buffer): string => b.toString('hex')

// Expected values were produced by redis-server 7.0.15 for the same data (DEBUG DIGEST / DIGEST-VALUE).
describe('digest', () => {
  it('is 40 zeros for an empty dataset and for a missing key', () => {
    const [db] = dbs(1)
    assert.equal(hex(datasetDigest([db])), '0'.repeat(40))
    assert.equal(hex(valueDigest(db, 'nokey')), '0'.repeat(40))
  })

  it('matches Redis for a string key', () => {
    const [db] = dbs(1)
    db.set('a', '1')
    assert.equal(hex(datasetDigest([db])), '943d800368fb9c0e951138f1bc0e313ac769d91f')
    assert.equal(hex(valueDigest(db, 'a')), 'b4fc66738120fba0b5aa500ab5c2bf89cea1c5da')
  })

  it('matches Redis per type, with expires, across dbs', () => {
    const all = dbs(16)
    const db = all[0]
    db.set('l', ListValue.fromArray(['a', 'b', '1']))
    db.set('s', SetValue.fromMembers(['x', '2'], LIMITS))
    db.set('h', HashValue.fromEntries([['f', 'v'], ['n', '1']], LIMITS))
    db.set('z', ZSetValue.fromEntries([['m', 1.5], ['n', 2]], LIMITS))
    db.set('e', 'v')
    db.setExpire('e', 2_000_000)
    assert.deepEqual(['l', 's', 'h', 'z', 'e'].map((k) => hex(valueDigest(db, k))), [
      '981fd62c1655c074205cff40b800bd5a5bfdcd41', '7904f640014061fb37c6855115964bd3eaaed924',
      'ad9a818d75d51dd3c55d5905f22259a91bbc4b14', '908aeffe4e922542b456cb5c8f5b1961a763d7dd',
      '311b17018163335616e089f6b951c82c477335ac',
    ])
    assert.equal(hex(datasetDigest(all)), 'de1386c320ad21869acae52185ba236931e5c6ea')
    all[5].set('x', 'y')
    assert.equal(hex(datasetDigest(all)), '4bbc376d744a0169b65c6cdad3822a0ea321cf33')
  })

  it('does not depend on the order keys were added', () => {
    const [a] = dbs(1)
    const [b] = dbs(1)
    a.set('k1', 'v1'); a.set('k2', 'v2')
    b.set('k2', 'v2'); b.set('k1', 'v1')
    assert.deepEqual(datasetDigest([a]), datasetDigest([b]))
  })
})
