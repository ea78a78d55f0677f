// Slot ownership and epochs as messages change them: a higher configEpoch claiming slots wins them
// (clusterUpdateSlotsConfigWith), two masters with one configEpoch part ways (the collision rule),
// myself turning into a replica, and failure reports gossiped about other nodes.
import { bitCount8, lowestBit } from './bus-types.js'
import { type ClusterCore, TODO } from './cluster-core.js'
import { type ClusterNode, hasFlag, isMaster, isReplica, NodeFlag } from './node.js'

/** Myself replicates `master` from now on (clusterSetMaster); the server starts replication via the hook. */
export function setMyMaster(core: ClusterCore, master: ClusterNode): void {
  core.state.setNodeAsReplica(core.myself, master)
  core.hooks.onMasterChanged(master)
}

/**
 * Applies a master's claim on slots at `epoch` (from its header or an UPDATE). A slot moves to it when
 * unassigned, unclaimed by its owner, or owned at a lower configEpoch; IMPORTING slots stay as they
 * are. If that takes my (or my master's) last slot, I follow the new owner as a replica.
 */
export function updateSlotsConfigWith(core: ClusterCore, sender: ClusterNode, epoch: number, slots: Uint8Array): void {
  const { state, myself } = core
  if (sender === myself) {
    core.log('notice', 'Discarding UPDATE message about myself.')
    return
  }
  const curMaster = isMaster(myself) ? myself : myself.master
  let newMaster: ClusterNode | null = null
  let migrated = 0
  let claimed = 0
  const dirty: number[] = []
  // a byte at a time: the slots the sender already owns only update the not-claiming marks, so the
  // per-slot rules run for the claimed slots owned by someone else, usually none or a handful
  for (let i = 0; i < slots.length; i++) {
    const claim = slots[i]
    const owned = sender.slots[i]
    core.ownerNotClaiming[i] = (core.ownerNotClaiming[i] | (owned & ~claim)) & ~(owned & claim)
    claimed += bitCount8(claim)
    for (let rest = claim & ~owned; rest !== 0; rest &= rest - 1) {
      const slot = (i << 3) + lowestBit(rest)
      const owner = state.slots[slot]
      if (state.importingSlotsFrom[slot] !== null) continue
      if (owner !== null && !core.unclaimed(slot) && owner.configEpoch >= epoch) continue
      if (owner === myself && (core.hooks.countKeysInSlot?.(slot) ?? 0) > 0) dirty.push(slot)
      if (owner !== null && owner === curMaster) {
        newMaster = sender
        migrated++
      }
      core.delSlot(slot)
      state.addSlot(sender, slot)
      core.later(TODO.UPDATE_STATE | TODO.SAVE | TODO.FSYNC, 'slots reassigned')
    }
  }
  afterSlotsMoved(core, sender, newMaster, curMaster, claimed === migrated, dirty)
}

function afterSlotsMoved(core: ClusterCore, sender: ClusterNode, newMaster: ClusterNode | null, curMaster: ClusterNode | null, allWereOurs: boolean, dirty: number[]): void {
  const me = core.myself
  if (newMaster !== null && curMaster !== null && curMaster.numSlots === 0 && (core.cfg.allowReplicaMigration || allWereOurs)) {
    core.log('notice', `Configuration change detected. Reconfiguring myself as a replica of ${sender.name}`)
    setMyMaster(core, sender)
    core.later(TODO.UPDATE_STATE | TODO.SAVE | TODO.FSYNC, 'became a replica')
  } else if (me.master !== null && me.master.master !== null && me.master.master !== me) {
    const grand = me.master.master
    core.log('notice', `I'm a sub-replica! Reconfiguring myself as a replica of grandmaster ${grand.name}`)
    setMyMaster(core, grand)
    core.later(TODO.UPDATE_STATE | TODO.SAVE | TODO.FSYNC, 'became a replica of the grandmaster')
  } else if (dirty.length > 0) {
    for (const slot of dirty) core.hooks.delKeysInSlot?.(slot)
  }
}

/**
 * Two masters with the same configEpoch: the one with the smaller name takes a new epoch, so every
 * master ends up with a distinct one (clusterHandleConfigEpochCollision).
 */
export function handleEpochCollision(core: ClusterCore, sender: ClusterNode): void {
  const me = core.myself
  if (sender.configEpoch !== me.configEpoch || !isMaster(sender) || !isMaster(me)) return
  if (sender.name <= me.name) return
  core.state.currentEpoch++
  me.configEpoch = core.state.currentEpoch
  core.later(TODO.SAVE | TODO.FSYNC, 'configEpoch collision')
  core.log('verbose', `WARNING: configEpoch collision with node ${sender.name}. configEpoch set to ${me.configEpoch}`)
}

/** Records or refreshes `reporter`'s report that `node` is failing; true when it is a new one. */
export function addFailureReport(core: ClusterCore, node: ClusterNode, reporter: ClusterNode, now: number): boolean {
  const reports = core.nrt(node).failReports
  const fresh = !reports.has(reporter)
  reports.set(reporter, now)
  return fresh
}

/** Valid failure reports about a node: those newer than twice the node timeout (older ones are dropped). */
export function countFailureReports(core: ClusterCore, node: ClusterNode, now: number): number {
  const reports = core.nrt(node).failReports
  const maxAge = core.cfg.nodeTimeoutMs * 2
  for (const [reporter, at] of reports) if (now - at > maxAge) reports.delete(reporter)
  return reports.size
}

/**
 * A PONG from a node flagged FAIL: replicas and masters without slots are back at once; a master
 * with slots only when nobody took them over within twice the node timeout (clearNodeFailureIfNeeded).
 */
export function clearFailureIfNeeded(core: ClusterCore, node: ClusterNode, now: number): void {
  if (!hasFlag(node, NodeFlag.FAIL)) return
  if (isReplica(node) || node.numSlots === 0) {
    core.log('notice', `Clear FAIL state for node ${node.name}: ${isReplica(node) ? 'replica' : 'master without slots'} is reachable again.`)
  } else if (now - node.failTime > core.cfg.nodeTimeoutMs * 2) {
    core.log('notice', `Clear FAIL state for node ${node.name}: is reachable again and nobody is serving its slots after some time.`)
  } else return
  node.flags &= ~NodeFlag.FAIL
  core.later(TODO.UPDATE_STATE | TODO.SAVE, 'FAIL cleared')
}
