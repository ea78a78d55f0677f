// The cluster state as one node holds it (Redis's clusterState): known nodes, the slot table, open slots
// and the epochs, with the small operations that keep them consistent. No sockets, no timers: callers
// pass `now`. Message handling, failure detection and elections live in their own modules.
import { formatNodesLine, type NodesLine } from '../../common/nodes-line.js'
import {
  CLUSTER_SLOTS, type ClusterNode, clearNodeSlot, createClusterNode, flagsText, hasFlag, isReplica, NodeFlag,
  setNodeSlot,
} from './node.js'

/** Nodes, slots and epochs of one cluster node. */
export class ClusterState {
  /** Every known node by name, myself included, in the order they became known. */
  readonly nodes = new Map<string, ClusterNode>()
  /** The owner of each slot, null when unassigned. */
  readonly slots: Array<ClusterNode | null> = new Array<ClusterNode | null>(CLUSTER_SLOTS).fill(null)
  /** Slots this node is MIGRATING, to the given node (change them with setMigrating). */
  readonly migratingSlotsTo: ReadonlyArray<ClusterNode | null> = new Array<ClusterNode | null>(CLUSTER_SLOTS).fill(null)
  /** Slots this node is IMPORTING, from the given node (change them with setImporting). */
  readonly importingSlotsFrom: ReadonlyArray<ClusterNode | null> = new Array<ClusterNode | null>(CLUSTER_SLOTS).fill(null)
  /** Entries of the two arrays above that are set: nodes.conf is written on every SETSLOT, and with none
   * open its myself line needs no walk of 16384 slots for markers. */
  private openSlots = 0
  currentEpoch = 0
  lastVoteEpoch = 0
  /** Told of every slot that loses its owner (the server drops shard channels of slots it stops serving). */
  onSlotDeleted: ((slot: number, owner: ClusterNode) => void) | null = null

  /** `known` lists the nodes in the order to keep (myself among them); by default only myself. */
  constructor(readonly myself: ClusterNode, known: ClusterNode[] = [myself]) {
    myself.flags |= NodeFlag.MYSELF
    if (!known.includes(myself)) this.addNode(myself)
    for (const n of known) this.addNode(n)
  }

  /** A state for a node that has never met anyone: a master with the given name and no slots. */
  static fresh(name: string, now: number): ClusterState {
    return new ClusterState(createClusterNode(name, NodeFlag.MYSELF | NodeFlag.MASTER, now))
  }

  /** The node with this name (clusterLookupNode). */
  lookupNode(name: string): ClusterNode | undefined {
    return this.nodes.get(name)
  }

  /** Adds a node not yet known; a second node with the same name is a bug, so it throws. */
  addNode(node: ClusterNode): void {
    if (this.nodes.has(node.name)) throw new Error(`cluster node ${node.name} is already known`)
    this.nodes.set(node.name, node)
  }

  /**
   * Forgets a node: its slots become unassigned, open slots naming it are closed, and it leaves its
   * master's replica list; its own replicas keep no master (mirrors clusterDelNode + freeClusterNode).
   */
  delNode(node: ClusterNode): void {
    if (node === this.myself) throw new Error('cannot delete myself from the cluster state')
    for (let slot = 0; slot < CLUSTER_SLOTS; slot++) {
      if (this.importingSlotsFrom[slot] === node) this.setImporting(slot, null)
      if (this.migratingSlotsTo[slot] === node) this.setMigrating(slot, null)
      if (this.slots[slot] === node) this.delSlot(slot)
    }
    if (node.master !== null) removeReplica(node.master, node)
    for (const r of node.replicas) r.master = null
    node.replicas = []
    this.nodes.delete(node.name)
  }

  /** Gives a node its real name once its handshake completes, or myself a new one (clusterRenameNode). */
  renameNode(node: ClusterNode, name: string): void {
    if (this.nodes.get(node.name) !== node) throw new Error(`cluster node ${node.name} is not known`)
    if (this.nodes.has(name)) throw new Error(`cluster node ${name} is already known`)
    this.nodes.delete(node.name)
    node.name = name
    this.nodes.set(name, node)
  }

  /** Assigns an unassigned slot to `node`; false if the slot already has an owner. */
  addSlot(node: ClusterNode, slot: number): boolean {
    if (this.slots[slot] !== null) return false
    setNodeSlot(node, slot)
    this.slots[slot] = node
    return true
  }

  /** Unassigns a slot; false if it was unassigned already. */
  delSlot(slot: number): boolean {
    const owner = this.slots[slot]
    if (owner === null) return false
    clearNodeSlot(owner, slot)
    this.slots[slot] = null
    this.onSlotDeleted?.(slot, owner)
    return true
  }

  /** Unassigns every slot of `node`; returns how many it had. */
  delNodeSlots(node: ClusterNode): number {
    let deleted = 0
    for (let slot = 0; slot < CLUSTER_SLOTS; slot++) if (this.slots[slot] === node && this.delSlot(slot)) deleted++
    return deleted
  }

  /** Clears every MIGRATING and IMPORTING state (clusterCloseAllSlots). */
  closeAllSlots(): void {
    ;(this.migratingSlotsTo as Array<ClusterNode | null>).fill(null)
    ;(this.importingSlotsFrom as Array<ClusterNode | null>).fill(null)
    this.openSlots = 0
  }

  /** Marks the slot MIGRATING to `to`, or ends that (null). */
  setMigrating(slot: number, to: ClusterNode | null): void {
    this.setOpen(this.migratingSlotsTo as Array<ClusterNode | null>, slot, to)
  }

  /** Marks the slot IMPORTING from `from`, or ends that (null). */
  setImporting(slot: number, from: ClusterNode | null): void {
    this.setOpen(this.importingSlotsFrom as Array<ClusterNode | null>, slot, from)
  }

  private setOpen(table: Array<ClusterNode | null>, slot: number, node: ClusterNode | null): void {
    this.openSlots += (node !== null ? 1 : 0) - (table[slot] !== null ? 1 : 0)
    table[slot] = node
  }

  /**
   * Makes `node` a replica of `master`. For myself this also drops my slots and open slots, as a node
   * that starts replicating serves nothing of its own (mirrors clusterSetMaster).
   */
  setNodeAsReplica(node: ClusterNode, master: ClusterNode): void {
    if (node === master) throw new Error('a node cannot replicate itself')
    if (node.master !== null) removeReplica(node.master, node)
    if (node === this.myself) {
      this.delNodeSlots(node)
      this.closeAllSlots()
    }
    node.flags = (node.flags & ~(NodeFlag.MASTER | NodeFlag.MIGRATE_TO)) | NodeFlag.SLAVE
    node.master = master
    if (!master.replicas.includes(node)) master.replicas.push(node)
  }

  /**
   * Makes `node` a master (clusterSetNodeAsMaster). A former replica gets MIGRATE_TO, since its old
   * master had replicas and so it is a valid target for replica migration.
   */
  setNodeAsMaster(node: ClusterNode): void {
    if (hasFlag(node, NodeFlag.MASTER)) return
    if (node.master !== null) {
      removeReplica(node.master, node)
      if (node !== this.myself) node.flags |= NodeFlag.MIGRATE_TO
    }
    node.flags = (node.flags & ~NodeFlag.SLAVE) | NodeFlag.MASTER
    node.master = null
  }

  /** The configEpoch a node advertises: a replica's is its master's. */
  nodeEpoch(node: ClusterNode): number {
    return isReplica(node) && node.master !== null ? node.master.configEpoch : node.configEpoch
  }

  /** The greatest configEpoch known, or currentEpoch if larger (clusterGetMaxEpoch). */
  maxEpoch(): number {
    let max = this.currentEpoch
    for (const n of this.nodes.values()) if (n.configEpoch > max) max = n.configEpoch
    return max
  }

  /**
   * The CLUSTER NODES text: one `\n`-terminated line per node, nodes carrying any flag in `filter` left
   * out (nodes.conf passes HANDSHAKE).
   */
  nodesDescription(filter = 0): string {
    const runs = this.slotRuns()
    let out = ''
    for (const node of this.nodes.values()) {
      if ((node.flags & filter) !== 0) continue
      out += this.describeNode(node, runs.get(node) ?? []) + '\n'
    }
    return out
  }

  /** One node as a NodesLine, its slots given as runs of the slot table. */
  nodeLine(node: ClusterNode, slots: Array<[number, number]>): NodesLine {
    const line: NodesLine = {
      id: node.name, ip: node.ip, port: node.port, cport: node.cport, hostname: node.hostname === '' ? null : node.hostname,
      flags: flagsText(node.flags).split(','), masterId: node.master?.name ?? null,
      pingSent: node.pingSent, pongRecv: node.pongReceived, configEpoch: this.nodeEpoch(node),
      linkState: node === this.myself || node.linked ? 'connected' : 'disconnected',
      slots, migrating: [], importing: [],
    }
    if (node === this.myself) this.addOpenSlots(line)
    return line
  }

  /**
   * Slot runs of every owner, read from each owner's slot bitmap a byte at a time (a node's bitmap is
   * its share of the slot table): bytes all clear or all set, the common case, cost one look each.
   */
  slotRuns(): Map<ClusterNode, Array<[number, number]>> {
    const runs = new Map<ClusterNode, Array<[number, number]>>()
    for (const node of this.nodes.values()) if (node.numSlots > 0) runs.set(node, bitmapRuns(node.slots))
    return runs
  }

  private describeNode(node: ClusterNode, slots: Array<[number, number]>): string {
    return formatLine(this.nodeLine(node, slots))
  }

  /** MIGRATING / IMPORTING markers, printed only on the myself line; migrating wins for a slot in both. */
  private addOpenSlots(line: NodesLine): void {
    if (this.openSlots === 0) return
    for (let slot = 0; slot < CLUSTER_SLOTS; slot++) {
      const to = this.migratingSlotsTo[slot]
      const from = this.importingSlotsFrom[slot]
      if (to !== null) line.migrating.push({ slot, to: to.name })
      else if (from !== null) line.importing.push({ slot, from: from.name })
    }
  }
}

/** The runs of set bits in a slot bitmap, as [first, last] slot pairs in slot order. */
export function bitmapRuns(bits: Uint8Array): Array<[number, number]> {
  const out: Array<[number, number]> = []
  let start = -1
  for (let i = 0; i < bits.length; i++) {
    const b = bits[i]
    if (b === 0xff) {
      if (start < 0) start = i << 3
    } else if (b === 0) {
      if (start >= 0) { out.push([start, (i << 3) - 1]); start = -1 }
    } else {
      for (let k = 0; k < 8; k++) {
        const slot = (i << 3) + k
        if ((b & (1 << k)) !== 0) { if (start < 0) start = slot } else if (start >= 0) { out.push([start, slot - 1]); start = -1 }
      }
    }
  }
  if (start >= 0) out.push([start, (bits.length << 3) - 1])
  return out
}

function removeReplica(master: ClusterNode, replica: ClusterNode): void {
  const i = master.replicas.indexOf(replica)
  if (i >= 0) master.replicas.splice(i, 1)
  replica.master = null
}

/** A NodesLine in Redis's byte layout (open-slot markers in slot order). */
export function formatLine(line: NodesLine): string {
  return formatNodesLine(line, { markersBySlot: true })
}
