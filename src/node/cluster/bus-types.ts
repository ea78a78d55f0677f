// Redis 7.0 cluster-bus wire layout (protocol version 1): field offsets and sizes, message type
// numbers, flag bits, and the typed values the codec produces. Constants and types only, no logic
// beyond the slot-bitmap helpers. Sizes and offsets mirror clusterMsg in Redis 7.0's cluster.h.
import { CLUSTER_SLOTS } from '../../common/key-slot.js'

/** Cluster bus protocol version that 7.0 speaks; packets with another `ver` are ignored. */
export const CLUSTER_PROTO_VER = 1
export { CLUSTER_SLOTS }
/** Bytes of a slot bitmap (one bit per slot). */
export const SLOTS_BITMAP_BYTES = CLUSTER_SLOTS / 8
/** Node names are 40 ASCII characters, not NUL terminated. */
export const CLUSTER_NAMELEN = 40
/** IP fields are NET_IP_STR_LEN bytes, NUL padded. */
export const NET_IP_STR_LEN = 46
export const SIGNATURE = 'RCmb'

/** Byte offsets of the header fields (clusterMsg). `data` is where the type-specific body starts. */
export const HDR = {
  sig: 0, totlen: 4, ver: 8, port: 10, type: 12, count: 14, currentEpoch: 16, configEpoch: 24, offset: 32,
  sender: 40, myslots: 80, slaveof: 2128, myip: 2168, extensions: 2214, notused1: 2216, pport: 2246,
  cport: 2248, flags: 2250, state: 2252, mflags: 2253, data: 2256,
} as const
/** Header size = CLUSTERMSG_MIN_LEN: the smallest totlen the read handler accepts. */
export const CLUSTERMSG_MIN_LEN = HDR.data
export const HDR_NOTUSED1_BYTES = 30

/** Offsets inside one gossip entry (clusterMsgDataGossip), which is GOSSIP_SIZE bytes. */
export const GOSSIP = { nodename: 0, pingSent: 40, pongReceived: 44, ip: 48, port: 94, cport: 96, flags: 98, pport: 100, notused1: 102 } as const
export const GOSSIP_SIZE = 104

/** Ping extension header (clusterMsgPingExt): u32 length (whole extension), u16 type, u16 unused. */
export const PING_EXT_HEADER_SIZE = 8
/** The only extension type Redis 7.0 sends or understands. */
export const CLUSTERMSG_EXT_TYPE_HOSTNAME = 0

/** Body sizes of the fixed-size messages and the fixed part of the variable ones. */
export const FAIL_BODY_SIZE = CLUSTER_NAMELEN
export const PUBLISH_FIXED_SIZE = 8 // channel_len u32 + message_len u32, then the bytes
export const UPDATE_BODY_SIZE = 8 + CLUSTER_NAMELEN + SLOTS_BITMAP_BYTES // configEpoch, nodename, slots
export const MODULE_FIXED_SIZE = 13 // module_id u64 + len u32 + type u8, then the payload

/** Message types (CLUSTERMSG_TYPE_*). */
export const MsgType = {
  PING: 0, PONG: 1, MEET: 2, FAIL: 3, PUBLISH: 4, FAILOVER_AUTH_REQUEST: 5, FAILOVER_AUTH_ACK: 6,
  UPDATE: 7, MFSTART: 8, MODULE: 9, PUBLISHSHARD: 10,
} as const
export const CLUSTERMSG_TYPE_COUNT = 11

/** The names Redis uses in its logs and in CLUSTER INFO's per-type counters (clusterGetMessageTypeString). */
export const MSG_TYPE_NAMES: readonly string[] = ['ping', 'pong', 'meet', 'fail', 'publish', 'auth-req', 'auth-ack', 'update', 'mfstart', 'module', 'publishshard']

/** Redis's name for a type number; "unknown" for anything 7.0 does not define. */
export function msgTypeName(type: number): string {
  return MSG_TYPE_NAMES[type] ?? 'unknown'
}

/** mflags[0] bits (CLUSTERMSG_FLAG0_*). */
export const MFLAG0 = { PAUSED: 1, FORCEACK: 2, EXT_DATA: 4 } as const

/** Node flag bits as carried in the header and gossip (CLUSTER_NODE_*). */
export const NodeFlag = {
  MASTER: 1, SLAVE: 2, PFAIL: 4, FAIL: 8, MYSELF: 16, HANDSHAKE: 32, NOADDR: 64, MEET: 128, MIGRATE_TO: 256, NOFAILOVER: 512,
} as const

/**
 * A node name as it travels: 40 bytes read as latin1. Redis itself does not reject a packet for an odd
 * name (it only fails to find the node), so neither does the decoder; `isValidNodeName` says whether
 * Redis would look it up at all.
 */
export type NodeName = string

/** Fields every message carries in its header (the sender's view of itself). */
export interface BusHeader {
  /** Client port (TLS port when tls-cluster is on). */
  port: number
  currentEpoch: bigint
  /** The sender's configEpoch, or its master's when the sender is a replica. */
  configEpoch: bigint
  /** Replication offset: master_repl_offset of a master, processed offset of a replica. */
  offset: bigint
  sender: NodeName
  /** Slots the sender (or its master) claims: SLOTS_BITMAP_BYTES bytes, slot n = bit (n & 7) of byte n >> 3. */
  myslots: Uint8Array
  /** The sender's master, or null when the field is all NUL bytes (the sender is a master). */
  slaveof: NodeName | null
  /** Announced IP; '' means "use the address the packet came from". */
  myip: string
  /** Plaintext client port when the main port is TLS, else 0. */
  pport: number
  /** Cluster bus port. */
  cport: number
  /** The sender's own node flags (NodeFlag bits). */
  flags: number
  /** Cluster state as the sender sees it: 0 = ok, 1 = fail. */
  state: number
  /** mflags[0] (MFLAG0 bits); mflags[1..2] are unused by 7.0 and always sent as zero. */
  mflags: number
}

/** One gossip entry: what the sender knows about another node. Times are unix seconds. */
export interface GossipEntry {
  nodename: NodeName
  pingSent: number
  pongReceived: number
  ip: string
  port: number
  cport: number
  flags: number
  pport: number
}

/** A ping extension: HOSTNAME decoded, any other type (7.2's) kept as raw bytes, as 7.0 skips them. */
export type PingExt =
  | { type: typeof CLUSTERMSG_EXT_TYPE_HOSTNAME; hostname: string }
  | { type: number; payload: Uint8Array }

type T = typeof MsgType
/** PING, PONG and MEET share one layout: gossip entries, then extensions (when EXT_DATA is set). */
export interface PingMessage { type: T['PING'] | T['PONG'] | T['MEET']; header: BusHeader; gossip: GossipEntry[]; extensions: PingExt[] }
export interface FailMessage { type: T['FAIL']; header: BusHeader; nodename: NodeName }
/** PUBLISH and PUBLISHSHARD: binary-safe channel and message. */
export interface PublishMessage { type: T['PUBLISH'] | T['PUBLISHSHARD']; header: BusHeader; channel: Buffer; message: Buffer }
/** FAILOVER_AUTH_REQUEST, FAILOVER_AUTH_ACK and MFSTART carry no body. */
export interface HeaderOnlyMessage { type: T['FAILOVER_AUTH_REQUEST'] | T['FAILOVER_AUTH_ACK'] | T['MFSTART']; header: BusHeader }
export interface UpdateMessage { type: T['UPDATE']; header: BusHeader; configEpoch: bigint; nodename: NodeName; slots: Uint8Array }
/**
 * MODULE: `moduleId` is sent in the sender's native byte order, not swapped; every platform Redis
 * runs on in practice is little-endian, so the codec reads and writes it little-endian.
 */
export interface ModuleMessage { type: T['MODULE']; header: BusHeader; moduleId: bigint; moduleType: number; payload: Buffer }

export type BusMessage = PingMessage | FailMessage | PublishMessage | HeaderOnlyMessage | UpdateMessage | ModuleMessage

/** True when slot `slot` is set in a slots bitmap. */
export function slotBit(bitmap: Uint8Array, slot: number): boolean {
  return (bitmap[slot >> 3] & (1 << (slot & 7))) !== 0
}

/** The number of set bits in a byte. */
export function bitCount8(b: number): number {
  b -= (b >> 1) & 0x55
  b = (b & 0x33) + ((b >> 2) & 0x33)
  return (b + (b >> 4)) & 0x0f
}

/** The index of the lowest set bit of a non-zero byte. */
export function lowestBit(b: number): number {
  return 31 - Math.clz32(b & -b)
}

/** Sets slot `slot` in a slots bitmap. */
export function setSlotBit(bitmap: Uint8Array, slot: number): void {
  bitmap[slot >> 3] |= 1 << (slot & 7)
}

/** A node name Redis would look up: exactly 40 characters from a-z and 0-9 (verifyClusterNodeId). */
export function isValidNodeName(name: string): boolean {
  return /^[a-z0-9]{40}$/.test(name)
}

/** Severity of a bus log line, in Redis's level names. */
export type BusLogLevel = 'warning' | 'debug'
/** A line Redis 7.0 logs when its read handler or packet checks reject input. */
export interface BusLogLine { level: BusLogLevel; text: string }

/** The texts Redis 7.0 logs for rejected bus input (clusterReadHandler, clusterProcessPacket). */
export const BUS_LOG = {
  badFrame: (): BusLogLine => ({ level: 'warning', text: 'Bad message length or signature received from Cluster bus.' }),
  connectionClosed: (): BusLogLine => ({ level: 'debug', text: 'I/O error reading from node link: connection closed' }),
  extNoPadding: (type: number, extlen: number): BusLogLine =>
    ({ level: 'warning', text: `Received a ${msgTypeName(type)} packet without proper padding (${extlen} bytes)` }),
  extTooLong: (type: number, totlen: number): BusLogLine =>
    ({ level: 'warning', text: `Received invalid ${msgTypeName(type)} packet with extension data that exceeds total packet length (${totlen})` }),
  badLength: (type: number, totlen: number, explen: number): BusLogLine =>
    ({ level: 'warning', text: `Received invalid ${msgTypeName(type)} packet of length ${totlen} but expected length ${explen}` }),
  unknownType: (type: number): BusLogLine => ({ level: 'warning', text: `Received unknown packet type: ${type}` }),
  /** Logged by the receiver (not the codec) for each extension it skips while processing a ping. */
  unknownExtType: (type: number): BusLogLine => ({ level: 'warning', text: `Received unknown extension type ${type}` }),
} as const
