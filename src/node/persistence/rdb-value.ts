// The RDB value codec (RDB version 10, Redis 7.0): a neutral value <-> type byte + payload. Reads every
// encoding a 7.0 server writes or loads from older files; writes what 7.0 writes for the value's encoding.
// Pure: no keyspace, commands or sockets. Whole-file framing (opcodes, keys, expires) lives elsewhere.
import { encodeIntset, decodeIntset } from './intset.js'
import { decodeListpack, encodeListpack } from './listpack.js'
import { RdbFormatError, RdbReader, RdbWriter } from './rdb-value-io.js'
import { packListNodes, PLAIN_NODE, PACKED_NODE, readQuicklist, readQuicklist2, readZiplistList } from './rdb-value-list.js'
import { decodeZiplist, decodeZipmap } from './ziplist.js'
import { formatG17 } from '../util/double.js'
import { parseInt64 } from '../util/int.js'

export { RdbFormatError, RdbReader, RdbWriter } from './rdb-value-io.js'

export const RDB_VERSION = 10

/** RDB value type bytes. */
export const RDB_TYPE = {
  STRING: 0, LIST: 1, SET: 2, ZSET: 3, HASH: 4, ZSET_2: 5, MODULE: 6, MODULE_2: 7,
  HASH_ZIPMAP: 9, LIST_ZIPLIST: 10, SET_INTSET: 11, ZSET_ZIPLIST: 12, HASH_ZIPLIST: 13,
  LIST_QUICKLIST: 14, STREAM_LISTPACKS: 15, HASH_LISTPACK: 16, ZSET_LISTPACK: 17,
  LIST_QUICKLIST_2: 18, STREAM_LISTPACKS_2: 19,
} as const

/** True for bytes that start a value (as opposed to a file opcode). */
export function isValueType(t: number): boolean {
  return (t >= 0 && t <= 7) || (t >= 9 && t <= 19)
}

/**
 * A value as the codec sees it: content plus, for aggregates, the in-memory encoding it had (written)
 * or the payload's encoding (read; a listpack keeps its encoding on load while its count fits).
 */
export type RdbValue =
  | { type: 'string'; value: string }
  | { type: 'list'; items: string[] }
  | { type: 'set'; members: string[]; encoding?: 'intset' | 'hashtable' }
  | { type: 'hash'; entries: Array<[string, string]>; encoding?: 'listpack' | 'hashtable' }
  | { type: 'zset'; entries: Array<[string, number]>; encoding?: 'listpack' | 'skiplist' }

/** The encoding thresholds that decide a value's encoding when the value does not say. */
export interface RdbLimits {
  listMaxListpackSize: number
  hashMaxListpackEntries: number
  hashMaxListpackValue: number
  setMaxIntsetEntries: number
  zsetMaxListpackEntries: number
  zsetMaxListpackValue: number
  /** Elements at least this long get a plain quicklist node (default 1 GB; DEBUG QUICKLIST-PACKED-THRESHOLD). */
  listPackedThreshold?: number
}

export const DEFAULT_LIMITS: RdbLimits = {
  listMaxListpackSize: -2, hashMaxListpackEntries: 128, hashMaxListpackValue: 64,
  setMaxIntsetEntries: 512, zsetMaxListpackEntries: 128, zsetMaxListpackValue: 64,
}

export interface EncodeOptions {
  /** rdbcompression: LZF for strings longer than 20 bytes when it saves space. Default true. */
  compress?: boolean
  limits?: RdbLimits
}

// ---------------------------------------------------------------------------------------------- writer

/** Type byte + payload of a value, as a fresh Buffer. */
export function encodeValue(v: RdbValue, opts: EncodeOptions = {}): Buffer {
  const w = new RdbWriter(256, opts.compress ?? true)
  writeValue(w, v, opts.limits ?? DEFAULT_LIMITS)
  return Buffer.from(w.result())
}

/**
 * Writes the type byte and the payload (rdbSaveObjectType + rdbSaveObject). In a file the key sits
 * between the two: pass it as `key` and it is written there.
 */
export function writeValue(w: RdbWriter, v: RdbValue, limits: RdbLimits = DEFAULT_LIMITS, key?: string): void {
  switch (v.type) {
    case 'string': typeByte(w, RDB_TYPE.STRING, key).string(v.value); return
    case 'list': typeByte(w, RDB_TYPE.LIST_QUICKLIST_2, key); writeList(w, v.items, limits.listMaxListpackSize, limits.listPackedThreshold); return
    case 'set': writeSet(w, v.members, v.encoding ?? setEncoding(v.members, limits), key); return
    case 'hash': writeHash(w, v.entries, v.encoding ?? hashEncoding(v.entries, limits), key); return
    case 'zset': writeZset(w, v.entries, v.encoding ?? zsetEncoding(v.entries, limits), key); return
  }
}

function typeByte(w: RdbWriter, type: number, key: string | undefined): RdbWriter {
  w.byte(type)
  return key === undefined ? w : w.string(key)
}

function writeList(w: RdbWriter, items: string[], fill: number, packedThreshold?: number): void {
  const nodes = packListNodes(items, fill, packedThreshold)
  w.length(nodes.length)
  for (const node of nodes) {
    if (node.plain) w.length(PLAIN_NODE).string(node.items[0])
    else w.length(PACKED_NODE).string(encodeListpack(node.items))
  }
}

function writeSet(w: RdbWriter, members: string[], encoding: 'intset' | 'hashtable', key: string | undefined): void {
  if (encoding === 'intset') { typeByte(w, RDB_TYPE.SET_INTSET, key).string(encodeIntset(members)); return }
  typeByte(w, RDB_TYPE.SET, key).length(members.length)
  for (const m of members) w.string(m)
}

function writeHash(w: RdbWriter, entries: Array<[string, string]>, encoding: 'listpack' | 'hashtable', key: string | undefined): void {
  if (encoding === 'listpack') { typeByte(w, RDB_TYPE.HASH_LISTPACK, key).string(encodeListpack(entries.flat())); return }
  typeByte(w, RDB_TYPE.HASH, key).length(entries.length)
  for (const [f, v] of entries) w.string(f).string(v)
}

/** `entries` in score order. Listpack: member, score pairs; skiplist: highest score first, binary doubles. */
function writeZset(w: RdbWriter, entries: Array<[string, number]>, encoding: 'listpack' | 'skiplist', key: string | undefined): void {
  if (encoding === 'listpack') {
    const flat: string[] = []
    for (const [m, s] of entries) flat.push(m, zsetListpackScore(s))
    typeByte(w, RDB_TYPE.ZSET_LISTPACK, key).string(encodeListpack(flat))
    return
  }
  typeByte(w, RDB_TYPE.ZSET_2, key).length(entries.length)
  for (let i = entries.length - 1; i >= 0; i--) w.string(entries[i][0]).binaryDouble(entries[i][1])
}

const HALF_LLONG = 4611686018427387904

/** zzlInsertAt: integral scores within +-LLONG_MAX/2 become integer entries, the rest "%.17g" text. */
function zsetListpackScore(s: number): string {
  if (Number.isInteger(s) && s >= -HALF_LLONG && s <= HALF_LLONG) return BigInt(s).toString()
  return formatG17(s)
}

/** What Redis would pick for a fresh set with these members. */
export function setEncoding(members: string[], limits: RdbLimits): 'intset' | 'hashtable' {
  if (members.length > limits.setMaxIntsetEntries) return 'hashtable'
  for (const m of members) if (parseInt64(m) === null) return 'hashtable'
  return 'intset'
}

export function hashEncoding(entries: Array<[string, string]>, limits: RdbLimits): 'listpack' | 'hashtable' {
  if (entries.length > limits.hashMaxListpackEntries) return 'hashtable'
  const max = limits.hashMaxListpackValue
  for (const [f, v] of entries) if (f.length > max || v.length > max) return 'hashtable'
  return 'listpack'
}

export function zsetEncoding(entries: Array<[string, number]>, limits: RdbLimits): 'listpack' | 'skiplist' {
  if (entries.length > limits.zsetMaxListpackEntries) return 'skiplist'
  for (const [m] of entries) if (m.length > limits.zsetMaxListpackValue) return 'skiplist'
  return 'listpack'
}

// ---------------------------------------------------------------------------------------------- reader

/** Decodes type byte + payload starting at `start`; `end` is the offset just after the value. */
export function decodeValue(buf: Buffer, start = 0, end = buf.length): { value: RdbValue; type: number; end: number } {
  const r = new RdbReader(buf, start, end)
  const type = r.byte()
  const value = readValue(r, type)
  return { value, type, end: r.pos }
}

/** Reads the payload of a value whose type byte was already consumed (rdbLoadObject). */
export function readValue(r: RdbReader, type: number): RdbValue {
  switch (type) {
    case RDB_TYPE.STRING: return { type: 'string', value: r.string() }
    case RDB_TYPE.LIST: return list(readPlainList(r))
    case RDB_TYPE.LIST_ZIPLIST: return list(fromBlob(r, readZiplistList))
    case RDB_TYPE.LIST_QUICKLIST: return list(readQuicklist(r))
    case RDB_TYPE.LIST_QUICKLIST_2: return list(readQuicklist2(r))
    case RDB_TYPE.SET: return set(readPlainSet(r), 'hashtable')
    case RDB_TYPE.SET_INTSET: return set(fromBlob(r, decodeIntset), 'intset')
    case RDB_TYPE.HASH: return hash(readPlainHash(r), 'hashtable')
    // a zipmap is converted by count and value length, as a hash built afresh: no encoding to keep
    case RDB_TYPE.HASH_ZIPMAP: return hash(uniqueFields(fromBlob(r, decodeZipmap)), undefined)
    case RDB_TYPE.HASH_ZIPLIST: return hash(uniqueFields(pairs(fromBlob(r, decodeZiplist))), 'listpack')
    case RDB_TYPE.HASH_LISTPACK: return hash(uniqueFields(pairs(fromBlob(r, decodeListpack))), 'listpack')
    case RDB_TYPE.ZSET: return zset(readPlainZset(r, () => r.stringDouble()), 'skiplist')
    case RDB_TYPE.ZSET_2: return zset(readPlainZset(r, () => r.binaryDouble()), 'skiplist')
    case RDB_TYPE.ZSET_ZIPLIST: return zset(scoredPairs(fromBlob(r, decodeZiplist)), 'listpack')
    case RDB_TYPE.ZSET_LISTPACK: return zset(scoredPairs(fromBlob(r, decodeListpack)), 'listpack')
    case RDB_TYPE.STREAM_LISTPACKS:
    case RDB_TYPE.STREAM_LISTPACKS_2: throw new RdbFormatError('stream values are not supported', 'unsupported')
    case RDB_TYPE.MODULE:
    case RDB_TYPE.MODULE_2: throw new RdbFormatError('module values are not supported', 'unsupported')
    default: throw new RdbFormatError(`unknown value type ${type}`)
  }
}

/** Reads a string holding a container blob and decodes it, turning decoder errors into RdbFormatError. */
function fromBlob<T>(r: RdbReader, decode: (b: Buffer) => T): T {
  const blob = r.stringBytes()
  try {
    return decode(blob)
  } catch (e) {
    if (e instanceof RdbFormatError) throw e
    throw new RdbFormatError((e as Error).message)
  }
}

function nonEmpty<T>(xs: T[], what: string): T[] {
  if (xs.length === 0) throw new RdbFormatError(`empty ${what}`, 'empty')
  return xs
}

const list = (items: string[]): RdbValue => ({ type: 'list', items: nonEmpty(items, 'list') })
const set = (members: string[], encoding: 'intset' | 'hashtable'): RdbValue =>
  ({ type: 'set', members: nonEmpty(members, 'set'), encoding })
const hash = (entries: Array<[string, string]>, encoding: 'listpack' | 'hashtable' | undefined): RdbValue =>
  ({ type: 'hash', entries: nonEmpty(entries, 'hash'), encoding })
const zset = (entries: Array<[string, number]>, encoding: 'listpack' | 'skiplist'): RdbValue =>
  ({ type: 'zset', entries: nonEmpty(entries, 'sorted set'), encoding })

function readPlainList(r: RdbReader): string[] {
  const n = r.length()
  const out: string[] = []
  for (let i = 0; i < n; i++) out.push(r.string())
  return out
}

function readPlainSet(r: RdbReader): string[] {
  const n = r.length()
  const seen = new Set<string>()
  for (let i = 0; i < n; i++) {
    const m = r.string()
    if (seen.has(m)) throw new RdbFormatError('duplicate set member')
    seen.add(m)
  }
  return [...seen]
}

function readPlainHash(r: RdbReader): Array<[string, string]> {
  const n = r.length()
  const out: Array<[string, string]> = []
  for (let i = 0; i < n; i++) out.push([r.string(), r.string()])
  return uniqueFields(out)
}

function readPlainZset(r: RdbReader, score: () => number): Array<[string, number]> {
  const n = r.length()
  const seen = new Set<string>()
  const out: Array<[string, number]> = []
  for (let i = 0; i < n; i++) {
    const m = r.string()
    const s = score()
    if (Number.isNaN(s)) throw new RdbFormatError('sorted set with a NaN score')
    if (seen.has(m)) throw new RdbFormatError('duplicate sorted set member')
    seen.add(m)
    out.push([m, s])
  }
  return sortByScore(out)
}

function pairs(flat: string[]): Array<[string, string]> {
  if (flat.length % 2 !== 0) throw new RdbFormatError('odd number of elements in a field/value container')
  const out: Array<[string, string]> = []
  for (let i = 0; i < flat.length; i += 2) out.push([flat[i], flat[i + 1]])
  return out
}

function uniqueFields(entries: Array<[string, string]>): Array<[string, string]> {
  const seen = new Set<string>()
  for (const [f] of entries) {
    if (seen.has(f)) throw new RdbFormatError('duplicate hash field')
    seen.add(f)
  }
  return entries
}

/** member, score, member, score ... with scores as text or integers. */
function scoredPairs(flat: string[]): Array<[string, number]> {
  const out: Array<[string, number]> = []
  const seen = new Set<string>()
  for (const [m, text] of pairs(flat)) {
    const s = parseScore(text)
    if (seen.has(m)) throw new RdbFormatError('duplicate sorted set member')
    seen.add(m)
    out.push([m, s])
  }
  return sortByScore(out)
}

function parseScore(text: string): number {
  const lower = text.toLowerCase()
  if (lower === 'inf' || lower === '+inf' || lower === 'infinity') return Infinity
  if (lower === '-inf' || lower === '-infinity') return -Infinity
  const v = Number(text)
  if (text.trim() === '' || Number.isNaN(v)) throw new RdbFormatError(`invalid score '${text}'`)
  return v
}

/** Score order, ties by member bytes (the zset order every reader of entries() expects). */
function sortByScore(entries: Array<[string, number]>): Array<[string, number]> {
  return entries.sort((a, b) => (a[1] - b[1]) || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0))
}
