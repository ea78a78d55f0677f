// Cluster routing: may this node serve a command's keys, or which error sends the client elsewhere?
// Pure decision over a slot-table view (mirrors getNodeByQuery + clusterRedirectClient in Redis 7.0);
// the command gate feeds it the keys the command table finds and turns a non-null answer into the reply.
import { keySlot } from '../../common/key-slot.js'
import { ReplyError } from '../resp/types.js'

/**
 * What routing needs to know of the cluster state, over any node type N (compared by identity); the
 * cluster glue adapts ClusterState to it.
 */
export interface SlotTable<N> {
  /** The node serving `slot`, or null when none does. */
  ownerOf(slot: number): N | null
  /** Where `slot` is migrating to (set on the owner), or null. */
  migratingTo(slot: number): N | null
  /** Where `slot` is imported from (set on the receiving node), or null. */
  importingFrom(slot: number): N | null
  readonly myself: N
  /** The master this node replicates, when it is a replica. */
  readonly myMaster: N | null
  /** cluster_state:ok */
  readonly ok: boolean
  /** `endpoint:port` as MOVED and ASK print it: the preferred endpoint (ip, hostname or "?") and client port. */
  addressOf(node: N): string
  /**
   * The hot path's question, answered with a few array reads: the cluster is ok and this node owns
   * `slot` with no migration open either way (so any keys of that slot are served here).
   */
  servesStable(slot: number): boolean
}

/** One command as routing sees it (for EXEC, each queued command). */
export interface RoutedCommand {
  /** The keys (for shard pub/sub: the channels) the command table finds in the arguments. */
  keys: readonly string[]
  write: boolean
  /** Flagged `asking` in the table (RESTORE-ASKING): served on an importing slot without ASKING. */
  asking: boolean
  /** SPUBLISH, SSUBSCRIBE, SUNSUBSCRIBE: channels route like keys but never count as missing. */
  pubsubShard: boolean
  /** MIGRATE moves keys out of an open slot, so it always runs where it is sent. */
  migrate: boolean
}

export interface RouteQuery {
  commands: readonly RoutedCommand[]
  /** The client sent ASKING just before (or before MULTI). */
  clientAsking: boolean
  /** The client sent READONLY: a replica serves its master's slots to reads. */
  clientReadonly: boolean
  /** Whether a key exists now, looked up without touching it (no LRU, stats, events or expiry). */
  keyExists(key: string): boolean
}

export interface RouteConfig {
  allowReadsWhenDown: boolean
  allowPubsubshardWhenDown: boolean
}

export const CROSSSLOT = new ReplyError("CROSSSLOT Keys in request don't hash to the same slot")
export const TRYAGAIN = new ReplyError('TRYAGAIN Multiple keys request during rehashing of slot')
export const CLUSTERDOWN_STATE = new ReplyError('CLUSTERDOWN The cluster is down')
export const CLUSTERDOWN_READONLY = new ReplyError('CLUSTERDOWN The cluster is down and only accepts read commands')
export const CLUSTERDOWN_UNBOUND = new ReplyError('CLUSTERDOWN Hash slot not served')

export function movedError(slot: number, address: string): ReplyError {
  return new ReplyError(`MOVED ${slot} ${address}`)
}

export function askError(slot: number, address: string): ReplyError {
  return new ReplyError(`ASK ${slot} ${address}`)
}

/** What the keys of a query have in common, gathered in one pass. */
interface KeyScan<N> {
  slot: number
  owner: N
  migrating: boolean
  importing: boolean
  multipleKeys: boolean
  missing: number
  existing: number
}

/**
 * Null when this node serves the query, else the error that redirects or refuses it. A query with
 * no keys is always served here.
 */
export function routeQuery<N>(table: SlotTable<N>, q: RouteQuery, cfg: RouteConfig): ReplyError | null {
  const scan = scanKeys(table, q)
  if (scan instanceof ReplyError) return scan
  if (scan === null) return null
  const owner = scan.owner
  const write = q.commands.some((c) => c.write)
  const pubsubShard = q.commands.some((c) => c.pubsubShard)
  if (!table.ok) {
    const down = downError(write, pubsubShard, cfg)
    if (down !== null) return down
  }
  if ((scan.migrating || scan.importing) && q.commands.some((c) => c.migrate)) return null
  if (scan.migrating && scan.missing > 0) {
    // some keys here and some gone: the client must retry once the slot settles
    return scan.existing > 0 ? TRYAGAIN : askError(scan.slot, table.addressOf(table.migratingTo(scan.slot) as N))
  }
  if (scan.importing && (q.clientAsking || q.commands.some((c) => c.asking))) {
    return scan.multipleKeys && scan.missing > 0 ? TRYAGAIN : null
  }
  if ((q.clientReadonly || pubsubShard) && !write && table.myMaster === owner) return null
  return owner === table.myself ? null : movedError(scan.slot, table.addressOf(owner))
}

/** The common slot of every key (CROSSSLOT otherwise), its state, and which keys exist here. */
function scanKeys<N>(table: SlotTable<N>, q: RouteQuery): KeyScan<N> | ReplyError | null {
  let scan: KeyScan<N> | null = null
  let firstKey = ''
  for (const cmd of q.commands) {
    for (const key of cmd.keys) {
      const slot = keySlot(key)
      if (scan === null) {
        const owner = table.ownerOf(slot)
        if (owner === null) return CLUSTERDOWN_UNBOUND
        const migrating = owner === table.myself && table.migratingTo(slot) !== null
        const importing = !migrating && table.importingFrom(slot) !== null
        scan = { slot, owner, migrating, importing, multipleKeys: false, missing: 0, existing: 0 }
        firstKey = key
      } else if (key !== firstKey) {
        if (slot !== scan.slot) return CROSSSLOT
        scan.multipleKeys = true
      }
      if ((scan.migrating || scan.importing) && !cmd.pubsubShard) {
        if (q.keyExists(key)) scan.existing++
        else scan.missing++
      }
    }
  }
  return scan
}

/** mirrors the cluster-down branch of getNodeByQuery: what a node in state fail still serves. */
function downError(write: boolean, pubsubShard: boolean, cfg: RouteConfig): ReplyError | null {
  if (pubsubShard) return cfg.allowPubsubshardWhenDown ? null : CLUSTERDOWN_STATE
  if (!cfg.allowReadsWhenDown) return CLUSTERDOWN_STATE
  return write ? CLUSTERDOWN_READONLY : null
}

/**
 * Whether a client blocked on a key of `slot` must leave this node (clusterRedirectBlockedClientIfNeeded):
 * a failed cluster answers CLUSTERDOWN even when reads are allowed (only a write could wake the client),
 * an unbound slot CLUSTERDOWN Hash slot not served, a slot served elsewhere (and not being imported here)
 * MOVED. `readonlyRead`: a READONLY client's read command, which a replica serves for its master.
 */
export function redirectBlocked<N>(table: SlotTable<N>, slot: number, readonlyRead: boolean): ReplyError | null {
  if (!table.ok) return CLUSTERDOWN_STATE
  let owner = table.ownerOf(slot)
  if (readonlyRead && owner !== null && table.myMaster === owner) owner = table.myself
  if (owner === table.myself || table.importingFrom(slot) !== null) return null
  return owner === null ? CLUSTERDOWN_UNBOUND : movedError(slot, table.addressOf(owner))
}
