// Decoding RESP2/RESP3 replies into trees that keep every frame's raw bytes, so the comparator can
// compare bytes where order matters and elements where it does not. Test code only.

/** One decoded reply frame. Strings are latin1, byte for byte. */
export interface RespValue {
  /** The RESP type byte: + - : $ * % ~ _ , # ( = > | */
  readonly type: string
  /** The whole frame as sent, nested frames included. */
  readonly raw: string
  /** Simple strings, errors, numbers and bulk payloads; undefined for null bulk/array and aggregates. */
  readonly text?: string
  /** Aggregate elements (maps and attributes flattened as key, value, key, value). */
  readonly items?: RespValue[]
  readonly isNull: boolean
}

const AGGREGATES = '*%~>|'

/** Decodes the first complete frame of `s` from `pos`: [value, end] or null when incomplete. */
export function decodeFrame(s: string, pos = 0): [RespValue, number] | null {
  const eol = s.indexOf('\r\n', pos)
  if (eol < 0) return null
  const type = s[pos]
  const head = s.slice(pos + 1, eol)
  const next = eol + 2
  if ('+-:_,#('.includes(type)) return [{ type, raw: s.slice(pos, next), text: head, isNull: type === '_' }, next]
  if ('$=!'.includes(type)) {
    const n = Number(head)
    if (n < 0) return [{ type, raw: s.slice(pos, next), isNull: true }, next]
    if (next + n + 2 > s.length) return null
    return [{ type, raw: s.slice(pos, next + n + 2), text: s.slice(next, next + n), isNull: false }, next + n + 2]
  }
  if (AGGREGATES.includes(type)) return decodeAggregate(s, pos, type, Number(head), next)
  throw new Error(`not a RESP frame at ${pos}: ${JSON.stringify(s.slice(pos, pos + 40))}`)
}

function decodeAggregate(s: string, pos: number, type: string, count: number, next: number): [RespValue, number] | null {
  if (count < 0) return [{ type, raw: s.slice(pos, next), isNull: true }, next]
  const n = type === '%' || type === '|' ? count * 2 : count
  const items: RespValue[] = []
  let p = next
  for (let i = 0; i < n; i++) {
    const r = decodeFrame(s, p)
    if (!r) return null
    items.push(r[0])
    p = r[1]
  }
  if (type === '|') {
    // an attribute precedes the reply it describes; keep both as one unit
    const inner = decodeFrame(s, p)
    if (!inner) return null
    return [{ ...inner[0], raw: s.slice(pos, inner[1]) }, inner[1]]
  }
  return [{ type, raw: s.slice(pos, p), items, isNull: false }, p]
}

export const isError = (v: RespValue): boolean => v.type === '-' || v.type === '!'

/** A readable one-line rendering of a reply for reports. */
export function show(v: RespValue | string, max = 300): string {
  const raw = typeof v === 'string' ? v : v.raw
  const j = JSON.stringify(raw)
  return j.length > max ? `${j.slice(0, max)}…(${raw.length} bytes)` : j
}
