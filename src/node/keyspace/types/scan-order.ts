// Stateless HSCAN/SSCAN cursors for large hashes and sets: elements are visited in order of a 32-bit
// hash of their name, and the cursor is the hash to resume from. Elements sharing a hash are always
// returned together, so a page boundary never splits them.
//
// Why this survives writes between calls: an element's position (its hash) never changes, so every
// element present for the whole scan sits at a fixed point of the walk and is returned exactly once.
// The sorted order is built from the live value when a scan starts (cursor 0) and reused by later
// pages; pages skip names deleted since, and names added since may or may not be seen, which is what
// SCAN's contract allows.

const HASH_SPACE = 0x100000000
/** Below this many elements an index fits in 21 bits next to a 32-bit hash inside a double. */
const PACKED_LIMIT = 1 << 21
const INDEX_SCALE = 2 ** 21

/** FNV-1a over the latin1 code units: cheap, and spreads similar names ("key:1", "key:2") well. */
export function scanHash(s: string): number {
  let h = 0x811c9dc5
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i)
    h = Math.imul(h, 0x01000193)
  }
  return h >>> 0
}

/** Element names sorted by scanHash, as one scan walks them. */
export class ScanOrder {
  private constructor(readonly names: string[], readonly hashes: Uint32Array) {}

  static build(source: Iterable<string>, size: number): ScanOrder {
    const names: string[] = new Array(size)
    const raw = new Uint32Array(size)
    let n = 0
    for (const name of source) {
      if (n === size) break
      names[n] = name
      raw[n++] = scanHash(name)
    }
    return n < PACKED_LIMIT ? ScanOrder.sortPacked(names, raw, n) : ScanOrder.sortIndexed(names, raw, n)
  }

  /** Sorts (hash, index) pairs packed into doubles: a native numeric sort, no comparator calls. */
  private static sortPacked(names: string[], raw: Uint32Array, n: number): ScanOrder {
    const packed = new Float64Array(n)
    for (let i = 0; i < n; i++) packed[i] = raw[i] * INDEX_SCALE + i
    packed.sort()
    const sortedNames: string[] = new Array(n)
    const hashes = new Uint32Array(n)
    for (let i = 0; i < n; i++) {
      const p = packed[i]
      const idx = p % INDEX_SCALE
      sortedNames[i] = names[idx]
      hashes[i] = raw[idx]
    }
    return new ScanOrder(sortedNames, hashes)
  }

  private static sortIndexed(names: string[], raw: Uint32Array, n: number): ScanOrder {
    const idx = Array.from({ length: n }, (_, i) => i)
    idx.sort((a, b) => raw[a] - raw[b])
    return new ScanOrder(idx.map((i) => names[i]), Uint32Array.from(idx, (i) => raw[i]))
  }

  get length(): number { return this.names.length }

  /** First position whose hash is >= h. */
  private lowerBound(h: number): number {
    let lo = 0
    let hi = this.hashes.length
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (this.hashes[mid] < h) lo = mid + 1
      else hi = mid
    }
    return lo
  }

  /**
   * One page: about `count` names from `cursor` on (more when the last one's hash is shared), and the
   * cursor of the next page, 0 when the walk is complete.
   */
  page(cursor: bigint, count: number): { names: string[]; next: number } {
    if (cursor >= BigInt(HASH_SPACE)) return { names: [], next: 0 }
    const hashes = this.hashes
    const start = this.lowerBound(Number(cursor))
    let end = Math.min(start + count, hashes.length)
    while (end < hashes.length && end > start && hashes[end] === hashes[end - 1]) end++
    return { names: this.names.slice(start, end), next: end < hashes.length ? hashes[end] : 0 }
  }
}

/** What a value keeps so consecutive pages of one scan share the sorted order. */
export interface ScanOrderHolder {
  scanOrder: ScanOrder | null
}

/**
 * The order a page at `cursor` walks: rebuilt when a scan starts (so it holds every element present at
 * that moment), when none is kept, or when deletions left it much larger than the live value.
 */
export function scanOrderFor(holder: ScanOrderHolder, cursor: bigint, live: Iterable<string>, size: number): ScanOrder {
  const kept = holder.scanOrder
  if (kept !== null && cursor !== 0n && kept.length <= 2 * size + 64) return kept
  const built = ScanOrder.build(live, size)
  holder.scanOrder = built
  return built
}
