// The HELP answer every container command gives (addReplyHelp): a header line, the caller's lines,
// then "HELP / Prints this help.", all as status replies.
import { SimpleString, type Reply } from '../../resp/types.js'

/** `name` as Redis prints it in the header ("CLIENT", "SLOWLOG"); `lines` already indented. */
export function helpReply(name: string, lines: readonly string[]): Reply {
  const out: Reply[] = [new SimpleString(`${name} <subcommand> [<arg> [value] [opt] ...]. Subcommands are:`)]
  for (const l of lines) out.push(new SimpleString(l))
  out.push(new SimpleString('HELP'), new SimpleString('    Prints this help.'))
  return out
}
