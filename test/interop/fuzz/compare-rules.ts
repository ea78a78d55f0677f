// The reviewed list of commands whose replies are not compared byte for byte, each with the rule and
// the reason. Every other command must answer identically (and errors always do, unless a rule says
// `errorsToo`). Names are COMMAND's full names ("object|idletime").

export type Rule =
  /** Elements of the top aggregate compared as a multiset; `group: 2` keeps field/value pairs together. */
  | { mode: 'unordered'; group?: 1 | 2; reason: string }
  /** Types, nulls and aggregate lengths compared, recursively; values not. */
  | { mode: 'shape'; reason: string; mutates?: boolean }
  /** Only the type of the reply (text or aggregate) compared. */
  | { mode: 'type'; reason: string; errorsToo?: boolean }
  /** Integers within `within` of each other (negative ones, meaning no key or no TTL, exactly). */
  | { mode: 'tolerance'; within: number; reason: string }
  /** SCAN-family: a whole iteration in one call compares its elements unordered; else the shape only. */
  | { mode: 'scan'; group: 1 | 2; reason: string }
  /** DUMP: payloads equal, or both restore to the same value in real Redis. */
  | { mode: 'dump'; reason: string }

const UNSPECIFIED_ORDER = 'Redis does not specify the order (hash-table iteration order)'
const RANDOM = 'random by design'
const CLOCK = 'the two servers read their clocks a few milliseconds apart'
const CLIENT = 'per-connection facts (ids, addresses, ages) differ; CLIENT replies are compared by shape only'

export const RULES: Readonly<Record<string, Rule>> = {
  smembers: { mode: 'unordered', reason: UNSPECIFIED_ORDER },
  sinter: { mode: 'unordered', reason: UNSPECIFIED_ORDER },
  sunion: { mode: 'unordered', reason: UNSPECIFIED_ORDER },
  sdiff: { mode: 'unordered', reason: UNSPECIFIED_ORDER },
  keys: { mode: 'unordered', reason: UNSPECIFIED_ORDER },
  hkeys: { mode: 'unordered', reason: UNSPECIFIED_ORDER },
  hvals: { mode: 'unordered', reason: UNSPECIFIED_ORDER },
  hgetall: { mode: 'unordered', group: 2, reason: UNSPECIFIED_ORDER },
  'pubsub|channels': { mode: 'unordered', reason: UNSPECIFIED_ORDER },
  'pubsub|shardchannels': { mode: 'unordered', reason: UNSPECIFIED_ORDER },

  spop: { mode: 'shape', mutates: true, reason: `${RANDOM}; the key is then copied from Redis to both servers` },
  srandmember: { mode: 'shape', reason: RANDOM },
  hrandfield: { mode: 'shape', reason: RANDOM },
  zrandmember: { mode: 'shape', reason: RANDOM },
  randomkey: { mode: 'shape', reason: RANDOM },
  scan: { mode: 'scan', group: 1, reason: 'cursors encode hash-table positions' },
  sscan: { mode: 'scan', group: 1, reason: 'cursors encode hash-table positions' },
  hscan: { mode: 'scan', group: 2, reason: 'cursors encode hash-table positions' },
  zscan: { mode: 'scan', group: 2, reason: 'cursors encode hash-table positions' },
  dump: { mode: 'dump', reason: 'hash-table encodings serialise in iteration order' },

  time: { mode: 'shape', reason: CLOCK },
  lastsave: { mode: 'type', reason: CLOCK },
  ttl: { mode: 'tolerance', within: 1, reason: CLOCK },
  pttl: { mode: 'tolerance', within: 1000, reason: CLOCK },
  expiretime: { mode: 'tolerance', within: 1, reason: CLOCK },
  pexpiretime: { mode: 'tolerance', within: 1000, reason: CLOCK },
  'object|idletime': { mode: 'type', reason: CLOCK },

  hello: { mode: 'shape', reason: 'carries the connection id' },
  info: { mode: 'type', reason: 'INFO content (memory, uptime, ids, rcl-only facts) is compared by shape only' },
  'memory|usage': { mode: 'type', reason: 'allocator-specific byte counts' },
  'memory|stats': { mode: 'type', reason: 'allocator-specific byte counts' },
  'memory|doctor': { mode: 'type', reason: 'allocator-specific report' },
  'memory|malloc-stats': { mode: 'type', reason: 'allocator-specific report' },
  'slowlog|get': { mode: 'type', reason: 'which commands were slow depends on timing' },
  'slowlog|len': { mode: 'type', reason: 'which commands were slow depends on timing' },
  'config|get': { mode: 'type', errorsToo: true, reason: 'CONFIG content is compared by shape only (rcl-node knows a subset of directives)' },
  'config|set': { mode: 'type', errorsToo: true, reason: 'CONFIG SET is compared by shape only (rcl-node knows a subset of directives)' },
  'config|resetstat': { mode: 'type', errorsToo: true, reason: 'CONFIG is compared by shape only' },
  'config|help': { mode: 'type', errorsToo: true, reason: 'CONFIG is compared by shape only' },
  'client|id': { mode: 'type', errorsToo: true, reason: CLIENT },
  'client|list': { mode: 'type', errorsToo: true, reason: CLIENT },
  'client|info': { mode: 'type', errorsToo: true, reason: CLIENT },
  'client|getname': { mode: 'type', errorsToo: true, reason: CLIENT },
  'client|setname': { mode: 'type', errorsToo: true, reason: CLIENT },
  'client|getredir': { mode: 'type', errorsToo: true, reason: CLIENT },
  'client|trackinginfo': { mode: 'type', errorsToo: true, reason: CLIENT },
  'client|caching': { mode: 'type', errorsToo: true, reason: CLIENT },
  'client|no-evict': { mode: 'type', errorsToo: true, reason: CLIENT },
  'client|unblock': { mode: 'type', errorsToo: true, reason: CLIENT },
  'client|unpause': { mode: 'type', errorsToo: true, reason: CLIENT },
  'client|help': { mode: 'type', errorsToo: true, reason: CLIENT },
  client: { mode: 'type', errorsToo: true, reason: CLIENT },
}
