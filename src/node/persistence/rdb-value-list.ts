// Lists in RDB: how Redis 7.0's quicklist splits elements into listpack nodes (so our QUICKLIST_2
// payloads match what the same RPUSHes produce in Redis), and readers for every list layout.
import { decodeListpack, listpackEntrySize, EMPTY_LISTPACK_BYTES } from './listpack.js'
import { RdbFormatError, type RdbReader } from './rdb-value-io.js'
import { decodeZiplist } from './ziplist.js'

/** QUICKLIST_2 node containers. */
export const PLAIN_NODE = 1
export const PACKED_NODE = 2

/** Elements at least this long get a plain node of their own (quicklist packed_threshold, 1 GB by default). */
export const DEFAULT_PACKED_THRESHOLD = 1 << 30
/** Nodes may never grow past this many bytes under a count-based fill. */
const SIZE_SAFETY_LIMIT = 8192
/** Redis's deliberate over-estimate of an entry's encoding + backlen bytes. */
const SIZE_ESTIMATE_OVERHEAD = 8
/** Node byte budgets for fill -1 .. -5. */
const OPTIMIZATION_LEVEL = [4096, 8192, 16384, 32768, 65536]

export interface ListNode {
  plain: boolean
  items: string[]
}

/**
 * Splits elements into quicklist nodes the way a sequence of RPUSHes would under list-max-listpack-size
 * `fill` (mirrors _quicklistNodeAllowInsert: node bytes + element length + a fixed overhead), elements of
 * `packedThreshold` bytes or more each in a plain node.
 */
export function packListNodes(items: readonly string[], fill: number, packedThreshold = DEFAULT_PACKED_THRESHOLD): ListNode[] {
  const nodes: ListNode[] = []
  let cur: ListNode | null = null
  let curBytes = 0
  for (const s of items) {
    const sz = s.length
    if (sz >= packedThreshold) {
      nodes.push({ plain: true, items: [s] })
      cur = null
      continue
    }
    if (cur === null || !allowInsert(curBytes, cur.items.length, fill, sz)) {
      cur = { plain: false, items: [] }
      curBytes = EMPTY_LISTPACK_BYTES
      nodes.push(cur)
    }
    cur.items.push(s)
    curBytes += listpackEntrySize(s)
  }
  return nodes
}

function allowInsert(nodeBytes: number, nodeCount: number, fill: number, sz: number): boolean {
  const newSize = nodeBytes + sz + SIZE_ESTIMATE_OVERHEAD
  if (fill < 0) {
    const level = OPTIMIZATION_LEVEL[-fill - 1]
    if (level !== undefined && newSize <= level) return true
  }
  if (newSize > SIZE_SAFETY_LIMIT) return false
  return nodeCount < fill
}

/** LIST_QUICKLIST_2: nodes of (container, string); packed nodes hold listpacks, plain nodes one element. */
export function readQuicklist2(r: RdbReader): string[] {
  const nodes = r.length()
  const out: string[] = []
  for (let i = 0; i < nodes; i++) {
    const container = r.length()
    if (container === PLAIN_NODE) { out.push(r.string()); continue }
    if (container !== PACKED_NODE) throw new RdbFormatError(`unknown quicklist container ${container}`)
    const items = decodeBlob(r.stringBytes(), decodeListpack)
    for (const s of items) out.push(s)
  }
  return out
}

/** LIST_QUICKLIST (RDB 7-9): nodes that are ziplists. */
export function readQuicklist(r: RdbReader): string[] {
  const nodes = r.length()
  const out: string[] = []
  for (let i = 0; i < nodes; i++) {
    for (const s of decodeBlob(r.stringBytes(), decodeZiplist)) out.push(s)
  }
  return out
}

/** LIST_ZIPLIST: the whole list in one ziplist. */
export function readZiplistList(blob: Buffer): string[] {
  return decodeZiplist(blob)
}

function decodeBlob(blob: Buffer, decode: (b: Buffer) => string[]): string[] {
  try {
    return decode(blob)
  } catch (e) {
    throw new RdbFormatError((e as Error).message)
  }
}
