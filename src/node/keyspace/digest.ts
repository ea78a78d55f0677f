// DEBUG DIGEST / DIGEST-VALUE: the SHA1-based dataset fingerprint Redis 7.0 computes, reproduced
// bit for bit so the same data gives the same 40 hex digits on both servers.
//
// Two primitives over a 20-byte accumulator: xor(d, s) XORs SHA1(s) into d (order-independent, for
// unordered elements), mix(d, s) does the same and then replaces d with SHA1(d) (order-dependent).
import { createHash } from 'node:crypto'
import { formatG17 } from '../util/double.js'
import type { Db } from './db.js'
import type { Value } from './value.js'

const DIGEST_BYTES = 20
const EXPIRE_MARK = Buffer.from('!!expire!!', 'latin1')
/** Redis's object type codes (OBJ_STRING ... OBJ_STREAM), hashed big-endian as a u32. */
const TYPE_CODE = { string: 0, list: 1, set: 2, zset: 3, hash: 4, stream: 6 } as const

// The contract methods of the value classes (keyspace/value.ts), read structurally.
interface ListLike { toArray(): string[] }
interface SetLike { members(): Iterable<string> }
interface PairsLike<V> { entries(): Iterable<[string, V]> }

function sha1(data: Buffer | string): Buffer {
  return createHash('sha1').update(typeof data === 'string' ? Buffer.from(data, 'latin1') : data).digest()
}

/** digest ^= SHA1(data) */
function xorDigest(digest: Buffer, data: Buffer | string): void {
  const h = sha1(data)
  for (let i = 0; i < DIGEST_BYTES; i++) digest[i] ^= h[i]
}

/** digest = SHA1(digest ^ SHA1(data)) */
function mixDigest(digest: Buffer, data: Buffer | string): void {
  xorDigest(digest, data)
  sha1(digest).copy(digest)
}

function u32be(n: number): Buffer {
  const b = Buffer.allocUnsafe(4)
  b.writeUInt32BE(n, 0)
  return b
}

/** xorObjectDigest: folds one value (and whether it has a TTL) into `digest`. */
export function mixValueDigest(digest: Buffer, value: Value, hasExpire: boolean): void {
  if (typeof value === 'string') {
    mixDigest(digest, u32be(TYPE_CODE.string))
    mixDigest(digest, value)
  } else {
    mixDigest(digest, u32be(TYPE_CODE[value.type]))
    switch (value.type) {
      case 'list': for (const item of (value as unknown as ListLike).toArray()) mixDigest(digest, item); break
      case 'set': for (const m of (value as unknown as SetLike).members()) xorDigest(digest, m); break
      case 'zset': xorPairs(digest, value as unknown as PairsLike<number>, formatG17); break
      case 'hash': xorPairs(digest, value as unknown as PairsLike<string>, (v) => v); break
      case 'stream': throw new Error('DEBUG DIGEST of a stream is not supported')
    }
  }
  if (hasExpire) xorDigest(digest, EXPIRE_MARK)
}

/** Each (field, value) pair is hashed on its own (mix field, mix value) and XORed in: order-independent. */
function xorPairs<V>(digest: Buffer, v: PairsLike<V>, text: (x: V) => string): void {
  const ele = Buffer.alloc(DIGEST_BYTES)
  for (const [k, x] of v.entries()) {
    ele.fill(0)
    mixDigest(ele, k)
    mixDigest(ele, text(x))
    xorDigest(digest, ele)
  }
}

/** DEBUG DIGEST-VALUE for one key: 20 zero bytes when the key does not exist (expired keys still count). */
export function valueDigest(db: Db, key: string): Buffer {
  const digest = Buffer.alloc(DIGEST_BYTES)
  const value = db.data.get(key)
  if (value !== undefined) mixValueDigest(digest, value, db.expires.has(key))
  return digest
}

/** computeDatasetDigest: every key of every db (logically expired ones included), keyed by db id. */
export function datasetDigest(dbs: readonly Db[]): Buffer {
  const final = Buffer.alloc(DIGEST_BYTES)
  const keyDigest = Buffer.alloc(DIGEST_BYTES)
  for (const db of dbs) {
    if (db.data.size === 0) continue
    mixDigest(final, u32be(db.id))
    for (const [key, value] of db.data) {
      keyDigest.fill(0)
      mixDigest(keyDigest, key)
      mixValueDigest(keyDigest, value, db.expires.has(key))
      xorDigest(final, keyDigest)
    }
  }
  return final
}
