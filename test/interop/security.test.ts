// SECURITY.md's checklist against the real thing: the replies and limits the advisories' fixes set are
// compared byte for byte between redis-server (Debian's 7.0.15, which carries the backports up to
// CVE-2026-*) and rcl-node. Where rcl-node deliberately differs (a cap the JavaScript heap needs),
// the test says so and checks each side on its own.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { RCL_NODE_BIN } from '../../src/lib/process/spawn-node.js'
import { crc64 } from '../../src/node/persistence/crc64.js'
import { client } from '../helpers/client.js'
import { idleConnections } from '../helpers/hostile.js'
import { startNode, stopAll, type TestNode } from '../helpers/node-process.js'
import { replyLength } from '../helpers/reply-reader.js'
import { RawClient, cmd, exchange } from '../helpers/resp.js'
import { waitFor } from '../helpers/wait.js'

const GIVE_UP_MS = 10_000

/** Sends one request and returns its whole reply (latin1), waiting a bounded time. */
async function ask(raw: RawClient, argv: Array<string | Buffer>): Promise<string> {
  raw.send(cmd(...argv))
  const deadline = Date.now() + GIVE_UP_MS
  while (replyLength(raw.pending) < 0) {
    if (raw.closed || Date.now() > deadline) throw new Error(`no whole reply to ${argv.join(' ')}: ${JSON.stringify(raw.pending)}`)
    await new Promise((r) => setTimeout(r, 5))
  }
  const reply = raw.pending.slice(0, replyLength(raw.pending))
  await raw.waitFor(reply)
  return reply
}

function payload(body: number[]): Buffer {
  const b = Buffer.concat([Buffer.from(body), Buffer.from([10, 0]), Buffer.alloc(8)])
  b.writeBigUInt64LE(crc64(b, 0, b.length - 8), b.length - 8)
  return b
}

/** Requests whose replies the advisories' fixes define; each must come back identical from both. */
const CHECKLIST: Array<Array<string | Buffer>> = [
  ['SADD', 's', 'a', 'b'], ['HSET', 'h', 'a', '1'], ['ZADD', 'z', '1', 'a'],
  // CVE-2023-22458, CVE-2023-25155
  ['SRANDMEMBER', 's', '-9223372036854775808'], ['HRANDFIELD', 'h', '-9223372036854775808'],
  ['ZRANDMEMBER', 'z', '-9223372036854775808'], ['HRANDFIELD', 'h', '-4611686018427387904', 'WITHVALUES'],
  ['ZRANDMEMBER', 'z', '-4611686018427387904', 'WITHSCORES'], ['HRANDFIELD', 'nosuch', '-134217728', 'WITHVALUES'],
  ['SPOP', 's', '-1'],
  // CVE-2022-35977, CVE-2021-41099
  ['SETRANGE', 'k', '536870912', 'x'], ['SETRANGE', 'k', '9223372036854775807', 'x'], ['SETRANGE', 'k', '-1', 'x'],
  ['SETRANGE', 'k', '4294967295', ''], ['SETBIT', 'k', '4294967296', '1'], ['SETBIT', 'k', '-1', '1'],
  ['BITFIELD', 'k', 'SET', 'u8', '#536870912', '1'], ['BITFIELD', 'k', 'GET', 'u8', '9223372036854775807'],
  ['BITFIELD_RO', 'k', 'GET', 'u8', '4294967296'], ['EXISTS', 'k'],
  // CVE-2021-32625, CVE-2021-29477
  ['SET', 'la', 'a'.repeat(20_000)], ['SET', 'lb', 'b'.repeat(20_000)], ['LCS', 'la', 'lb'],
  // CVE-2023-28425, CVE-2023-28856
  ['MSETNX', 'm', '1', 'm', '2'], ['GET', 'm'], ['HINCRBYFLOAT', 'hf', 'f', '+inf'], ['EXISTS', 'hf'],
  ['INCRBYFLOAT', 'if', '+inf'], ['EXISTS', 'if'],
  // CVE-2023-36824
  ['COMMAND', 'GETKEYS', 'ZUNIONSTORE', 'd', '2147483647', 'a'], ['COMMAND', 'GETKEYS', 'ZUNIONSTORE', 'd', '-1', 'a'],
  ['COMMAND', 'GETKEYS', 'ZUNIONSTORE', 'd', '3', 'a', 'b'], ['COMMAND', 'GETKEYS', 'ZUNIONSTORE', 'd', '2', 'a', 'b'],
  ['COMMAND', 'GETKEYS', 'ZDIFF', '2', 'a'], ['COMMAND', 'GETKEYS', 'ZINTERCARD', '3', 'a'],
  ['COMMAND', 'GETKEYS', 'SINTERCARD', '2', 'a'], ['COMMAND', 'GETKEYS', 'LMPOP', '9223372036854775807', 'a', 'LEFT'],
  ['COMMAND', 'GETKEYS', 'BLMPOP', '0', '2', 'a'], ['COMMAND', 'GETKEYS', 'ZMPOP', '2', 'a', 'MIN'],
  ['COMMAND', 'GETKEYS', 'MSET', 'a'],
  // CVE-2025-67733 (CR/LF in error replies)
  ['FOO\r\n+OK', 'a\r\nb'], ['CONFIG', 'X\r\n+OK'], ['CONFIG', 'SET', 'x\r\n+OK', '1'], ['OBJECT', 'FREQ\r\n'],
  ['CLIENT', 'SETNAME', 'a\r\nb'],
  // protected configs and commands (enable-protected-configs, enable-debug-command)
  ['CONFIG', 'SET', 'dir', '/tmp'], ['CONFIG', 'SET', 'dbfilename', 'x.rdb'], ['DEBUG', 'SLEEP', '0'],
  // CVE-2026-25243, CVE-2026-66373: crafted RESTORE payloads
  ['RESTORE', 'x', '0', payload([0, 0xc3, 4, 0x80, 0x1f, 0xff, 0xfc, 0x70, 1, 2, 3, 4]), 'REPLACE'],
  ['RESTORE', 'x', '0', payload([4, 0x81, 0x40, 0, 0, 0, 0, 0, 0, 0, 1, 0x61]), 'REPLACE'],
  ['RESTORE', 'x', '0', payload([11, 0x0a, 4, 0, 0, 0, 0xff, 0xff, 0xff, 0x7f, 1, 0]), 'REPLACE'],
  ['RESTORE', 'x', '0', payload([16, 0x0a, 0xff, 0xff, 0xff, 0x7f, 0xff, 0xff, 0, 0, 0, 0, 0xff]), 'REPLACE'],
  ['RESTORE', 'x', '0', Buffer.from('garbage'), 'REPLACE'],
  ['EXISTS', 'x'],
]

describe('security checklist: rcl-node answers as redis-server 7.0.15 (Debian backports)', { timeout: 120_000 }, () => {
  let redis: TestNode
  let rcl: TestNode
  before(async () => {
    redis = await startNode(['--requirepass', 'secret'], 'redis-server')
    rcl = await startNode(['--requirepass', 'secret'])
  })
  after(async () => { await stopAll() })

  it('gives the same reply to every checklist request', async () => {
    const a = new RawClient(redis.port)
    const b = new RawClient(rcl.port)
    try {
      await Promise.all([a.connected, b.connected])
      for (const raw of [a, b]) assert.equal(await ask(raw, ['AUTH', 'secret']), '+OK\r\n')
      for (const argv of CHECKLIST) {
        const what = argv.map((x) => (typeof x === 'string' ? x.slice(0, 40) : '<payload>')).join(' ')
        assert.equal(await ask(b, argv), await ask(a, argv), what)
      }
    } finally {
      a.close()
      b.close()
    }
  })

  it('CVE-2021-32675: the same unauthenticated protocol limits', async () => {
    for (const request of ['*11\r\n', '*2\r\n$4\r\nAUTH\r\n$16385\r\n', '*10\r\n$16384\r\n', '*2147483648\r\n']) {
      const [x, y] = await Promise.all([redis, rcl].map((n) => exchange(n.port, [request], { maxMs: GIVE_UP_MS })))
      assert.deepEqual(y, x, JSON.stringify(request))
    }
  })

  it('CVE-2025-21605: both close an unauthenticated client once its pending replies pass 16 KB', async () => {
    for (const n of [481, 482, 5000]) {
      const [x, y] = await Promise.all([redis, rcl].map((node) => exchange(node.port, ['PING\r\n'.repeat(n)], { maxMs: GIVE_UP_MS })))
      assert.deepEqual({ ...y, data: y.data.length }, { ...x, data: x.data.length }, `${n} PINGs`)
    }
  })
})

describe('security checklist: descriptor limits as redis-server has them', { timeout: 120_000 }, () => {
  after(async () => { await stopAll() })

  it('CVE-2025-48367: under ulimit -n 128 both lower maxclients to 96 and refuse the same connections', async () => {
    const nodes = [
      await startNode(['--nofile=128:128', 'redis-server', '--save', '', '--appendonly', 'no'], 'prlimit'),
      await startNode(['--nofile=128:128', process.execPath, RCL_NODE_BIN], 'prlimit'),
    ]
    const outcomes: string[] = []
    for (const node of nodes) {
      const c = client(node.port, { commandTimeout: GIVE_UP_MS })
      let conns: Awaited<ReturnType<typeof idleConnections>> | undefined
      try {
        await c.ping() // connected before the others: it is one of the 96
        conns = await idleConnections(node.port, 300)
        const sockets = conns.sockets
        await waitFor('the refusals', () => sockets.filter((s) => s.isEnded()).length >= 205, GIVE_UP_MS)
        const refused = sockets.filter((s) => s.received() === '-ERR max number of clients reached\r\n').length
        const set = await c.config('SET', 'maxclients', '97').catch((e: Error) => e.message)
        outcomes.push(JSON.stringify({ maxclients: await c.config('GET', 'maxclients'), refused, set }))
      } finally {
        conns?.close()
        c.disconnect()
      }
    }
    assert.equal(outcomes[1], outcomes[0])
  })
})
