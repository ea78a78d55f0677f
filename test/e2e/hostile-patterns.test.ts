// Glob patterns that made backtracking matchers exponential (CVE-2022-36021) or overflow the stack
// (CVE-2024-31228), sent to a spawned rcl-node. Each client gives up after a bounded wait, so a
// regression fails this file instead of spinning forever, and the node is killed in after().
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type Redis from 'ioredis'
import { client } from '../helpers/client.js'
import { startNode, stopAll, type TestNode } from '../helpers/node-process.js'

/** Far beyond what these take when matching is polynomial (milliseconds), far below a hang. */
const GIVE_UP_MS = 5000

const KEY = 'a'.repeat(40)
const EXPONENTIAL = `${'a*'.repeat(20)}b`

describe('hostile glob patterns', () => {
  let node: TestNode
  let c: Redis
  before(async () => {
    node = await startNode()
    c = client(node.port, { commandTimeout: GIVE_UP_MS })
  })
  after(async () => {
    c?.disconnect()
    await stopAll()
  })

  it('KEYS with many stars over a long key answers at once (the reported hang)', async () => {
    await c.set(KEY, '1')
    assert.deepEqual(await c.keys(EXPONENTIAL), [])
    assert.deepEqual(await c.keys(`${'a*'.repeat(20)}a`), [KEY])
  })

  it('SCAN, SSCAN, HSCAN and ZSCAN MATCH answer at once', async () => {
    await c.sadd('s', KEY, 'x')
    await c.hset('h', KEY, '1', 'x', '2')
    await c.zadd('z', 1, KEY, 2, 'x')
    assert.deepEqual((await c.scan('0', 'MATCH', EXPONENTIAL, 'COUNT', '1000'))[1], [])
    assert.deepEqual((await c.sscan('s', '0', 'MATCH', EXPONENTIAL, 'COUNT', '1000'))[1], [])
    assert.deepEqual((await c.hscan('h', '0', 'MATCH', EXPONENTIAL, 'COUNT', '1000'))[1], [])
    assert.deepEqual((await c.zscan('z', '0', 'MATCH', EXPONENTIAL, 'COUNT', '1000'))[1], [])
  })

  it('a hostile PSUBSCRIBE pattern does not slow PUBLISH, and matching patterns still receive', async () => {
    const sub = client(node.port, { commandTimeout: GIVE_UP_MS })
    try {
      const got: string[] = []
      sub.on('pmessage', (pattern: string, channel: string) => got.push(`${pattern} ${channel}`))
      await sub.psubscribe(EXPONENTIAL, `${'*'.repeat(6000)}b`, `${'[a-z]*'.repeat(40)}b`, 'a*')
      assert.equal(await c.publish(KEY, 'm'), 1)
      assert.equal(await c.publish(`${KEY}b`, 'm'), 4)
      await c.ping() // both PUBLISHes were delivered before this reply
      assert.deepEqual(got.slice(0, 1), [`a* ${KEY}`])
      assert.equal(got.length, 5)
    } finally {
      sub.disconnect()
    }
  })

  it('classes, thousands of stars and the nesting cap stay bounded', async () => {
    const long = 'a'.repeat(10000)
    await c.set(long, '1')
    assert.deepEqual(await c.keys(`${'*[a-z]'.repeat(2000)}b`), [])
    assert.deepEqual(await c.keys(`${'*a'.repeat(5000)}b`), [])
    assert.deepEqual(await c.keys(`${'*'.repeat(20000)}b`), [])
    assert.deepEqual(await c.keys(`${'[^b]*'.repeat(3000)}`), []) // past the cap of 1000 nested stars
    assert.deepEqual(await c.keys(`${'a*'.repeat(900)}`), [long])
    assert.equal(await c.ping(), 'PONG')
  })

  it('CONFIG GET, PUBSUB CHANNELS and COMMAND LIST FILTERBY PATTERN answer at once', async () => {
    const hostile = `${'*a'.repeat(30)}z`
    assert.deepEqual(await c.config('GET', hostile), [])
    assert.deepEqual(await c.pubsub('CHANNELS', hostile), [])
    assert.deepEqual(await c.call('COMMAND', 'LIST', 'FILTERBY', 'PATTERN', `${'*e'.repeat(30)}q`), [])
  })
})
