// CRC16-CCITT (XMODEM: poly 0x1021, init 0), the hash Redis Cluster uses to map keys to slots.

const TABLE = new Uint16Array(256)
for (let i = 0; i < 256; i++) {
  let crc = i << 8
  for (let b = 0; b < 8; b++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff
  TABLE[i] = crc
}

/** CRC16 over the latin1 code units of `s` (each is one byte of the original binary key). */
export function crc16(s: string, start = 0, end = s.length): number {
  let crc = 0
  for (let i = start; i < end; i++) crc = ((crc << 8) & 0xffff) ^ TABLE[((crc >> 8) ^ s.charCodeAt(i)) & 0xff]
  return crc
}
