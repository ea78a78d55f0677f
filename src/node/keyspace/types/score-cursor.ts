// A position in a ScoreTree (score-tree.ts) for walking elements in either direction without
// allocating per element. Any change to the tree invalidates it.
import type { Leaf, LeafStore } from './score-tree-nodes.js'

export class TreeCursor {
  constructor(
    /** The tree's element storage: the leaf holds only its slot's base and length. */
    private readonly store: LeafStore,
    public leaf: Leaf,
    public idx: number,
    /** 0-based rank of the element under the cursor; kept up to date by next() and prev(). */
    public rank: number,
  ) {}

  /** False once the cursor has walked off either end (or the tree is empty). */
  get valid(): boolean { return this.idx >= 0 && this.idx < this.leaf.n }
  get score(): number { return this.store.scores[this.leaf.base + this.idx] }
  get member(): string { return this.store.members[this.leaf.base + this.idx] }

  next(): void {
    this.rank++
    if (++this.idx < this.leaf.n) return
    const n = this.leaf.next
    if (n !== null) { this.leaf = n; this.idx = 0 }
  }

  prev(): void {
    this.rank--
    if (--this.idx >= 0) return
    const p = this.leaf.prev
    if (p !== null) { this.leaf = p; this.idx = p.n - 1 }
  }
}
