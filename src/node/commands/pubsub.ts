// Pub/sub family: (P|S)SUBSCRIBE, (P|S)UNSUBSCRIBE, PUBLISH, SPUBLISH, PUBSUB introspection.
// Subscription state lives in pubsub/registry.ts; this file turns it into Redis's replies.
import { err } from '../resp/errors.js'
import { MultiReply, PushReply, type Reply } from '../resp/types.js'
import type { ClientState } from '../client/state.js'
import type { PubSub } from '../pubsub/registry.js'
import { globMatch } from '../util/glob.js'
import type { CommandContext, CommandSpec } from './core/types.js'
import { helpReply } from './core/help.js'

const SUB_FLAGS: CommandSpec['flags'] = ['pubsub', 'noscript', 'loading', 'stale']

export const pubsubCommands: CommandSpec[] = [
  { name: 'subscribe', arity: -2, flags: SUB_FLAGS, handler: subscribeCommand, group: 'pubsub', since: '2.0.0', summary: 'Listens for messages on channels' },
  { name: 'unsubscribe', arity: -1, flags: SUB_FLAGS, handler: unsubscribeCommand, group: 'pubsub', since: '2.0.0', summary: 'Stops listening on channels (all when none is given)' },
  { name: 'psubscribe', arity: -2, flags: SUB_FLAGS, handler: psubscribeCommand, group: 'pubsub', since: '2.0.0', summary: 'Listens for messages on channels matching glob patterns' },
  { name: 'punsubscribe', arity: -1, flags: SUB_FLAGS, handler: punsubscribeCommand, group: 'pubsub', since: '2.0.0', summary: 'Stops listening on patterns (all when none is given)' },
  { name: 'ssubscribe', arity: -2, flags: SUB_FLAGS, keys: [1, -1, 1], handler: ssubscribeCommand, group: 'pubsub', since: '7.0.0', summary: 'Listens for messages on shard channels' },
  { name: 'sunsubscribe', arity: -1, flags: SUB_FLAGS, keys: [1, -1, 1], handler: sunsubscribeCommand, group: 'pubsub', since: '7.0.0', summary: 'Stops listening on shard channels (all when none is given)' },
  { name: 'publish', arity: 3, flags: ['pubsub', 'loading', 'stale', 'fast', 'may_replicate'], handler: publishCommand, group: 'pubsub', since: '2.0.0', summary: 'Sends a message to a channel' },
  { name: 'spublish', arity: 3, flags: ['pubsub', 'loading', 'stale', 'fast', 'may_replicate'], keys: [1, 1, 1], handler: spublishCommand, group: 'pubsub', since: '7.0.0', summary: 'Sends a message to a shard channel' },
  {
    name: 'pubsub', arity: -2, flags: [], group: 'pubsub', since: '2.8.0', summary: 'Pub/sub introspection',
    subcommands: [
      { name: 'channels', arity: -2, flags: ['pubsub', 'loading', 'stale'], handler: channelsCommand, group: 'pubsub', since: '2.8.0', summary: 'Lists active channels, optionally matching a pattern' },
      { name: 'numsub', arity: -2, flags: ['pubsub', 'loading', 'stale'], handler: numsubCommand, group: 'pubsub', since: '2.8.0', summary: 'Counts subscribers of the given channels' },
      { name: 'numpat', arity: 2, flags: ['pubsub', 'loading', 'stale'], handler: numpatCommand, group: 'pubsub', since: '2.8.0', summary: 'Counts the unique patterns clients subscribe to' },
      { name: 'shardchannels', arity: -2, flags: ['pubsub', 'loading', 'stale'], handler: shardchannelsCommand, group: 'pubsub', since: '7.0.0', summary: 'Lists active shard channels, optionally matching a pattern' },
      { name: 'shardnumsub', arity: -2, flags: ['pubsub', 'loading', 'stale'], handler: shardnumsubCommand, group: 'pubsub', since: '7.0.0', summary: 'Counts subscribers of the given shard channels' },
      { name: 'help', arity: 2, flags: ['loading', 'stale'], handler: pubsubHelpCommand, group: 'pubsub', since: '6.2.0', summary: 'Shows PUBSUB subcommands' },
    ],
  },
]

type Op = (ps: PubSub, c: ClientState, name: string) => boolean

/** Replies one push per name: [kind, name, count after the change]. */
function changeEach(ctx: CommandContext, names: string[], kind: string, op: Op, shard: boolean): Reply {
  const c = ctx.client
  const out: Reply[] = []
  for (const name of names) {
    op(ctx.server.pubsub, c, name)
    out.push(new PushReply([kind, name, shard ? c.shardChannels.size : c.subscriptionCount]))
  }
  return out.length === 1 ? out[0] : new MultiReply(out)
}

/** UNSUBSCRIBE-style with no names: everything of that kind, or [kind, nil, count] when nothing. */
function unsubscribeAll(ctx: CommandContext, argv: string[], kind: string, own: Set<string>, op: Op, shard: boolean): Reply {
  const names = argv.length > 1 ? argv.slice(1) : [...own]
  if (names.length === 0) {
    const count = shard ? ctx.client.shardChannels.size : ctx.client.subscriptionCount
    return new PushReply([kind, null, count])
  }
  return changeEach(ctx, names, kind, op, shard)
}

/** SUBSCRIBE channel [channel ...] */
function subscribeCommand(ctx: CommandContext, argv: string[]): Reply {
  return changeEach(ctx, argv.slice(1), 'subscribe', (ps, c, n) => ps.subscribe(c, n), false)
}

/** UNSUBSCRIBE [channel ...] */
function unsubscribeCommand(ctx: CommandContext, argv: string[]): Reply {
  return unsubscribeAll(ctx, argv, 'unsubscribe', ctx.client.channels, (ps, c, n) => ps.unsubscribe(c, n), false)
}

/** PSUBSCRIBE pattern [pattern ...] */
function psubscribeCommand(ctx: CommandContext, argv: string[]): Reply {
  return changeEach(ctx, argv.slice(1), 'psubscribe', (ps, c, n) => ps.psubscribe(c, n), false)
}

/** PUNSUBSCRIBE [pattern ...] */
function punsubscribeCommand(ctx: CommandContext, argv: string[]): Reply {
  return unsubscribeAll(ctx, argv, 'punsubscribe', ctx.client.patterns, (ps, c, n) => ps.punsubscribe(c, n), false)
}

/** SSUBSCRIBE shardchannel [shardchannel ...] */
function ssubscribeCommand(ctx: CommandContext, argv: string[]): Reply {
  return changeEach(ctx, argv.slice(1), 'ssubscribe', (ps, c, n) => ps.ssubscribe(c, n), true)
}

/** SUNSUBSCRIBE [shardchannel ...] */
function sunsubscribeCommand(ctx: CommandContext, argv: string[]): Reply {
  return unsubscribeAll(ctx, argv, 'sunsubscribe', ctx.client.shardChannels, (ps, c, n) => ps.sunsubscribe(c, n), true)
}

/**
 * PUBLISH channel message. In cluster mode the message also goes over the bus to every node, which
 * delivers it to its own subscribers (clusterPropagatePublish); the reply counts local receivers only.
 */
function publishCommand(ctx: CommandContext, argv: string[]): Reply {
  const receivers = ctx.server.pubsub.publish(argv[1], argv[2])
  ctx.server.cluster?.bus.publish(Buffer.from(argv[1], 'latin1'), Buffer.from(argv[2], 'latin1'), false)
  return receivers
}

/** SPUBLISH shardchannel message: in cluster mode also to the other nodes of this shard. */
function spublishCommand(ctx: CommandContext, argv: string[]): Reply {
  const receivers = ctx.server.pubsub.spublish(argv[1], argv[2])
  ctx.server.cluster?.bus.publish(Buffer.from(argv[1], 'latin1'), Buffer.from(argv[2], 'latin1'), true)
  return receivers
}

function listChannels(index: Map<string, unknown>, argv: string[], sub: string): Reply {
  if (argv.length > 3) throw err(`unknown subcommand or wrong number of arguments for '${sub}'. Try PUBSUB HELP.`)
  const pattern = argv.length === 3 ? argv[2] : null
  const out: string[] = []
  for (const name of index.keys()) if (pattern === null || globMatch(pattern, name)) out.push(name)
  return out
}

/** PUBSUB CHANNELS [pattern] */
function channelsCommand(ctx: CommandContext, argv: string[]): Reply {
  return listChannels(ctx.server.pubsub.channels, argv, argv[1])
}

/** PUBSUB SHARDCHANNELS [pattern] */
function shardchannelsCommand(ctx: CommandContext, argv: string[]): Reply {
  return listChannels(ctx.server.pubsub.shardChannels, argv, argv[1])
}

function countSubscribers(index: Map<string, Set<ClientState>>, argv: string[]): Reply {
  const out: Reply[] = []
  for (let i = 2; i < argv.length; i++) out.push(argv[i], index.get(argv[i])?.size ?? 0)
  return out
}

/** PUBSUB NUMSUB [channel ...] */
function numsubCommand(ctx: CommandContext, argv: string[]): Reply {
  return countSubscribers(ctx.server.pubsub.channels, argv)
}

/** PUBSUB SHARDNUMSUB [shardchannel ...] */
function shardnumsubCommand(ctx: CommandContext, argv: string[]): Reply {
  return countSubscribers(ctx.server.pubsub.shardChannels, argv)
}

/** PUBSUB NUMPAT */
function numpatCommand(ctx: CommandContext): Reply {
  return ctx.server.pubsub.patterns.size
}

/** PUBSUB HELP */
function pubsubHelpCommand(): Reply {
  return helpReply('PUBSUB', [
    'CHANNELS [<pattern>]',
    "    Return the currently active channels matching a <pattern> (default: '*').",
    'NUMPAT',
    '    Return number of subscriptions to patterns.',
    'NUMSUB [<channel> ...]',
    '    Return the number of subscribers for the specified channels, excluding',
    '    pattern subscriptions(default: no channels).',
    'SHARDCHANNELS [<pattern>]',
    "    Return the currently active shard level channels matching a <pattern> (default: '*').",
    'SHARDNUMSUB [<shardchannel> ...]',
    '    Return the number of subscribers for the specified shard level channel(s)',
  ])
}
