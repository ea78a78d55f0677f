// A position in a ScoreTree (score-tree.ts) for walking elements in either direction without
// allocating per element. Any change to the tree invalidates it.
import type { Leaf } from './score-tree-nodes.js'

export class TreeCursor {
  constructor(
    public leaf: Leaf,
    public idx: number,
    /** 0-based rank of the element under the cursor; kept up to date by next() and prev(). */
    public rank: number,
  ) {}

  /** False once the cursor has walked off either end (or the tree is empty). */
  get valid(): boolean { return this.idx >= 0 && this.idx < this.leaf.scores.length }
  get score(): number { return this.leaf.scores[this.idx] }
  get member(): string { return this.leaf.members[this.idx] }

  next(): void {
    this.rank++
    if (++this.idx < this.leaf.scores.length) return
    const n = this.leaf.next
    if (n !== null) { this.leaf = n; this.idx = 0 }
  }

  prev(): void {
    this.rank--
    if (--this.idx >= 0) return
    const p = this.leaf.prev
    if (p !== null) { this.leaf = p; this.idx = p.scores.length - 1 }
  }
}
