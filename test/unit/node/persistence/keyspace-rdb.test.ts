import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { Db } from '../../../../src/node/keyspace/db.js'
import { idleSeconds } from '../../../../src/node/keyspace/lru.js'
import { loadRdb, type AccessHint } from '../../../../src/node/persistence/keyspace-rdb.js'
import { KeyspaceSnapshot } from '../../../../src/node/persistence/snapshot.js'
import { RdbFileError, readRdbFile, writeRdbFile, type RdbEntry } from '../../../../src/node/persistence/rdb-file.js'
import { defaultEncodingLimits } from '../../../../src/node/keyspace/limits.js'

const NOW = 1_800_000_000_000
const dbs = (n = 4): Db[] => Array.from({ length: n }, (_, i) => new Db(i, { clock: { now: () => NOW }, encodingLimits: defaultEncodingLimits(), onExpired: () => undefined, expiresDeferred: false }))
const entry = (key: string, extra: Partial<RdbEntry> = {}): RdbEntry =>
  ({ db: 0, key, value: { type: 'string', value: key.toUpperCase() }, expireAt: null, idle: null, freq: null, ...extra })

describe('keyspace <-> RDB entries', () => {
  it('drops keys that expired on disk when loading as a master, and keeps them otherwise', () => {
    const file = writeRdbFile([], [entry('old', { expireAt: NOW - 1 }), entry('live', { expireAt: NOW + 5000 }), entry('plain', { db: 2 })])
    const master = dbs()
    assert.deepEqual(loadRdb(file, master, { now: NOW, dropExpired: true }), { keys: 2, expiredSkipped: 1, emptySkipped: 0 })
    assert.deepEqual([...master[0].data.keys()], ['live'])
    assert.equal(master[0].expires.get('live'), NOW + 5000)
    assert.equal(master[2].data.get('plain'), 'PLAIN')
    const replica = dbs()
    assert.equal(loadRdb(file, replica, { now: NOW, dropExpired: false }).keys, 3)
  })

  it('refuses a duplicate key, naming it and where it is in the file', () => {
    const file = writeRdbFile([], [entry('k'), entry('k')])
    assert.throws(() => loadRdb(file, dbs(), { now: NOW, dropExpired: true }), (e: unknown) =>
      e instanceof RdbFileError && /RDB has duplicated key 'k' in DB 0/.test(e.message) && e.fault === 'duplicate' && e.offset > 9)
  })

  it('writes IDLE hints under an LRU policy and restores the access time from them', () => {
    const source = dbs(1)
    source[0].set('a', 'x')
    source[0].lru.set('a', source[0].lruClock - 120)
    const file = snapshotFile(source, 'idle')
    assert.equal(entriesOf(file)[0].idle, 120)
    assert.equal(entriesOf(snapshotFile(source, 'none'))[0].idle, null)
    const target = dbs(1)
    loadRdb(file, target, { now: NOW, dropExpired: true })
    assert.equal(idleSeconds(target[0], 'a'), 120)
  })
})

function snapshotFile(source: Db[], hint: AccessHint): Buffer {
  const snap = new KeyspaceSnapshot(source, { aux: [], hint })
  const chunks: Buffer[] = []
  for (let c = snap.next(Infinity); c !== null; c = snap.next(Infinity)) chunks.push(c)
  return Buffer.concat(chunks)
}

function entriesOf(file: Buffer): RdbEntry[] {
  const out: RdbEntry[] = []
  readRdbFile(file, { entry: (e) => { out.push(e) } }, 16)
  return out
}
