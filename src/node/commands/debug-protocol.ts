// DEBUG PROTOCOL <type>: one test value of each RESP3 type, the same values Redis sends, so client
// libraries can test their parsers against rcl-node. RESP2 clients get each value's RESP2 form.
import { err } from '../resp/errors.js'
import {
  AttributeReply, BigNumberReply, MultiReply, PushReply, VerbatimReply, bool, double, map, set, type Reply,
} from '../resp/types.js'
import type { DebugSub } from './debug-common.js'
import type { CommandContext } from './core/types.js'

const TYPES: Record<string, (ctx: CommandContext) => Reply> = {
  string: () => 'Hello World',
  integer: () => 12345,
  double: () => double(3.141),
  bignum: () => new BigNumberReply('1234567999999999999999999999999999999'),
  null: () => null,
  array: () => [0, 1, 2],
  set: () => set([0, 1, 2]),
  map: () => map([0, bool(false), 1, bool(true), 2, bool(false)]),
  // an attribute is not a reply: a real one follows it (RESP2 gets only that)
  attrib: () => new AttributeReply(['key-popularity', ['key:123', 90]], 'Some real reply following the attribute'),
  push: pushValue,
  verbatim: () => new VerbatimReply('This is a verbatim\nstring', 'txt'),
  true: () => bool(true),
  false: () => bool(false),
}

const WRONG_TYPE = err('Wrong protocol type name. Please use one of the following: string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false')
const RESP2_UNSUPPORTED = err('RESP2 is not supported by this command')

/** A push message, then a normal reply, so a client waiting for a reply gets one after the push. */
function pushValue(ctx: CommandContext): Reply {
  if (ctx.client.resp < 3) return RESP2_UNSUPPORTED
  return new MultiReply([new PushReply(['server-cpu-usage', 42]), 'Some real reply following the push reply'])
}

function protocolSub(ctx: CommandContext, argv: string[]): Reply {
  const make = Object.hasOwn(TYPES, argv[2].toLowerCase()) ? TYPES[argv[2].toLowerCase()] : undefined
  return make === undefined ? WRONG_TYPE : make(ctx)
}

export const protocolSubs: DebugSub[] = [
  {
    name: 'PROTOCOL', argc: 3, run: protocolSub,
    help: [
      'PROTOCOL <type>',
      '    Reply with a test value of the specified type. <type> can be: string,',
      '    integer, double, bignum, null, array, set, map, attrib, push, verbatim,',
      '    true, false.',
    ],
  },
]
