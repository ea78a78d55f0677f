// COMMAND INFO and COMMAND DOCS replies in Redis 7.0's layout, built from the family rows (name, arity,
// flags, keys, docs) plus command-meta.ts (ACL categories, tips, key specs). Rows without metadata get
// key specs derived from their first/last/step and ACL categories derived from flags and group.
import { MapReply, SetReply, SimpleString, type Reply } from '../../resp/types.js'
import { COMMAND_META_ROWS } from './command-meta.js'
import type { CommandEntry } from './command-table.js'
import type { CommandFlag, CommandGroup } from './types.js'
import { parseInt64 } from '../../util/int.js'

export interface KeySpec {
  flags: string[]
  notes?: string
  bs: { type: 'index'; index: number } | { type: 'keyword'; keyword: string; startfrom: number } | { type: 'unknown' }
  fk: { type: 'range'; lastkey: number; keystep: number; limit: number } | { type: 'keynum'; keynumidx: number; firstkey: number; keystep: number } | { type: 'unknown' }
}

interface Meta { acl: string[]; tips: string[]; keySpecs: KeySpec[] }

let metaByName: Map<string, Meta> | null = null

function parseKeySpec(text: string): KeySpec {
  const [flags, bs, fk, ...notes] = text.split('|')
  const nums = (s: string): number[] => s.slice(1).split(',').map(Number)
  const spec: KeySpec = { flags: flags.split(' '), bs: { type: 'unknown' }, fk: { type: 'unknown' } }
  if (bs[0] === 'i') spec.bs = { type: 'index', index: Number(bs.slice(1)) }
  else if (bs[0] === 'k') {
    const comma = bs.lastIndexOf(',')
    spec.bs = { type: 'keyword', keyword: bs.slice(1, comma), startfrom: Number(bs.slice(comma + 1)) }
  }
  if (fk[0] === 'r') { const [lastkey, keystep, limit] = nums(fk); spec.fk = { type: 'range', lastkey, keystep, limit } }
  else if (fk[0] === 'n') { const [keynumidx, firstkey, keystep] = nums(fk); spec.fk = { type: 'keynum', keynumidx, firstkey, keystep } }
  if (notes.length > 0) spec.notes = notes.join('|')
  return spec
}

/** Redis 7.0's metadata for a command ("get", "config|get"), or undefined for commands of our own. */
export function commandMeta(fullName: string): Meta | undefined {
  if (metaByName === null) {
    metaByName = new Map()
    for (const [name, acl, tips, specs] of COMMAND_META_ROWS) {
      metaByName.set(name, { acl: acl === '' ? [] : acl.split(' '), tips: tips === '' ? [] : tips.split(' '), keySpecs: specs.map(parseKeySpec) })
    }
  }
  return metaByName.get(fullName)
}

/** Key specs of an entry: Redis's, or one derived from the row's first/last/step. */
export function keySpecsOf(entry: CommandEntry): KeySpec[] {
  const meta = commandMeta(entry.fullName)
  if (meta) return meta.keySpecs
  const k = entry.spec.keys
  const flags = entry.isWrite ? ['RW', 'update'] : ['RO', 'access']
  if (k && k[0] > 0) {
    const lastkey = k[1] < 0 ? k[1] : k[1] - k[0]
    return [{ flags, bs: { type: 'index', index: k[0] }, fk: { type: 'range', lastkey, keystep: k[2], limit: 0 } }]
  }
  return entry.spec.getKeys ? [{ flags: [...flags, 'incomplete'], bs: { type: 'unknown' }, fk: { type: 'unknown' } }] : []
}

/** populateCommandLegacyRangeSpec(): first/last/step for COMMAND INFO, and whether keys are "movable". */
export function legacyRange(specs: KeySpec[]): { first: number; last: number; step: number; movable: boolean } {
  if (specs.length === 0) return { first: 0, last: 0, step: 0, movable: false }
  const s0 = specs[0]
  if (specs.length === 1 && s0.bs.type === 'index' && s0.fk.type === 'range') {
    const last = s0.fk.lastkey >= 0 ? s0.fk.lastkey + s0.bs.index : s0.fk.lastkey
    return { first: s0.bs.index, last, step: s0.fk.keystep, movable: s0.flags.includes('incomplete') }
  }
  const unsigned = (n: number): number => (n < 0 ? 2 ** 32 + n : n)
  let first = Infinity
  let last = 0
  let prevLast = 0
  let movable = false
  for (const s of specs) {
    if (s.bs.type !== 'index' || s.fk.type !== 'range') { movable = true; continue }
    if (s.fk.keystep !== 1 || (prevLast !== 0 && prevLast !== s.bs.index - 1)) { movable = true; continue }
    if (s.flags.includes('incomplete')) movable = true
    first = Math.min(first, s.bs.index)
    const abs = s.fk.lastkey >= 0 ? s.fk.lastkey + s.bs.index : s.fk.lastkey
    if (unsigned(abs) > unsigned(last)) last = abs
    prevLast = last
  }
  if (first === Infinity) return { first: 0, last: 0, step: 0, movable: true }
  return { first, last, step: 1, movable }
}

/** Flags in the order COMMAND INFO prints them; may_replicate, sentinel and only_sentinel stay hidden. */
const FLAG_ORDER: string[] = [
  'write', 'readonly', 'denyoom', 'module', 'admin', 'pubsub', 'noscript', 'blocking', 'loading', 'stale',
  'skip_monitor', 'skip_slowlog', 'asking', 'fast', 'no_auth', 'no_mandatory_keys', 'no_async_loading', 'no_multi',
  'movablekeys', 'allow_busy',
]

const ACL_ORDER = ['keyspace', 'read', 'write', 'set', 'sortedset', 'list', 'hash', 'string', 'bitmap', 'hyperloglog',
  'geo', 'stream', 'pubsub', 'admin', 'fast', 'slow', 'blocking', 'dangerous', 'connection', 'transaction', 'scripting']

const GROUP_ACL: Partial<Record<CommandGroup, string>> = {
  generic: 'keyspace', string: 'string', list: 'list', set: 'set', 'sorted-set': 'sortedset', hash: 'hash',
  pubsub: 'pubsub', transactions: 'transaction', connection: 'connection', scripting: 'scripting',
  hyperloglog: 'hyperloglog', geo: 'geo', stream: 'stream', bitmap: 'bitmap',
}

/** ACL categories with their '@': Redis's own, or setImplicitACLCategories() plus the group's category. */
export function aclCategories(entry: CommandEntry): string[] {
  const meta = commandMeta(entry.fullName)
  if (meta) return meta.acl
  const has = (f: CommandFlag): boolean => entry.spec.flags.includes(f)
  const cats = new Set<string>()
  if (has('write')) cats.add('write')
  if (has('readonly') && entry.spec.group !== 'scripting') cats.add('read')
  if (has('admin')) { cats.add('admin'); cats.add('dangerous') }
  if (has('pubsub')) cats.add('pubsub')
  cats.add(has('fast') ? 'fast' : 'slow')
  if (has('blocking')) cats.add('blocking')
  const g = GROUP_ACL[entry.spec.group]
  if (g) cats.add(g)
  return ACL_ORDER.filter((c) => cats.has(c)).map((c) => `@${c}`)
}

function keySpecReply(s: KeySpec): Reply {
  const items: Reply[] = []
  if (s.notes !== undefined) items.push('notes', s.notes)
  items.push('flags', new SetReply(s.flags.map((f) => new SimpleString(f))))
  const bs = s.bs.type === 'index' ? ['index', s.bs.index]
    : s.bs.type === 'keyword' ? ['keyword', s.bs.keyword, 'startfrom', s.bs.startfrom] : []
  items.push('begin_search', new MapReply(['type', s.bs.type, 'spec', new MapReply(bs)]))
  const fk = s.fk.type === 'range' ? ['lastkey', s.fk.lastkey, 'keystep', s.fk.keystep, 'limit', s.fk.limit]
    : s.fk.type === 'keynum' ? ['keynumidx', s.fk.keynumidx, 'firstkey', s.fk.firstkey, 'keystep', s.fk.keystep] : []
  items.push('find_keys', new MapReply(['type', s.fk.type, 'spec', new MapReply(fk)]))
  return new MapReply(items)
}

/** addReplyCommandInfo(): the 10-element description of one command. */
export function commandInfoReply(entry: CommandEntry): Reply {
  const specs = keySpecsOf(entry)
  const range = legacyRange(specs)
  const flags = new Set<string>(entry.spec.flags)
  if (range.movable) flags.add('movablekeys')
  const tips = commandMeta(entry.fullName)?.tips ?? []
  return [
    entry.fullName,
    entry.spec.arity,
    new SetReply(FLAG_ORDER.filter((f) => flags.has(f)).map((f) => new SimpleString(f))),
    range.first, range.last, range.step,
    new SetReply(aclCategories(entry).map((c) => new SimpleString(c))),
    new SetReply(tips),
    new SetReply(specs.map(keySpecReply)),
    entry.subcommands ? [...entry.subcommands.values()].map(commandInfoReply) : new SetReply([]),
  ]
}

/** addReplyCommandDocs(): summary, since, group, complexity and subcommands, in our own words. */
export function commandDocsReply(entry: CommandEntry): Reply {
  const s = entry.spec
  const items: Reply[] = ['summary', s.summary, 'since', s.since, 'group', s.group]
  if (s.complexity !== undefined) items.push('complexity', s.complexity)
  else if (entry.subcommands) items.push('complexity', 'Depends on subcommand.')
  if (entry.subcommands) {
    const subs: Reply[] = []
    for (const sub of entry.subcommands.values()) subs.push(sub.fullName, commandDocsReply(sub))
    items.push('subcommands', new MapReply(subs))
  }
  return new MapReply(items)
}

/** One key a key spec found: its argv position and the spec's flags. */
export interface SpecKey { pos: number; flags: string[] }

/**
 * getKeysUsingKeySpecs(): the keys the specs name, spec by spec (not_key specs skipped), or null when one
 * spec cannot be applied (unknown, numkeys unreadable, keys past the end, or incomplete): Redis then asks
 * the command's own getkeys function instead.
 */
export function keysFromSpecs(specs: readonly KeySpec[], argv: readonly string[]): SpecKey[] | null {
  const out: SpecKey[] = []
  for (const s of specs) {
    if (s.flags.includes('not_key')) continue
    const begin = specBegin(s, argv)
    if (begin === 0) continue
    const span = begin < 0 ? null : specSpan(s, begin, argv)
    if (span === null) return null
    const [first, last, step] = span
    if (last >= argv.length || last < first || first >= argv.length) return null
    for (let i = first; i <= last; i += step) out.push({ pos: i, flags: s.flags })
    if (s.flags.includes('incomplete')) return null
  }
  return out
}

/** Where a spec's search lands: its index, just after its keyword (0 = keyword absent), or -1 (unknown). */
function specBegin(s: KeySpec, argv: readonly string[]): number {
  if (s.bs.type === 'index') return s.bs.index
  if (s.bs.type !== 'keyword') return -1
  const argc = argv.length
  const from = s.bs.startfrom
  // forwards stops before the last argument, backwards before the command name
  const start = from > 0 ? from : argc + from
  const end = from > 0 ? argc - 1 : 1
  const dir = start <= end ? 1 : -1
  const kw = s.bs.keyword.toLowerCase()
  for (let i = start; i !== end; i += dir) {
    if (i >= argc || i < 1) break
    if (argv[i].toLowerCase() === kw) return i + 1
  }
  return 0
}

/** [first, last, step] of a spec whose search landed on `begin`; null when its count is unreadable. */
function specSpan(s: KeySpec, begin: number, argv: readonly string[]): [number, number, number] | null {
  const argc = argv.length
  if (s.fk.type === 'range') {
    const { lastkey, keystep, limit } = s.fk
    const last = lastkey >= 0 ? begin + lastkey : limit === 0 ? argc + lastkey : begin + Math.floor((argc - begin) / limit) + lastkey
    return [begin, last, keystep]
  }
  if (s.fk.type !== 'keynum' || s.fk.keynumidx >= argc) return null
  const n = parseInt64(argv[begin + s.fk.keynumidx] ?? '')
  if (n === null || n < 0n) return null
  const first = begin + s.fk.firstkey
  // Redis cuts the count to a C int
  return [first, (first + Number(BigInt.asIntN(32, n)) - 1) | 0, s.fk.keystep]
}
