// ZSetValue: a sorted set as a member -> score Map plus the ordered B+tree (score-tree.ts), with the
// listpack/skiplist encoding Redis would report. Commands and argument parsing live in commands/zsets*.ts.
import type { EncodingLimits } from '../limits.js'
import type { RObject } from '../value.js'
import type { ScanOrder, ScanOrderHolder } from './scan-order.js'
import type { TreeCursor } from './score-cursor.js'
import { ScoreTree } from './score-tree.js'
import type { LexRange, ScoreRange } from './zrange.js'

export class ZSetValue implements RObject, ScanOrderHolder {
  readonly type = 'zset' as const
  /** member -> score; the tree holds the same pairs in order. */
  readonly dict = new Map<string, number>()
  readonly tree = new ScoreTree()
  /**
   * True while Redis would still hold this set as a listpack. One-way: once over the
   * zset-max-listpack-* limits it stays "skiplist" for the key's life, as in Redis.
   */
  private compact = true
  /** The member order of a ZSCAN in progress over a skiplist (scan-order.ts). */
  scanOrder: ScanOrder | null = null

  /** An empty set; `limits` is its server's object, read whenever the set grows. */
  constructor(private readonly limits: EncodingLimits) {}

  /** A set with this content, encoded as Redis would encode it under `limits`. */
  static fromEntries(entries: Iterable<[string, number]>, limits: EncodingLimits): ZSetValue {
    const z = new ZSetValue(limits)
    z.compact = false
    let maxLen = 0
    for (const [member, score] of entries) {
      const cur = z.dict.get(member)
      if (cur !== undefined) { z.update(member, cur, score); continue }
      z.insert(member, score)
      if (member.length > maxLen) maxLen = member.length
    }
    z.settleEncoding(maxLen)
    return z
  }

  /** A set loaded from a listpack payload: it stays one while its count fits (rdbLoadObject's rule). */
  static fromListpack(entries: Iterable<[string, number]>, limits: EncodingLimits): ZSetValue {
    const z = ZSetValue.fromEntries(entries, limits)
    z.settleEncoding(0)
    return z
  }

  /**
   * An empty set about to receive `lengthHint` members (-1 = unknown) through insert(): starts as a
   * skiplist when the hint is already past the entries limit, like ZRANGESTORE's destination.
   */
  static forLength(lengthHint: number, limits: EncodingLimits): ZSetValue {
    const z = new ZSetValue(limits)
    z.compact = lengthHint <= limits.zsetMaxListpackEntries
    return z
  }

  /**
   * Picks the encoding for a freshly built set (stores, RDB load): listpack when within limits.
   * Listpacks keep scores as text where an integer prints without sign, so -0 becomes 0.
   */
  settleEncoding(maxMemberLen: number): void {
    const limits = this.limits
    this.compact = this.dict.size <= limits.zsetMaxListpackEntries && maxMemberLen <= limits.zsetMaxListpackValue
    if (!this.compact) return
    this.tree.normalizeZeros()
    for (const [m, s] of this.dict) if (s === 0) this.dict.set(m, 0)
  }

  encoding(): string { return this.compact ? 'listpack' : 'skiplist' }

  /** True while encoded as a listpack (affects ZSCAN and ZRANDMEMBER shapes). */
  get isListpack(): boolean { return this.compact }

  size(): number { return this.dict.size }

  clone(): ZSetValue {
    const z = new ZSetValue(this.limits)
    z.compact = this.compact
    for (const c = this.tree.first(); c.valid; c.next()) z.insert(c.member, c.score)
    return z
  }

  /** [member, score] pairs in score order. */
  *entries(): IterableIterator<[string, number]> {
    for (const c = this.tree.first(); c.valid; c.next()) yield [c.member, c.score]
  }

  score(member: string): number | undefined {
    return this.dict.get(member)
  }

  /** Adds a member that is not present yet, converting to skiplist past the limits (zsetAdd). */
  insert(member: string, score: number): void {
    if (this.compact) {
      const limits = this.limits
      if (this.dict.size + 1 > limits.zsetMaxListpackEntries || member.length > limits.zsetMaxListpackValue) this.compact = false
      else if (score === 0) score = 0
    }
    this.addRaw(member, score)
  }

  /** Adds an absent member with its score as given; the caller settles the encoding afterwards. */
  addRaw(member: string, score: number): void {
    this.dict.set(member, score)
    this.tree.insert(score, member)
  }

  /** Moves a present member from its current score `cur` to `score`. */
  update(member: string, cur: number, score: number): void {
    if (this.compact && score === 0) score = 0
    this.dict.set(member, score)
    this.tree.move(member, cur, score)
  }

  /** Removes a member; false when absent. */
  remove(member: string): boolean {
    const score = this.dict.get(member)
    if (score === undefined) return false
    this.dict.delete(member)
    this.tree.delete(score, member)
    return true
  }

  /** 0-based rank of a member (from the end when `reverse`), or -1 when absent. */
  rank(member: string, reverse: boolean): number {
    const score = this.dict.get(member)
    if (score === undefined) return -1
    const r = this.tree.rankOf(score, member)
    return reverse ? this.tree.size - 1 - r : r
  }

  deleteScoreRange(r: ScoreRange): number { return this.tree.deleteScoreRange(r, this.dict) }
  deleteLexRange(r: LexRange): number { return this.tree.deleteLexRange(r, this.dict, this.compact) }

  /** The lex-range lookups as Redis's encoding does them: a walk on a listpack, a search on a skiplist. */
  firstInLexRange(r: LexRange): TreeCursor | null { return this.tree.firstInLexRange(r, this.compact) }
  lastInLexRange(r: LexRange): TreeCursor | null { return this.tree.lastInLexRange(r, this.compact) }
  /** Removes 0-based ranks start..end inclusive (already clamped by the caller). */
  deleteRankRange(start: number, end: number): number { return this.tree.deleteRankRange(start, end, this.dict) }
}
