// Typed lookups the hash command files share (hashes.ts, hashes-more.ts): kept apart so neither
// family file imports the other.
import { HashValue } from '../keyspace/types/hash.js'
import { WRONGTYPE } from '../resp/errors.js'
import type { CommandContext } from './core/types.js'

/** The hash at `key` for a read command (counts a keyspace hit/miss); WRONGTYPE for other types. */
export function readHash(ctx: CommandContext, key: string): HashValue | undefined {
  const v = ctx.db.lookupRead(key)
  if (v === undefined) return undefined
  if (typeof v === 'string' || v.type !== 'hash') throw WRONGTYPE
  return v as HashValue
}

/** The hash at `key` for a write, created empty (and stored) when missing; WRONGTYPE for other types. */
export function writableHash(ctx: CommandContext, key: string): HashValue {
  let h = ctx.db.getObject<HashValue>(key, 'hash')
  if (h === undefined) {
    h = new HashValue(ctx.db.limits)
    ctx.db.set(key, h)
  }
  return h
}
