// Text dumps of the compact layouts Redis keeps small values in, for DEBUG LISTPACK and DEBUG QUICKLIST,
// in the shape of Redis's lpRepr/quicklistRepr. rcl-node does not hold values in these layouts: the bytes
// are the ones it writes for them in RDB files and DUMP payloads, built by the same encoder.
import { encodeListpack } from '../persistence/listpack.js'
import type { ListNode } from '../persistence/rdb-value-list.js'

/** Bytes of an entry's encoding header (lpCurrentEncodedSizeBytes): 12-bit strings 2, 32-bit strings 5, else 1. */
function headerBytes(first: number): number {
  if ((first & 0xf0) === 0xe0) return 2
  if (first === 0xf0) return 5
  return 1
}

/** Bytes of the backlen field after an entry of `l` bytes. */
function backlenBytes(l: number): number {
  if (l <= 127) return 1
  if (l < 16383) return 2
  if (l < 2097151) return 3
  if (l < 268435455) return 4
  return 5
}

/** lpRepr(): the listpack holding `items`, entry by entry (without addresses: it is not in memory). */
export function listpackRepr(items: readonly string[]): string {
  const total = encodeListpack(items).length
  let out = `{total bytes ${total}} {num entries ${items.length}}\n`
  let offset = 6
  items.forEach((item, index) => {
    const entry = encodeListpack([item]).subarray(6, -1)
    const back = entrySplit(entry)
    const hdr = headerBytes(entry[0])
    let bytes = ''
    for (const b of entry) bytes += b.toString(16).padStart(2, '0') + '|'
    const shown = item.length > 40 ? item.slice(0, 40) + '...' : item
    out += '{\n' +
      `\tindex: ${String(index).padStart(2)},\n` +
      `\toffset: ${offset},\n` +
      `\thdr+entrylen+backlen: ${String(entry.length).padStart(2)},\n` +
      `\thdrlen: ${String(hdr).padStart(3)},\n` +
      `\tbacklen: ${String(back.back).padStart(2)},\n` +
      `\tpayload: ${back.encoded - hdr}\n` +
      `\tbytes: ${bytes}\n` +
      `\t[str]${shown}\n}\n`
    offset += entry.length
  })
  return out + '{end}\n\n'
}

/** An entry's encoded part and backlen: the backlen is the size that, added, gives the whole entry. */
function entrySplit(entry: Buffer): { encoded: number; back: number } {
  for (let back = 1; back <= 5; back++) {
    if (backlenBytes(entry.length - back) === back) return { encoded: entry.length - back, back }
  }
  return { encoded: entry.length, back: 0 }
}

/** quicklistRepr(): the list's nodes as Redis would hold them; `full` adds each node's listpack. */
export function quicklistRepr(nodes: readonly ListNode[], fill: number, compressDepth: number, full: boolean): string {
  let count = 0
  for (const n of nodes) count += n.items.length
  let out = `{count : ${count}}\n{len : ${nodes.length}}\n{fill : ${fill}}\n{compress : ${compressDepth}}\n{bookmark_count : 0}\n`
  nodes.forEach((node, i) => {
    const size = node.plain ? node.items[0].length : encodeListpack(node.items).length
    out += `{quicklist node(${i})\n{container : ${node.plain ? 'PLAIN' : 'PACKED'}, encoding: RAW, size: ${size}, ` +
      `count: ${node.items.length}, recompress: 0, attempted_compress: 0}\n`
    if (!full) return
    out += node.plain ? `{ plain element of ${size} bytes }\n` : `{ listpack:\n${listpackRepr(node.items)}}\n`
    out += '}\n'
  })
  return out
}
