// Typed lookups the set command files share (sets.ts, sets-random.ts): kept apart so neither
// family file imports the other.
import type { SetValue } from '../keyspace/types/set.js'
import { WRONGTYPE } from '../resp/errors.js'
import type { CommandContext } from './core/types.js'

/** The set at `key` for a read command (counts a keyspace hit/miss); WRONGTYPE for other types. */
export function readSet(ctx: CommandContext, key: string): SetValue | undefined {
  const v = ctx.db.lookupRead(key)
  if (v === undefined) return undefined
  if (typeof v === 'string' || v.type !== 'set') throw WRONGTYPE
  return v as SetValue
}
