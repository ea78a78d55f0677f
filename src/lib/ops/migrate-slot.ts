// Moving one hash slot between two masters, the way redis-cli does it: the target imports, the source
// migrates, keys go over with MIGRATE in batches, then every master is told the new owner (target
// first, then source, then the rest) so no client is sent back to a node that no longer has the slot.
import { formatAddr, local } from '../addr.js'
import { RclError } from '../errors.js'
import { connect, type NodeClient } from '../redis-client.js'
import type { ClusterNode } from '../view.js'

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
  /** Once aborted, no further slot is started: the slot in flight completes, then the move stops. */
  signal?: AbortSignal
}

/** redis-cli's defaults: 10 keys per MIGRATE, 60 s timeout, no REPLACE. */
export function migrateOptions(o: Partial<MigrateOptions>): MigrateOptions {
  return { pipeline: o.pipeline ?? 10, timeoutMs: o.timeoutMs ?? 60_000, replace: o.replace ?? false, signal: o.signal }
}

/**
 * Connections to every master of a cluster, for the operations that move slots between them
 * (reshard, rebalance, fix). Opened and closed by withSlotMover().
 */
export class SlotMover {
  /** The other masters' SETSLOT NODE replies, not waited for between slots. */
  private readonly pending: Array<Promise<unknown>> = []
  private slotsMoved = 0

  private constructor(private readonly masters: ClusterNode[], private readonly clients: Map<string, NodeClient>, readonly opts: MigrateOptions) {}

  static async open(masters: ClusterNode[], opts: MigrateOptions): Promise<SlotMover> {
    const clients = new Map<string, NodeClient>()
    try {
      for (const m of masters) clients.set(m.id, await connect(local(m.addr), { timeoutMs: opts.timeoutMs + 5000 }))
    } catch (e) {
      for (const c of clients.values()) c.close()
      throw e
    }
    return new SlotMover(masters, clients, opts)
  }

  client(id: string): NodeClient {
    const c = this.clients.get(id)
    if (c === undefined) throw new RclError('E_UNKNOWN_NODE', `No connection to master ${id}`)
    return c
  }

  /**
   * Moves `slot` with its keys from one master to another; resolves with the number of keys moved.
   * Once the options' signal is aborted, throws InterruptedError instead of starting the slot.
   */
  async move(slot: number, fromId: string, toId: string): Promise<number> {
    if (this.opts.signal?.aborted === true) {
      await this.settle()
      throw new InterruptedError(this.slotsMoved)
    }
    const to = this.masters.find((m) => m.id === toId) as ClusterNode
    const others = this.masters.filter((m) => m.id !== fromId && m.id !== toId).map((m) => this.client(m.id))
    const keys = await migrateSlot(slot, {
      source: { id: fromId, client: this.client(fromId) },
      target: { id: toId, host: local(to.addr).host, port: to.addr.port, client: this.client(toId) },
      others,
    }, this.opts, this.pending)
    this.slotsMoved++
    return keys
  }

  /** Waits until every master has acknowledged every new owner. */
  async settle(): Promise<void> {
    await Promise.all(this.pending.splice(0))
  }

  close(): void {
    for (const c of this.clients.values()) c.close()
  }
}

/** Runs `work` with a SlotMover over `masters`, settled when the work succeeds and closed always. */
export async function withSlotMover<T>(masters: ClusterNode[], opts: Partial<MigrateOptions>, work: (m: SlotMover) => Promise<T>): Promise<T> {
  const mover = await SlotMover.open(masters, migrateOptions(opts))
  try {
    const result = await work(mover)
    await mover.settle()
    return result
  } finally {
    mover.close()
  }
}

/** A move stopped on request (Ctrl-C) between two slots: every slot is where the cluster says it is. */
export class InterruptedError extends RclError {
  override readonly exitCode = 130

  constructor(readonly slotsMoved: number) {
    super('E_INTERRUPTED', `Interrupted after moving ${slotsMoved} slot${slotsMoved === 1 ? '' : 's'}; no slot is left open`, 'run the command again to move the rest')
  }
}

export class MigrateError extends RclError {
  constructor(slot: number, readonly reason: string) {
    super('E_MIGRATE', `Moving slot ${slot} failed: ${reason}`, 'the slot is left open: rcl fix finishes the move')
  }
}

/** Keys fetched per CLUSTER GETKEYSINSLOT: their MIGRATEs (of `pipeline` keys each) go out back to back. */
const FETCH_KEYS = 1000

/**
 * Moves `slot`; resolves with the number of keys moved. Setting IMPORTING and MIGRATING again is
 * harmless, so an interrupted move (fix) runs the same steps. The other masters learn the new owner
 * without being waited for here: their replies are collected in `pending` (settled before the
 * operation returns), which lets the next slot start one round trip sooner.
 */
export async function migrateSlot(slot: number, ends: SlotEnds, opts: MigrateOptions, pending: Array<Promise<unknown>>): Promise<number> {
  const { source, target } = ends
  await on(slot, target.client, 'CLUSTER', 'SETSLOT', slot, 'IMPORTING', source.id)
  await on(slot, source.client, 'CLUSTER', 'SETSLOT', slot, 'MIGRATING', target.id)
  let moved = 0
  for (;;) {
    const keys = (await on(slot, source.client, 'CLUSTER', 'GETKEYSINSLOT', slot, FETCH_KEYS)) as Buffer[]
    if (keys.length === 0) break
    const batches: Buffer[][] = []
    for (let i = 0; i < keys.length; i += opts.pipeline) batches.push(keys.slice(i, i + opts.pipeline))
    await Promise.all(batches.map((b) => migrateKeys(slot, b, ends, opts)))
    moved += keys.length
    // while the slot migrates, a key the source lacks is created on the target (ASK), so a short
    // batch was the last one
    if (keys.length < FETCH_KEYS) break
  }
  // the target first: once it owns the slot, the source's redirections point at a node that serves it
  await on(slot, target.client, 'CLUSTER', 'SETSLOT', slot, 'NODE', target.id)
  await on(slot, source.client, 'CLUSTER', 'SETSLOT', slot, 'NODE', target.id).catch((e: Error) => {
    // a master that hears (by gossip) that it lost its last slot becomes a replica of the new owner
    // (cluster-allow-replica-migration) and refuses SETSLOT: the slot is the target's all the same
    if (!/only with masters/.test(e.message)) throw e
  })
  pending.push(Promise.all(ends.others.map((c) => c.call('CLUSTER', 'SETSLOT', slot, 'NODE', target.id).catch(() => undefined))))
  return moved
}

/**
 * One command of a slot's move. Its failure (a node's error, or a node gone: "Connection is closed")
 * becomes a MigrateError naming the slot left open and the node.
 */
async function on(slot: number, c: NodeClient, ...args: Array<string | number | Buffer>): Promise<unknown> {
  try {
    return await c.callBuffer(...args)
  } catch (e) {
    throw new MigrateError(slot, `${formatAddr(c.addr)}: ${(e as Error).message}`)
  }
}

function migrateArgs(to: { host: string; port: number }, keys: Buffer[], timeoutMs: number, replace: boolean): Array<string | number | Buffer> {
  return ['MIGRATE', to.host, to.port, '', 0, timeoutMs, ...(replace ? ['REPLACE'] : []), 'KEYS', ...keys]
}

async function migrateKeys(slot: number, keys: Buffer[], ends: SlotEnds, opts: MigrateOptions): Promise<void> {
  try {
    await on(slot, ends.source.client, ...migrateArgs(ends.target, keys, opts.timeoutMs, opts.replace))
  } catch (e) {
    if (!/BUSYKEY/.test((e as Error).message) || opts.replace) throw e
    throw new MigrateError(slot, `${(e as MigrateError).reason} (a key of slot ${slot} already exists on ${formatAddr(ends.target)}; --replace overwrites it)`)
  }
}

/** The slot's owner, as returnKeys needs it: where MIGRATE sends keys, and a connection to compare values. */
export interface KeyOwner { host: string; port: number; client: NodeClient }

/**
 * Sends every key of `slot` held by a node that does not own it to the owner (fix). The holder has to
 * import the slot from the owner, and serves those keys only after ASKING, which precedes each command
 * on its connection. A key that exists on both sides is sent over the owner's copy only when the two
 * are byte-identical (DUMP) or `replace` is set; otherwise the move stops and names the keys.
 */
export async function returnKeys(slot: number, holder: NodeClient, owner: KeyOwner, opts: MigrateOptions): Promise<number> {
  let moved = 0
  for (;;) {
    const keys = (await holder.callBuffer('CLUSTER', 'GETKEYSINSLOT', slot, opts.pipeline)) as Buffer[]
    if (keys.length === 0) return moved
    try {
      await migrateAsking(holder, owner, keys, opts.timeoutMs, opts.replace)
    } catch (e) {
      const msg = (e as Error).message
      if (!/BUSYKEY/.test(msg) || opts.replace) throw new MigrateError(slot, msg)
      const differing = await differingKeys(holder, owner.client, keys)
      if (differing.length > 0) throw new ConflictingKeysError(slot, formatAddr(holder.addr), formatAddr(owner), differing)
      await migrateAsking(holder, owner, keys, opts.timeoutMs, true)
    }
    moved += keys.length
  }
}

async function migrateAsking(holder: NodeClient, owner: KeyOwner, keys: Buffer[], timeoutMs: number, replace: boolean): Promise<void> {
  await holder.call('ASKING')
  await holder.callBuffer(...migrateArgs(owner, keys, timeoutMs, replace))
}

/** Keys present on both nodes whose serialized values differ. */
async function differingKeys(holder: NodeClient, owner: NodeClient, keys: Buffer[]): Promise<Buffer[]> {
  const out: Buffer[] = []
  for (const k of keys) {
    const theirs = (await owner.callBuffer('DUMP', k)) as Buffer | null
    if (theirs === null) continue
    await holder.call('ASKING')
    const mine = (await holder.callBuffer('DUMP', k)) as Buffer | null
    if (mine !== null && !mine.equals(theirs)) out.push(k)
  }
  return out
}

export class ConflictingKeysError extends RclError {
  constructor(slot: number, holder: string, owner: string, keys: Buffer[]) {
    const names = keys.slice(0, 5).map((k) => JSON.stringify(k.toString('utf8'))).join(', ')
    super('E_KEY_CONFLICT', `Slot ${slot}: ${keys.length === 1 ? 'a key exists' : `${keys.length} keys exist`} on both ${holder} and ${owner} with different values (${names}${keys.length > 5 ? ', ...' : ''}); both copies are left where they are`,
      `--replace overwrites ${owner}'s copies with ${holder}'s`)
  }
}
