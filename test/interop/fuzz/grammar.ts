// The command grammar: every command in rcl-node's table (minus excluded.ts), with its argument tree
// from Redis's COMMAND DOCS (command-docs.json), and the walk that turns a tree into one argv.
import { readFileSync } from 'node:fs'
import { CommandRegistry, keyPositions, type CommandEntry } from '../../../src/node/commands/core/command-table.js'
import { FAMILIES } from '../../../src/node/commands/registry.js'
import type { CommandGroup } from '../../../src/node/commands/core/types.js'
import { EXCLUDED, EXCLUDED_TOKENS } from './excluded.js'
import type { Prng } from './prng.js'
import { mangleCase } from './pools.js'
import { valueFor, type ValueContext } from './values.js'

/** One node of a COMMAND DOCS argument tree. */
export interface DocArg {
  name: string
  type: string
  token?: string
  flags?: string[]
  arguments?: DocArg[]
}

export interface CommandGrammar {
  /** COMMAND's full name: "get", "object|encoding". */
  fullName: string
  /** The words that name it on the wire: ["GET"], ["OBJECT", "ENCODING"]. */
  words: string[]
  args: DocArg[]
  group: CommandGroup
  blocking: boolean
  write: boolean
  noMulti: boolean
  weight: number
}

const DOCS: Record<string, DocArg[]> = JSON.parse(readFileSync(new URL('./command-docs.json', import.meta.url), 'utf8'))

/** Relative weight of one command of each group: data commands are what the fuzzer is for. */
const GROUP_WEIGHT: Partial<Record<CommandGroup, number>> = {
  string: 1, list: 1, set: 1, 'sorted-set': 1, hash: 1, bitmap: 0.8, generic: 0.7, transactions: 0.4,
  connection: 0.15, server: 0.12, pubsub: 0.2,
}

let cached: CommandGrammar[] | null = null

/** Every fuzzed command, built once from rcl-node's own table. */
export function commandGrammars(): CommandGrammar[] {
  if (cached) return cached
  const out: CommandGrammar[] = []
  for (const e of new CommandRegistry(FAMILIES).all()) {
    if (e.subcommands || EXCLUDED[e.fullName] !== undefined || (e.parent && EXCLUDED[e.parent.fullName] !== undefined)) continue
    out.push(grammarOf(e))
  }
  cached = out
  return out
}

/** The grammar of one table entry (excluded or not: COMMAND GETKEYS walks every command without running it). */
export function grammarOf(e: CommandEntry): CommandGrammar {
  const args = DOCS[e.fullName]
  if (!args) throw new Error(`no COMMAND DOCS arguments for '${e.fullName}': regenerate command-docs.json (scripts/gen-fuzz-data.mjs)`)
  return {
    fullName: e.fullName,
    words: e.fullName.split('|').map((w) => w.toUpperCase()),
    args: withoutExcludedTokens(e.fullName, args),
    group: e.spec.group,
    blocking: e.spec.flags.includes('blocking'),
    write: e.isWrite,
    noMulti: e.noMulti,
    weight: GROUP_WEIGHT[e.spec.group] ?? 0.2,
  }
}

const REGISTRY = new CommandRegistry(FAMILIES)

/** Container commands (their first argument names a subcommand), for naming a sent argv. */
export const CONTAINERS = new Set([...REGISTRY.commands.values()].filter((e) => e.subcommands).map((e) => e.spec.name))

function entryOf(argv: readonly string[]): CommandEntry | undefined {
  const e = REGISTRY.lookup(argv[0] ?? '')
  return e?.subcommands ? e.subcommands.get((argv[1] ?? '').toLowerCase()) : e
}

/** Whether rcl-node's table flags the command as a write. */
export function isWriteCommand(argv: readonly string[]): boolean {
  return entryOf(argv)?.isWrite ?? false
}

/** The key names an argv names, by rcl-node's own key positions. */
export function keysOf(argv: readonly string[]): string[] {
  const e = entryOf(argv)
  if (!e) return []
  try {
    return keyPositions(e.spec, argv).map((i) => argv[i])
  } catch {
    return []
  }
}

/** COMMAND's full name of an argv as sent: "set", "object|encoding". */
export function fullNameOf(argv: readonly string[]): string {
  const name = (argv[0] ?? '').toLowerCase()
  return CONTAINERS.has(name) && argv.length > 1 ? `${name}|${argv[1].toLowerCase()}` : name
}

/** Every option token of a command (lower-case), from its argument tree. */
export function tokensOf(fullName: string): Set<string> {
  const out = new Set<string>()
  const walk = (list: DocArg[]): void => {
    for (const a of list) {
      if (a.token) out.add(a.token.toLowerCase())
      if (a.arguments) walk(a.arguments)
    }
  }
  walk(DOCS[fullName] ?? [])
  return out
}

function withoutExcludedTokens(fullName: string, args: DocArg[]): DocArg[] {
  const drop = (a: DocArg): boolean => a.token !== undefined && EXCLUDED_TOKENS[`${fullName} ${a.token}`] !== undefined
  const walk = (list: DocArg[]): DocArg[] => list.filter((a) => !drop(a)).map((a) => (a.arguments ? { ...a, arguments: walk(a.arguments) } : a))
  return walk(args)
}

const has = (a: DocArg, flag: string): boolean => a.flags?.includes(flag) ?? false

/** Generated argv words, with the indexes that hold option tokens (the near-valid mutations aim there). */
export interface Generated {
  words: string[]
  tokenAt: number[]
}

/** Walks a command's argument tree into one argv (the command words first). */
export function generateArgv(g: CommandGrammar, rng: Prng, ctx: ValueContext): Generated {
  const out: Generated = { words: g.words.map((w) => mangleCase(rng, w)), tokenAt: [] }
  genList(g, g.args, rng, ctx, out)
  return out
}

/** How many times a `multiple` argument repeats: mostly a few, sometimes enough to change an encoding. */
function repeats(a: DocArg, rng: Prng): number {
  if (a.type === 'key') return rng.weighted([[1, 50], [2, 30], [3, 15], [5, 5]])
  const big = rng.chance(0.5) ? rng.range(60, 140) : rng.range(129, 600)
  return rng.weighted([[1, 45], [2, 25], [3, 15], [6, 8], [big, 7]])
}

function genList(g: CommandGrammar, args: DocArg[], rng: Prng, ctx: ValueContext, out: Generated): void {
  let numkeysAt = -1
  let keyCount = 0
  for (const a of args) {
    if (has(a, 'optional') && !rng.chance(0.45)) continue
    if (a.name === 'numkeys') { numkeysAt = out.words.length; out.words.push('?'); continue }
    let n = has(a, 'multiple') ? repeats(a, rng) : 1
    if (a.type === 'key' && has(a, 'multiple')) keyCount = n
    if (a.name === 'weight' && keyCount > 0 && rng.chance(0.8)) n = keyCount
    for (let i = 0; i < n; i++) {
      if (a.token !== undefined && (i === 0 || has(a, 'multiple_token'))) {
        out.tokenAt.push(out.words.length)
        out.words.push(mangleCase(rng, a.token))
      }
      genOne(g, a, rng, ctx, out)
    }
  }
  if (numkeysAt >= 0) out.words[numkeysAt] = rng.chance(0.85) ? String(keyCount) : valueFor(g.fullName, { name: 'numkeys', type: 'integer' }, rng, ctx)
}

function genOne(g: CommandGrammar, a: DocArg, rng: Prng, ctx: ValueContext, out: Generated): void {
  switch (a.type) {
    case 'pure-token': return
    case 'oneof': {
      const child = rng.pick(a.arguments ?? [])
      genList(g, [{ ...child, flags: child.flags?.filter((f) => f !== 'optional') }], rng, ctx, out)
      return
    }
    case 'block': genList(g, a.arguments ?? [], rng, ctx, out); return
    default: out.words.push(valueFor(g.fullName, a, rng, ctx))
  }
}
