// Cluster-bus codec: one complete frame (as cut by BusReader) in, a typed BusMessage or Redis 7.0's
// verdict on it out; a BusMessage in, the exact bytes 7.0 would send out. Bytes and meaning only:
// what a message does to cluster state is decided elsewhere.
import { readHeader, readName, writeHeader, writeName } from './bus-header.js'
import { pingExpectedLength, readPingBody, extensionsSize, writePingBody } from './bus-gossip.js'
import {
  BUS_LOG, CLUSTER_NAMELEN, CLUSTERMSG_MIN_LEN, CLUSTER_PROTO_VER, FAIL_BODY_SIZE, GOSSIP_SIZE, HDR, MFLAG0, MODULE_FIXED_SIZE, MsgType,
  PUBLISH_FIXED_SIZE, SIGNATURE, SLOTS_BITMAP_BYTES, UPDATE_BODY_SIZE,
  type BusHeader, type BusLogLine, type BusMessage,
} from './bus-types.js'

/** UPDATE body: configEpoch u64, nodename[40], then the slots bitmap. */
const UPDATE_SLOTS_AT = 8 + CLUSTER_NAMELEN

/**
 * What Redis 7.0 does with one complete frame, in clusterProcessPacket's order:
 * - `message`: valid; hand it to the cluster state machine.
 * - `ignored`: another protocol version; 7.0 returns silently (link kept).
 * - `dropped`: wrong length for its type (or bad extension padding); logged, link kept.
 * - `unknown-type`: 7.0 accepts any length for a type it does not know and still applies the header
 *   (epochs, replication offset) of a known sender before logging it, so the header is given.
 * `type` is always there because Redis counts every received type below 11 in its stats.
 */
export type DecodeOutcome =
  | { kind: 'message'; type: number; message: BusMessage }
  | { kind: 'ignored'; type: number; reason: 'version' }
  | { kind: 'dropped'; type: number; log: BusLogLine }
  | { kind: 'unknown-type'; type: number; header: BusHeader; log: BusLogLine }

/** True when `frame` starts with the RCmb signature and announces at least a full header. */
export function isAcceptableFrameStart(frame: Buffer): boolean {
  return frame.toString('latin1', HDR.sig, HDR.sig + 4) === SIGNATURE && frame.readUInt32BE(HDR.totlen) >= CLUSTERMSG_MIN_LEN
}

/**
 * Decodes one whole frame: its totlen must equal its length and be at least a header (BusReader
 * guarantees both; anything else is a caller bug and throws). The result owns its bytes.
 */
export function decodeBusMessage(frame: Buffer): DecodeOutcome {
  if (frame.length < CLUSTERMSG_MIN_LEN || !isAcceptableFrameStart(frame) || frame.readUInt32BE(HDR.totlen) !== frame.length) {
    throw new RangeError('decodeBusMessage needs one complete frame with a valid signature and totlen')
  }
  const type = frame.readUInt16BE(HDR.type)
  if (frame.readUInt16BE(HDR.ver) !== CLUSTER_PROTO_VER) return { kind: 'ignored', type, reason: 'version' }
  const explen = expectedLength(frame, type)
  if (explen === null) return { kind: 'unknown-type', type, header: readHeader(frame), log: BUS_LOG.unknownType(type) }
  if (typeof explen !== 'number') return { kind: 'dropped', type, log: explen }
  if (explen !== frame.length) return { kind: 'dropped', type, log: BUS_LOG.badLength(type, frame.length, explen) }
  return { kind: 'message', type, message: readBody(frame, type, readHeader(frame)) }
}

/**
 * The length Redis 7.0 expects for this frame's type (null for a type it does not know). The body
 * lengths it reads are bounded by the frame, so a length field cannot make us read outside it.
 */
function expectedLength(frame: Buffer, type: number): number | BusLogLine | null {
  const d = HDR.data
  switch (type) {
    case MsgType.PING: case MsgType.PONG: case MsgType.MEET: return pingExpectedLength(frame, type)
    case MsgType.FAIL: return d + FAIL_BODY_SIZE
    case MsgType.PUBLISH: case MsgType.PUBLISHSHARD: return publishExpectedLength(frame)
    case MsgType.FAILOVER_AUTH_REQUEST: case MsgType.FAILOVER_AUTH_ACK: case MsgType.MFSTART: return d
    case MsgType.UPDATE: return d + UPDATE_BODY_SIZE
    case MsgType.MODULE: return frame.length < d + MODULE_FIXED_SIZE ? d + MODULE_FIXED_SIZE : d + MODULE_FIXED_SIZE + frame.readUInt32BE(d + 8)
    default: return null
  }
}

/**
 * 2256 + 8 + channel_len + message_len. Redis adds these in 32 bits, so lengths that wrap around can
 * match totlen there and make it read outside the packet; we add them exactly, which rejects those.
 */
function publishExpectedLength(frame: Buffer): number {
  const d = HDR.data
  if (frame.length < d + PUBLISH_FIXED_SIZE) return d + PUBLISH_FIXED_SIZE
  return d + PUBLISH_FIXED_SIZE + frame.readUInt32BE(d) + frame.readUInt32BE(d + 4)
}

/** Reads the body of a frame whose length matched its type. */
function readBody(frame: Buffer, type: number, header: BusHeader): BusMessage {
  const d = HDR.data
  switch (type) {
    case MsgType.PING: case MsgType.PONG: case MsgType.MEET:
      return { type, header, ...readPingBody(frame) }
    case MsgType.FAIL: return { type, header, nodename: readName(frame, d) }
    case MsgType.PUBLISH: case MsgType.PUBLISHSHARD: {
      const clen = frame.readUInt32BE(d)
      const start = d + PUBLISH_FIXED_SIZE
      return { type, header, channel: Buffer.from(frame.subarray(start, start + clen)), message: Buffer.from(frame.subarray(start + clen)) }
    }
    case MsgType.UPDATE: {
      const slots = new Uint8Array(frame.subarray(d + UPDATE_SLOTS_AT, d + UPDATE_SLOTS_AT + SLOTS_BITMAP_BYTES))
      return { type, header, configEpoch: frame.readBigUInt64BE(d), nodename: readName(frame, d + 8), slots }
    }
    case MsgType.MODULE:
      return { type, header, moduleId: frame.readBigUInt64LE(d), moduleType: frame[d + 12], payload: Buffer.from(frame.subarray(d + MODULE_FIXED_SIZE)) }
    default: // FAILOVER_AUTH_REQUEST, FAILOVER_AUTH_ACK, MFSTART
      return { type: type as 5 | 6 | 8, header }
  }
}

/** Bytes of the body that follows the header. */
function bodySize(m: BusMessage): number {
  switch (m.type) {
    case MsgType.PING: case MsgType.PONG: case MsgType.MEET: return GOSSIP_SIZE * m.gossip.length + extensionsSize(m.extensions)
    case MsgType.FAIL: return FAIL_BODY_SIZE
    case MsgType.PUBLISH: case MsgType.PUBLISHSHARD: return PUBLISH_FIXED_SIZE + m.channel.length + m.message.length
    case MsgType.UPDATE: return UPDATE_BODY_SIZE
    case MsgType.MODULE: return MODULE_FIXED_SIZE + m.payload.length
    default: return 0
  }
}

/**
 * Encodes a message exactly as Redis 7.0 lays it out: zeroed buffer, header, body, no trailing
 * padding; `count` and `extensions` come from the body. Ping extensions need EXT_DATA in mflags
 * (7.0 receivers skip extensions otherwise), so a message with extensions but no flag is refused.
 */
export function encodeBusMessage(m: BusMessage): Buffer {
  const isPing = m.type === MsgType.PING || m.type === MsgType.PONG || m.type === MsgType.MEET
  if (isPing && m.extensions.length > 0 && (m.header.mflags & MFLAG0.EXT_DATA) === 0) {
    throw new RangeError('ping extensions need MFLAG0.EXT_DATA in header.mflags')
  }
  const totlen = HDR.data + bodySize(m)
  const buf = Buffer.alloc(totlen)
  writeHeader(buf, m.header, { totlen, type: m.type, count: isPing ? m.gossip.length : 0, extensions: isPing ? m.extensions.length : 0 })
  writeBody(buf, m)
  return buf
}

function writeBody(buf: Buffer, m: BusMessage): void {
  const d = HDR.data
  switch (m.type) {
    case MsgType.PING: case MsgType.PONG: case MsgType.MEET: return writePingBody(buf, m.gossip, m.extensions)
    case MsgType.FAIL: return writeName(buf, d, m.nodename)
    case MsgType.PUBLISH: case MsgType.PUBLISHSHARD:
      buf.writeUInt32BE(m.channel.length, d)
      buf.writeUInt32BE(m.message.length, d + 4)
      m.channel.copy(buf, d + PUBLISH_FIXED_SIZE)
      m.message.copy(buf, d + PUBLISH_FIXED_SIZE + m.channel.length)
      return
    case MsgType.UPDATE:
      if (m.slots.length !== SLOTS_BITMAP_BYTES) throw new RangeError(`slots must be ${SLOTS_BITMAP_BYTES} bytes`)
      buf.writeBigUInt64BE(m.configEpoch, d)
      writeName(buf, d + 8, m.nodename)
      buf.set(m.slots, d + UPDATE_SLOTS_AT)
      return
    case MsgType.MODULE:
      buf.writeBigUInt64LE(m.moduleId, d)
      buf.writeUInt32BE(m.payload.length, d + 8)
      buf.writeUInt8(m.moduleType, d + 12)
      m.payload.copy(buf, d + MODULE_FIXED_SIZE)
      return
    default:
  }
}
