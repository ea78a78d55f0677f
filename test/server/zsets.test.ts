import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type Redis from 'ioredis'
import { client } from '../helpers/client.js'
import { useServer, type InProc } from '../helpers/in-proc-server.js'
import { cmd, exchange } from '../helpers/resp.js'

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms))

async function fullZscan(c: Redis, key: string, count: number, between?: (page: number) => Promise<void>): Promise<Map<string, string>> {
  const seen = new Map<string, string>()
  let cursor = '0'
  let pages = 0
  do {
    const [next, items] = await c.zscan(key, cursor, 'COUNT', count)
    for (let i = 0; i < items.length; i += 2) seen.set(items[i], items[i + 1])
    cursor = next
    assert.ok(++pages < 10000, 'scan does not terminate')
    if (between) await between(pages)
  } while (cursor !== '0')
  return seen
}

describe('sorted sets', () => {
  let srv: InProc
  let c: Redis
  useServer({ 'notify-keyspace-events': 'KEA' }, (s, cl) => { srv = s; c = cl })

  it('orders by score, then by member bytes', async () => {
    await c.zadd('ord', 2, 'b', 1, 'z', 2, 'a', 2, Buffer.from([0xff]).toString('latin1'), -1, 'neg')
    await c.zadd('ord', 2, Buffer.from([0x00]))
    const members = await c.zrangeBuffer('ord', 0, -1)
    assert.deepEqual(members.map((b) => b.toString('hex')), ['6e6567', '7a', '00', '61', '62', 'c3bf'])
  })

  it('prints scores with %.17g like Redis 7.0', async () => {
    await c.zadd('fmt', 1.1, 'a', 0.1, 'b', 1e300, 'c', '123456789012345678', 'd', 'inf', 'e', 3, 'f')
    assert.deepEqual(await c.zmscore('fmt', 'a', 'b', 'c', 'd', 'e', 'f'),
      ['1.1000000000000001', '0.10000000000000001', '1.0000000000000001e+300', '1.2345678901234568e+17', 'inf', '3'])
  })

  it('answers WITHSCORES flat in RESP2 and as pairs in RESP3', async () => {
    await c.zadd('r3', 1.5, 'm', 2, 'n')
    const r = await exchange(srv.port, [Buffer.concat([
      cmd('ZRANGE', 'r3', '0', '0', 'WITHSCORES'), cmd('HELLO', '3'), cmd('ZRANGE', 'r3', '0', '-1', 'WITHSCORES'),
      cmd('ZSCORE', 'r3', 'm'), cmd('ZSCORE', 'r3', 'x'), cmd('ZPOPMIN', 'r3'), cmd('ZPOPMIN', 'r3', '1'), cmd('ZPOPMIN', 'r3', '1'),
    ])], { idleMs: 150 })
    assert.ok(r.data.startsWith('*2\r\n$1\r\nm\r\n$3\r\n1.5\r\n%7\r\n'), JSON.stringify(r.data))
    assert.ok(r.data.endsWith('*2\r\n*2\r\n$1\r\nm\r\n,1.5\r\n*2\r\n$1\r\nn\r\n,2\r\n,1.5\r\n_\r\n*2\r\n$1\r\nm\r\n,1.5\r\n*1\r\n*2\r\n$1\r\nn\r\n,2\r\n*0\r\n'), JSON.stringify(r.data))
  })

  it('converts to skiplist past zset-max-listpack-entries and stays converted', async () => {
    await c.call('CONFIG', 'SET', 'zset-max-listpack-entries', '3')
    try {
      await c.zadd('enc', 1, 'a', 2, 'b', 3, 'c')
      assert.equal(await c.object('ENCODING', 'enc'), 'listpack')
      await c.zadd('enc', 4, 'd')
      assert.equal(await c.object('ENCODING', 'enc'), 'skiplist')
      await c.zrem('enc', 'a', 'b', 'c')
      assert.equal(await c.object('ENCODING', 'enc'), 'skiplist')
      await c.zunionstore('enc2', 1, 'enc')
      assert.equal(await c.object('ENCODING', 'enc2'), 'listpack')
    } finally {
      await c.call('CONFIG', 'SET', 'zset-max-listpack-entries', '128')
    }
  })

  it('keeps ranks, counts and ranges right on a large set', async () => {
    const n = 2000
    const args: Array<string | number> = []
    for (let i = 0; i < n; i++) args.push(i % 100, `m${String(i).padStart(4, '0')}`)
    await c.zadd('large', ...args)
    // expected order: by score (i % 100), then member
    const expected = Array.from({ length: n }, (_, i) => i).sort((a, b) => (a % 100) - (b % 100) || a - b).map((i) => `m${String(i).padStart(4, '0')}`)
    assert.deepEqual(await c.zrange('large', 0, -1), expected)
    assert.equal(await c.zrank('large', expected[1234]), 1234)
    assert.equal(await c.zrevrank('large', expected[1234]), n - 1 - 1234)
    assert.equal(await c.zcount('large', 10, '(20'), 200)
    assert.deepEqual(await c.zrangebyscore('large', 50, '+inf', 'LIMIT', 5, 3), expected.slice(1005, 1008))
    assert.deepEqual(await c.zrevrangebyscore('large', 49, '-inf', 'LIMIT', 5, 3), expected.slice(1000 - 8, 1000 - 5).reverse())
    assert.deepEqual(await c.zrange('large', 100, 102), expected.slice(100, 103))
    assert.equal(await c.zremrangebyrank('large', 0, 99), 100)
    assert.equal(await c.zremrangebyscore('large', 99, 99), 20)
    assert.equal(await c.zcard('large'), n - 120)
    assert.deepEqual(await c.zrange('large', 0, 1), expected.slice(100, 102))
  })

  it('visits every member of a skiplist with ZSCAN paging', async () => {
    const args: Array<string | number> = []
    for (let i = 0; i < 500; i++) args.push(i / 4, `s${i}`)
    await c.zadd('scan', ...args)
    const seen = await fullZscan(c, 'scan', 7)
    assert.equal(seen.size, 500)
    assert.equal(seen.get('s5'), '1.25')
    const matched = await c.zscan('scan', 0, 'MATCH', 's1?', 'COUNT', 1000)
    assert.equal(matched[1].length, 20)
  })

  it('returns every member present for the whole ZSCAN despite writes between pages', async () => {
    const args: Array<string | number> = []
    for (let i = 0; i < 400; i++) args.push(i, `w${i}`)
    await c.zadd('scanw', ...args)
    const seen = await fullZscan(c, 'scanw', 10, async (page) => {
      // delete members that sort first, add new ones and move scores: ranks shift under the scan
      await c.zrem('scanw', `w${page * 2}`, `w${page * 2 + 1}`)
      await c.zadd('scanw', -page, `new${page}`, 1000 + page, `w${399 - page}`)
    })
    for (let i = 100; i < 300; i++) assert.ok(seen.has(`w${i}`), `w${i} missing`)
  })

  it('samples ZRANDMEMBER distinct members for a positive count and repeats for a negative one', async () => {
    const args: Array<string | number> = []
    for (let i = 0; i < 300; i++) args.push(i, `r${i}`)
    await c.zadd('rand', ...args)
    for (const count of [5, 150, 299]) {
      const got = await c.zrandmember('rand', count)
      assert.equal(got.length, count)
      assert.equal(new Set(got).size, count)
      for (const m of got) assert.match(m, /^r\d+$/)
    }
    const rep = await c.zrandmember('rand', -1000)
    assert.equal(rep.length, 1000)
    assert.ok(new Set(rep).size < 300)
    const ws = await c.zrandmember('rand', 3, 'WITHSCORES')
    for (let i = 0; i < ws.length; i += 2) assert.equal(ws[i], `r${ws[i + 1]}`)
    await c.zadd('small', 1, 'a', 2, 'b', 3, 'c', 4, 'd', 5, 'e')
    const picked = await c.zrandmember('small', 3)
    assert.deepEqual(picked, [...picked].sort(), 'a listpack sample keeps set order')
  })

  it('refuses a ZRANDMEMBER negative count too large to reply to instead of stalling, like HRANDFIELD and SRANDMEMBER', async () => {
    await c.zadd('huge', 1, 'a')
    await c.hset('hugeh', 'f', 'v')
    await c.sadd('huges', 'm')
    for (const cmd of [['ZRANDMEMBER', 'huge', '-1000000000'], ['HRANDFIELD', 'hugeh', '-1000000000'], ['SRANDMEMBER', 'huges', '-1000000000']]) {
      await assert.rejects(c.call(...(cmd as [string, ...string[]])), /^ReplyError: ERR value is out of range$/, cmd.join(' '))
    }
    // as in Redis, a missing key answers an empty array whatever the count
    for (const cmd of [['ZRANDMEMBER', 'nozset', '-1000000000'], ['HRANDFIELD', 'nohash', '-1000000000'], ['SRANDMEMBER', 'noset', '-1000000000']]) {
      assert.deepEqual(await c.call(...(cmd as [string, ...string[]])), [], cmd.join(' '))
    }
    assert.equal(await c.ping(), 'PONG')
  })

  it('wakes BZPOPMIN when another client adds to the key', async () => {
    const b = client(srv.port)
    try {
      const pending = b.bzpopmin('bz1', 'bz2', 5)
      await sleep(50)
      await c.zadd('bz2', 3, 'x', 1, 'y')
      assert.deepEqual(await pending, ['bz2', 'y', '1'])
      assert.deepEqual(await c.zrange('bz2', 0, -1), ['x'])
    } finally { b.disconnect() }
  })

  it('serves blocked clients in arrival order and BZMPOP pops its count', async () => {
    const b1 = client(srv.port)
    const b2 = client(srv.port)
    try {
      const first = b1.call('BZMPOP', '5', '1', 'fifo', 'MAX', 'COUNT', '2')
      await sleep(30)
      const second = b2.bzpopmin('fifo', 5)
      await sleep(30)
      await c.zadd('fifo', 1, 'a', 2, 'b', 3, 'c')
      assert.deepEqual(await first, ['fifo', [['c', '3'], ['b', '2']]])
      assert.deepEqual(await second, ['fifo', 'a', '1'])
      assert.equal(await c.exists('fifo'), 0)
    } finally { b1.disconnect(); b2.disconnect() }
  })

  it('answers a null array when the timeout passes', async () => {
    const t0 = Date.now()
    const r = await exchange(srv.port, [cmd('BZPOPMAX', 'never', '0.1')], { idleMs: 400 })
    assert.equal(r.data, '*-1\r\n')
    assert.ok(Date.now() - t0 >= 100)
  })

  it('keeps a blocked client waiting when the key comes back as another type', async () => {
    const b = client(srv.port)
    try {
      let done = false
      const pending = b.bzpopmin('typed', 2).then((v) => { done = true; return v })
      await sleep(30)
      await c.set('typed', 'string')
      await sleep(30)
      assert.equal(done, false)
      await c.del('typed')
      await c.zadd('typed', 7, 'z')
      assert.deepEqual(await pending, ['typed', 'z', '7'])
    } finally { b.disconnect() }
  })

  it('replicates blocking and multi-key pops as ZPOPMIN/ZPOPMAX', async () => {
    const seen: string[][] = []
    const sink = (_db: number, argvs: string[][]): void => { for (const a of argvs) seen.push(a) }
    srv.server.propagation.sinks.push(sink)
    try {
      await c.zadd('rep', 1, 'a', 2, 'b', 3, 'c', 4, 'd')
      await c.bzpopmin('rep', 0)
      await c.call('ZMPOP', '2', 'nokey', 'rep', 'MAX', 'COUNT', '2')
      await c.call('BZMPOP', '0', '1', 'rep', 'MIN')
      // regression (issue 13): the count replicated is what was popped, not what was asked for
      await c.zadd('rep2', 1, 'a', 2, 'b', 3, 'c')
      await c.call('ZMPOP', '1', 'rep2', 'MIN', 'COUNT', '10')
    } finally {
      srv.server.propagation.sinks.splice(srv.server.propagation.sinks.indexOf(sink), 1)
    }
    assert.deepEqual(seen.slice(1, 4), [['ZPOPMIN', 'rep'], ['ZPOPMAX', 'rep', '2'], ['ZPOPMIN', 'rep', '1']])
    assert.deepEqual(seen.at(-1), ['ZPOPMIN', 'rep2', '3'])
  })

  it('emits Redis keyspace events', async () => {
    const sub = client(srv.port)
    const w = client(srv.port)
    const got: string[] = []
    try {
      await sub.psubscribe('__keyevent@0__:*')
      sub.on('pmessage', (_p: string, ch: string, key: string) => got.push(`${ch.slice(ch.indexOf(':') + 1)} ${key}`))
      const steps: Array<Array<string | number>> = [
        ['ZADD', 'ez', 1, 'a', 2, 'b'], ['ZADD', 'ez', 1, 'a'], ['ZADD', 'ez', 'INCR', 1, 'a'], ['ZINCRBY', 'ez', 1, 'b'],
        ['ZREM', 'ez', 'x'], ['ZREM', 'ez', 'a'], ['ZADD', 'ez', 3, 'c', 4, 'd'], ['ZREMRANGEBYSCORE', 'ez', 3, 3],
        ['ZREMRANGEBYRANK', 'ez', 0, 0], ['ZADD', 'ez', 0, 'x', 0, 'y'], ['ZREMRANGEBYLEX', 'ez', '[x', '[x'],
        ['ZREMRANGEBYSCORE', 'ez', 100, 200], ['ZPOPMIN', 'ez'], ['ZPOPMAX', 'ez'], ['ZADD', 'ea', 1, 'a'],
        ['ZADD', 'eb', 1, 'a', 2, 'b'], ['ZUNIONSTORE', 'ed', 2, 'ea', 'eb'], ['ZINTERSTORE', 'ed', 2, 'ea', 'eb'],
        ['ZDIFFSTORE', 'ed', 2, 'eb', 'ea'], ['ZRANGESTORE', 'ed2', 'eb', 0, 0], ['ZINTERSTORE', 'ed', 2, 'ea', 'nokey'],
        ['ZRANGESTORE', 'ed2', 'nokey', 0, 1], ['ZMPOP', 1, 'eb', 'MIN', 'COUNT', 5], ['BZPOPMAX', 'ea', 0],
        ['ZADD', 'ez', 'NX', 1, 'q'], ['ZADD', 'ez', 'XX', 5, 'q'], ['ZADD', 'ez', 'GT', 1, 'q'],
      ]
      for (const s of steps) await w.call(String(s[0]), ...s.slice(1).map(String))
      await w.publish('__keyevent@0__:end', 'end')
      for (let i = 0; i < 100 && got[got.length - 1] !== 'end end'; i++) await sleep(10)
    } finally { sub.disconnect(); w.disconnect() }
    assert.deepEqual(got.slice(0, -1), [
      'zadd ez', 'zincr ez', 'zincr ez', 'zrem ez', 'zadd ez', 'zremrangebyscore ez', 'zremrangebyrank ez', 'del ez',
      'zadd ez', 'zremrangebylex ez', 'zpopmin ez', 'del ez', 'zadd ea', 'zadd eb', 'zunionstore ed', 'zinterstore ed',
      'zdiffstore ed', 'zrangestore ed2', 'del ed', 'del ed2', 'zpopmin eb', 'del eb', 'zpopmax ea', 'del ea',
      'zadd ez', 'zadd ez',
    ])
  })

  it('invalidates WATCH on a sorted-set change', async () => {
    const w = client(srv.port)
    try {
      await w.zadd('watched', 1, 'a')
      await w.watch('watched')
      await c.zincrby('watched', 1, 'a')
      const res = await w.multi().zadd('watched', 5, 'b').exec()
      assert.equal(res, null)
      assert.equal(await c.zscore('watched', 'b'), null)
    } finally { w.disconnect() }
  })
})
