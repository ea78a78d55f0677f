// The ordered half of a sorted set: an order-statistic B+tree over (score, member). Replaces a skiplist
// whose ~30 pointer hops per walk each missed the cache: here the few branch levels stay cached and a
// leaf is a slot of two contiguous arrays shared by the tree, so a walk misses only on the leaf object
// and the handful of lines of its slot.
// The member -> score map and the encoding rules live in zset.ts.
import { TreeCursor } from './score-cursor.js'
import {
  Branch, Leaf, LeafStore, insertNode, insertNumber, insertString, keyBefore, leafInsert, leafRemove, mergeBranches, mergeLeaves,
  removeSpan, shareBranches, shareLeaves, splitBranch, splitLeaf, sum, type TreeNode,
} from './score-tree-nodes.js'
import {
  lexGteMin, lexLteMax, lexRangeEmpty, scoreGteMin, scoreLteMax, scoreRangeEmpty, type LexRange, type ScoreRange,
} from './zrange.js'

/** Node capacities: elements per leaf, children per branch. Tests shrink them to force deep trees. */
export interface TreeShape {
  leafCap: number
  branchCap: number
}

// Measured with random ZADD updates on a 100k-member set: leaves of 32-64 and branches of 64-128 came
// out within noise of each other, 128-element leaves ~10% slower (more to shift per insert and
// delete). The cost is cache misses on the leaves, not the search, so smaller leaves do not win.
// 64/64 keeps 100k members two branch levels deep.
export const DEFAULT_SHAPE: TreeShape = { leafCap: 64, branchCap: 64 }

/** Tells whether an element lies before the position a search is after; true on a prefix of the order. */
type Before = (score: number, member: string) => boolean

// The branches and child indexes of the last descent, root first. Shared by every tree: the server
// is single-threaded and no tree method runs inside another's descent.
const pathB: Branch[] = []
const pathI: number[] = []

export class ScoreTree {
  private root: TreeNode
  /** Branch levels above the leaves; the path of a descent has this many entries. */
  private depth = 0
  readonly head: Leaf
  tail: Leaf
  size = 0
  /** Leaf index where the last descent ended. */
  private at = 0
  private readonly leafCap: number
  private readonly leafMin: number
  private readonly branchCap: number
  private readonly branchMin: number
  private readonly store: LeafStore

  constructor(shape: TreeShape = DEFAULT_SHAPE) {
    this.leafCap = shape.leafCap
    this.branchCap = shape.branchCap
    // a quarter full before a node borrows or merges: far from the half a split leaves, so a node
    // does not bounce between splitting and merging
    this.leafMin = Math.max(1, shape.leafCap >> 2)
    this.branchMin = Math.max(2, shape.branchCap >> 2)
    this.store = new LeafStore(shape.leafCap)
    this.head = this.tail = new Leaf(0) // slot 0, which grows with its leaf (LeafStore.ensure)
    this.root = this.head
  }

  /** Adds an element; the caller guarantees the member is absent. */
  insert(score: number, member: string): void {
    const leaf = this.leafFor(score, member)
    const i = lowerBound(this.store, leaf, score, member)
    leafInsert(this.store, leaf, i, score, member)
    this.size++
    for (let d = 0; d < this.depth; d++) pathB[d].counts[pathI[d]]++
    if (leaf.n > this.leafCap) this.splitFull(leaf, i)
  }

  /** Removes (score, member); false when absent. */
  delete(score: number, member: string): boolean {
    const leaf = this.leafFor(score, member)
    const i = lowerBound(this.store, leaf, score, member)
    if (!this.holds(leaf, i, score, member)) return false
    this.removeAt(leaf, i, 1, null)
    return true
  }

  /** Moves a present member from score `from` to `to`: in place when it stays inside its leaf. */
  move(member: string, from: number, to: number): void {
    const leaf = this.leafFor(from, member)
    const st = this.store
    const i = lowerBound(st, leaf, from, member)
    const sc = st.scores
    const mm = st.members
    const b = leaf.base
    // re-file the string the tree already holds, not the caller's copy (a fresh request argument):
    // an old string stored back into old arrays gives the young-generation GC nothing to trace or move
    const kept = mm[b + i]
    const lo = b + (i === 0 ? 1 : 0)
    const hi = b + (i === leaf.n - 1 ? leaf.n - 2 : leaf.n - 1)
    if (lo < hi && keyBefore(sc[lo], mm[lo], to, member) && keyBefore(to, member, sc[hi], mm[hi])) {
      // strictly between two other elements of this leaf: no count or separator changes
      leafRemove(st, leaf, i, 1)
      leafInsert(st, leaf, lowerBound(st, leaf, to, member), to, kept)
      return
    }
    this.removeAt(leaf, i, 1, null)
    this.insert(to, kept)
  }

  /** 0-based rank of (score, member), or -1 when absent. */
  rankOf(score: number, member: string): number {
    const leaf = this.leafFor(score, member)
    const i = lowerBound(this.store, leaf, score, member)
    if (!this.holds(leaf, i, score, member)) return -1
    let rank = i
    for (let d = 0; d < this.depth; d++) rank += sum(pathB[d].counts, 0, pathI[d])
    return rank
  }

  /** A cursor on the element at 0-based `rank` (not valid when out of range). */
  cursorAt(rank: number): TreeCursor {
    const leaf = this.leafAtRank(rank)
    return new TreeCursor(this.store, leaf, this.at, rank)
  }

  first(): TreeCursor { return new TreeCursor(this.store, this.head, 0, 0) }
  last(): TreeCursor { return new TreeCursor(this.store, this.tail, this.tail.n - 1, this.size - 1) }

  /** First element with a score inside `r`, or null. */
  firstInScoreRange(r: ScoreRange): TreeCursor | null {
    if (!this.intersectsScore(r)) return null
    const c = this.cursorWhere((s) => !scoreGteMin(s, r))
    return c.valid && scoreLteMax(c.score, r) ? c : null
  }

  /** Last element with a score inside `r`, or null. */
  lastInScoreRange(r: ScoreRange): TreeCursor | null {
    if (!this.intersectsScore(r)) return null
    const c = this.cursorWhere((s) => scoreLteMax(s, r))
    c.prev()
    return c.valid && scoreGteMin(c.score, r) ? c : null
  }

  /**
   * First element whose member is inside `r`, or null. Redis specifies the result only when all scores
   * are equal, where a binary search finds it; `linear` walks from the head instead, as Redis does on a
   * listpack (zzlFirstInLexRange), which decides the (deterministic) result there when scores differ.
   */
  firstInLexRange(r: LexRange, linear = false): TreeCursor | null {
    if (!this.intersectsLex(r)) return null
    let c: TreeCursor
    if (linear) for (c = this.first(); c.valid && !lexGteMin(c.member, r); c.next());
    else c = this.cursorWhere((_, m) => !lexGteMin(m, r))
    return c.valid && lexLteMax(c.member, r) ? c : null
  }

  /** Last element whose member is inside `r`, or null; `linear` walks from the tail (zzlLastInLexRange). */
  lastInLexRange(r: LexRange, linear = false): TreeCursor | null {
    if (!this.intersectsLex(r)) return null
    let c: TreeCursor
    if (linear) for (c = this.last(); c.valid && !lexLteMax(c.member, r); c.prev());
    else {
      c = this.cursorWhere((_, m) => lexLteMax(m, r))
      c.prev()
    }
    return c.valid && lexGteMin(c.member, r) ? c : null
  }

  /** Removes the elements with a score in `r`, dropping each from `dict`. Returns the count. */
  deleteScoreRange(r: ScoreRange, dict: Map<string, unknown>): number {
    return this.deleteRun(this.firstInScoreRange(r), (c) => scoreLteMax(c.score, r), dict)
  }

  /** Removes the elements from the first member in `r` up to the first one past it. Returns the count. */
  deleteLexRange(r: LexRange, dict: Map<string, unknown>, linear = false): number {
    return this.deleteRun(this.firstInLexRange(r, linear), (c) => lexLteMax(c.member, r), dict)
  }

  /** Removes the run that starts at `c` and lasts while `inRange` holds. */
  private deleteRun(c: TreeCursor | null, inRange: (c: TreeCursor) => boolean, dict: Map<string, unknown>): number {
    if (c === null) return 0
    const start = c.rank
    while (c.valid && inRange(c)) c.next()
    return this.deleteRankRange(start, c.rank - 1, dict)
  }

  /**
   * Removes 0-based ranks start..end inclusive, dropping each member from `dict`. Works a leaf's run at
   * a time, one descent per run: O(log n + k).
   */
  deleteRankRange(start: number, end: number, dict: Map<string, unknown>): number {
    if (start < 0) start = 0
    if (end >= this.size) end = this.size - 1
    let left = end - start + 1
    let removed = 0
    while (left > 0) {
      const leaf = this.leafAtRank(start)
      const k = Math.min(left, leaf.n - this.at)
      if (k <= 0) break // only with corrupt counts; never spin
      this.removeAt(leaf, this.at, k, dict)
      left -= k
      removed += k
    }
    return removed
  }

  /** Rewrites -0 scores as 0; the order is unchanged since the two compare equal. */
  normalizeZeros(): void {
    const sc = this.store.scores
    for (let leaf: Leaf | null = this.head; leaf !== null; leaf = leaf.next) {
      for (let i = leaf.base; i < leaf.base + leaf.n; i++) if (sc[i] === 0) sc[i] = 0
    }
  }

  /** Leaf index i (a lowerBound answer) holds exactly (score, member). */
  private holds(leaf: Leaf, i: number, score: number, member: string): boolean {
    const k = leaf.base + i
    return i < leaf.n && this.store.scores[k] === score && this.store.members[k] === member
  }

  /** Descends to the leaf where (score, member) is or would go, recording the path. */
  private leafFor(score: number, member: string): Leaf {
    let node = this.root
    for (let d = 0; d < this.depth; d++) {
      const b = node as Branch
      const i = childFor(b, score, member)
      pathB[d] = b
      pathI[d] = i
      node = b.children[i]
    }
    return node as Leaf
  }

  /** Descends to the leaf holding 0-based `rank` (its index there goes to this.at), recording the path. */
  private leafAtRank(rank: number): Leaf {
    let node = this.root
    for (let d = 0; d < this.depth; d++) {
      const b = node as Branch
      const counts = b.counts
      const last = counts.length - 1
      let i = 0
      while (i < last && rank >= counts[i]) rank -= counts[i++]
      pathB[d] = b
      pathI[d] = i
      node = b.children[i]
    }
    this.at = rank
    return node as Leaf
  }

  /** A cursor on the first element for which `before` is false (past the end when there is none). */
  private cursorWhere(before: Before): TreeCursor {
    let node = this.root
    let rank = 0
    for (let d = 0; d < this.depth; d++) {
      const b = node as Branch
      let lo = 1
      let hi = b.children.length
      while (lo < hi) {
        const mid = (lo + hi) >>> 1
        if (before(b.sepScores[mid], b.sepMembers[mid])) lo = mid + 1
        else hi = mid
      }
      rank += sum(b.counts, 0, lo - 1)
      node = b.children[lo - 1]
    }
    const leaf = node as Leaf
    const st = this.store
    let lo = 0
    let hi = leaf.n
    while (lo < hi) {
      const mid = (lo + hi) >>> 1
      if (before(st.scores[leaf.base + mid], st.members[leaf.base + mid])) lo = mid + 1
      else hi = mid
    }
    // the answer may be the first element of the next leaf: the search stopped on a stale separator
    if (lo === leaf.n && leaf.next !== null) return new TreeCursor(st, leaf.next, 0, rank + lo)
    return new TreeCursor(st, leaf, lo, rank + lo)
  }

  /** Every leaf, head to tail. */
  private leaves(): Leaf[] {
    const out: Leaf[] = []
    for (let leaf: Leaf | null = this.head; leaf !== null; leaf = leaf.next) out.push(leaf)
    return out
  }

  private intersectsScore(r: ScoreRange): boolean {
    if (scoreRangeEmpty(r) || this.size === 0) return false
    const sc = this.store.scores
    return scoreGteMin(sc[this.tail.base + this.tail.n - 1], r) && scoreLteMax(sc[this.head.base], r)
  }

  private intersectsLex(r: LexRange): boolean {
    if (lexRangeEmpty(r) || this.size === 0) return false
    const mm = this.store.members
    return lexGteMin(mm[this.tail.base + this.tail.n - 1], r) && lexLteMax(mm[this.head.base], r)
  }

  /** Splits an overfull leaf (the path leads to it); `i` is where the new element went. */
  private splitFull(leaf: Leaf, i: number): void {
    const n = leaf.n
    // Ascending (or descending) loads keep appending at one end: split there and leave the other
    // leaf full rather than half empty for good.
    const at = leaf === this.tail && i === n - 1 ? n - 1 : leaf === this.head && i === 0 ? 1 : n >> 1
    const right = splitLeaf(this.store, leaf, at)
    if (leaf === this.tail) this.tail = right
    this.fileChild(this.depth - 1, right, this.store.scores[right.base], this.store.members[right.base], right.n)
  }

  /**
   * Files `node`, split off the child at path level `level`, right after it under separator
   * (sepS, sepM); `count` elements moved with it. Splits the branch in turn when it overflows.
   */
  private fileChild(level: number, node: TreeNode, sepS: number, sepM: string, count: number): void {
    if (level < 0) {
      const root = new Branch()
      root.children.push(this.root, node)
      root.counts.push(this.size - count, count)
      root.sepScores.push(-Infinity, sepS)
      root.sepMembers.push('', sepM)
      this.root = root
      this.depth++
      return
    }
    const b = pathB[level]
    const i = pathI[level] + 1
    b.counts[i - 1] -= count
    insertNode(b.children, i, node)
    insertNumber(b.counts, i, count)
    insertNumber(b.sepScores, i, sepS)
    insertString(b.sepMembers, i, sepM)
    if (b.children.length <= this.branchCap) return
    const right = splitBranch(b, b.children.length >> 1)
    this.fileChild(level - 1, right, right.sepScores[0], right.sepMembers[0], sum(right.counts, 0, right.counts.length))
  }

  /** Removes leaf elements [i, i + k) (the path leads to the leaf), then refills the leaf if it ran low. */
  private removeAt(leaf: Leaf, i: number, k: number, dict: Map<string, unknown> | null): void {
    if (dict !== null) for (let j = i; j < i + k; j++) dict.delete(this.store.members[leaf.base + j])
    leafRemove(this.store, leaf, i, k)
    this.size -= k
    for (let d = 0; d < this.depth; d++) pathB[d].counts[pathI[d]] -= k
    if (this.depth > 0 && leaf.n < this.leafMin) this.refillLeaf()
  }

  /** Merges the path's leaf with a sibling, or takes elements from it when both do not fit in one. */
  private refillLeaf(): void {
    const level = this.depth - 1
    const b = pathB[level]
    const li = pathI[level] > 0 ? pathI[level] - 1 : 0
    const left = b.children[li] as Leaf
    const right = b.children[li + 1] as Leaf
    const total = left.n + right.n
    if (total <= this.leafCap) {
      mergeLeaves(this.store, left, right)
      if (right === this.tail) this.tail = left
      b.counts[li] = total
      this.dropChild(level, li + 1)
      if (this.store.sparse) this.store.pack(this.leaves())
      return
    }
    shareLeaves(this.store, left, right, total >> 1)
    b.counts[li] = left.n
    b.counts[li + 1] = right.n
    b.sepScores[li + 1] = this.store.scores[right.base]
    b.sepMembers[li + 1] = this.store.members[right.base]
  }

  /** Removes child j of the path's branch at `level`, collapsing the root or refilling as needed. */
  private dropChild(level: number, j: number): void {
    const b = pathB[level]
    removeSpan(b.children, j, 1)
    removeSpan(b.counts, j, 1)
    removeSpan(b.sepScores, j, 1)
    removeSpan(b.sepMembers, j, 1)
    if (level === 0) {
      if (b.children.length === 1) { this.root = b.children[0]; this.depth-- }
      return
    }
    if (b.children.length < this.branchMin) this.refillBranch(level)
  }

  /** Branch counterpart of refillLeaf for the path's branch at `level` (> 0). */
  private refillBranch(level: number): void {
    const parent = pathB[level - 1]
    const li = pathI[level - 1] > 0 ? pathI[level - 1] - 1 : 0
    const ri = li + 1
    const left = parent.children[li] as Branch
    const right = parent.children[ri] as Branch
    const total = left.children.length + right.children.length
    if (total <= this.branchCap) {
      mergeBranches(left, right, parent.sepScores[ri], parent.sepMembers[ri])
      parent.counts[li] += parent.counts[ri]
      this.dropChild(level - 1, ri)
      return
    }
    shareBranches(left, right, total >> 1, parent.sepScores[ri], parent.sepMembers[ri])
    parent.counts[li] = sum(left.counts, 0, left.counts.length)
    parent.counts[ri] = sum(right.counts, 0, right.counts.length)
    parent.sepScores[ri] = right.sepScores[0]
    parent.sepMembers[ri] = right.sepMembers[0]
  }
}

/** Index of the child of `b` whose key span holds (score, member). */
function childFor(b: Branch, score: number, member: string): number {
  const ss = b.sepScores
  const sm = b.sepMembers
  let lo = 1
  let hi = ss.length
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    const s = ss[mid]
    if (s < score || (s === score && sm[mid] <= member)) lo = mid + 1
    else hi = mid
  }
  return lo - 1
}

/** Index (within the leaf) of the first element of `leaf` not before (score, member). */
function lowerBound(st: LeafStore, leaf: Leaf, score: number, member: string): number {
  const ss = st.scores
  const sm = st.members
  const base = leaf.base
  let lo = base
  let hi = base + leaf.n
  while (lo < hi) {
    const mid = (lo + hi) >>> 1
    const s = ss[mid]
    if (s < score || (s === score && sm[mid] < member)) lo = mid + 1
    else hi = mid
  }
  return lo - base
}
