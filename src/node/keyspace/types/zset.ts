// ZSetValue: a sorted set as a member -> node Map plus the skiplist ordering (skiplist.ts), with the
// listpack/skiplist encoding Redis would report. Commands and argument parsing live in commands/zsets*.ts.
import { limits } from '../limits.js'
import type { RObject } from '../value.js'
import type { ScanOrder, ScanOrderHolder } from './scan-order.js'
import { SkipList, ZNode, type LexRange, type ScoreRange } from './skiplist.js'

export class ZSetValue implements RObject, ScanOrderHolder {
  readonly type = 'zset' as const
  readonly dict = new Map<string, ZNode>()
  readonly zsl = new SkipList()
  /**
   * True while Redis would still hold this set as a listpack. One-way: once over the
   * zset-max-listpack-* limits it stays "skiplist" for the key's life, as in Redis.
   */
  private compact = true
  /** The member order of a ZSCAN in progress over a skiplist (scan-order.ts). */
  scanOrder: ScanOrder | null = null

  /** A set with this content, encoded as Redis would encode it under the current limits. */
  static fromEntries(entries: Iterable<[string, number]>): ZSetValue {
    const z = new ZSetValue()
    z.compact = false
    let maxLen = 0
    for (const [member, score] of entries) {
      const node = z.dict.get(member)
      if (node !== undefined) { z.zsl.updateScore(node, score); continue }
      z.dict.set(member, z.zsl.insert(score, member))
      if (member.length > maxLen) maxLen = member.length
    }
    z.settleEncoding(maxLen)
    return z
  }

  /**
   * An empty set about to receive `lengthHint` members (-1 = unknown) through insert(): starts as a
   * skiplist when the hint is already past the entries limit, like ZRANGESTORE's destination.
   */
  static forLength(lengthHint: number): ZSetValue {
    const z = new ZSetValue()
    z.compact = lengthHint <= limits.zsetMaxListpackEntries
    return z
  }

  /**
   * Picks the encoding for a freshly built set (stores, RDB load): listpack when within limits.
   * Listpacks keep scores as text where an integer prints without sign, so -0 becomes 0.
   */
  settleEncoding(maxMemberLen: number): void {
    this.compact = this.dict.size <= limits.zsetMaxListpackEntries && maxMemberLen <= limits.zsetMaxListpackValue
    if (!this.compact) return
    for (let n = this.zsl.first; n !== null; n = n.next) if (n.score === 0) n.score = 0
  }

  encoding(): string { return this.compact ? 'listpack' : 'skiplist' }

  /** True while encoded as a listpack (affects ZSCAN and ZRANDMEMBER shapes). */
  get isListpack(): boolean { return this.compact }

  size(): number { return this.dict.size }

  clone(): ZSetValue {
    const z = new ZSetValue()
    z.compact = this.compact
    for (let n = this.zsl.first; n !== null; n = n.next) z.dict.set(n.member, z.zsl.insert(n.score, n.member))
    return z
  }

  /** [member, score] pairs in score order. */
  *entries(): IterableIterator<[string, number]> {
    for (let n = this.zsl.first; n !== null; n = n.next) yield [n.member, n.score]
  }

  score(member: string): number | undefined {
    return this.dict.get(member)?.score
  }

  /** Adds a member that is not present yet, converting to skiplist past the limits (zsetAdd). */
  insert(member: string, score: number): void {
    if (this.compact) {
      if (this.dict.size + 1 > limits.zsetMaxListpackEntries || member.length > limits.zsetMaxListpackValue) this.compact = false
      else if (score === 0) score = 0
    }
    this.dict.set(member, this.zsl.insert(score, member))
  }

  /** Changes the score of a present member. */
  update(node: ZNode, score: number): void {
    if (this.compact && score === 0) score = 0
    this.zsl.updateScore(node, score)
  }

  /** Removes a member; false when absent. */
  remove(member: string): boolean {
    const node = this.dict.get(member)
    if (node === undefined) return false
    this.dict.delete(member)
    this.zsl.delete(node.score, member)
    return true
  }

  /** 0-based rank of a member (from the end when `reverse`), or -1 when absent. */
  rank(member: string, reverse: boolean): number {
    const node = this.dict.get(member)
    if (node === undefined) return -1
    const r = this.zsl.getRank(node.score, member)
    return reverse ? this.zsl.length - r : r - 1
  }

  deleteScoreRange(r: ScoreRange): number { return this.zsl.deleteScoreRange(r, this.dict) }
  deleteLexRange(r: LexRange): number { return this.zsl.deleteLexRange(r, this.dict) }
  /** Removes 0-based ranks start..end inclusive (already clamped by the caller). */
  deleteRankRange(start: number, end: number): number { return this.zsl.deleteRankRange(start + 1, end + 1, this.dict) }
}
