// Key -> hash slot, honouring {hashtag}s exactly as Redis Cluster does (keyHashSlot).
import { crc16 } from './crc16.js'

export const CLUSTER_SLOTS = 16384

/** The slot of a latin1 key: CRC16 of the first non-empty {...} section if any, else of the whole key. */
export function keySlot(key: string): number {
  const open = key.indexOf('{')
  if (open >= 0) {
    const close = key.indexOf('}', open + 1)
    if (close > open + 1) return crc16(key, open + 1, close) & (CLUSTER_SLOTS - 1)
  }
  return crc16(key) & (CLUSTER_SLOTS - 1)
}
