// The PING/PONG/MEET body: `count` gossip entries of 104 bytes, then (when mflags has EXT_DATA) the
// ping extensions, each 8-byte aligned. Length validation mirrors clusterProcessPacket in 7.0.
import { readCString, readName, writeCString, writeName } from './bus-header.js'
import {
  BUS_LOG, CLUSTERMSG_EXT_TYPE_HOSTNAME, GOSSIP, GOSSIP_SIZE, HDR, MFLAG0, NET_IP_STR_LEN, PING_EXT_HEADER_SIZE,
  type BusLogLine, type GossipEntry, type PingExt,
} from './bus-types.js'

const align8 = (n: number): number => Math.ceil(n / 8) * 8

/**
 * The length a PING/PONG/MEET packet must have, or the log line of the extension check that rejects
 * it. Only packets flagged EXT_DATA have their extensions counted, as in 7.0. Redis reads each
 * extension length into 16 bits for this check; we do the same, and also reject what 7.0 would walk
 * past the end of the packet for (an extension header that is not there, or a length above 65535).
 */
export function pingExpectedLength(buf: Buffer, type: number): number | BusLogLine {
  const totlen = buf.length
  const count = buf.readUInt16BE(HDR.count)
  let explen = HDR.data + GOSSIP_SIZE * count
  if ((buf[HDR.mflags] & MFLAG0.EXT_DATA) === 0) return explen
  let at = explen
  for (let n = buf.readUInt16BE(HDR.extensions); n > 0; n--) {
    if (at + PING_EXT_HEADER_SIZE > totlen) return BUS_LOG.extTooLong(type, totlen)
    const full = buf.readUInt32BE(at)
    const extlen = full & 0xffff
    if (extlen % 8 !== 0) return BUS_LOG.extNoPadding(type, extlen)
    if (totlen - explen < extlen || full !== extlen) return BUS_LOG.extTooLong(type, totlen)
    explen += extlen
    at += extlen
  }
  return explen
}

/** Decodes the gossip section and extensions of a packet that passed pingExpectedLength. */
export function readPingBody(buf: Buffer): { gossip: GossipEntry[]; extensions: PingExt[] } {
  const count = buf.readUInt16BE(HDR.count)
  const gossip: GossipEntry[] = []
  for (let i = 0; i < count; i++) gossip.push(readGossip(buf, HDR.data + i * GOSSIP_SIZE))
  const extensions: PingExt[] = []
  if ((buf[HDR.mflags] & MFLAG0.EXT_DATA) !== 0) {
    let at = HDR.data + count * GOSSIP_SIZE
    for (let n = buf.readUInt16BE(HDR.extensions); n > 0; n--) {
      const len = buf.readUInt32BE(at)
      extensions.push(readExt(buf, at, len))
      at += len
    }
  }
  return { gossip, extensions }
}

function readGossip(buf: Buffer, at: number): GossipEntry {
  return {
    nodename: readName(buf, at + GOSSIP.nodename),
    pingSent: buf.readUInt32BE(at + GOSSIP.pingSent),
    pongReceived: buf.readUInt32BE(at + GOSSIP.pongReceived),
    ip: readCString(buf, at + GOSSIP.ip, NET_IP_STR_LEN),
    port: buf.readUInt16BE(at + GOSSIP.port),
    cport: buf.readUInt16BE(at + GOSSIP.cport),
    flags: buf.readUInt16BE(at + GOSSIP.flags),
    pport: buf.readUInt16BE(at + GOSSIP.pport),
  }
}

/** One extension; a length below the 8-byte header (only 0 can pass validation) has no payload. */
function readExt(buf: Buffer, at: number, len: number): PingExt {
  const type = buf.readUInt16BE(at + 4)
  const start = at + PING_EXT_HEADER_SIZE
  const end = Math.max(start, at + len)
  // the hostname is a C string: Redis uses it up to the first NUL
  if (type === CLUSTERMSG_EXT_TYPE_HOSTNAME) return { type, hostname: readCString(buf, start, end - start) }
  return { type, payload: new Uint8Array(buf.subarray(start, end)) }
}

/** Bytes the extensions take on the wire: HOSTNAME is the name, a NUL, zero padding to 8 bytes. */
export function extensionsSize(extensions: PingExt[]): number {
  let size = 0
  for (const e of extensions) size += extSize(e)
  return size
}

function extSize(e: PingExt): number {
  if ('hostname' in e) return PING_EXT_HEADER_SIZE + align8(e.hostname.length + 1) // getHostnamePingExtSize()
  if (e.payload.length % 8 !== 0) throw new RangeError(`extension payload must be a multiple of 8 bytes, got ${e.payload.length}`)
  return PING_EXT_HEADER_SIZE + e.payload.length
}

/** Writes the gossip entries and extensions at the body offset of a zero-filled buffer. */
export function writePingBody(buf: Buffer, gossip: GossipEntry[], extensions: PingExt[]): void {
  let at = HDR.data
  for (const g of gossip) {
    writeGossip(buf, at, g)
    at += GOSSIP_SIZE
  }
  for (const e of extensions) {
    const len = extSize(e)
    buf.writeUInt32BE(len, at)
    buf.writeUInt16BE(e.type, at + 4)
    if ('hostname' in e) writeCString(buf, at + PING_EXT_HEADER_SIZE, len - PING_EXT_HEADER_SIZE, e.hostname)
    else buf.set(e.payload, at + PING_EXT_HEADER_SIZE)
    at += len
  }
}

function writeGossip(buf: Buffer, at: number, g: GossipEntry): void {
  writeName(buf, at + GOSSIP.nodename, g.nodename)
  buf.writeUInt32BE(g.pingSent, at + GOSSIP.pingSent)
  buf.writeUInt32BE(g.pongReceived, at + GOSSIP.pongReceived)
  writeCString(buf, at + GOSSIP.ip, NET_IP_STR_LEN, g.ip)
  buf.writeUInt16BE(g.port, at + GOSSIP.port)
  buf.writeUInt16BE(g.cport, at + GOSSIP.cport)
  buf.writeUInt16BE(g.flags, at + GOSSIP.flags)
  buf.writeUInt16BE(g.pport, at + GOSSIP.pport)
}
