// Reply values that command handlers return. Pure data: encoding per protocol version lives in encoder.ts.
// Plain JS values cover the hot path without allocation: string = bulk (latin1), number/bigint = integer,
// null = null bulk, array = array. Everything else is a small tagged object.

/** A reply that is already on-the-wire bytes, identical in RESP2 and RESP3 (interned replies). */
export class RawReply {
  readonly kind = 'raw'
  constructor(readonly bytes: Buffer) {}
}
export class SimpleString {
  readonly kind = 'simple'
  constructor(readonly text: string) {}
}
/** An error reply. `text` is the whole line after '-', starting with its code ("ERR ...", "WRONGTYPE ..."). */
export class ReplyError {
  readonly kind = 'error'
  constructor(readonly text: string) {}
  /** First word of the text: the key of errorstats. */
  get code(): string {
    const sp = this.text.indexOf(' ')
    return sp < 0 ? this.text : this.text.slice(0, sp)
  }
}
export class DoubleReply {
  readonly kind = 'double'
  constructor(readonly value: number) {}
}
export class BoolReply {
  readonly kind = 'bool'
  constructor(readonly value: boolean) {}
}
/** Map reply; `items` is flat: key, value, key, value. RESP2 sends it as an array of 2n. */
export class MapReply {
  readonly kind = 'map'
  constructor(readonly items: Reply[]) {}
}
export class SetReply {
  readonly kind = 'set'
  constructor(readonly items: Reply[]) {}
}
export class PushReply {
  readonly kind = 'push'
  constructor(readonly items: Reply[]) {}
}
export class VerbatimReply {
  readonly kind = 'verbatim'
  constructor(readonly text: string, readonly format = 'txt') {}
}
export class BigNumberReply {
  readonly kind = 'bignum'
  constructor(readonly digits: string) {}
}
/**
 * Several top-level replies from one command, written back to back (SUBSCRIBE a b answers one
 * push per channel). Not an aggregate: no header is written.
 */
export class MultiReply {
  readonly kind = 'multi'
  constructor(readonly replies: Reply[]) {}
}

/** True for a push, or several replies that are all pushes (SUBSCRIBE a b). */
export function isPushOnly(reply: Reply): boolean {
  if (reply instanceof PushReply) return true
  return reply instanceof MultiReply && reply.replies.every(isPushOnly)
}

/**
 * A RESP3 attribute (`|`) ahead of a reply: `attrs` is flat, key, value, key, value. It is not a reply
 * itself, so it does not count in an enclosing aggregate; RESP2 clients get the reply alone.
 */
export class AttributeReply {
  readonly kind = 'attribute'
  constructor(readonly attrs: Reply[], readonly reply: Reply) {}
}

/** Null array: RESP2 `*-1`, RESP3 `_`. */
export class NullArrayReply {
  readonly kind = 'nullarray'
}

export type TaggedReply =
  | RawReply | SimpleString | ReplyError | DoubleReply | BoolReply | MapReply | SetReply | PushReply
  | VerbatimReply | BigNumberReply | NullArrayReply | MultiReply | AttributeReply

export type Reply = null | string | number | bigint | Reply[] | TaggedReply

export type ProtocolVersion = 2 | 3

export const OK = new RawReply(Buffer.from('+OK\r\n'))
export const QUEUED = new RawReply(Buffer.from('+QUEUED\r\n'))
export const PONG = new RawReply(Buffer.from('+PONG\r\n'))
export const NULL_ARRAY = new NullArrayReply()
export const EMPTY_ARRAY: Reply[] = Object.freeze([]) as unknown as Reply[]

export const simple = (text: string): SimpleString => new SimpleString(text)
export const double = (value: number): DoubleReply => new DoubleReply(value)
export const bool = (value: boolean): BoolReply => new BoolReply(value)
export const map = (items: Reply[]): MapReply => new MapReply(items)
export const set = (items: Reply[]): SetReply => new SetReply(items)
export const verbatim = (text: string): VerbatimReply => new VerbatimReply(text)
