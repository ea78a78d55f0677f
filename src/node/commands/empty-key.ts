// Redis never keeps an empty list, hash, set or sorted set: the key goes with its last element.

import type { RObject } from '../keyspace/value.js'
import type { CommandContext } from './core/types.js'

/** Deletes an aggregate that became empty, with the "del" event Redis adds after the command's own. */
export function deleteIfEmpty(ctx: CommandContext, key: string, value: RObject): void {
  if (value.size() !== 0) return
  ctx.db.delete(key)
  ctx.notify('g', 'del', key)
}
