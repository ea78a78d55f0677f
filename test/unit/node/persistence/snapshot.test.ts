// The point-in-time guarantee of KeyspaceSnapshot: whatever happens to the keyspace between slices
// (overwrites, deletes, in-place changes of aggregates, TTL changes, FLUSHDB, SWAPDB), the file holds
// exactly the keyspace of the moment the snapshot was taken, each key once.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { Db } from '../../../../src/node/keyspace/db.js'
import { HashValue } from '../../../../src/node/keyspace/types/hash.js'
import { ListValue } from '../../../../src/node/keyspace/types/list.js'
import { SetValue } from '../../../../src/node/keyspace/types/set.js'
import { ZSetValue } from '../../../../src/node/keyspace/types/zset.js'
import type { Value } from '../../../../src/node/keyspace/value.js'
import { KeyspaceSnapshot } from '../../../../src/node/persistence/snapshot.js'
import { readRdbFile, type RdbEntry } from '../../../../src/node/persistence/rdb-file.js'
import { toRdbValue } from '../../../../src/node/persistence/rdb-value-keyspace.js'
import type { RdbValue } from '../../../../src/node/persistence/rdb-value.js'
import { defaultEncodingLimits } from '../../../../src/node/keyspace/limits.js'

const NOW = 1_800_000_000_000
const DBS = 4
const LIMITS = defaultEncodingLimits()

function makeDbs(): Db[] {
  return Array.from({ length: DBS }, (_, i) => new Db(i, { clock: { now: () => NOW }, encodingLimits: LIMITS, onExpired: () => undefined, expiresDeferred: false }))
}

/** A small deterministic generator, so a failing seed can be replayed. */
function rng(seed: number): (n: number) => number {
  let s = seed >>> 0
  return (n) => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0
    return s % n
  }
}

function randomValue(r: (n: number) => number, tag: string): Value {
  const n = 1 + r(6)
  const items = Array.from({ length: n }, (_, i) => `${tag}-${i}`)
  switch (r(5)) {
    case 0: return `str-${tag}`
    case 1: return ListValue.fromArray(items)
    case 2: return HashValue.fromEntries(items.map((f, i) => [f, String(i)]), LIMITS)
    case 3: return SetValue.fromMembers(r(2) === 0 ? items : items.map((_, i) => String(i * 7)), LIMITS)
    default: return ZSetValue.fromEntries(items.map((m, i) => [m, i * 1.5]), LIMITS)
  }
}

/** The canonical text of a value: order-free aggregates sorted, so equal contents compare equal. */
function canonical(v: RdbValue): string {
  switch (v.type) {
    case 'string': return `s:${v.value}`
    case 'list': return `l:${JSON.stringify(v.items)}`
    case 'set': return `S:${JSON.stringify([...v.members].sort())}`
    case 'hash': return `h:${JSON.stringify([...v.entries].map(([f, x]) => `${f}=${x}`).sort())}`
    case 'zset': return `z:${JSON.stringify([...v.entries].map(([m, s]) => `${m}=${s}`).sort())}`
    default: return `?:${v.type}`
  }
}

/** db/key -> value and expiry, as the keyspace holds them now. */
function modelOf(dbs: Db[]): Map<string, string> {
  const m = new Map<string, string>()
  for (const db of dbs) {
    for (const [k, v] of db.data) m.set(`${db.id}/${k}`, `${canonical(toRdbValue(v))} ttl:${db.expires.get(k) ?? -1}`)
  }
  return m
}

function modelOfFile(file: Buffer): Map<string, string> {
  const m = new Map<string, string>()
  readRdbFile(file, {
    entry: (e: RdbEntry) => {
      const id = `${e.db}/${e.key}`
      assert.ok(!m.has(id), `key ${id} written twice`)
      m.set(id, `${canonical(e.value)} ttl:${e.expireAt ?? -1}`)
    },
  }, DBS)
  return m
}

function fill(dbs: Db[], r: (n: number) => number, keys: number): void {
  for (let i = 0; i < keys; i++) {
    const db = dbs[r(DBS)]
    db.set(`k${i}`, randomValue(r, `v${i}`))
    if (r(4) === 0) db.setExpire(`k${i}`, NOW + 1_000_000 + r(1000))
  }
}

/** One change of the kind commands make, through the same Db calls they use. */
function mutate(dbs: Db[], r: (n: number) => number, step: number, keys: number): void {
  const db = dbs[r(DBS)]
  const key = `k${r(keys + 20)}` // some keys never existed
  switch (r(9)) {
    case 0: db.set(key, `new-${step}`); break
    case 1: db.delete(key); break
    case 2: db.setExpire(key, NOW + 2_000_000 + step); break
    case 3: db.persist(key); break
    case 4: if (r(8) === 0) db.clear(); break
    case 5: if (r(8) === 0) db.swapContents(dbs[r(DBS)]); break
    case 6: db.set(key, randomValue(r, `n${step}`), r(2) === 0); break
    default: changeInPlace(db.get(key), step)
  }
}

function changeInPlace(v: Value | undefined, step: number): void {
  if (v === undefined || typeof v === 'string') return
  if (v instanceof ListValue) v.pushTail(`pushed-${step}`)
  else if (v instanceof HashValue) v.set(`f-${step}`, 'x')
  else if (v instanceof SetValue) v.add(`m-${step}`)
  else if (v instanceof ZSetValue) v.insert(`m-${step}`, step)
}

function drain(snap: KeyspaceSnapshot, between: () => void, sliceKeys: () => number): Buffer {
  const chunks: Buffer[] = []
  for (let c = snap.next(Infinity, sliceKeys()); c !== null; c = snap.next(Infinity, sliceKeys())) {
    chunks.push(c)
    between()
  }
  return Buffer.concat(chunks)
}

describe('KeyspaceSnapshot', () => {
  it('writes the keyspace of its start, each key once, whatever changes between slices (200 seeds)', () => {
    for (let seed = 1; seed <= 200; seed++) {
      const r = rng(seed)
      const dbs = makeDbs()
      const keys = 20 + r(60)
      fill(dbs, r, keys)
      const expected = modelOf(dbs)
      const snap = new KeyspaceSnapshot(dbs, { aux: [], hint: 'none' })
      snap.attach(dbs)
      let step = 0
      const file = drain(snap, () => { for (let i = r(6); i > 0; i--) mutate(dbs, r, step++, keys) }, () => 1 + r(5))
      assert.deepEqual(modelOfFile(file), expected, `seed ${seed}`)
      assert.ok(dbs.every((db) => db.guard === null), 'detached once finished')
    }
  })

  it('writes a key changed before its turn early, and never writes a key created after the start', () => {
    const dbs = makeDbs()
    dbs[0].set('a', ListValue.fromArray(['1']))
    dbs[3].set('late', HashValue.fromEntries([['f', 'old']], LIMITS))
    const snap = new KeyspaceSnapshot(dbs, { aux: [], hint: 'none' })
    snap.attach(dbs)
    ;(dbs[3].get('late') as HashValue).set('f', 'new')
    dbs[3].delete('late')
    dbs[2].set('born-after', 'x')
    const file = drain(snap, () => { (dbs[0].get('a') as ListValue | undefined)?.pushTail('2') }, () => 1)
    assert.deepEqual(modelOfFile(file), new Map([['0/a', 'l:["1"] ttl:-1'], ['3/late', 'h:["f=old"] ttl:-1']]))
    assert.equal(snap.keysWritten, 2)
    assert.equal(snap.keysTotal, 2)
  })

  it('stops watching when detached, leaving the keyspace alone', () => {
    const dbs = makeDbs()
    dbs[1].set('k', 'v')
    const snap = new KeyspaceSnapshot(dbs, { aux: [], hint: 'none' })
    snap.attach(dbs)
    snap.detach()
    assert.ok(dbs.every((db) => db.guard === null))
    dbs[1].clear()
    assert.equal(dbs[1].size, 0)
  })
})
