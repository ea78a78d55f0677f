// Compares the replies of real Redis and rcl-node to one command under the command's rule
// (compare-rules.ts): byte for byte by default, errors always byte for byte unless the rule says not.
import type { ReadResult } from './resp-conn.js'
import { isError, type RespValue } from './resp-value.js'
import { RULES, type Rule } from './compare-rules.js'

/** Why two replies differ, or null when they match under the rule. */
export type Verdict = string | null

/** The rule for a command's full name ("object|idletime"); undefined means byte for byte. */
export function ruleFor(fullName: string): Rule | undefined {
  return RULES[fullName]
}

export function compareReplies(fullName: string, argv: readonly string[], a: ReadResult, b: ReadResult): Verdict {
  if (a === 'timeout' && b === 'timeout') return 'no reply from either server'
  if (typeof a === 'string' || typeof b === 'string') return a === b ? null : `${typeof a === 'string' ? `redis: ${a}` : `rcl: ${b}`}`
  return compareValues(ruleFor(fullName), argv, a, b)
}

export function compareValues(rule: Rule | undefined, argv: readonly string[], a: RespValue, b: RespValue): Verdict {
  if (a.raw === b.raw) return null
  if (isError(a) || isError(b)) {
    if (rule?.mode === 'type' && rule.errorsToo && isError(a) && isError(b)) return null
    return 'error replies differ'
  }
  if (!rule) return 'replies differ'
  switch (rule.mode) {
    case 'unordered': return sameMultiset(a, b, rule.group ?? 1) ? null : 'elements differ (compared unordered)'
    case 'shape': return shapeOf(a, true) === shapeOf(b, true) ? null : 'shapes differ'
    case 'type': return shapeOf(a, false) === shapeOf(b, false) ? null : 'reply types differ'
    case 'tolerance': return withinTolerance(a, b, rule.within) ? null : `numbers differ by more than ${rule.within}`
    case 'scan': return compareScan(argv, a, b, rule.group)
    case 'dump': return shapeOf(a, false) === shapeOf(b, false) ? null : 'reply types differ' // payloads: runner checks
  }
}

/** The type of a frame, null-ness, and (deep) the shapes and count of its elements. */
export function shapeOf(v: RespValue, deep: boolean): string {
  const head = `${v.type}${v.isNull ? 'null' : ''}`
  if (!deep || !v.items) return head
  return `${head}[${v.items.length}](${v.items.map((i) => shapeOf(i, true)).join(',')})`
}

function groups(v: RespValue, size: 1 | 2): string[] {
  const items = v.items ?? []
  const out: string[] = []
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size).map((x) => x.raw).join(''))
  return out.sort()
}

function sameMultiset(a: RespValue, b: RespValue, size: 1 | 2): boolean {
  if (a.type !== b.type || a.isNull !== b.isNull || !a.items || !b.items || a.items.length !== b.items.length) return false
  const ga = groups(a, size)
  const gb = groups(b, size)
  return ga.every((x, i) => x === gb[i])
}

/** Integer replies within `within` of each other, exactly (PTTL near 2^63 needs more than a double). */
export function withinTolerance(a: RespValue, b: RespValue, within: number): boolean {
  if (a.type !== ':' || b.type !== ':') return false
  return closeIntegers(a.text ?? '', b.text ?? '', within)
}

/** Two decimal integers within `within` of each other; negative ones (no key, no TTL) must be equal. */
export function closeIntegers(a: string, b: string, within: number): boolean {
  if (!/^-?\d+$/.test(a) || !/^-?\d+$/.test(b)) return a === b
  const x = BigInt(a)
  const y = BigInt(b)
  if (x < 0n || y < 0n) return x === y
  const d = x > y ? x - y : y - x
  return d <= BigInt(within)
}

/** [cursor, [elements]]: with both cursors 0 after a call from cursor 0, the elements must match. */
function compareScan(argv: readonly string[], a: RespValue, b: RespValue, size: 1 | 2): Verdict {
  const ok = (v: RespValue): boolean => v.items?.length === 2 && v.items[0].type === '$' && v.items[1].type === '*'
  if (!ok(a) || !ok(b)) return shapeOf(a, true) === shapeOf(b, true) ? null : 'shapes differ'
  const items = (v: RespValue): RespValue => (v.items as RespValue[])[1]
  const cursorAt = argv[0].toLowerCase() === 'scan' ? 1 : 2
  const whole = argv[cursorAt] === '0' && a.items?.[0].text === '0' && b.items?.[0].text === '0'
  if (!whole) return null
  return sameMultiset(items(a), items(b), size) ? null : 'elements of a whole iteration differ'
}
