// MIGRATE between rcl-node and real redis-server 7.0, both ways: every type and encoding of the shared
// dataset arrives with the same contents, encodings and TTLs, and bad MIGRATE calls get the same
// replies from both servers. Needs redis-server on PATH.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type Redis from 'ioredis'
import { client } from '../helpers/client.js'
import { freePort } from '../helpers/free-port.js'
import { startNode, stopAll } from '../helpers/node-process.js'
import { DATASET, snapshot } from './dataset.js'

const H = '127.0.0.1'
const KEYS = [...new Set(DATASET.map((c) => c[1] as string))].sort()

async function build(c: Redis): Promise<void> {
  for (const cmd of DATASET) await c.call(cmd[0] as string, ...cmd.slice(1))
}

async function snapshots(c: Redis): Promise<Map<string, unknown>> {
  const out = new Map<string, unknown>()
  for (const key of KEYS) out.set(key, await snapshot(c, key))
  return out
}

/** The reply or error text of a call, as a string. */
async function replyOf(c: Redis, args: string[]): Promise<string> {
  try {
    return String(await c.call(args[0], ...args.slice(1)))
  } catch (e) {
    return `ERROR ${(e as Error).message}`
  }
}

describe('MIGRATE interop with redis-server 7.0', () => {
  let redisPort = 0
  let rclPort = 0
  let targetPort = 0
  const clients: Redis[] = []
  const open = (port: number, db = 0): Redis => {
    const c = client(port, { db })
    clients.push(c)
    return c
  }

  before(async () => {
    const [r, n, t] = await Promise.all([startNode([], 'redis-server'), startNode(['--save', '']), startNode([], 'redis-server')])
    redisPort = r.port
    rclPort = n.port
    targetPort = t.port
  })
  after(async () => {
    for (const c of clients) c.disconnect()
    await stopAll()
  })

  it('moves every type from rcl-node to redis-server and back, contents, encodings and TTLs intact', async () => {
    const redis0 = open(redisPort)
    const rcl0 = open(rclPort)
    await build(redis0)
    const reference = await snapshots(redis0)
    await redis0.flushall()
    await build(rcl0)
    const ttlBefore = await rcl0.pttl('ttl:list')
    // rcl-node -> redis-server db 1, in two batches
    const half = KEYS.length >> 1
    for (const batch of [KEYS.slice(0, half), KEYS.slice(half)]) {
      assert.equal(await rcl0.call('MIGRATE', H, String(redisPort), '', '1', '5000', 'KEYS', ...batch), 'OK')
    }
    assert.equal(await rcl0.dbsize(), 0)
    const redis1 = open(redisPort, 1)
    assert.deepEqual(await snapshots(redis1), reference)
    const ttlThere = await redis1.pttl('ttl:list')
    assert.ok(ttlThere <= ttlBefore && ttlThere > ttlBefore - 5000, `${ttlThere} vs ${ttlBefore}`)
    // redis-server -> rcl-node db 2, one key at a time
    for (const key of KEYS) assert.equal(await redis1.migrate(H, rclPort, key, 2, 5000), 'OK', key)
    assert.equal(await redis1.dbsize(), 0)
    assert.deepEqual(await snapshots(open(rclPort, 2)), reference)
  })

  it('answers bad MIGRATE calls as redis-server does', async () => {
    const redis = open(redisPort, 5)
    const rcl = open(rclPort, 5)
    const target = open(targetPort)
    const closedPort = String(await freePort())
    const T = String(targetPort)
    await target.set('busy', 'there')
    const calls: string[][] = [
      ['MIGRATE', H, T, 'k', '0'],
      ['MIGRATE', H, T, 'k', 'x', '1000'],
      ['MIGRATE', H, T, 'k', '0', '-'],
      ['MIGRATE', H, T, 'k', '0', '1000', 'BOGUS'],
      ['MIGRATE', H, T, 'k', '0', '1000', 'AUTH'],
      ['MIGRATE', H, T, 'k', '0', '1000', 'AUTH2', 'u'],
      ['MIGRATE', H, T, 'k', '0', '1000', 'KEYS', 'k'],
      ['MIGRATE', H, T, 'absent', '0', '1000'],
      ['MIGRATE', H, T, '', '0', '1000', 'KEYS', 'absent1', 'absent2'],
      ['MIGRATE', H, closedPort, 'k', '0', '300'],
      ['MIGRATE', 'no-such-host.invalid', T, 'k', '0', '300'],
      ['MIGRATE', H, T, 'busy', '0', '1000'],
      ['MIGRATE', H, T, 'k', '99', '1000'],
      ['MIGRATE', H, T, 'k', '0', '1000', 'AUTH', 'pw'],
      ['MIGRATE', H, T, 'k', '0', '1000', 'AUTH2', 'someone', 'pw'],
    ]
    for (const call of calls) {
      for (const c of [redis, rcl]) await c.mset('k', 'v', 'busy', 'here')
      const [want, got] = [await replyOf(redis, call), await replyOf(rcl, call)]
      assert.equal(got, want, call.join(' '))
    }
  })
})
