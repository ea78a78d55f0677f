// Argument vectors for the COMMAND GETKEYS comparison: the movable-keys forms and their numkeys edge cases
// written out by hand (where a random walk of the docs would seldom land), plus the random valid vectors
// the fuzzer's grammar makes for every command in rcl-node's table.
import type { CommandEntry } from '../../src/node/commands/core/command-table.js'
import { generateArgv, grammarOf } from './fuzz/grammar.js'
import { Prng } from './fuzz/prng.js'

/**
 * numkeys values that are not the canonical count of the keys that follow: Redis's key specs reject them
 * and its getkeys functions read them with atoi() ("+N", " N", "0N", "Nx" count as N, with the destination
 * key listed last), and both cut the count to 32 bits (4294967297 is 1).
 */
const ODD_NUMKEYS = ['0', '-1', '-0', '5', 'x', '', '1', '2147483648', '4294967296', '4294967297', '99999999999999999999']
const atoiForms = (n: number): string[] => [`+${n}`, ` ${n}`, `0${n}`, `${n}x`, `\t+${n}`, `${n}.0`]

/** `cmd numkeys k1 k2 ... rest`, once per numkeys value (the right one first). */
function numkeysForms(head: string[], keys: string[], rest: string[]): string[][] {
  return [String(keys.length), ...ODD_NUMKEYS, ...atoiForms(keys.length), ...atoiForms(1)].map((n) => [...head, n, ...keys, ...rest])
}

/** Hand-written vectors of the commands whose keys first/last/step cannot describe. */
export const MOVABLE_VECTORS: string[][] = [
  ...['ZUNIONSTORE', 'ZINTERSTORE'].flatMap((c) => [
    ...numkeysForms([c, 'dst'], ['a', 'b'], []),
    [c, 'dst', '2', 'a', 'b', 'WEIGHTS', '1', '2', 'AGGREGATE', 'MAX'],
    [c, 'dst', '1', 'a'],
    [c, 'dst', '3', 'a', 'b'],
  ]),
  ...numkeysForms(['ZDIFFSTORE', 'dst'], ['a', 'b', 'c'], []),
  ...['ZUNION', 'ZINTER'].flatMap((c) => [
    ...numkeysForms([c], ['a', 'b'], ['WITHSCORES']),
    [c, '2', 'a', 'b', 'WEIGHTS', '1', '2', 'AGGREGATE', 'SUM', 'WITHSCORES'],
    [c, '1', 'a'],
  ]),
  ...numkeysForms(['ZDIFF'], ['a', 'b'], ['WITHSCORES']),
  ...numkeysForms(['ZINTERCARD'], ['a', 'b'], ['LIMIT', '3']),
  ...numkeysForms(['SINTERCARD'], ['a', 'b', 'c'], ['LIMIT', '0']),
  ['SINTERCARD', '1', 'a'],
  ...numkeysForms(['LMPOP'], ['a', 'b'], ['LEFT', 'COUNT', '2']),
  ['LMPOP', '1', 'a', 'RIGHT'],
  ...numkeysForms(['BLMPOP', '0'], ['a', 'b'], ['LEFT']),
  ['BLMPOP', '1.5', '1', 'a', 'RIGHT', 'COUNT', '3'],
  ...numkeysForms(['ZMPOP'], ['a', 'b'], ['MIN', 'COUNT', '2']),
  ['ZMPOP', '1', 'a', 'MAX'],
  ...numkeysForms(['BZMPOP', '0'], ['a', 'b'], ['MAX']),
  ['BZMPOP', '2', '1', 'a', 'MIN', 'COUNT', '1'],
  // MIGRATE: one key, or the KEYS form with an empty key argument
  ['MIGRATE', 'h', '1', 'k', '0', '1000'],
  ['MIGRATE', 'h', '1', 'k', '0', '1000', 'COPY', 'REPLACE'],
  ['MIGRATE', 'h', '1', '', '0', '1000', 'KEYS', 'a', 'b', 'c'],
  ['MIGRATE', 'h', '1', '', '0', '1000', 'COPY', 'REPLACE', 'AUTH', 'p', 'KEYS', 'a'],
  ['MIGRATE', 'h', '1', '', '0', '1000', 'AUTH2', 'u', 'p', 'KEYS', 'a', 'b'],
  ['MIGRATE', 'h', '1', 'k', '0', '1000', 'KEYS', 'a', 'b'],
  ['MIGRATE', 'h', '1', '', '0', '1000', 'KEYS'],
  ['MIGRATE', 'h', '1', '', '0', '1000', 'keys', 'KEYS', 'x'],
  ['MIGRATE', 'h', '1', '', '0', '1000', 'AUTH', 'KEYS', 'KEYS', 'a'],
  // flags that depend on the arguments (variable_flags)
  ['BITFIELD', 'k', 'GET', 'u8', '0'],
  ['BITFIELD', 'k', 'GET', 'u8', '0', 'GET', 'i4', '#1'],
  ['BITFIELD', 'k', 'SET', 'u8', '0', '1'],
  ['BITFIELD', 'k', 'GET', 'u8', '0', 'INCRBY', 'u8', '0', '1'],
  ['BITFIELD', 'k', 'OVERFLOW', 'SAT'],
  ['BITFIELD', 'k'],
  ['BITFIELD_RO', 'k', 'GET', 'u8', '0'],
  ['SET', 'k', 'v'],
  ['SET', 'k', 'v', 'GET'],
  ['SET', 'k', 'v', 'NX', 'GET', 'EX', '10'],
  ['SET', 'k', 'get'],
  // several key specs, and keys that repeat
  ['BITOP', 'AND', 'dst', 'a', 'b', 'c'],
  ['BITOP', 'NOT', 'dst', 'a'],
  ['LMOVE', 'a', 'b', 'LEFT', 'RIGHT'],
  ['BLMOVE', 'a', 'a', 'LEFT', 'RIGHT', '0'],
  ['SMOVE', 'a', 'b', 'm'],
  ['RENAME', 'a', 'b'],
  ['COPY', 'a', 'b', 'DB', '1', 'REPLACE'],
  ['MSET', 'a', '1', 'b', '2', 'c', '3'],
  ['MSET', 'a', '1', 'b'],
  ['MSETNX', 'a', '1', 'b', '2'],
  ['MGET', 'a', 'b', 'a'],
  ['DEL', 'a', 'b', 'c'],
  ['BLPOP', 'a', 'b', 'c', '0'],
  ['BZPOPMIN', 'a', '0'],
  ['ZRANGESTORE', 'dst', 'src', '0', '-1'],
  ['SUNIONSTORE', 'dst', 'a', 'b'],
  ['SDIFF', 'a'],
  ['OBJECT', 'ENCODING', 'k'],
  ['MEMORY', 'USAGE', 'k', 'SAMPLES', '5'],
  ['SPUBLISH', 'ch', 'msg'],
  ['SSUBSCRIBE', 'a', 'b'],
  ['SUNSUBSCRIBE'],
  ['SUNSUBSCRIBE', 'a', 'b'],
  ['WATCH', 'a', 'b'],
  ['DEBUG', 'OBJECT', 'k'],
  // no keys at all, wrong arity, unknown commands and subcommands
  ['PING'],
  ['GET'],
  ['GET', 'a', 'b'],
  ['MSET', 'a'],
  ['CONFIG', 'GET', 'maxmemory'],
  ['CONFIG'],
  ['OBJECT'],
  ['OBJECT', 'NOSUCH', 'k'],
  ['NOSUCHCOMMAND', 'k'],
  ['get', 'k'],
  ['gEt', 'k'],
  ['EXEC'],
  ['PUBLISH', 'ch', 'm'],
  ['SCAN', '0'],
  ['KEYS', '*'],
  ['FLUSHALL'],
  ['SUBSCRIBE', 'a'],
]

/** A key name per call, so a wrong position shows as a wrong name. */
function keyNamer(): () => string {
  let n = 0
  return () => `key${n++}`
}

/**
 * `count` valid vectors for one command from its COMMAND DOCS argument tree (the fuzzer's grammar), plus
 * its bare words (an arity error for most). Seeded by the command's name, so a failure repeats.
 */
export function docVectors(e: CommandEntry, count: number, names: readonly string[]): string[][] {
  const g = grammarOf(e)
  let seed = 7
  for (const ch of e.fullName) seed = (seed * 31 + ch.charCodeAt(0)) >>> 0
  const rng = new Prng(seed)
  const out: string[][] = [[...g.words]]
  const seen = new Set<string>()
  for (let i = 0; i < count * 4 && out.length <= count; i++) {
    const { words } = generateArgv(g, rng, { pickKey: keyNamer(), inMulti: false, commandNames: names })
    const id = JSON.stringify(words)
    if (seen.has(id)) continue
    seen.add(id)
    out.push(words)
  }
  return out
}
