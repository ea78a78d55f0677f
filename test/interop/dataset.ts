// The dataset the interop suites build on real Redis and rcl-node (every type and encoding, small
// and large, binary, TTLs) and a binary-safe snapshot of one key for comparing the two.
import type Redis from 'ioredis'

type Cmd = Array<string | Buffer>
const range = (n: number, f: (i: number) => string): string[] => Array.from({ length: n }, (_, i) => f(i))
const bytes256 = Buffer.from(range(256, (i) => String.fromCharCode(i)).join(''), 'latin1')

/** Every type and encoding, small and large. */
export const DATASET: Cmd[] = [
  ['SET', 's:small', 'hello'], ['SET', 's:int', '12345'], ['SET', 's:neg', '-129'], ['SET', 's:int64', '9223372036854775807'],
  ['SET', 's:11digits', '99999999999'], ['SET', 's:notint', '007'], ['SET', 's:negzero', '-0'], ['SET', 's:empty', ''],
  ['SET', 's:lzf', 'a'.repeat(50)], ['SET', 's:binary', bytes256], ['SET', 's:long', 'abcdefghij'.repeat(300)],
  ['SET', 's:noise', range(3000, (i) => String.fromCharCode(33 + ((i * 7919) % 89))).join('')],
  ['RPUSH', 'l:small', 'a', 'b', 'c'], ['RPUSH', 'l:nums', '1', '-5', '300', '70000', '-9223372036854775808'],
  ['RPUSH', 'l:big', ...range(2000, (i) => `item:${i}`)], ['RPUSH', 'l:fat', ...range(30, (i) => 'y'.repeat(1000 + i * 300))],
  ['RPUSH', 'l:binary', bytes256, '', 'x'],
  ['SADD', 'set:intset', '1', '2', '3'], ['SADD', 'set:wide', '1', '70000', '5000000000', '-9223372036854775808'],
  ['SADD', 'set:manyints', ...range(600, (i) => String(i * 3))], ['SADD', 'set:strings', 'x', 'y', 'z'],
  ['SADD', 'set:binary', bytes256, 'a'],
  ['HSET', 'h:small', 'f1', 'v1', 'f2', 'v2', '1', '2', '-7', 'x'], ['HSET', 'h:many', ...range(400, (i) => `f${i >> 1}:${i}`)],
  ['HSET', 'h:longvalue', 'f', 'v'.repeat(65)], ['HSET', 'h:binary', bytes256, bytes256],
  ['ZADD', 'z:small', '1', 'a', '2.5', 'b', '0.1', 'c', '-3', '7', '1e300', 'big', '-0', 'zero', 'inf', 'top', '-inf', 'bottom'],
  ['ZADD', 'z:many', ...range(400, (i) => (i % 2 ? `m${i}` : String((i - 100) / 7)))],
  ['ZADD', 'z:longmember', '1', 'm'.repeat(65)], ['ZADD', 'z:intscores', '1e17', 'a', '4611686018427387904', 'b', '5e18', 'c'],
  ['SET', 'ttl:key', 'tmp'], ['PEXPIREAT', 'ttl:key', '4102444800000'],
  ['RPUSH', 'ttl:list', 'a'], ['PEXPIRE', 'ttl:list', '100000000'],
]

/** Keys whose DUMP layout depends on hash-table order in Redis: compared by contents only. */
export const HASHTABLE_KEYS = new Set(['set:manyints', 'set:strings', 'set:binary', 'h:many', 'h:longvalue', 'h:binary'])

const latin1 = (b: Buffer | null): string | null => (b === null ? null : b.toString('latin1'))

/** Everything observable about a key, binary-safe. */
export async function snapshot(c: Redis, key: string): Promise<unknown> {
  const type = await c.type(key)
  const enc = await c.object('ENCODING', key)
  const hasTtl = (await c.pttl(key)) > 0
  const all = async (...args: string[]): Promise<string[]> =>
    ((await c.callBuffer(args[0], ...args.slice(1))) as Buffer[]).map((b) => b.toString('latin1'))
  let content: unknown
  switch (type) {
    case 'string': content = latin1(await c.getBuffer(key)); break
    case 'list': content = await all('LRANGE', key, '0', '-1'); break
    case 'set': content = (await all('SMEMBERS', key)).sort(); break
    case 'hash': content = pairs(await all('HGETALL', key)).sort(); break
    case 'zset': content = await all('ZRANGE', key, '0', '-1', 'WITHSCORES'); break
  }
  return { type, enc, hasTtl, content }
}

function pairs(flat: string[]): string[] {
  const out: string[] = []
  for (let i = 0; i < flat.length; i += 2) out.push(`${flat[i]}\u0000${flat[i + 1]}`)
  return out
}
