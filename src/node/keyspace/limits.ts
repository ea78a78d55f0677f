// Encoding thresholds (the *-max-listpack-* and set-max-intset-entries directives). Value classes read
// them when they grow, to decide when to convert (Redis's conversions are one-way and sticky).
// server.ts keeps this object in step with the config.

export const limits = {
  /** list-max-listpack-size: >0 = max entries per node, -1..-5 = 4/8/16/32/64 KB per node. */
  listMaxListpackSize: -2,
  listCompressDepth: 0,
  /**
   * Elements at least this long get a quicklist node of their own (Redis's packed_threshold, 1 GB; DEBUG
   * QUICKLIST-PACKED-THRESHOLD). rcl-node keeps lists in a ring buffer, so this shapes the quicklist
   * layout it writes (RDB, DUMP) and reports (DEBUG OBJECT, DEBUG QUICKLIST).
   */
  listPackedThreshold: 1 << 30,
  hashMaxListpackEntries: 128,
  hashMaxListpackValue: 64,
  setMaxIntsetEntries: 512,
  zsetMaxListpackEntries: 128,
  zsetMaxListpackValue: 64,
}

export type EncodingLimits = typeof limits
