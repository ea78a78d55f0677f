// The cluster redirection gate (processCommand's getNodeByQuery step): a command whose keys this node
// does not serve gets MOVED, ASK, TRYAGAIN, CROSSSLOT or CLUSTERDOWN. Installed only in cluster mode;
// the decision itself is cluster/redirect.ts, this file turns table rows into its input.
import { keySlot } from '../../../common/key-slot.js'
import { routeQuery, type RouteConfig, type RoutedCommand, type SlotTable } from '../../cluster/redirect.js'
import type { ReplyError } from '../../resp/types.js'
import type { Config } from '../../config/config.js'
import { keyPositions, type CommandEntry } from './command-table.js'
import type { ClientContext } from './context.js'
import type { CommandGate } from './gates.js'

/** The gate for one cluster node, reading its slot table and the cluster-allow-* directives. */
export function clusterGate<N>(table: SlotTable<N>, config: Config): CommandGate {
  const cfg: RouteConfig = { allowReadsWhenDown: false, allowPubsubshardWhenDown: true }
  const follow = (): void => {
    cfg.allowReadsWhenDown = config.getBool('cluster-allow-reads-when-down')
    cfg.allowPubsubshardWhenDown = config.getBool('cluster-allow-pubsubshard-when-down')
  }
  follow()
  config.onChange('cluster-allow-reads-when-down', follow)
  config.onChange('cluster-allow-pubsubshard-when-down', follow)
  return { name: 'cluster-redirect', check: (ctx, entry, argv) => checkRoute(table, cfg, ctx, entry, argv) }
}

function checkRoute<N>(table: SlotTable<N>, cfg: RouteConfig, ctx: ClientContext, entry: CommandEntry, argv: string[]): ReplyError | null {
  const isExec = entry.fullName === 'exec'
  if (!isExec && (!entry.hasKeys || servedHere(table, entry, argv))) return null
  const client = ctx.client
  let commands: RoutedCommand[]
  if (isExec) {
    if (client.multi === null) return null
    commands = client.multi.map((q) => routed(q.entry, q.argv))
  } else {
    commands = [routed(entry, argv)]
  }
  const db = ctx.server.dbs[0]
  return routeQuery(table, {
    commands, clientAsking: client.asking, clientReadonly: client.readonly, keyExists: (key) => db.existsQuietly(key),
  }, cfg)
}

/**
 * The common case in a few array reads: a fixed key range, every key in one slot this node owns with
 * no migration open, the cluster ok. Anything else takes the full decision.
 */
function servedHere<N>(table: SlotTable<N>, entry: CommandEntry, argv: string[]): boolean {
  const first = entry.firstKey
  if (first === 0 || first >= argv.length) return false
  const lastSpec = entry.lastKey
  const last = lastSpec < 0 ? argv.length + lastSpec : Math.min(lastSpec, argv.length - 1)
  const slot = keySlot(argv[first])
  for (let i = first + entry.keyStep; i <= last; i += entry.keyStep) if (keySlot(argv[i]) !== slot) return false
  return table.servesStable(slot)
}

function routed(entry: CommandEntry, argv: string[]): RoutedCommand {
  const keys = entry.hasKeys ? keyPositions(entry.spec, argv).map((i) => argv[i]) : []
  return { keys, write: entry.isWrite, asking: entry.asking, pubsubShard: entry.shardPubsub, migrate: entry.spec.name === 'migrate' }
}
