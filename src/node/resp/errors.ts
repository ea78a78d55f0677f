// Error replies with Redis 7.0's exact texts. Handlers throw or return these; families add their own
// rare texts with `err('...')`, but anything shared by two families belongs here.
import { ReplyError } from './types.js'

/** `-ERR <text>` unless the text already starts with an upper-case code. */
export const err = (text: string): ReplyError => new ReplyError(`ERR ${text}`)
/** An error with its own code: `coded('WRONGPASS', '...')`. */
export const coded = (code: string, text: string): ReplyError => new ReplyError(`${code} ${text}`)

export const WRONGTYPE = new ReplyError('WRONGTYPE Operation against a key holding the wrong kind of value')
export const SYNTAX = new ReplyError('ERR syntax error')
export const NOT_INTEGER = new ReplyError('ERR value is not an integer or out of range')
export const NOT_FLOAT = new ReplyError('ERR value is not a valid float')
export const NO_SUCH_KEY = new ReplyError('ERR no such key')
export const OVERFLOW = new ReplyError('ERR increment or decrement would overflow')
export const INDEX_OUT_OF_RANGE = new ReplyError('ERR index out of range')
export const NOAUTH = new ReplyError('NOAUTH Authentication required.')
export const WRONGPASS = new ReplyError('WRONGPASS invalid username-password pair or user is disabled.')
export const EXECABORT = new ReplyError('EXECABORT Transaction discarded because of previous errors.')
export const LOADING = new ReplyError('LOADING Redis is loading the dataset in memory')
export const BUSYKEY = new ReplyError('BUSYKEY Target key name already exists.')
export const OUT_OF_RANGE_DB = new ReplyError('ERR DB index is out of range')
export const NOT_POSITIVE = (what: string): ReplyError => err(`${what} should be greater than 0`)
export const STRING_TOO_LONG = new ReplyError('ERR string exceeds maximum allowed size (proto-max-bulk-len)')
export const TIMEOUT_INVALID = new ReplyError('ERR timeout is not a float or out of range')
export const TIMEOUT_NEGATIVE = new ReplyError('ERR timeout is negative')

export const wrongType = (): ReplyError => WRONGTYPE
export const syntax = (): ReplyError => SYNTAX

/** ERR wrong number of arguments for 'get' command (subcommands as 'config|get'). */
export const arity = (name: string): ReplyError => err(`wrong number of arguments for '${name}' command`)

/** ERR unknown command 'FOO', with args beginning with: 'a' 'b' — args truncated like Redis (128 chars). */
export function unknownCommand(argv: readonly string[]): ReplyError {
  let args = ''
  for (let i = 1; i < argv.length && args.length < 128; i++) {
    const remaining = 128 - args.length
    args += `'${argv[i].slice(0, remaining)}' `
  }
  return err(`unknown command '${truncate(argv[0], 128)}', with args beginning with: ${args}`)
}

/** ERR unknown subcommand 'FOO'. Try CONFIG HELP. */
export function unknownSubcommand(container: string, sub: string): ReplyError {
  return err(`unknown subcommand '${truncate(sub, 128)}'. Try ${container.toUpperCase()} HELP.`)
}

const truncate = (s: string, n: number): string => (s.length > n ? s.slice(0, n) : s)

export const isReplyError = (v: unknown): v is ReplyError => v instanceof ReplyError
