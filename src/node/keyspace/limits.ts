// Encoding thresholds (the *-max-listpack-* and set-max-intset-entries directives). Each server owns one
// EncodingLimits object, kept in step with its config by server.ts; every hash, set and sorted set holds a
// reference to its server's object and reads it when it grows (Redis's conversions are one-way and sticky).

/** One server's encoding thresholds; mutated in place when the config changes, so holders see it at once. */
export interface EncodingLimits {
  /** list-max-listpack-size: >0 = max entries per node, -1..-5 = 4/8/16/32/64 KB per node. */
  listMaxListpackSize: number
  listCompressDepth: number
  /**
   * Elements at least this long get a quicklist node of their own (Redis's packed_threshold, 1 GB; DEBUG
   * QUICKLIST-PACKED-THRESHOLD). rcl-node keeps lists in a ring buffer, so this shapes the quicklist
   * layout it writes (RDB, DUMP) and reports (DEBUG OBJECT, DEBUG QUICKLIST).
   */
  listPackedThreshold: number
  hashMaxListpackEntries: number
  hashMaxListpackValue: number
  setMaxIntsetEntries: number
  zsetMaxListpackEntries: number
  zsetMaxListpackValue: number
}

/** A fresh object with Redis 7.0's defaults (a server, or a test building values without one). */
export function defaultEncodingLimits(): EncodingLimits {
  return {
    listMaxListpackSize: -2,
    listCompressDepth: 0,
    listPackedThreshold: 1 << 30,
    hashMaxListpackEntries: 128,
    hashMaxListpackValue: 64,
    setMaxIntsetEntries: 512,
    zsetMaxListpackEntries: 128,
    zsetMaxListpackValue: 64,
  }
}
