// Bridge between keyspace values and the neutral RDB value form: what DUMP, RESTORE, DEBUG OBJECT and
// (later) RDB save/load and MIGRATE call. Uses only the value-class contract of keyspace/value.ts.
import { HashValue } from '../keyspace/types/hash.js'
import { ListValue } from '../keyspace/types/list.js'
import { SetValue } from '../keyspace/types/set.js'
import { ZSetValue } from '../keyspace/types/zset.js'
import type { Value } from '../keyspace/value.js'
import type { EncodingLimits } from '../keyspace/limits.js'
import { RDB_VERSION, RdbFormatError, decodeValue, encodeValue, type RdbValue } from './rdb-value.js'
import { Crc64 } from './crc64.js'

/** The neutral form of a keyspace value, with the encoding the value has now. */
export function toRdbValue(v: Value): RdbValue {
  if (typeof v === 'string') return { type: 'string', value: v }
  switch (v.type) {
    case 'list': return { type: 'list', items: (v as ListValue).toArray() }
    case 'set': return { type: 'set', members: [...(v as SetValue).members()], encoding: v.encoding() as 'intset' | 'hashtable' }
    case 'hash': return { type: 'hash', entries: [...(v as HashValue).entries()], encoding: v.encoding() as 'listpack' | 'hashtable' }
    case 'zset': return { type: 'zset', entries: [...(v as ZSetValue).entries()], encoding: v.encoding() as 'listpack' | 'skiplist' }
    default: throw new RdbFormatError(`cannot serialize a ${v.type} value`, 'unsupported')
  }
}

/**
 * A keyspace value built from the neutral form; the class picks the encoding under `limits` (its server's).
 * A hash or sorted set read from a listpack (or ziplist) payload stays a listpack while its count fits,
 * whatever its values' lengths: Redis checks only the count there, a scan of the values being O(N).
 */
export function fromRdbValue(rv: RdbValue, limits: EncodingLimits): Value {
  switch (rv.type) {
    case 'string': return rv.value
    case 'list': return ListValue.fromArray(rv.items)
    case 'set': return SetValue.fromMembers(rv.members, limits)
    case 'hash': return rv.encoding === 'listpack' ? HashValue.fromListpack(rv.entries, limits) : HashValue.fromEntries(rv.entries, limits)
    case 'zset': return rv.encoding === 'listpack' ? ZSetValue.fromListpack(rv.entries, limits) : ZSetValue.fromEntries(rv.entries, limits)
  }
}

/** Type byte + payload of a keyspace value; `limits` (the server's) shape a list's quicklist nodes. */
export function serializeValue(v: Value, limits: EncodingLimits, compress = true): Buffer {
  return encodeValue(toRdbValue(v), { compress, limits })
}

/** DUMP's payload: value bytes, RDB version (2 bytes LE) and the CRC64 of all that (8 bytes LE). */
export function createDumpPayload(v: Value, limits: EncodingLimits, compress = true): Buffer {
  const body = serializeValue(v, limits, compress)
  const out = Buffer.allocUnsafe(body.length + 10)
  body.copy(out, 0)
  out.writeUInt16LE(RDB_VERSION, body.length)
  new Crc64().update(out, 0, body.length + 2).bytesLE().copy(out, body.length + 2)
  return out
}

/** verifyDumpPayload: long enough, a version we can read, and (unless skipped) a matching CRC. */
export function verifyDumpPayload(payload: Buffer, skipChecksum = false): boolean {
  if (payload.length < 10) return false
  const footer = payload.length - 10
  if (payload.readUInt16LE(footer) > RDB_VERSION) return false
  if (skipChecksum) return true
  const crc = new Crc64().update(payload, 0, payload.length - 8).bytesLE()
  return crc.equals(payload.subarray(payload.length - 8))
}

/**
 * The value inside a verified DUMP payload. Throws RdbFormatError when the bytes are not a valid value.
 * Like Redis, the reader may run into the footer bytes and ignores whatever follows the value.
 */
export function parseDumpPayload(payload: Buffer, limits: EncodingLimits): Value {
  return fromRdbValue(decodeValue(payload, 0, payload.length).value, limits)
}
