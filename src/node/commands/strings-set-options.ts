// The option grammar SET and GETEX share (NX|XX, GET, EX|PX|EXAT|PXAT|KEEPTTL|PERSIST) and the expire-time
// reader that turns an EX/PX/EXAT/PXAT argument into an absolute ms time with Redis's range checks.
import { NOT_INTEGER, SYNTAX, err } from '../resp/errors.js'
import type { ReplyError } from '../resp/types.js'
import { INT64_MAX, parseInt64, parseIntStrict } from '../util/int.js'
import type { CommandContext } from './core/types.js'

export const OBJ_NX = 1
export const OBJ_XX = 2
export const OBJ_GET = 4
export const OBJ_KEEPTTL = 8
export const OBJ_PERSIST = 16
export const OBJ_EX = 32
export const OBJ_PX = 64
export const OBJ_EXAT = 128
export const OBJ_PXAT = 256
const ANY_EXPIRE = OBJ_EX | OBJ_PX | OBJ_EXAT | OBJ_PXAT

export interface SetOptions {
  flags: number
  /** The EX/PX/EXAT/PXAT argument, unparsed (it is validated later, after the option syntax). */
  expire: string | null
}

/**
 * parseExtendedStringArgumentsOrReply(): options from argv[start] on. Repeating an option is allowed
 * (the last expire wins); combining conflicting ones is a syntax error. `getex` selects GETEX's subset.
 */
export function parseSetOptions(argv: string[], start: number, getex: boolean): SetOptions {
  let flags = 0
  let expire: string | null = null
  for (let j = start; j < argv.length; j++) {
    const opt = argv[j].toLowerCase()
    const hasNext = j < argv.length - 1
    let bit = 0
    if (opt === 'nx' && !getex && !(flags & OBJ_XX)) flags |= OBJ_NX
    else if (opt === 'xx' && !getex && !(flags & OBJ_NX)) flags |= OBJ_XX
    else if (opt === 'get' && !getex) flags |= OBJ_GET
    else if (opt === 'keepttl' && !getex && !(flags & (OBJ_PERSIST | ANY_EXPIRE))) flags |= OBJ_KEEPTTL
    else if (opt === 'persist' && getex && !(flags & (OBJ_KEEPTTL | ANY_EXPIRE))) flags |= OBJ_PERSIST
    else if ((bit = expireBit(opt)) !== 0 && hasNext && !(flags & (OBJ_KEEPTTL | OBJ_PERSIST | (ANY_EXPIRE & ~bit)))) {
      flags |= bit
      expire = argv[++j]
    } else {
      throw SYNTAX
    }
  }
  return { flags, expire }
}

function expireBit(opt: string): number {
  switch (opt) {
    case 'ex': return OBJ_EX
    case 'px': return OBJ_PX
    case 'exat': return OBJ_EXAT
    case 'pxat': return OBJ_PXAT
    default: return 0
  }
}

const invalidExpire = (name: string): ReplyError => err(`invalid expire time in '${name}' command`)
const LLONG_MAX_DIV_1000 = INT64_MAX / 1000n

/**
 * getExpireMillisecondsOrReply(): the option's argument as an absolute unix time in ms. Non-positive
 * values and anything that would overflow a signed 64-bit ms time are "invalid expire time in '<name>'".
 */
export function expireTimeMs(ctx: CommandContext, arg: string, flags: number, name: string): number {
  const seconds = (flags & (OBJ_EX | OBJ_EXAT)) !== 0
  const relative = (flags & (OBJ_EX | OBJ_PX)) !== 0
  if (arg.length <= 12) {
    // small enough that every step below stays exact in a double
    const n = parseIntStrict(arg)
    if (n === null) throw NOT_INTEGER
    if (n <= 0) throw invalidExpire(name)
    const ms = seconds ? n * 1000 : n
    return relative ? ms + ctx.server.clock.now() : ms
  }
  const big = parseInt64(arg)
  if (big === null) throw NOT_INTEGER
  if (big <= 0n || (seconds && big > LLONG_MAX_DIV_1000)) throw invalidExpire(name)
  let ms = seconds ? big * 1000n : big
  if (relative) ms += BigInt(ctx.server.clock.now())
  // Redis adds in int64 and treats a wrapped (negative) sum as invalid
  if (ms > INT64_MAX) throw invalidExpire(name)
  return Number(ms)
}
