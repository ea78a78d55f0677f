// The nodes of the sorted-set B+tree (score-tree.ts) and the moves that split, merge and even them out.
// Elements are (score, member) pairs ordered by score, then member; JS `<` treats -0 and 0 as equal,
// so they tie on score and fall back to member order, as in Redis.

/**
 * Element storage for every leaf of one tree. A leaf's elements sit in a fixed slot of the tree's
 * shared arrays rather than in arrays of its own: a search then goes leaf -> score data, one dependent
 * cache miss fewer than leaf -> its own JSArray -> backing store, and leaf accesses dominate update
 * cost (the shared JSArray headers stay cached). Scores stay a plain array of unboxed doubles, not a
 * Float64Array: that would cost ~1 KB more per set, and every sorted set, however small, has a tree.
 */
export class LeafStore {
  /** PACKED_DOUBLE_ELEMENTS: filled with NaN (a double) from the start, never holes. */
  readonly scores: number[] = []
  /** PACKED_ELEMENTS: filled with '' so vacated entries hold no member strings alive. */
  readonly members: string[] = []
  /** Entries per slot: a leaf briefly holds leafCap + 1 elements before it splits. */
  readonly stride: number
  /** Bases of released slots, reused before the arrays grow. */
  private readonly free: number[] = []
  /** Slots handed out at least once; slot 0 is the first leaf's, which stays the head for good. */
  private used = 1

  constructor(leafCap: number) {
    this.stride = leafCap + 1
  }

  /** Base of a free slot, growing the arrays by a full slot when none is free. */
  alloc(): number {
    if (this.free.length > 0) return this.free.pop()!
    const base = this.used++ * this.stride
    this.ensure(base + this.stride)
    return base
  }

  /** Gives back an emptied leaf's slot. Its members were already cleared. */
  release(base: number): void {
    this.free.push(base)
  }

  /**
   * True when most slots handed out are free again (a big set was mostly emptied): pack() then
   * gives the memory back instead of keeping the set's peak size until the key goes.
   */
  get sparse(): boolean {
    return this.free.length >= 8 && this.free.length * 2 > this.used
  }

  /**
   * Moves the live leaves' entries into the lowest slots and drops the rest of the arrays. Leaves
   * are taken in base order, so each moves down (or stays) and never overwrites one not yet moved;
   * the first leaf keeps slot 0.
   */
  pack(leaves: Leaf[]): void {
    const sc = this.scores
    const mm = this.members
    const stride = this.stride
    leaves.sort((a, b) => a.base - b.base)
    for (let k = 0; k < leaves.length; k++) {
      const leaf = leaves[k]
      const to = k * stride
      if (leaf.base !== to) {
        for (let j = 0; j < leaf.n; j++) { sc[to + j] = sc[leaf.base + j]; mm[to + j] = mm[leaf.base + j] }
        leaf.base = to
      }
      // what stays behind in the slot must not keep member strings alive
      for (let j = leaf.n; j < stride && to + j < mm.length; j++) { sc[to + j] = NaN; mm[to + j] = '' }
    }
    const length = leaves.length * stride
    while (sc.length > length) { sc.pop(); mm.pop() }
    this.free.length = 0
    this.used = Math.max(1, leaves.length)
  }

  /**
   * Makes the arrays at least `length` long. Slot 0 grows with its leaf instead of being filled at
   * once, so a small set's tree stays as small as its element count; every later slot is whole, so
   * past the first split this never grows on insert. Growing by push lets V8 size the backing store.
   */
  ensure(length: number): void {
    const sc = this.scores
    const mm = this.members
    while (sc.length < length) {
      sc.push(NaN)
      mm.push('')
    }
  }
}

/**
 * A run of consecutive elements: entries [base, base + n) of its tree's LeafStore. Only an empty
 * tree has an empty leaf.
 */
export class Leaf {
  n = 0
  prev: Leaf | null = null
  next: Leaf | null = null
  /** Changes only when the store packs its slots (LeafStore.pack). */
  constructor(public base: number) {}
}

/**
 * An inner node. Child i holds every element at or after separator i and before separator i + 1;
 * separator 0 is a placeholder. A separator is the first key its child had when it was set and may
 * no longer be an element: deletions never make it wrong. counts[i] is the element count below
 * child i, which is what turns rank and select into one descent.
 */
export class Branch {
  children: TreeNode[] = []
  counts: number[] = []
  sepScores: number[] = []
  sepMembers: string[] = []
}

export type TreeNode = Leaf | Branch

/** (s1, m1) sorts before (s2, m2). */
export const keyBefore = (s1: number, m1: string, s2: number, m2: string): boolean => s1 < s2 || (s1 === s2 && m1 < m2)

// Shifting by hand: Array#splice allocates the removed part and is slow on short arrays. Growing with
// push and shrinking with pop keep to the paths the JIT inlines; assigning `length` goes through the
// runtime and may trim the backing store, only to grow it again on the next insert. (Branch arrays;
// leaves shift within their fixed store slot.)

export function insertNumber(a: number[], i: number, v: number): void {
  let j = a.length
  a.push(v)
  for (; j > i; j--) a[j] = a[j - 1]
  a[i] = v
}

export function insertString(a: string[], i: number, v: string): void {
  let j = a.length
  a.push(v)
  for (; j > i; j--) a[j] = a[j - 1]
  a[i] = v
}

/** Inserts (score, member) at leaf index i. A slot has room for leafCap + 1: leaves split once past leafCap. */
export function leafInsert(st: LeafStore, leaf: Leaf, i: number, score: number, member: string): void {
  st.ensure(leaf.base + leaf.n + 1)
  const sc = st.scores
  const mm = st.members
  const at = leaf.base + i
  for (let j = leaf.base + leaf.n; j > at; j--) {
    sc[j] = sc[j - 1]
    mm[j] = mm[j - 1]
  }
  sc[at] = score
  mm[at] = member
  leaf.n++
}

/** Removes leaf elements [i, i + k). Vacated member entries are cleared so they hold no strings alive. */
export function leafRemove(st: LeafStore, leaf: Leaf, i: number, k: number): void {
  const sc = st.scores
  const mm = st.members
  const end = leaf.base + leaf.n
  for (let j = leaf.base + i + k; j < end; j++) {
    sc[j - k] = sc[j]
    mm[j - k] = mm[j]
  }
  for (let j = end - k; j < end; j++) mm[j] = ''
  leaf.n -= k
}

/** Copies k elements from `from` to `to`, both store indexes, in slots that do not overlap. */
function copyOut(st: LeafStore, from: number, to: number, k: number): void {
  const sc = st.scores
  const mm = st.members
  for (let j = 0; j < k; j++) {
    sc[to + j] = sc[from + j]
    mm[to + j] = mm[from + j]
  }
}

export function insertNode(a: TreeNode[], i: number, v: TreeNode): void {
  let j = a.length
  a.push(v)
  for (; j > i; j--) a[j] = a[j - 1]
  a[i] = v
}

/** Removes a[i, i + k). Generic: for branches and multi-element cuts, off the per-element hot path. */
export function removeSpan<T>(a: T[], i: number, k: number): void {
  const n = a.length
  for (let j = i + k; j < n; j++) a[j - k] = a[j]
  for (let j = 0; j < k; j++) a.pop()
}

export function sum(a: number[], from: number, to: number): number {
  let s = 0
  for (let i = from; i < to; i++) s += a[i]
  return s
}

/** Moves leaf elements [at, end) into a new leaf linked after `leaf`; returns it. */
export function splitLeaf(st: LeafStore, leaf: Leaf, at: number): Leaf {
  const right = new Leaf(st.alloc())
  const k = leaf.n - at
  copyOut(st, leaf.base + at, right.base, k)
  right.n = k
  leafRemove(st, leaf, at, k)
  right.prev = leaf
  right.next = leaf.next
  if (leaf.next !== null) leaf.next.prev = right
  leaf.next = right
  return right
}

/** Moves children [at, end) into a new branch; the caller files it under separator `at`. */
export function splitBranch(b: Branch, at: number): Branch {
  const right = new Branch()
  right.children = b.children.slice(at)
  right.counts = b.counts.slice(at)
  right.sepScores = b.sepScores.slice(at)
  right.sepMembers = b.sepMembers.slice(at)
  b.children.length = at
  b.counts.length = at
  b.sepScores.length = at
  b.sepMembers.length = at
  return right
}

/** Appends `right`'s elements to `left`, unlinks `right` from the leaf chain and frees its slot. */
export function mergeLeaves(st: LeafStore, left: Leaf, right: Leaf): void {
  copyOut(st, right.base, left.base + left.n, right.n)
  left.n += right.n
  leafRemove(st, right, 0, right.n)
  st.release(right.base)
  left.next = right.next
  if (right.next !== null) right.next.prev = left
}

/**
 * Appends `right`'s children to `left`; `sepS`/`sepM` is the separator the parent kept for `right`,
 * which becomes the separator of right's first child.
 */
export function mergeBranches(left: Branch, right: Branch, sepS: number, sepM: string): void {
  for (let i = 0; i < right.children.length; i++) {
    left.children.push(right.children[i])
    left.counts.push(right.counts[i])
    left.sepScores.push(i === 0 ? sepS : right.sepScores[i])
    left.sepMembers.push(i === 0 ? sepM : right.sepMembers[i])
  }
}

/** Evens out two neighbouring leaves so that `left` holds `keep` elements. Both end within capacity. */
export function shareLeaves(st: LeafStore, left: Leaf, right: Leaf, keep: number): void {
  if (left.n > keep) {
    // make room at the front of right, then move left's tail there
    const k = left.n - keep
    const sc = st.scores
    const mm = st.members
    for (let j = right.base + right.n - 1; j >= right.base; j--) {
      sc[j + k] = sc[j]
      mm[j + k] = mm[j]
    }
    copyOut(st, left.base + keep, right.base, k)
    right.n += k
    leafRemove(st, left, keep, k)
  } else {
    const k = keep - left.n
    copyOut(st, right.base, left.base + left.n, k)
    left.n += k
    leafRemove(st, right, 0, k)
  }
}

/**
 * Evens out two neighbouring branches so that `left` holds `keep` children. `sepS`/`sepM` is the
 * parent's separator for `right`; the new one is left in right.sepScores[0]/sepMembers[0].
 */
export function shareBranches(left: Branch, right: Branch, keep: number, sepS: number, sepM: string): void {
  right.sepScores[0] = sepS
  right.sepMembers[0] = sepM
  const n = left.children.length
  if (n > keep) {
    right.children = left.children.slice(keep).concat(right.children)
    right.counts = left.counts.slice(keep).concat(right.counts)
    right.sepScores = left.sepScores.slice(keep).concat(right.sepScores)
    right.sepMembers = left.sepMembers.slice(keep).concat(right.sepMembers)
    left.children.length = keep
    left.counts.length = keep
    left.sepScores.length = keep
    left.sepMembers.length = keep
  } else {
    const k = keep - n
    for (let i = 0; i < k; i++) {
      left.children.push(right.children[i])
      left.counts.push(right.counts[i])
      left.sepScores.push(right.sepScores[i])
      left.sepMembers.push(right.sepMembers[i])
    }
    removeSpan(right.children, 0, k)
    removeSpan(right.counts, 0, k)
    removeSpan(right.sepScores, 0, k)
    removeSpan(right.sepMembers, 0, k)
  }
}
