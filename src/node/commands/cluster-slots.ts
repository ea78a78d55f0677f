// The CLUSTER subcommands that assign slots and open or close migrations: ADDSLOTS(RANGE),
// DELSLOTS(RANGE), FLUSHSLOTS and SETSLOT, with Redis 7.0's checks in its order and its error texts.
import type { ClusterMode } from '../cluster/cluster-mode.js'
import { CLUSTER_SLOTS, type ClusterNode, isReplica } from '../cluster/node.js'
import { err } from '../resp/errors.js'
import { OK, type Reply } from '../resp/types.js'
import { parseIntStrict } from '../util/int.js'
import type { CommandContext } from './core/types.js'
import { clusterOf } from './cluster.js'

const INVALID_SLOT = err('Invalid or out of range slot')
const SETSLOT_SYNTAX = err('Invalid CLUSTER SETSLOT action or number of arguments. Try CLUSTER HELP')

/** getSlotOrReply(): a slot number in 0..16383. */
function readSlot(s: string): number {
  const n = parseIntStrict(s)
  if (n === null || n < 0 || n >= CLUSTER_SLOTS) throw INVALID_SLOT
  return n
}

/**
 * Checks every slot as Redis does, in argument order: unassigned for DEL, busy for ADD, then named
 * twice. Nothing changes unless every slot passes.
 */
function checkSlots(cluster: ClusterMode, slots: number[], del: boolean): void {
  const seen = new Set<number>()
  for (const slot of slots) {
    const owner = cluster.state.slots[slot]
    if (del && owner === null) throw err(`Slot ${slot} is already unassigned`)
    if (!del && owner !== null) throw err(`Slot ${slot} is already busy`)
    if (seen.has(slot)) throw err(`Slot ${slot} specified multiple times`)
    seen.add(slot)
  }
}

function applySlots(cluster: ClusterMode, slots: number[], del: boolean, reason: string): Reply {
  checkSlots(cluster, slots, del)
  const { state } = cluster
  for (const slot of slots) {
    if (del) {
      state.delSlot(slot)
    } else {
      // taking a slot ends its import: it is ours now
      state.setImporting(slot, null)
      state.addSlot(state.myself, slot)
    }
  }
  cluster.bus.changed(reason)
  return OK
}

/** The slot runs of ADDSLOTSRANGE/DELSLOTSRANGE, expanded (pairs of start end). */
function readRanges(argv: string[]): number[] {
  if (argv.length % 2 === 1) throw err(`wrong number of arguments for 'cluster|${argv[1].toLowerCase()}' command`)
  const slots: number[] = []
  for (let i = 2; i < argv.length; i += 2) {
    const start = readSlot(argv[i])
    const end = readSlot(argv[i + 1])
    if (start > end) throw err(`start slot number ${start} is greater than end slot number ${end}`)
    for (let s = start; s <= end; s++) slots.push(s)
  }
  return slots
}

/** CLUSTER ADDSLOTS slot [slot ...] */
export function clusterAddslotsCommand(ctx: CommandContext, argv: string[]): Reply {
  return applySlots(clusterOf(ctx), argv.slice(2).map(readSlot), false, 'CLUSTER ADDSLOTS')
}

/** CLUSTER DELSLOTS slot [slot ...] */
export function clusterDelslotsCommand(ctx: CommandContext, argv: string[]): Reply {
  return applySlots(clusterOf(ctx), argv.slice(2).map(readSlot), true, 'CLUSTER DELSLOTS')
}

/** CLUSTER ADDSLOTSRANGE start end [start end ...] */
export function clusterAddslotsrangeCommand(ctx: CommandContext, argv: string[]): Reply {
  return applySlots(clusterOf(ctx), readRanges(argv), false, 'CLUSTER ADDSLOTSRANGE')
}

/** CLUSTER DELSLOTSRANGE start end [start end ...] */
export function clusterDelslotsrangeCommand(ctx: CommandContext, argv: string[]): Reply {
  return applySlots(clusterOf(ctx), readRanges(argv), true, 'CLUSTER DELSLOTSRANGE')
}

/** CLUSTER FLUSHSLOTS */
export function clusterFlushslotsCommand(ctx: CommandContext): Reply {
  const cluster = clusterOf(ctx)
  if (ctx.server.dbs[0].size !== 0) throw err('DB must be empty to perform CLUSTER FLUSHSLOTS.')
  cluster.state.delNodeSlots(cluster.myself)
  cluster.bus.changed('CLUSTER FLUSHSLOTS')
  return OK
}

/** CLUSTER SETSLOT slot IMPORTING node-id | MIGRATING node-id | STABLE | NODE node-id */
export function clusterSetslotCommand(ctx: CommandContext, argv: string[]): Reply {
  const cluster = clusterOf(ctx)
  if (isReplica(cluster.myself)) throw err('Please use SETSLOT only with masters.')
  const slot = readSlot(argv[2])
  const action = argv[3].toLowerCase()
  const wantsNode = action === 'migrating' || action === 'importing' || action === 'node'
  if (argv.length !== (wantsNode ? 5 : 4) || (!wantsNode && action !== 'stable')) throw SETSLOT_SYNTAX
  if (action === 'migrating') return setMigrating(cluster, slot, argv[4])
  if (action === 'importing') return setImporting(cluster, slot, argv[4])
  if (action === 'stable') {
    cluster.state.setMigrating(slot, null)
    cluster.state.setImporting(slot, null)
    cluster.bus.changed('CLUSTER SETSLOT STABLE')
    return OK
  }
  return setNode(ctx, cluster, slot, argv[4])
}

function masterNamed(cluster: ClusterMode, name: string, unknown: string): ClusterNode {
  const node = cluster.state.lookupNode(name)
  if (node === undefined) throw err(unknown)
  if (isReplica(node)) throw err('Target node is not a master')
  return node
}

function setMigrating(cluster: ClusterMode, slot: number, name: string): Reply {
  if (cluster.state.slots[slot] !== cluster.myself) throw err(`I'm not the owner of hash slot ${slot}`)
  cluster.state.setMigrating(slot, masterNamed(cluster, name, `I don't know about node ${name}`))
  cluster.bus.changed('CLUSTER SETSLOT MIGRATING')
  return OK
}

function setImporting(cluster: ClusterMode, slot: number, name: string): Reply {
  if (cluster.state.slots[slot] === cluster.myself) throw err(`I'm already the owner of hash slot ${slot}`)
  cluster.state.setImporting(slot, masterNamed(cluster, name, `I don't know about node ${name}`))
  cluster.bus.changed('CLUSTER SETSLOT IMPORTING')
  return OK
}

/**
 * SETSLOT NODE: the slot's owner becomes `name`. A node that still holds keys of the slot cannot give
 * it away; an import into myself ends with a configEpoch bump (no consensus) that every node hears at
 * once (a PONG to all), and a migration away ends once its keys are gone.
 */
function setNode(ctx: CommandContext, cluster: ClusterMode, slot: number, name: string): Reply {
  const { state, myself } = cluster
  const node = state.lookupNode(name)
  if (node === undefined) throw err(`Unknown node ${name}`)
  if (isReplica(node)) throw err('Target node is not a master')
  const keys = ctx.server.dbs[0].slotIndex?.count(slot) ?? 0
  if (state.slots[slot] === myself && node !== myself && keys !== 0) {
    throw err(`Can't assign hashslot ${slot} to a different node while I still hold keys for this hash slot.`)
  }
  if (keys === 0 && state.migratingSlotsTo[slot] !== null) state.setMigrating(slot, null)
  const importedHere = node === myself && state.importingSlotsFrom[slot] !== null
  state.delSlot(slot)
  state.addSlot(node, slot)
  if (importedHere) {
    state.setImporting(slot, null)
    // clusterBumpConfigEpochWithoutConsensus(): the same rule as BUMPEPOCH
    if (cluster.bus.bumpEpoch().bumped) ctx.server.log.warning(`configEpoch updated after importing slot ${slot}`)
  }
  // as Redis: only the node that just imported the slot tells everyone at once (a PONG to all); the
  // others' SETSLOT NODE is local, and a reshard sends it to every master for every slot
  cluster.bus.changed('CLUSTER SETSLOT NODE', importedHere)
  return OK
}
