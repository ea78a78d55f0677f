// Regression tests for Redis's security advisories that concern what rcl-node has (SECURITY.md lists
// them all): each test is named after its CVE so a grep finds it. In-process server: a regression
// that crashed would end this file's process, so it fails rather than passes; every wait is bounded.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type Redis from 'ioredis'
import { client } from '../helpers/client.js'
import { useServer, type InProc } from '../helpers/in-proc-server.js'
import { RawClient, cmd, exchange } from '../helpers/resp.js'
import { waitFor } from '../helpers/wait.js'
import { crc64 } from '../../src/node/persistence/crc64.js'

const GIVE_UP_MS = 5000

/** Awaits `p`, which must fail with an error reply whose text matches `re` (anchored on the reply). */
async function fails(p: Promise<unknown>, re: RegExp, what?: string): Promise<void> {
  const e = await p.then(() => null, (err: Error) => err)
  assert.ok(e !== null, `${what ?? re} should have failed`)
  assert.match(e.message, re, what)
}
const NOAUTH = '-NOAUTH Authentication required.\r\n'

describe('security: clients that must still authenticate', () => {
  let srv: InProc
  useServer({ requirepass: 'secret' }, (s) => { srv = s })

  it('CVE-2021-32675: refuses an unauthenticated multibulk of more than 10 arguments, then closes', async () => {
    const r = await exchange(srv.port, ['*11\r\n'])
    assert.deepEqual(r, { data: '-ERR Protocol error: unauthenticated multibulk length\r\n', closed: true })
  })

  it('CVE-2021-32675: refuses an unauthenticated bulk longer than 16 KB before reading it', async () => {
    const r = await exchange(srv.port, ['*2\r\n$4\r\nAUTH\r\n$16385\r\n'])
    assert.deepEqual(r, { data: '-ERR Protocol error: unauthenticated bulk length\r\n', closed: true })
  })

  it('CVE-2025-21605: answers 481 unanswered NOAUTH errors (16,354 bytes) and keeps the connection', async () => {
    const r = await exchange(srv.port, ['PING\r\n'.repeat(481)], { expect: 481 * NOAUTH.length, maxMs: GIVE_UP_MS })
    assert.equal(r.data, NOAUTH.repeat(481))
    assert.equal(r.closed, false)
  })

  it('CVE-2025-21605: closes an unauthenticated client whose pending replies pass 16 KB, sending none', async () => {
    const r = await exchange(srv.port, ['PING\r\n'.repeat(482)], { maxMs: GIVE_UP_MS })
    assert.deepEqual(r, { data: '', closed: true })
  })

  it('CVE-2025-21605: the limit ends with authentication', async () => {
    const r = await exchange(srv.port, [cmd('AUTH', 'secret'), 'PING\r\n'.repeat(5000)], { expect: 5 + 7 * 5000, maxMs: GIVE_UP_MS })
    assert.equal(r.data, '+OK\r\n' + '+PONG\r\n'.repeat(5000))
    assert.equal(r.closed, false)
  })
})

describe('security: limits on what one client holds', () => {
  let srv: InProc
  let c: Redis
  useServer({ 'client-query-buffer-limit': '1mb' }, (s, cl) => { srv = s; c = cl })

  it('CVE-2025-46686: a request of 200,000 tiny arguments counts against client-query-buffer-limit', async () => {
    const args = Buffer.from('$1\r\nx\r\n'.repeat(200_000))
    const r = await exchange(srv.port, [`*${200_001}\r\n$4\r\nMSET\r\n`, args], { maxMs: GIVE_UP_MS })
    assert.deepEqual(r, { data: '', closed: true })
    assert.equal(await c.ping(), 'PONG')
  })

  it('CVE-2025-46686: a request whose arguments stay under the limit runs', async () => {
    const r = await exchange(srv.port, [`*${20_001}\r\n$4\r\nMSET\r\n`, Buffer.from('$1\r\nx\r\n'.repeat(20_000))], { expect: 5, maxMs: GIVE_UP_MS })
    assert.deepEqual(r, { data: '+OK\r\n', closed: false })
  })

  it('MULTI queues count against client-query-buffer-limit (Redis 7.4, #12961)', async () => {
    const v = 'v'.repeat(400_000)
    const raw = new RawClient(srv.port)
    try {
      await raw.connected
      raw.send(cmd('MULTI'), cmd('SET', 'a', v), cmd('SET', 'b', v))
      await raw.waitFor('+OK\r\n+QUEUED\r\n+QUEUED\r\n', GIVE_UP_MS)
      raw.send(cmd('SET', 'c', v)) // 1.2 MB queued: past the limit
      await waitFor('the client to be closed', () => raw.closed, GIVE_UP_MS)
      assert.equal(raw.pending, '')
    } finally {
      raw.close()
    }
    const ok = await exchange(srv.port, [cmd('MULTI'), cmd('SET', 'a', v), cmd('SET', 'b', v), cmd('EXEC')], { expect: 30, maxMs: GIVE_UP_MS })
    assert.equal(ok.data, '+OK\r\n+QUEUED\r\n+QUEUED\r\n*2\r\n+OK\r\n+OK\r\n')
  })
})

describe('security: counts, offsets and lengths', () => {
  let c: Redis
  useServer({}, (_s, cl) => { c = client(_s.port, { commandTimeout: GIVE_UP_MS }); cl.disconnect() })

  it('CVE-2023-22458 / CVE-2023-25155: out-of-range random counts get Redis errors at once', async () => {
    await c.sadd('s', 'a', 'b')
    await c.hset('h', 'a', '1')
    await c.zadd('z', 1, 'a')
    const INT64_MIN = '-9223372036854775808'
    const RANGE = /^ERR value is out of range, value must between -9223372036854775807 and 9223372036854775807$/
    await fails(c.call('SRANDMEMBER', 's', INT64_MIN), RANGE)
    await fails(c.call('HRANDFIELD', 'h', INT64_MIN), RANGE)
    await fails(c.call('ZRANDMEMBER', 'z', INT64_MIN), RANGE)
    await fails(c.call('HRANDFIELD', 'h', '-4611686018427387904', 'WITHVALUES'), /^ERR value is out of range$/)
    await fails(c.call('ZRANDMEMBER', 'z', '-4611686018427387904', 'WITHSCORES'), /^ERR value is out of range$/)
  })

  it('CVE-2023-22458 / CVE-2023-25155: a huge negative count is refused instead of built', async () => {
    // each of these once built an array of that many elements (or looped for ever, for ZRANDMEMBER)
    await fails(c.call('SRANDMEMBER', 's', '-9223372036854775807'), /^ERR value is out of range$/)
    await fails(c.call('HRANDFIELD', 'h', '-134217728', 'WITHVALUES'), /^ERR value is out of range$/)
    await fails(c.call('ZRANDMEMBER', 'z', '-9223372036854775807'), /^ERR value is out of range$/)
    await fails(c.call('ZRANDMEMBER', 'z', '-8388609', 'WITHSCORES'), /^ERR value is out of range$/)
    assert.deepEqual(await c.call('HRANDFIELD', 'nosuch', '-134217728', 'WITHVALUES'), [])
    assert.equal((await c.call('SRANDMEMBER', 's', '-1000') as string[]).length, 1000)
  })

  it('CVE-2022-35977: SETRANGE, SETBIT and BITFIELD offsets past 512 MB are refused before allocating', async () => {
    const TOO_BIG = /^ERR string exceeds maximum allowed size \(proto-max-bulk-len\)$/
    await fails(c.call('SETRANGE', 'k', '536870912', 'x'), TOO_BIG)
    await fails(c.call('SETRANGE', 'k', '9223372036854775807', 'x'), TOO_BIG)
    await fails(c.call('SETRANGE', 'k', '-1', 'x'), /^ERR offset is out of range$/)
    await fails(c.call('SETBIT', 'k', '4294967296', '1'), /^ERR bit offset is not an integer or out of range$/)
    await fails(c.call('BITFIELD', 'k', 'SET', 'u8', '#536870912', '1'), /^ERR bit offset is not an integer or out of range$/)
    assert.equal(await c.call('SETRANGE', 'k', '4294967295', ''), 0)
    assert.equal(await c.exists('k'), 0)
  })

  it('CVE-2021-41099: with proto-max-bulk-len raised, strings past what the process can hold are refused', async () => {
    await c.config('SET', 'proto-max-bulk-len', '2gb')
    try {
      const TOO_BIG = /^ERR string exceeds maximum allowed size \(proto-max-bulk-len\)$/
      await fails(c.call('SETRANGE', 'big', '1000000000', 'x'), TOO_BIG)
      await fails(c.call('SETBIT', 'big', '8000000000', '1'), TOO_BIG)
      await fails(c.call('BITFIELD', 'big', 'SET', 'u8', '6000000000', '1'), TOO_BIG)
      assert.equal(await c.exists('big'), 0)
    } finally {
      await c.config('SET', 'proto-max-bulk-len', '512mb')
    }
  })

  it('CVE-2021-41099: APPEND past proto-max-bulk-len is refused', async () => {
    await c.config('SET', 'proto-max-bulk-len', '1mb')
    try {
      await c.set('ap', 'x'.repeat(1024 * 1024 - 1))
      assert.equal(await c.append('ap', 'y'), 1024 * 1024)
      await fails(c.append('ap', 'z'), /^ERR string exceeds maximum allowed size \(proto-max-bulk-len\)$/)
    } finally {
      await c.config('SET', 'proto-max-bulk-len', '512mb')
    }
  })

  it('CVE-2021-32625 / CVE-2021-29477: LCS refuses a table larger than proto-max-bulk-len at once', async () => {
    await c.set('la', 'a'.repeat(20_000))
    await c.set('lb', 'b'.repeat(20_000))
    await fails(c.call('LCS', 'la', 'lb'), /^ERR Insufficient memory, transient memory for LCS exceeds proto-max-bulk-len$/)
    await c.set('la', 'abcde'.repeat(100))
    await c.set('lb', 'xbxdx'.repeat(100))
    assert.equal(await c.call('LCS', 'la', 'lb', 'LEN'), 200)
  })

  it('CVE-2023-28425: MSETNX naming the same key twice sets it once, to the last value', async () => {
    assert.equal(await c.msetnx('dup', '1', 'dup', '2'), 1)
    assert.equal(await c.get('dup'), '2')
    assert.equal(await c.msetnx('dup', '3', 'other', '4'), 0)
  })

  it('CVE-2023-28856: HINCRBYFLOAT with an infinite increment creates no field or key', async () => {
    await fails(c.call('HINCRBYFLOAT', 'hf', 'f', '+inf'), /^ERR value is NaN or Infinity$/)
    assert.equal(await c.exists('hf'), 0)
    await c.hset('hf', 'g', '1')
    await fails(c.call('HINCRBYFLOAT', 'hf', 'f', '-inf'), /^ERR value is NaN or Infinity$/)
    assert.deepEqual(await c.hgetall('hf'), { g: '1' })
  })

  it('CVE-2023-36824: COMMAND GETKEYS with numkeys beyond the arguments names no keys', async () => {
    const INVALID = /^ERR Invalid arguments specified for command$/
    for (const argv of [
      ['ZUNIONSTORE', 'd', '2147483647', 'a'], ['ZUNIONSTORE', 'd', '-1', 'a'], ['ZUNIONSTORE', 'd', '3', 'a', 'b'],
      ['ZDIFF', '2', 'a'], ['ZINTERCARD', '3', 'a'], ['SINTERCARD', '2', 'a'], ['ZMPOP', '3', 'a', 'MIN'],
      ['LMPOP', '9223372036854775807', 'a', 'LEFT'],
    ]) await fails(c.call('COMMAND', 'GETKEYS', ...argv), INVALID, argv.join(' '))
    assert.deepEqual(await c.call('COMMAND', 'GETKEYS', 'ZUNIONSTORE', 'd', '2', 'a', 'b'), ['d', 'a', 'b'])
    assert.deepEqual(await c.call('COMMAND', 'GETKEYS', 'SINTERCARD', '1', 'a', 'LIMIT', '1'), ['a'])
  })
})

describe('security: replies carry no injected lines', () => {
  let srv: InProc
  useServer({}, (s) => { srv = s })

  it('CVE-2025-67733: CR and LF inside an error reply are turned into spaces', async () => {
    const r = await exchange(srv.port, [cmd('FOO\r\n+OK', 'a\r\nb'), cmd('CONFIG', 'X\r\n+OK'), cmd('PING')], { expect: 140, maxMs: GIVE_UP_MS })
    assert.equal(r.data, "-ERR unknown command 'FOO  +OK', with args beginning with: 'a  b' \r\n" +
      "-ERR unknown subcommand 'X  +OK'. Try CONFIG HELP.\r\n+PONG\r\n")
  })
})

/** A DUMP payload around `body`: RDB version 10 and a CRC64 that matches, so only the body is judged. */
function payload(body: number[] | Buffer): Buffer {
  const b = Buffer.concat([Buffer.from(body), Buffer.from([10, 0]), Buffer.alloc(8)])
  b.writeBigUInt64LE(crc64(b, 0, b.length - 8), b.length - 8)
  return b
}
const len32 = (n: number): number[] => [0x80, (n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255]
const len64 = (hi: number, lo: number): number[] => [0x81, ...len32(hi).slice(1), ...len32(lo).slice(1)]

/** A small deterministic generator (LCG), so a failing payload is the same on every run. */
function lcg(seed: number): (n: number) => number {
  let s = seed
  return (n) => { s = (s * 1103515245 + 12345) & 0x7fffffff; return s % n }
}

describe('security: RESTORE payload validation', () => {
  let c: Redis
  useServer({}, (s, cl) => { c = client(s.port, { commandTimeout: GIVE_UP_MS }); cl.disconnect() })

  it('CVE-2026-25243 / CVE-2026-66373: payloads claiming huge sizes are refused without allocating', async () => {
    const cases: Record<string, number[]> = {
      'LZF string inflating to 512 MB': [0, 0xc3, 4, ...len32(536870000), 1, 2, 3, 4],
      'LZF string inflating to 4 GB': [0, 0xc3, 4, ...len64(1, 0), 1, 2, 3, 4],
      'string of 2^40 bytes': [0, ...len64(256, 0), 0x61],
      'set of 2^32 members': [2, ...len32(0xffffffff), 1, 0x61],
      'hash of 2^62 fields': [4, ...len64(0x40000000, 0), 1, 0x61],
      'zset of 2^63 members': [5, ...len64(0x7fffffff, 0xffffffff), 1, 0x61],
      'quicklist of 2^63 nodes': [18, ...len64(0x7fffffff, 0xffffffff), 2, 1, 0x61],
      'intset claiming 2^31 entries': [11, 0x0a, 4, 0, 0, 0, 0xff, 0xff, 0xff, 0x7f, 1, 0],
      'listpack claiming 2 GB': [16, 0x0a, 0xff, 0xff, 0xff, 0x7f, 0xff, 0xff, 0, 0, 0, 0, 0xff],
      'zset listpack of 65535 entries in 7 bytes': [17, 0x07, 7, 0, 0, 0, 0xff, 0xff, 0xff],
      'module value': [7, 0],
      'stream value': [21, 0],
    }
    for (const [what, body] of Object.entries(cases)) {
      await fails(c.restore('x', 0, payload(body), 'REPLACE'), /^ERR Bad data format$/, what)
    }
    assert.equal(await c.exists('x'), 0)
  })

  it('CVE-2026-25243 / CVE-2026-66373: 1,500 corrupted payloads with valid checksums never break the server', async () => {
    await c.rpush('l', ...Array.from({ length: 20 }, (_, i) => `e${i}`))
    await c.rpush('lbig', ...Array.from({ length: 200 }, (_, i) => 'x'.repeat(i)))
    await c.sadd('si', 1, 2, 3, 400000, -5)
    await c.sadd('sbig', ...Array.from({ length: 600 }, (_, i) => `m${i}`))
    await c.hset('h', 'a', '1', 'b', '2')
    await c.hset('hbig', ...Array.from({ length: 600 }, (_, i) => [`f${i}`, `v${i}`]).flat())
    await c.zadd('z', 1, 'a', 2.5, 'b')
    await c.zadd('zbig', ...Array.from({ length: 300 }, (_, i) => [i, `m${i}`]).flat())
    await c.set('s', 'hello')
    await c.set('long', 'y'.repeat(100))
    const keys = ['l', 'lbig', 'si', 'sbig', 'h', 'hbig', 'z', 'zbig', 's', 'long']
    const originals = await Promise.all(keys.map((k) => c.dumpBuffer(k)))
    const rnd = lcg(2026)
    for (let i = 0; i < 1500; i++) {
      const p = Buffer.from(originals[i % originals.length])
      for (let f = 1 + rnd(4); f > 0; f--) {
        const at = rnd(p.length - 10)
        const kind = rnd(4)
        p[at] = kind === 0 ? 0xff : kind === 1 ? 0 : kind === 2 ? p[at] ^ 0x80 : rnd(256)
      }
      const reply = await c.restore('t', 0, payload(p.subarray(0, p.length - 10)), 'REPLACE').catch((e: Error) => e.message)
      assert.match(String(reply), /^(OK|ERR Bad data format)$/, `payload ${p.toString('hex')}`)
      // a value that was accepted must be whole enough to read back and dump again
      if (reply === 'OK') await c.dumpBuffer('t')
    }
    assert.equal(await c.ping(), 'PONG')
  })
})
