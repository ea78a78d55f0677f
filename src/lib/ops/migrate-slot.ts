// Moving one hash slot between two masters, the way redis-cli does it: the target imports, the source
// migrates, keys go over with MIGRATE in batches, then every master is told the new owner (target
// first, then source, then the rest) so no client is sent back to a node that no longer has the slot.
import { formatAddr } from '../addr.js'
import { RclError } from '../errors.js'
import type { NodeClient } from '../redis-client.js'

export interface SlotEnds {
  source: { id: string; client: NodeClient }
  target: { id: string; host: string; port: number; client: NodeClient }
  /** Every other master, to learn the new owner. */
  others: NodeClient[]
}

export interface MigrateOptions {
  /** Keys per MIGRATE (redis-cli's --cluster-pipeline, default 10). */
  pipeline: number
  /** MIGRATE timeout, ms. */
  timeoutMs: number
  /** MIGRATE ... REPLACE: overwrite keys that already exist on the target. */
  replace: boolean
}

export class MigrateError extends RclError {
  constructor(slot: number, reason: string) {
    super('E_MIGRATE', `Moving slot ${slot} failed: ${reason}`, 'the slot is left open: rcl fix finishes the move')
  }
}

/** Keys fetched per CLUSTER GETKEYSINSLOT: their MIGRATEs (of `pipeline` keys each) go out back to back. */
const FETCH_KEYS = 1000

/**
 * Moves `slot`; resolves with the number of keys moved. Setting IMPORTING and MIGRATING again is
 * harmless, so an interrupted move (fix) runs the same steps. The other masters learn the new owner
 * without being waited for here: their replies are collected in `pending` (await them before
 * returning to the user), which lets the next slot start one round trip sooner.
 */
export async function migrateSlot(slot: number, ends: SlotEnds, opts: MigrateOptions, onKeys?: (n: number) => void, pending?: Array<Promise<unknown>>): Promise<number> {
  const { source, target } = ends
  await target.client.call('CLUSTER', 'SETSLOT', slot, 'IMPORTING', source.id)
  await source.client.call('CLUSTER', 'SETSLOT', slot, 'MIGRATING', target.id)
  let moved = 0
  for (;;) {
    const keys = (await source.client.callBuffer('CLUSTER', 'GETKEYSINSLOT', slot, FETCH_KEYS)) as Buffer[]
    if (keys.length === 0) break
    const batches: Buffer[][] = []
    for (let i = 0; i < keys.length; i += opts.pipeline) batches.push(keys.slice(i, i + opts.pipeline))
    await Promise.all(batches.map((b) => migrateKeys(slot, b, ends, opts)))
    moved += keys.length
    onKeys?.(keys.length)
    // while the slot migrates, a key the source lacks is created on the target (ASK), so a short
    // batch was the last one
    if (keys.length < FETCH_KEYS) break
  }
  // the target first: once it owns the slot, the source's redirections point at a node that serves it
  await target.client.call('CLUSTER', 'SETSLOT', slot, 'NODE', target.id)
  await source.client.call('CLUSTER', 'SETSLOT', slot, 'NODE', target.id)
  const others = Promise.all(ends.others.map((c) => c.call('CLUSTER', 'SETSLOT', slot, 'NODE', target.id).catch(() => undefined)))
  if (pending === undefined) await others
  else pending.push(others)
  return moved
}

async function migrateKeys(slot: number, keys: Buffer[], ends: SlotEnds, opts: MigrateOptions): Promise<void> {
  const { target } = ends
  const args: Array<string | number | Buffer> = ['MIGRATE', target.host, target.port, '', 0, opts.timeoutMs]
  if (opts.replace) args.push('REPLACE')
  args.push('KEYS', ...keys)
  try {
    await ends.source.client.callBuffer(...args)
  } catch (e) {
    const msg = (e as Error).message
    if (/BUSYKEY/.test(msg) && !opts.replace) {
      throw new MigrateError(slot, `${msg} (a key of slot ${slot} already exists on ${formatAddr(target)}; --replace overwrites it)`)
    }
    throw new MigrateError(slot, msg)
  }
}

/**
 * Sends every key of `slot` held by a node that does not own it back to the owner (fix, case 2). The
 * holder only serves those keys after ASKING, which has to precede each MIGRATE on its connection.
 */
export async function returnKeys(slot: number, holder: NodeClient, owner: { host: string; port: number }, opts: MigrateOptions): Promise<number> {
  let moved = 0
  for (;;) {
    const keys = (await holder.callBuffer('CLUSTER', 'GETKEYSINSLOT', slot, opts.pipeline)) as Buffer[]
    if (keys.length === 0) return moved
    await holder.call('ASKING')
    const args: Array<string | number | Buffer> = ['MIGRATE', owner.host, owner.port, '', 0, opts.timeoutMs]
    if (opts.replace) args.push('REPLACE')
    try {
      await holder.callBuffer(...args, 'KEYS', ...keys)
    } catch (e) {
      throw new MigrateError(slot, (e as Error).message)
    }
    moved += keys.length
  }
}
