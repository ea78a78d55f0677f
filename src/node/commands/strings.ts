// String family: GET, SET and the rest of the string group.
import { OK, type Reply } from '../resp/types.js'
import type { CommandContext, CommandSpec } from './types.js'

export const stringCommands: CommandSpec[] = [
  { name: 'get', arity: 2, flags: ['readonly', 'fast'], keys: [1, 1, 1], handler: getCommand, group: 'string', since: '1.0.0', summary: 'Returns the string value of a key' },
  { name: 'set', arity: -3, flags: ['write', 'denyoom'], keys: [1, 1, 1], handler: setCommand, group: 'string', since: '1.0.0', summary: 'Sets the string value of a key' },
]

/** GET key */
function getCommand(ctx: CommandContext, argv: string[]): Reply {
  return ctx.db.getString(argv[1]) ?? null
}

/** SET key value (options arrive with the rest of the family) */
function setCommand(ctx: CommandContext, argv: string[]): Reply {
  ctx.db.set(argv[1], argv[2])
  ctx.modified(argv[1], '$', 'set')
  return OK
}
