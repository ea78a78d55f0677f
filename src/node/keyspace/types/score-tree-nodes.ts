// The nodes of the sorted-set B+tree (score-tree.ts) and the moves that split, merge and even them out.
// Elements are (score, member) pairs ordered by score, then member; JS `<` treats -0 and 0 as equal,
// so they tie on score and fall back to member order, as in Redis.

/**
 * A run of consecutive elements. Scores and members sit in parallel arrays so that a search reads
 * one contiguous array of unboxed doubles and touches member strings only on score ties.
 * Only an empty tree has an empty leaf.
 */
export class Leaf {
  scores: number[] = []
  members: string[] = []
  prev: Leaf | null = null
  next: Leaf | null = null
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
// runtime and may trim the backing store, only to grow it again on the next insert.

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

export function insertNode(a: TreeNode[], i: number, v: TreeNode): void {
  let j = a.length
  a.push(v)
  for (; j > i; j--) a[j] = a[j - 1]
  a[i] = v
}

export function removeNumber(a: number[], i: number): void {
  const n = a.length - 1
  for (let j = i; j < n; j++) a[j] = a[j + 1]
  a.pop()
}

export function removeString(a: string[], i: number): void {
  const n = a.length - 1
  for (let j = i; j < n; j++) a[j] = a[j + 1]
  a.pop()
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
export function splitLeaf(leaf: Leaf, at: number): Leaf {
  const right = new Leaf()
  right.scores = leaf.scores.slice(at)
  right.members = leaf.members.slice(at)
  leaf.scores.length = at
  leaf.members.length = at
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

/** Appends `right`'s elements to `left` and unlinks `right` from the leaf chain. */
export function mergeLeaves(left: Leaf, right: Leaf): void {
  for (let i = 0; i < right.scores.length; i++) {
    left.scores.push(right.scores[i])
    left.members.push(right.members[i])
  }
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

/** Evens out two neighbouring leaves so that `left` holds `keep` elements. */
export function shareLeaves(left: Leaf, right: Leaf, keep: number): void {
  const n = left.scores.length
  if (n > keep) {
    right.scores = left.scores.slice(keep).concat(right.scores)
    right.members = left.members.slice(keep).concat(right.members)
    left.scores.length = keep
    left.members.length = keep
  } else {
    const k = keep - n
    for (let i = 0; i < k; i++) {
      left.scores.push(right.scores[i])
      left.members.push(right.members[i])
    }
    removeSpan(right.scores, 0, k)
    removeSpan(right.members, 0, k)
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
