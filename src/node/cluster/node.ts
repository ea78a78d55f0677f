// One cluster node as this node knows it (Redis's clusterNode): plain data plus the flag bits and their
// printed names. No links or sockets live here; the bus adapter only flips `linked`.
import { randomBytes } from 'node:crypto'
import { CLUSTER_SLOTS } from '../../common/key-slot.js'
// the flag bits are wire facts: one table, the codec's, which state and commands read too
import { CLUSTER_NAMELEN, NodeFlag } from './bus-types.js'

export { CLUSTER_NAMELEN, CLUSTER_SLOTS, NodeFlag }

/** The printable flags in CLUSTER NODES order (MEET and MIGRATE_TO are never printed). */
export const PRINTED_FLAGS: ReadonlyArray<readonly [number, string]> = [
  [NodeFlag.MYSELF, 'myself'],
  [NodeFlag.MASTER, 'master'],
  [NodeFlag.SLAVE, 'slave'],
  [NodeFlag.PFAIL, 'fail?'],
  [NodeFlag.FAIL, 'fail'],
  [NodeFlag.HANDSHAKE, 'handshake'],
  [NodeFlag.NOADDR, 'noaddr'],
  [NodeFlag.NOFAILOVER, 'nofailover'],
]

/** A node of the cluster, including myself. Times are unix milliseconds, 0 meaning "never". */
export interface ClusterNode {
  /** 40 hex characters; a random one while in HANDSHAKE. */
  name: string
  /** Creation time (handshake nodes expire relative to it). */
  ctime: number
  flags: number
  ip: string
  port: number
  cport: number
  /** Announced hostname, '' when none (Redis keeps an empty string too). */
  hostname: string
  /** The master of a replica (Redis's slaveof); null for masters and replicas of unknown masters. */
  master: ClusterNode | null
  /** Replicas of a master, in the order they attached. */
  replicas: ClusterNode[]
  /** When the pending PING was sent, 0 when none is pending. */
  pingSent: number
  /** When the last PONG arrived. */
  pongReceived: number
  /** When the node was flagged FAIL. */
  failTime: number
  configEpoch: number
  /** Whether an outbound bus link to the node is established (CLUSTER NODES prints connected/disconnected). */
  linked: boolean
  /** Bitmap of the slots this node claims (Redis's node->slots), bit n = slot n. */
  slots: Uint8Array
  numSlots: number
}

/** A node with no address, no slots and no links, like createClusterNode(). */
export function createClusterNode(name: string, flags: number, now: number): ClusterNode {
  return {
    name, ctime: now, flags, ip: '', port: 0, cport: 0, hostname: '', master: null, replicas: [],
    pingSent: 0, pongReceived: 0, failTime: 0, configEpoch: 0, linked: false,
    slots: new Uint8Array(CLUSTER_SLOTS / 8), numSlots: 0,
  }
}

/** A fresh random node name, as Redis makes one for a new node or a handshake. */
export function randomNodeName(): string {
  return randomBytes(CLUSTER_NAMELEN / 2).toString('hex')
}

/** True when `name` is a well-formed node name (Redis's loader also accepts [a-z0-9]; it only ever writes hex). */
export function isNodeName(name: string): boolean {
  return /^[0-9a-f]{40}$/.test(name)
}

/** Flag tests on a node's bits. */
export const hasFlag = (node: ClusterNode, flag: number): boolean => (node.flags & flag) !== 0
export const isMaster = (node: ClusterNode): boolean => hasFlag(node, NodeFlag.MASTER)
export const isReplica = (node: ClusterNode): boolean => hasFlag(node, NodeFlag.SLAVE)

/** The flags as CLUSTER NODES prints them: comma separated, or `noflags`. */
export function flagsText(flags: number): string {
  const names = PRINTED_FLAGS.filter(([bit]) => (flags & bit) !== 0).map(([, name]) => name)
  return names.length === 0 ? 'noflags' : names.join(',')
}

/** The flag bit of a printed token, 0 for `noflags`, undefined for an unknown token. */
export function flagOfToken(token: string): number | undefined {
  if (token === 'noflags') return 0
  return PRINTED_FLAGS.find(([, name]) => name === token)?.[0]
}

/** Whether the node owns the slot (its bitmap, which ClusterState keeps equal to its share of the slot table). */
export function nodeHasSlot(node: ClusterNode, slot: number): boolean {
  return (node.slots[slot >> 3] & (1 << (slot & 7))) !== 0
}

/** Sets the slot's bit; returns whether it was clear before. */
export function setNodeSlot(node: ClusterNode, slot: number): boolean {
  if (nodeHasSlot(node, slot)) return false
  node.slots[slot >> 3] |= 1 << (slot & 7)
  node.numSlots++
  return true
}

/** Clears the slot's bit; returns whether it was set before. */
export function clearNodeSlot(node: ClusterNode, slot: number): boolean {
  if (!nodeHasSlot(node, slot)) return false
  node.slots[slot >> 3] &= ~(1 << (slot & 7))
  node.numSlots--
  return true
}
