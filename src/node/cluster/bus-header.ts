// The 2256-byte cluster-bus header: reading it into a BusHeader and writing one back, plus the
// fixed-width string fields (node names, NUL-padded IPs) that the gossip and bodies reuse.
// Framing (sig, totlen) and classification live in bus-codec.ts / bus-reader.ts.
import {
  CLUSTER_NAMELEN, CLUSTER_PROTO_VER, HDR, NET_IP_STR_LEN, SIGNATURE, SLOTS_BITMAP_BYTES, type BusHeader, type NodeName,
} from './bus-types.js'

/** Reads a 40-byte node name. */
export function readName(buf: Buffer, at: number): NodeName {
  return buf.toString('latin1', at, at + CLUSTER_NAMELEN)
}

/** Reads a 40-byte name field where all-NUL means "no node" (slaveof). */
export function readOptionalName(buf: Buffer, at: number): NodeName | null {
  for (let i = at; i < at + CLUSTER_NAMELEN; i++) if (buf[i] !== 0) return readName(buf, at)
  return null
}

/** Writes a node name; it must be exactly 40 single-byte characters. */
export function writeName(buf: Buffer, at: number, name: NodeName): void {
  if (name.length !== CLUSTER_NAMELEN) throw new RangeError(`node name must be ${CLUSTER_NAMELEN} characters, got ${name.length}`)
  buf.write(name, at, CLUSTER_NAMELEN, 'latin1')
}

/** Reads a NUL-terminated string from a fixed field of `size` bytes (the whole field if no NUL). */
export function readCString(buf: Buffer, at: number, size: number): string {
  const end = buf.subarray(at, at + size).indexOf(0)
  return buf.toString('latin1', at, end === -1 ? at + size : at + end)
}

/** Writes a string into a zero-filled fixed field, leaving room for the terminating NUL. */
export function writeCString(buf: Buffer, at: number, size: number, s: string): void {
  if (s.length > size - 1) throw new RangeError(`string of ${s.length} bytes does not fit a ${size}-byte field`)
  buf.write(s, at, size, 'latin1')
}

/** Decodes the header fields common to every message (the caller has checked sig, totlen and ver). */
export function readHeader(buf: Buffer): BusHeader {
  return {
    port: buf.readUInt16BE(HDR.port),
    currentEpoch: buf.readBigUInt64BE(HDR.currentEpoch),
    configEpoch: buf.readBigUInt64BE(HDR.configEpoch),
    offset: buf.readBigUInt64BE(HDR.offset),
    sender: readName(buf, HDR.sender),
    myslots: new Uint8Array(buf.subarray(HDR.myslots, HDR.myslots + SLOTS_BITMAP_BYTES)),
    slaveof: readOptionalName(buf, HDR.slaveof),
    myip: readCString(buf, HDR.myip, NET_IP_STR_LEN),
    pport: buf.readUInt16BE(HDR.pport),
    cport: buf.readUInt16BE(HDR.cport),
    flags: buf.readUInt16BE(HDR.flags),
    state: buf[HDR.state],
    mflags: buf[HDR.mflags],
  }
}

/** What the header needs besides BusHeader: values derived from the message as a whole. */
export interface HeaderFrame { totlen: number; type: number; count: number; extensions: number }

/**
 * Writes a full header into `buf` (which must be zero-filled, as Redis zeroes the header before
 * filling it in clusterBuildMessageHdr): unused fields and padding stay zero.
 */
export function writeHeader(buf: Buffer, h: BusHeader, f: HeaderFrame): void {
  if (h.myslots.length !== SLOTS_BITMAP_BYTES) throw new RangeError(`myslots must be ${SLOTS_BITMAP_BYTES} bytes`)
  buf.write(SIGNATURE, HDR.sig, 4, 'latin1')
  buf.writeUInt32BE(f.totlen, HDR.totlen)
  buf.writeUInt16BE(CLUSTER_PROTO_VER, HDR.ver)
  buf.writeUInt16BE(h.port, HDR.port)
  buf.writeUInt16BE(f.type, HDR.type)
  buf.writeUInt16BE(f.count, HDR.count)
  buf.writeBigUInt64BE(h.currentEpoch, HDR.currentEpoch)
  buf.writeBigUInt64BE(h.configEpoch, HDR.configEpoch)
  buf.writeBigUInt64BE(h.offset, HDR.offset)
  writeName(buf, HDR.sender, h.sender)
  buf.set(h.myslots, HDR.myslots)
  if (h.slaveof !== null) writeName(buf, HDR.slaveof, h.slaveof)
  writeCString(buf, HDR.myip, NET_IP_STR_LEN, h.myip)
  buf.writeUInt16BE(f.extensions, HDR.extensions)
  buf.writeUInt16BE(h.pport, HDR.pport)
  buf.writeUInt16BE(h.cport, HDR.cport)
  buf.writeUInt16BE(h.flags, HDR.flags)
  buf.writeUInt8(h.state, HDR.state)
  buf.writeUInt8(h.mflags, HDR.mflags)
}
