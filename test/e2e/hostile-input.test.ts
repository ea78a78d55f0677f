// Responsiveness under hostile input: while attackers send the worst small inputs SECURITY.md's
// checklist found (huge counts, pathological glob patterns, enormous multibulk headers, half-sent
// 512 MB bulks, requests of millions of arguments, unread NOAUTH floods, protocol-error churn and
// thousands of idle unauthenticated connections), another client's PING must be answered every time
// within 2 s. Commands whose cost is inherently large are not sent: the point is small input with
// unbounded cost. Everything runs for a bounded time and is closed on success, failure and timeout.
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type Redis from 'ioredis'
import { client } from '../helpers/client.js'
import { floodWithoutReading, idleConnections, rawConnect, sleep } from '../helpers/hostile.js'
import { startNode, stopAll } from '../helpers/node-process.js'

const PASSWORD = 'secret'
/** Generous, so a loaded machine does not fail the test; a stalled server misses it by far. */
const PING_BOUND_MS = 2000
const ATTACK_MS = 8000
const IDLE_CONNECTIONS = 2000

/** Runs `step` again and again until `until` has passed; each step's own failure is not the point. */
async function repeat(until: number, step: () => Promise<unknown>): Promise<number> {
  let n = 0
  while (Date.now() < until) {
    await step().catch(() => undefined)
    n++
  }
  return n
}

/** Authenticated commands that are cheap to send and were (or are, in Redis) unbounded to serve. */
async function hugeCounts(c: Redis, until: number): Promise<number> {
  const key40 = 'a'.repeat(40)
  return repeat(until, () => Promise.all([
    c.call('HRANDFIELD', 'h', '-134217728', 'WITHVALUES'),
    c.call('SRANDMEMBER', 's', '-9223372036854775807'),
    c.call('ZRANDMEMBER', 'z', '-9223372036854775807', 'WITHSCORES'),
    c.call('SRANDMEMBER', 's', '-9223372036854775808'),
    c.call('SETRANGE', 'str', '536870912', 'x'),
    c.call('SETBIT', 'str', '4294967296', '1'),
    c.call('BITFIELD', 'str', 'SET', 'u8', '#536870912', '1'),
    c.call('LCS', 'lcs-a', 'lcs-b'),
    c.call('COMMAND', 'GETKEYS', 'ZUNIONSTORE', 'd', '2147483647', 'a'),
    c.call('KEYS', `${'a*'.repeat(20)}b`),
    c.call('KEYS', `${'*'.repeat(20000)}b`),
    c.call('KEYS', `${'[^b]*'.repeat(3000)}`),
    c.call('SCAN', '0', 'MATCH', `${'a*'.repeat(30)}b`, 'COUNT', '1000'),
    c.call('PUBLISH', key40, 'm'),
  ]))
}

/** Raw connections that announce enormous requests and then send almost nothing. */
async function enormousHeaders(port: number, until: number): Promise<number> {
  return repeat(until, async () => {
    const socks = await Promise.all([rawConnect(port), rawConnect(port), rawConnect(port)])
    try {
      socks[0].socket.write(`*2\r\n$4\r\nAUTH\r\n$${PASSWORD.length}\r\n${PASSWORD}\r\n*2147483647\r\n$3\r\nSET\r\n`)
      socks[1].socket.write(`*2\r\n$4\r\nAUTH\r\n$${PASSWORD.length}\r\n${PASSWORD}\r\n*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$536870912\r\n${'v'.repeat(1000)}`)
      socks[2].socket.write('*11\r\n') // unauthenticated: a protocol error, then closed
      await sleep(300)
    } finally {
      for (const s of socks) s.socket.destroy()
    }
  })
}

/** One authenticated request of two million arguments (an arity error once all are read). */
async function manyArguments(port: number, until: number): Promise<number> {
  const args = Buffer.from('$1\r\nx\r\n'.repeat(100_000))
  return repeat(until, async () => {
    const s = await rawConnect(port)
    try {
      s.socket.write(`*2\r\n$4\r\nAUTH\r\n$${PASSWORD.length}\r\n${PASSWORD}\r\n*2000001\r\n$4\r\nPING\r\n`)
      for (let i = 0; i < 20 && !s.isEnded() && Date.now() < until; i++) {
        if (!s.socket.write(args)) await Promise.race([new Promise((r) => s.socket.once('drain', r)), s.ended, sleep(500)])
      }
      await Promise.race([s.ended, sleep(500)])
    } finally {
      s.socket.destroy()
    }
  })
}

describe('responsiveness under hostile input', { timeout: 120_000 }, () => {
  after(async () => { await stopAll() })

  it('answers every PING within 2 s while the checklist attacks run together', async (t) => {
    const node = await startNode(['--requirepass', PASSWORD])
    const pinger = client(node.port, { password: PASSWORD, commandTimeout: PING_BOUND_MS })
    const attacker = client(node.port, { password: PASSWORD, commandTimeout: 10_000 })
    const subscriber = client(node.port, { password: PASSWORD, commandTimeout: 10_000 })
    let idle: Awaited<ReturnType<typeof idleConnections>> | undefined
    try {
      await attacker.hset('h', 'a', '1')
      await attacker.sadd('s', 'a')
      await attacker.zadd('z', 1, 'a')
      await attacker.set('a'.repeat(40), '1')
      await attacker.set('lcs-a', 'a'.repeat(20_000))
      await attacker.set('lcs-b', 'b'.repeat(20_000))
      await subscriber.psubscribe(`${'a*'.repeat(20)}b`, `${'*'.repeat(6000)}b`, `${'[a-z]*'.repeat(40)}b`)
      const maxclients = Number((await attacker.config('GET', 'maxclients'))[1])
      idle = await idleConnections(node.port, Math.min(IDLE_CONNECTIONS, maxclients - 50))

      const until = Date.now() + ATTACK_MS
      const latencies: number[] = []
      const pings = (async () => {
        while (Date.now() < until) {
          const t0 = performance.now()
          assert.equal(await pinger.ping(), 'PONG')
          latencies.push(performance.now() - t0)
          await sleep(25)
        }
      })()
      const [, counts, headers, args, floods] = await Promise.all([
        pings,
        hugeCounts(attacker, until),
        enormousHeaders(node.port, until),
        manyArguments(node.port, until),
        repeat(until, () => floodWithoutReading(node.port, 8 * 1024 * 1024, 2000)),
      ])
      const worst = Math.max(...latencies)
      t.diagnostic(`${latencies.length} PINGs, worst ${worst.toFixed(1)} ms, median ${latencies.sort((a, b) => a - b)[latencies.length >> 1].toFixed(1)} ms; ` +
        `attack rounds: counts/patterns ${counts}, headers ${headers}, big requests ${args}, unread floods ${floods}; ${idle.sockets.length} idle connections`)
      assert.ok(latencies.length > 20, `only ${latencies.length} PINGs in ${ATTACK_MS} ms`)
      assert.ok(worst < PING_BOUND_MS, `worst PING took ${worst.toFixed(0)} ms`)
      assert.equal(node.process.exitCode, null)
    } finally {
      idle?.close()
      pinger.disconnect()
      attacker.disconnect()
      subscriber.disconnect()
    }
  })
})
