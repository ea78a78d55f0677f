// The glob matcher against redis-server's own: random patterns over a fixed seed, each sent as
// HSCAN MATCH to both servers holding the same hash, and the matched fields compared. The alphabet is
// the matcher's special characters plus bytes >= 0x80 (ranges compare them as signed chars in Redis).
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type Redis from 'ioredis'
import { client } from '../helpers/client.js'
import { startNode, stopAll } from '../helpers/node-process.js'

const PATTERN_BYTES = ['a', 'b', 'A', '*', '?', '[', ']', '^', '-', '\\', '\xff', '\x80', 'z']
const SUBJECT_BYTES = ['a', 'b', 'A', ']', '^', '-', '\\', '[', '\xff', '\x80', '*', 'z']

/** A small deterministic generator (LCG), so a failing pattern is the same on every run. */
function lcg(seed: number): (n: number) => number {
  let s = seed
  return (n) => { s = (s * 1103515245 + 12345) & 0x7fffffff; return s % n }
}

function word(rnd: (n: number) => number, bytes: string[], maxLen: number): string {
  let w = ''
  const len = rnd(maxLen + 1)
  for (let i = 0; i < len; i++) w += bytes[rnd(bytes.length)]
  return w
}

async function matched(c: Redis, pattern: string): Promise<string[]> {
  const [cursor, flat] = await c.hscanBuffer('h', '0', 'MATCH', Buffer.from(pattern, 'latin1'), 'COUNT', '10000')
  assert.equal(cursor.toString(), '0')
  const out: string[] = []
  for (let i = 0; i < flat.length; i += 2) out.push(flat[i].toString('latin1'))
  return out.sort()
}

describe('glob matching agrees with redis-server', () => {
  let redis: Redis
  let rcl: Redis
  before(async () => {
    redis = client((await startNode([], 'redis-server')).port)
    rcl = client((await startNode()).port)
  })
  after(async () => {
    redis?.disconnect()
    rcl?.disconnect()
    await stopAll()
  })

  it('matches the same fields for 2,000 random patterns', async () => {
    const rnd = lcg(20221)
    const subjects = new Set<string>([''])
    while (subjects.size < 150) subjects.add(word(rnd, SUBJECT_BYTES, 6))
    const fields = [...subjects].flatMap((s) => [Buffer.from(s, 'latin1'), Buffer.from('1')])
    await redis.hset('h', ...fields)
    await rcl.hset('h', ...fields)
    for (let i = 0; i < 2000; i++) {
      const pattern = word(rnd, PATTERN_BYTES, 8)
      assert.deepEqual(await matched(rcl, pattern), await matched(redis, pattern), `pattern ${JSON.stringify(pattern)}`)
    }
  })
})
