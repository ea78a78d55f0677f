// Turns a seed into a command sequence: a prologue that creates keys of every type and encoding, then
// commands drawn from the grammar (sometimes mutated into near-valid ones), transactions and re-creations.
import { commandGrammars, generateArgv, keysOf, type CommandGrammar, type Generated } from './grammar.js'
import { EXCLUDED_IN_MULTI } from './excluded.js'
import { Prng } from './prng.js'
import { BIG_STRINGS, INTEGERS, KEYS, ODD_KEYS, STRINGS, doubleValue, nearToken, stringValue } from './pools.js'
import type { ValueContext } from './values.js'

export interface Sequence {
  seed: number
  /** Commands in order; one starting with "@1" runs on the second client. */
  steps: string[][]
}

/** The word that sends a step to the second client (the runner reads it). */
export const SECOND_CLIENT = '@1'

/** Encoding thresholds the fuzzer changes with CONFIG SET, with their defaults (the runner restores them). */
export const CONFIG_DEFAULTS: Readonly<Record<string, string>> = {
  'hash-max-listpack-entries': '128',
  'hash-max-listpack-value': '64',
  'zset-max-listpack-entries': '128',
  'zset-max-listpack-value': '64',
  'set-max-intset-entries': '512',
  'list-max-listpack-size': '-2',
  'list-compress-depth': '0',
}
const CONFIG_VALUES = ['0', '1', '2', '3', '4', '16', '-1', '-2', '-5', '-6', 'x', '']

type KeyType = 'string' | 'list' | 'set' | 'zset' | 'hash'
const TYPE_OF_GROUP: Record<string, KeyType> = { string: 'string', bitmap: 'string', list: 'list', set: 'set', 'sorted-set': 'zset', hash: 'hash' }

/** The key pool and which type each key was last given (so most commands hit a key of their type). */
class KeyPicker {
  private readonly lastType = new Map<string, KeyType>()
  constructor(private readonly rng: Prng) {}

  pick(want?: KeyType): string {
    if (this.rng.chance(0.03)) return this.rng.pick(ODD_KEYS)
    if (want && this.rng.chance(0.7)) {
      const typed = KEYS.filter((k) => this.lastType.get(k) === want)
      if (typed.length > 0) return this.rng.pick(typed)
    }
    return this.rng.pick(KEYS)
  }

  mark(key: string | undefined, type: KeyType | undefined): void {
    if (key !== undefined && type) this.lastType.set(key, type)
  }
}

export class SequenceGenerator {
  private readonly rng: Prng
  private readonly keys: KeyPicker
  private readonly grammars = commandGrammars()
  private readonly table: Array<readonly [CommandGrammar, number]>
  private readonly names: string[]
  private readonly blocking: CommandGrammar[]
  /** Inside a transaction block: blocking timeouts may be 0. */
  private inMulti = false
  /** A MULTI was sent and no EXEC/DISCARD/RESET/QUIT since (stray MULTIs from the grammar included). */
  private multiOpen = false

  constructor(readonly seed: number) {
    this.rng = new Prng(seed)
    this.keys = new KeyPicker(this.rng)
    this.table = this.grammars.map((g) => [g, g.weight] as const)
    this.names = this.grammars.map((g) => g.fullName)
    this.blocking = this.grammars.filter((g) => g.blocking)
  }

  /** A sequence of about `count` commands; in some, a second client blocks and watches keys. */
  generate(count: number): Sequence {
    const steps: string[][] = []
    if (this.rng.chance(0.35)) steps.push(['HELLO', '3'])
    const twoClients = this.rng.chance(0.4)
    if (twoClients && this.rng.chance(0.3)) steps.push([SECOND_CLIENT, 'HELLO', '3'])
    // small encoding limits make the conversions (listpack -> hashtable, intset -> hashtable, ...) common
    for (let i = this.rng.weighted([[0, 80], [1, 15], [2, 5]]); i > 0; i--) steps.push(SPECIAL['config|set'](this.rng))
    for (let i = this.rng.range(2, 7); i > 0; i--) steps.push(this.creator())
    while (steps.length < count) {
      const what = this.rng.weighted([['command', 90], ['creator', 6], ['transaction', 4], ['second', twoClients ? 5 : 0]])
      if (what === 'creator') steps.push(this.creator())
      else if (what === 'transaction') steps.push(...this.transaction())
      else if (what === 'second') steps.push(...(this.rng.chance(0.75) ? this.blockingEpisode() : this.watchEpisode()))
      else steps.push(this.command())
    }
    return { seed: this.seed, steps: steps.slice(0, Math.max(count, 1)) }
  }

  private ctx(want?: KeyType, longTimeouts = false): ValueContext {
    return { pickKey: () => this.keys.pick(want), inMulti: this.inMulti, commandNames: this.names, longTimeouts }
  }

  /**
   * One command from the grammar, sometimes mutated. `exclude` names commands not to pick; the first
   * client's open MULTI (followed here) excludes those that break up EXEC's reply.
   */
  command(exclude?: Readonly<Record<string, string>>, firstClient = true): string[] {
    const skip = exclude ?? (this.multiOpen ? EXCLUDED_IN_MULTI : undefined)
    let g = this.rng.weighted(this.table)
    while (skip?.[g.fullName] !== undefined) g = this.rng.weighted(this.table)
    if (firstClient && g.fullName === 'multi') this.multiOpen = true
    if (firstClient && ['exec', 'discard', 'reset', 'quit'].includes(g.fullName)) this.multiOpen = false
    const type = TYPE_OF_GROUP[g.group]
    const special = SPECIAL[g.fullName]
    const gen: Generated = special ? { words: special(this.rng), tokenAt: [] } : generateArgv(g, this.rng, this.ctx(type))
    if (g.write) this.keys.mark(gen.words[g.words.length], type)
    return this.rng.chance(0.08) ? this.mutate(gen, g.words.length) : gen.words
  }

  /** Near-valid variants: a word dropped, doubled, added, swapped, a token misspelled, the tail cut. */
  private mutate(gen: Generated, nameWords: number): string[] {
    const w = [...gen.words]
    const at = (): number => nameWords + this.rng.int(Math.max(1, w.length - nameWords))
    switch (this.rng.int(6)) {
      case 0: if (w.length > nameWords) w.splice(at(), 1); break
      case 1: if (w.length > nameWords) { const i = at(); w.splice(i, 0, w[i]) } break
      case 2: w.push(this.rng.chance(0.5) ? this.rng.pick(INTEGERS) : this.rng.pick(STRINGS)); break
      case 3: if (gen.tokenAt.length > 0) { const i = this.rng.pick(gen.tokenAt); w[i] = nearToken(this.rng, w[i]) } break
      case 4: if (w.length > nameWords + 1) { const i = at(); const j = at(); [w[i], w[j]] = [w[j], w[i]] } break
      default: w.length = Math.max(1, this.rng.int(w.length))
    }
    return w
  }

  /** A command that (re)creates a key of some type, small or large enough to change its encoding. */
  creator(): string[] {
    const type = this.rng.pick<KeyType>(['string', 'list', 'set', 'zset', 'hash'])
    const key = this.keys.pick()
    this.keys.mark(key, type)
    const size = this.rng.weighted([['small', 6], ['large', 2], ['big-values', 1]])
    const n = size === 'large' ? this.rng.range(120, 700) : this.rng.range(1, 6)
    const val = (i: number): string => (size === 'big-values' ? this.rng.pick(BIG_STRINGS) : size === 'large' ? String(i) : stringValue(this.rng))
    const many = (f: (i: number) => string[]): string[] => Array.from({ length: n }, (_, i) => f(i)).flat()
    switch (type) {
      case 'string': return ['SET', key, size === 'big-values' ? this.rng.pick(BIG_STRINGS) : stringValue(this.rng)]
      case 'list': return ['RPUSH', key, ...many((i) => [val(i)])]
      case 'set': return ['SADD', key, ...many((i) => [this.rng.chance(0.6) ? String(i * 7 - 20) : val(i)])]
      case 'zset': return ['ZADD', key, ...many((i) => [this.rng.chance(0.8) ? String(i % 50) : doubleValue(this.rng), `${val(i)}`])]
      case 'hash': return ['HSET', key, ...many((i) => [size === 'large' ? `f${i}` : this.rng.pick(STRINGS), val(i)])]
    }
  }

  /** [WATCH keys [a command]] MULTI commands... EXEC|DISCARD */
  transaction(): string[][] {
    const out: string[][] = []
    if (this.rng.chance(0.35)) {
      out.push(['WATCH', ...Array.from({ length: this.rng.range(1, 3) }, () => this.keys.pick())])
      if (this.rng.chance(0.4)) out.push(this.command(EXCLUDED_IN_MULTI))
    }
    out.push(['MULTI'])
    this.inMulti = this.multiOpen = true
    for (let i = this.rng.range(1, 6); i > 0; i--) out.push(this.command(EXCLUDED_IN_MULTI))
    this.inMulti = this.multiOpen = false
    out.push([this.rng.chance(0.85) ? 'EXEC' : 'DISCARD'])
    return out
  }

  /**
   * The second client blocks (mostly with no timeout) on keys the first client then feeds, empties or
   * gives another type; the runner keeps it parked until the second client is next used.
   */
  private blockingEpisode(): string[][] {
    const g = this.rng.pick(this.blocking)
    const type = TYPE_OF_GROUP[g.group]
    const words = generateArgv(g, this.rng, this.ctx(type, true)).words
    const keys = keysOf(words)
    const out = [[SECOND_CLIENT, ...words]]
    for (let i = this.rng.range(0, 4); i > 0; i--) {
      if (keys.length > 0 && this.rng.chance(0.7)) out.push(...this.feeder(this.rng.pick(keys), type))
      else out.push(this.command())
    }
    if (this.rng.chance(0.3)) out.push([SECOND_CLIENT, 'PING'])
    return out
  }

  /** A command that serves (or upsets) a client blocked on `key`. */
  private feeder(key: string, type: KeyType | undefined): string[][] {
    const v = (): string => stringValue(this.rng)
    const other = this.keys.pick(type)
    const choices: string[][][] = type === 'zset'
      ? [[['ZADD', key, String(this.rng.range(0, 5)), v()]], [['ZADD', key, '1', v(), '2', v(), '3', v()]], [['ZUNIONSTORE', key, '1', other]],
          [['ZINCRBY', key, '1', v()]]]
      : [[['LPUSH', key, v()]], [['RPUSH', key, v(), v(), v()]], [['LMOVE', other, key, 'LEFT', 'RIGHT']], [['RPOPLPUSH', other, key]],
          [['LPUSH', key, v()], ['LPUSH', key, v()]], [['RPUSH', other, v()]]]
    const upsets: string[][][] = [[['DEL', key]], [['SET', key, v()]], [['MULTI'], ['DEL', key], [type === 'zset' ? 'ZADD' : 'RPUSH', key, '1', v()], ['EXEC']],
      [['MULTI'], [type === 'zset' ? 'ZADD' : 'RPUSH', key, '1', v()], ['DEL', key], ['EXEC']], [['EXPIRE', key, '0']], [['RENAME', other, key]],
      [['SWAPDB', '0', '1']]]
    return this.rng.chance(0.75) ? this.rng.pick(choices) : this.rng.pick(upsets)
  }

  /** The second client WATCHes keys, the first may touch them, then the second runs a transaction. */
  private watchEpisode(): string[][] {
    const keys = Array.from({ length: this.rng.range(1, 2) }, () => this.keys.pick())
    const out = [[SECOND_CLIENT, 'WATCH', ...keys]]
    // whole feeders: a MULTI ... EXEC one must not be cut after its MULTI
    for (let i = this.rng.range(0, 2); i > 0; i--) out.push(...(this.rng.chance(0.5) ? this.feeder(this.rng.pick(keys), undefined) : [this.command()]))
    out.push([SECOND_CLIENT, 'MULTI'])
    for (let i = this.rng.range(1, 3); i > 0; i--) out.push([SECOND_CLIENT, ...this.command(EXCLUDED_IN_MULTI, false)])
    out.push([SECOND_CLIENT, this.rng.chance(0.9) ? 'EXEC' : 'DISCARD'])
    return out
  }
}

/** Commands whose useful arguments the generic walk cannot produce. */
const SPECIAL: Record<string, (rng: Prng) => string[]> = {
  'config|set': (rng) => {
    const name = rng.pick([...Object.keys(CONFIG_DEFAULTS), 'hash-max-ziplist-entries', 'zset-max-ziplist-value', 'list-max-ziplist-size'])
    return ['CONFIG', 'SET', name, rng.chance(0.2) ? (CONFIG_DEFAULTS[name] ?? '128') : rng.pick(CONFIG_VALUES)]
  },
  'config|get': (rng) => ['CONFIG', 'GET', ...Array.from({ length: rng.range(1, 2) }, () => rng.pick([...Object.keys(CONFIG_DEFAULTS), '*max-*-entries', 'maxmemory', 'nosuch', 'databases']))],
}

export function generateSequence(seed: number, count: number): Sequence {
  return new SequenceGenerator(seed).generate(count)
}
