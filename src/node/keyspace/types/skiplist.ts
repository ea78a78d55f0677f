// The ordered half of a sorted set: a skiplist with span counts (rank in O(log n)), ordered by score
// then member bytes, with a backward link on level 0 for reverse walks. Mirrors Redis's zskiplist;
// the member -> node map and the encoding rules live in zset.ts.

export const ZSKIPLIST_MAXLEVEL = 32
const ZSKIPLIST_P = 0.25

/** An inclusive/exclusive score interval (ZRANGEBYSCORE min max, "(" = exclusive). */
export interface ScoreRange {
  min: number
  max: number
  minex: boolean
  maxex: boolean
}

/**
 * A lex interval. `minInf`/`maxInf` encode the "-" and "+" bounds: -1 = below every string,
 * +1 = above every string, 0 = the bound is `min`/`max`.
 */
export interface LexRange {
  min: string
  max: string
  minex: boolean
  maxex: boolean
  minInf: number
  maxInf: number
}

/**
 * A skiplist node. Levels 0-2 are plain fields so that nearly every node is one object and a hop costs
 * one memory access (Redis keeps its levels inside the node for the same reason); level 0's span is
 * always 1. Levels 3 and up (1 node in 64) live in the fx/sx arrays.
 */
export class ZNode {
  /** Level-0 forward link: the next node in order. */
  next: ZNode | null = null
  backward: ZNode | null = null
  f1: ZNode | null = null
  f2: ZNode | null = null
  s1 = 0
  s2 = 0
  fx: Array<ZNode | null> | null = null
  sx: number[] | null = null

  constructor(readonly member: string, public score: number, readonly level: number) {
    if (level > 3) {
      this.fx = []
      this.sx = []
      for (let i = 3; i < level; i++) { this.fx.push(null); this.sx.push(0) }
    }
  }
}

function fwd(n: ZNode, i: number): ZNode | null {
  return i === 0 ? n.next : i === 1 ? n.f1 : i === 2 ? n.f2 : (n.fx as Array<ZNode | null>)[i - 3]
}

function setFwd(n: ZNode, i: number, v: ZNode | null): void {
  if (i === 0) n.next = v
  else if (i === 1) n.f1 = v
  else if (i === 2) n.f2 = v
  else (n.fx as Array<ZNode | null>)[i - 3] = v
}

function spanOf(n: ZNode, i: number): number {
  return i === 0 ? 1 : i === 1 ? n.s1 : i === 2 ? n.s2 : (n.sx as number[])[i - 3]
}

function setSpan(n: ZNode, i: number, v: number): void {
  if (i === 1) n.s1 = v
  else if (i === 2) n.s2 = v
  else if (i > 2) (n.sx as number[])[i - 3] = v
}

// Scratch paths shared by every list: the server is single-threaded and no method re-enters another.
const update: ZNode[] = []
const rankAt: number[] = []

function randomLevel(): number {
  let level = 1
  while (Math.random() < ZSKIPLIST_P && level < ZSKIPLIST_MAXLEVEL) level++
  return level
}

/** (score, member) of `n` sorts before (score, member). Latin1 string order equals memcmp order. */
function before(n: ZNode, score: number, member: string): boolean {
  return n.score < score || (n.score === score && n.member < member)
}

export const scoreGteMin = (v: number, r: ScoreRange): boolean => (r.minex ? v > r.min : v >= r.min)
export const scoreLteMax = (v: number, r: ScoreRange): boolean => (r.maxex ? v < r.max : v <= r.max)

export function lexGteMin(v: string, r: LexRange): boolean {
  if (r.minInf !== 0) return r.minInf < 0
  return r.minex ? v > r.min : v >= r.min
}

export function lexLteMax(v: string, r: LexRange): boolean {
  if (r.maxInf !== 0) return r.maxInf > 0
  return r.maxex ? v < r.max : v <= r.max
}

/** True when no value can satisfy the range (min above max, or equal bounds with one exclusive). */
export function scoreRangeEmpty(r: ScoreRange): boolean {
  return r.min > r.max || (r.min === r.max && (r.minex || r.maxex))
}

export function lexRangeEmpty(r: LexRange): boolean {
  let cmp = r.minInf - r.maxInf
  if (cmp === 0 && r.minInf === 0) cmp = r.min < r.max ? -1 : r.min > r.max ? 1 : 0
  return cmp > 0 || (cmp === 0 && (r.minex || r.maxex))
}

export class SkipList {
  readonly header = new ZNode('', 0, ZSKIPLIST_MAXLEVEL)
  tail: ZNode | null = null
  length = 0
  level = 1
  /** 1-based rank of the node the last first/last-in-range search returned. */
  foundRank = 0

  get first(): ZNode | null { return this.header.next }

  /** Inserts a new node; the caller guarantees the member is absent. */
  insert(score: number, member: string): ZNode {
    return this.link(new ZNode(member, score, randomLevel()))
  }

  private link(x: ZNode): ZNode {
    const score = x.score
    const member = x.member
    let n: ZNode = this.header
    let rank = 0
    for (let i = this.level - 1; i >= 0; i--) {
      let f = fwd(n, i)
      while (f !== null && (f.score < score || (f.score === score && f.member < member))) {
        rank += spanOf(n, i); n = f; f = fwd(n, i)
      }
      rankAt[i] = rank
      update[i] = n
    }
    const level = x.level
    if (level > this.level) {
      for (let i = this.level; i < level; i++) {
        rankAt[i] = 0
        update[i] = this.header
        setSpan(this.header, i, this.length)
      }
      this.level = level
    }
    const rank0 = rankAt[0]
    for (let i = 0; i < level; i++) {
      const u = update[i]
      setFwd(x, i, fwd(u, i))
      setFwd(u, i, x)
      setSpan(x, i, spanOf(u, i) - (rank0 - rankAt[i]))
      setSpan(u, i, rank0 - rankAt[i] + 1)
    }
    for (let i = level; i < this.level; i++) setSpan(update[i], i, spanOf(update[i], i) + 1)
    x.backward = update[0] === this.header ? null : update[0]
    if (x.next !== null) x.next.backward = x
    else this.tail = x
    this.length++
    return x
  }

  /** Fills `update` with the rightmost node before (score, member) on every level. */
  private findPath(score: number, member: string): ZNode | null {
    let n: ZNode = this.header
    for (let i = this.level - 1; i >= 0; i--) {
      let f = fwd(n, i)
      while (f !== null && before(f, score, member)) { n = f; f = fwd(n, i) }
      update[i] = n
    }
    return n.next
  }

  private unlink(x: ZNode): void {
    for (let i = 0; i < this.level; i++) {
      const u = update[i]
      if (fwd(u, i) === x) {
        setSpan(u, i, spanOf(u, i) + spanOf(x, i) - 1)
        setFwd(u, i, fwd(x, i))
      } else {
        setSpan(u, i, spanOf(u, i) - 1)
      }
    }
    if (x.next !== null) x.next.backward = x.backward
    else this.tail = x.backward
    while (this.level > 1 && fwd(this.header, this.level - 1) === null) this.level--
    this.length--
  }

  /** Removes the node holding (score, member); false when absent. */
  delete(score: number, member: string): boolean {
    const x = this.findPath(score, member)
    if (x === null || x.score !== score || x.member !== member) return false
    this.unlink(x)
    return true
  }

  /** Moves `x` to `score`: in place when the order is unchanged, else unlink and relink the same node. */
  updateScore(x: ZNode, score: number): void {
    const prev = x.backward
    const next = x.next
    if ((prev === null || prev.score < score) && (next === null || next.score > score)) {
      x.score = score
      return
    }
    this.findPath(x.score, x.member)
    this.unlink(x)
    x.score = score
    this.link(x)
  }

  /** 1-based rank of (score, member), 0 when absent. */
  getRank(score: number, member: string): number {
    let n: ZNode = this.header
    let rank = 0
    for (let i = this.level - 1; i >= 0; i--) {
      let f = fwd(n, i)
      while (f !== null && (f.score < score || (f.score === score && f.member <= member))) {
        rank += spanOf(n, i); n = f; f = fwd(n, i)
      }
      if (n !== this.header && n.member === member) return rank
    }
    return 0
  }

  /** The node at 1-based `rank`, or null. */
  byRank(rank: number): ZNode | null {
    let n: ZNode = this.header
    let traversed = 0
    for (let i = this.level - 1; i >= 0; i--) {
      let f = fwd(n, i)
      while (f !== null && traversed + spanOf(n, i) <= rank) { traversed += spanOf(n, i); n = f; f = fwd(n, i) }
      if (traversed === rank) return n === this.header ? null : n
    }
    return null
  }

  /** First node with a score inside `r` (foundRank set), or null. */
  firstInScoreRange(r: ScoreRange): ZNode | null {
    if (!this.intersectsScore(r)) return null
    let n: ZNode = this.header
    let rank = 0
    for (let i = this.level - 1; i >= 0; i--) {
      let f = fwd(n, i)
      while (f !== null && !scoreGteMin(f.score, r)) { rank += spanOf(n, i); n = f; f = fwd(n, i) }
    }
    const x = n.next
    if (x === null || !scoreLteMax(x.score, r)) return null
    this.foundRank = rank + 1
    return x
  }

  /** Last node with a score inside `r` (foundRank set), or null. */
  lastInScoreRange(r: ScoreRange): ZNode | null {
    if (!this.intersectsScore(r)) return null
    let n: ZNode = this.header
    let rank = 0
    for (let i = this.level - 1; i >= 0; i--) {
      let f = fwd(n, i)
      while (f !== null && scoreLteMax(f.score, r)) { rank += spanOf(n, i); n = f; f = fwd(n, i) }
    }
    if (n === this.header || !scoreGteMin(n.score, r)) return null
    this.foundRank = rank
    return n
  }

  private intersectsScore(r: ScoreRange): boolean {
    if (scoreRangeEmpty(r)) return false
    const head = this.header.next
    const tail = this.tail
    return tail !== null && head !== null && scoreGteMin(tail.score, r) && scoreLteMax(head.score, r)
  }

  /** First node whose member is inside `r` (assumes equal scores, as Redis does), or null. */
  firstInLexRange(r: LexRange): ZNode | null {
    if (!this.intersectsLex(r)) return null
    let n: ZNode = this.header
    let rank = 0
    for (let i = this.level - 1; i >= 0; i--) {
      let f = fwd(n, i)
      while (f !== null && !lexGteMin(f.member, r)) { rank += spanOf(n, i); n = f; f = fwd(n, i) }
    }
    const x = n.next
    if (x === null || !lexLteMax(x.member, r)) return null
    this.foundRank = rank + 1
    return x
  }

  /** Last node whose member is inside `r`, or null. */
  lastInLexRange(r: LexRange): ZNode | null {
    if (!this.intersectsLex(r)) return null
    let n: ZNode = this.header
    let rank = 0
    for (let i = this.level - 1; i >= 0; i--) {
      let f = fwd(n, i)
      while (f !== null && lexLteMax(f.member, r)) { rank += spanOf(n, i); n = f; f = fwd(n, i) }
    }
    if (n === this.header || !lexGteMin(n.member, r)) return null
    this.foundRank = rank
    return n
  }

  private intersectsLex(r: LexRange): boolean {
    if (lexRangeEmpty(r)) return false
    const head = this.header.next
    const tail = this.tail
    return tail !== null && head !== null && lexGteMin(tail.member, r) && lexLteMax(head.member, r)
  }

  /** Removes every node with a score in `r`, dropping each from `dict`. Returns the count. */
  deleteScoreRange(r: ScoreRange, dict: Map<string, unknown>): number {
    let n: ZNode = this.header
    for (let i = this.level - 1; i >= 0; i--) {
      let f = fwd(n, i)
      while (f !== null && !scoreGteMin(f.score, r)) { n = f; f = fwd(n, i) }
      update[i] = n
    }
    let x = n.next
    let removed = 0
    for (; x !== null && scoreLteMax(x.score, r); removed++) x = this.drop(x, dict)
    return removed
  }

  /** Removes every node whose member is in `r`. Returns the count. */
  deleteLexRange(r: LexRange, dict: Map<string, unknown>): number {
    let n: ZNode = this.header
    for (let i = this.level - 1; i >= 0; i--) {
      let f = fwd(n, i)
      while (f !== null && !lexGteMin(f.member, r)) { n = f; f = fwd(n, i) }
      update[i] = n
    }
    let x = n.next
    let removed = 0
    for (; x !== null && lexLteMax(x.member, r); removed++) x = this.drop(x, dict)
    return removed
  }

  /** Removes the nodes with 1-based ranks start..end inclusive. Returns the count. */
  deleteRankRange(start: number, end: number, dict: Map<string, unknown>): number {
    let n: ZNode = this.header
    let traversed = 0
    for (let i = this.level - 1; i >= 0; i--) {
      let f = fwd(n, i)
      while (f !== null && traversed + spanOf(n, i) < start) { traversed += spanOf(n, i); n = f; f = fwd(n, i) }
      update[i] = n
    }
    let x = n.next
    let removed = 0
    for (traversed++; x !== null && traversed <= end; traversed++, removed++) x = this.drop(x, dict)
    return removed
  }

  /** Unlinks `x` (update[] already points at its predecessors) and returns the node after it. */
  private drop(x: ZNode, dict: Map<string, unknown>): ZNode | null {
    const next = x.next
    this.unlink(x)
    dict.delete(x.member)
    return next
  }
}
