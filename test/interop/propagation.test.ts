// What rcl-node propagates (to its AOF, hence also to replicas: both take the same stream) compared
// with redis-server's own AOF for the same commands, byte for byte. Needs redis-server on PATH.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import type Redis from 'ioredis'
import { client } from '../helpers/client.js'
import { startNode, stopAll, type TestNode } from '../helpers/node-process.js'

const ARGS = ['--appendonly', 'yes', '--appendfsync', 'always', '--save', '']

/** The incremental AOF file's bytes from `mark` on (`mark` = its length before the commands ran). */
function incr(n: TestNode): string {
  const dir = join(n.dir, 'appendonlydir')
  const name = readdirSync(dir).find((f) => f.endsWith('.incr.aof'))
  assert.ok(name, `no incremental AOF file in ${dir}`)
  return readFileSync(join(dir, name), 'latin1')
}

/** Runs `commands` on a connection of each server and returns what each appended to its AOF. */
async function appended(pair: Array<[TestNode, Redis]>, commands: string[][]): Promise<string[]> {
  const out: string[] = []
  for (const [node, c] of pair) {
    const before = incr(node).length
    for (const argv of commands) await c.call(argv[0], ...argv.slice(1)).catch(() => undefined)
    out.push(incr(node).slice(before))
  }
  return out
}

describe('propagated commands match redis-server\'s AOF', () => {
  let pair: Array<[TestNode, Redis]>
  before(async () => {
    const redis = await startNode(ARGS, 'redis-server')
    const rcl = await startNode(ARGS)
    pair = [[redis, client(redis.port)], [rcl, client(rcl.port)]]
  })
  after(async () => {
    for (const [, c] of pair ?? []) c.disconnect()
    await stopAll()
  })

  const cases: Array<[string, string[][]]> = [
    ['ZMPOP and BZMPOP replicate the number of elements they popped', [
      ['SELECT', '0'], ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'], ['ZMPOP', '1', 'z', 'MIN', 'COUNT', '10'],
      ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'], ['BZMPOP', '0', '2', 'nokey', 'z', 'MAX', 'COUNT', '2'],
      ['ZMPOP', '1', 'z', 'MIN'], ['ZADD', 'z', '1', 'a', '2', 'b'], ['BZMPOP', '0', '1', 'z', 'MIN'],
      ['ZADD', 'z', '1', 'a', '2', 'b', '3', 'c'], ['ZPOPMIN', 'z', '10'], ['ZADD', 'z', '1', 'a'], ['BZPOPMAX', 'z', '0'],
    ]],
    ['float increments replicate as SET and HSET with the result', [
      ['SELECT', '0'], ['SET', 'f', '10.5'], ['INCRBYFLOAT', 'f', '0.1'], ['INCRBYFLOAT', 'f', '1\x002'], ['HINCRBYFLOAT', 'h', 'x', '2.5'], ['HINCRBYFLOAT', 'h', 'x', '1\x00'],
    ]],
    ['SMOVE into a set that already has the member', [
      ['SELECT', '0'], ['SADD', 's1', '5', 'x'], ['SADD', 's2', '5'], ['SMOVE', 's1', 's2', '5'], ['SMOVE', 's1', 's3', 'x'], ['SMOVE', 's1', 's3', 'x'],
    ]],
  ]
  for (const [name, commands] of cases) {
    it(name, async () => {
      const [redis, rcl] = await appended(pair, commands)
      assert.equal(rcl, redis)
    })
  }
})
