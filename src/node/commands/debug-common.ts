// What the DEBUG subcommand files share: the shape of a subcommand row and C's lenient number parsers,
// which several subcommands use the way Redis does (atoi/strtod never fail: junk reads as 0).
import type { Reply } from '../resp/types.js'
import type { CommandContext } from './core/types.js'

export interface DebugSub {
  /** Upper-case name, as DEBUG HELP lists it. */
  name: string
  /** Allowed argc (the whole argv, DEBUG included): exact, or [min, max]. */
  argc: number | [number, number]
  run: (ctx: CommandContext, argv: string[]) => Reply
  /** Redis's DEBUG HELP lines for it, in Redis's words; [] keeps it out of HELP, as Redis does. */
  help: string[]
}

/** Any number of arguments after the subcommand (Redis checks none for these). */
export const ANY_ARGC: [number, number] = [2, Infinity]

/** atoi(): leading blanks, optional sign, digits; anything else stops the parse (no digits = 0). */
export function atoi(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?\d+)/.exec(s)
  return m === null ? 0 : Number(m[1])
}

/** strtod() prefix parse: the longest leading number, or 0. */
export function strtod(s: string): number {
  const m = /^[ \t\n\v\f\r]*([+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?)/.exec(s)
  return m === null ? 0 : Number(m[1])
}
