import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type Redis from 'ioredis'
import { client } from '../helpers/client.js'
import { useServer, type InProc } from '../helpers/in-proc-server.js'
import { cmd, exchange } from '../helpers/resp.js'
import { HashValue } from '../../src/node/keyspace/types/hash.js'
import { defaultEncodingLimits } from '../../src/node/keyspace/limits.js'
import { hincrbyfloatCommand } from '../../src/node/commands/hashes-more.js'
import type { CommandContext } from '../../src/node/commands/core/types.js'

const fieldArgs = (n: number, prefix = 'f'): string[] => Array.from({ length: n }, (_, i) => [`${prefix}${i}`, `v${i}`]).flat()

/** Runs HSCAN to completion, calling `between` after each page; returns every field seen and the page count. */
async function fullHscan(c: Redis, key: string, count: number, between?: (page: number) => Promise<void>): Promise<{ seen: Map<string, string>; pages: number }> {
  const seen = new Map<string, string>()
  let cursor = '0'
  let pages = 0
  do {
    const [next, items] = await c.hscan(key, cursor, 'COUNT', count)
    for (let i = 0; i < items.length; i += 2) seen.set(items[i], items[i + 1])
    cursor = next
    pages++
    if (between) await between(pages)
    assert.ok(pages < 10000, 'scan does not terminate')
  } while (cursor !== '0')
  return { seen, pages }
}

async function events(srv: InProc, run: (c: Redis) => Promise<void>): Promise<string[]> {
  const sub = client(srv.port)
  const c = client(srv.port)
  const got: string[] = []
  try {
    await sub.psubscribe('__keyevent@0__:*')
    sub.on('pmessage', (_p: string, ch: string, key: string) => got.push(`${ch.slice(ch.indexOf(':') + 1)} ${key}`))
    await run(c)
    await c.publish('__keyevent@0__:end', 'end')
    for (let i = 0; i < 100 && got[got.length - 1] !== 'end end'; i++) await new Promise((r) => setTimeout(r, 10))
    return got.slice(0, -1)
  } finally { sub.disconnect(); c.disconnect() }
}

describe('hashes', () => {
  let srv: InProc
  let c: Redis
  useServer({ 'notify-keyspace-events': 'KEA' }, (s, cl) => { srv = s; c = cl })

  it('keeps insertion order for a listpack hash and converts past the entry limit', async () => {
    await c.hset('order', 'z', '1', 'a', '2', 'm', '3')
    await c.hset('order', 'a', '20')
    assert.deepEqual(await c.hkeys('order'), ['z', 'a', 'm'])
    assert.equal(await c.object('ENCODING', 'order'), 'listpack')
    // Redis 7.0's default hash-max-listpack-entries is 512
    await c.hset('order', ...fieldArgs(509))
    assert.equal(await c.object('ENCODING', 'order'), 'listpack')
    await c.hset('order', 'one-more', '1')
    assert.equal(await c.object('ENCODING', 'order'), 'hashtable')
    await c.hdel('order', 'f0', 'f1', 'f2')
    assert.equal(await c.object('ENCODING', 'order'), 'hashtable')
    assert.equal(await c.hlen('order'), 510)
  })

  it('returns a small hash whole from HSCAN with cursor 0', async () => {
    await c.hset('small', 'a', '1', 'b', '2', 'c', '3')
    assert.deepEqual(await c.hscan('small', '777', 'COUNT', 1), ['0', ['a', '1', 'b', '2', 'c', '3']])
    assert.deepEqual(await c.hscan('small', '0', 'MATCH', '[bc]'), ['0', ['b', '2', 'c', '3']])
  })

  it('pages a large hash and returns every field exactly once without writes', async () => {
    await c.hset('big', ...fieldArgs(1000))
    const { seen, pages } = await fullHscan(c, 'big', 10)
    assert.equal(seen.size, 1000)
    assert.ok(pages >= 50, `expected many pages, got ${pages}`)
    for (let i = 0; i < 1000; i++) assert.equal(seen.get(`f${i}`), `v${i}`)
  })

  it('returns every field present for the whole scan despite inserts and deletes between pages', async () => {
    await c.hset('churn', ...fieldArgs(600, 'keep'), ...fieldArgs(300, 'gone'))
    let added = 0
    const { seen } = await fullHscan(c, 'churn', 7, async (page) => {
      await c.hset('churn', `new${page}`, 'x', `new${page}b`, 'y')
      added += 2
      if (page <= 300) await c.hdel('churn', `gone${page - 1}`)
    })
    for (let i = 0; i < 600; i++) assert.ok(seen.has(`keep${i}`), `keep${i} missing`)
    assert.ok(added > 0)
    assert.equal(await c.hget('churn', 'keep0'), 'v0')
  })

  it('filters HSCAN pages with MATCH on a large hash', async () => {
    await c.hset('bigm', ...fieldArgs(300))
    const seen = new Set<string>()
    let cursor = '0'
    do {
      const [next, items] = await c.hscan('bigm', cursor, 'MATCH', 'f1*', 'COUNT', 20)
      for (let i = 0; i < items.length; i += 2) seen.add(items[i])
      cursor = next
    } while (cursor !== '0')
    const expected = Array.from({ length: 300 }, (_, i) => `f${i}`).filter((f) => f.startsWith('f1'))
    assert.deepEqual([...seen].sort(), expected.sort())
  })

  it('samples distinct fields for a positive HRANDFIELD count and repeats for a negative one', async () => {
    await c.hset('r', ...fieldArgs(10))
    for (const key of ['r', 'big']) {
      const size = await c.hlen(key)
      const picked = (await c.hrandfield(key, 5)) as string[]
      assert.equal(picked.length, 5)
      assert.equal(new Set(picked).size, 5)
      for (const f of picked) assert.equal(await c.hexists(key, f), 1)
      assert.equal(((await c.hrandfield(key, size + 5)) as string[]).length, size)
      const many = (await c.hrandfield(key, -50)) as string[]
      assert.equal(many.length, 50)
      for (const f of many) assert.ok(f.startsWith('f'))
    }
    const withValues = (await c.hrandfield('r', -20, 'WITHVALUES')) as string[]
    assert.equal(withValues.length, 40)
    for (let i = 0; i < 40; i += 2) assert.equal(withValues[i + 1], `v${withValues[i].slice(1)}`)
  })

  it('samples a listpack hash in field order', async () => {
    await c.hset('lp', ...fieldArgs(20))
    for (let round = 0; round < 20; round++) {
      const picked = ((await c.hrandfield('lp', 7)) as string[]).map((f) => Number(f.slice(1)))
      assert.deepEqual(picked, [...picked].sort((a, b) => a - b))
    }
  })

  it('covers every field with HRANDFIELD over many calls', async () => {
    await c.hset('cov', 'a', '1', 'b', '2', 'c', '3')
    const seen = new Set<string>()
    for (let i = 0; i < 200 && seen.size < 3; i++) seen.add((await c.hrandfield('cov')) as string)
    assert.equal(seen.size, 3)
  })

  it('answers HRANDFIELD WITHVALUES as pairs and HGETALL as a map in RESP3 (wire format)', async () => {
    await c.del('w')
    await c.hset('w', 'a', '1')
    const r = await exchange(srv.port, [Buffer.concat([cmd('HELLO', '3'), cmd('HRANDFIELD', 'w', '-2', 'WITHVALUES'), cmd('HGETALL', 'w'), cmd('HGETALL', 'nokey')])], { idleMs: 150 })
    assert.ok(r.data.endsWith('*2\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n*2\r\n$1\r\na\r\n$1\r\n1\r\n%1\r\n$1\r\na\r\n$1\r\n1\r\n%0\r\n'), JSON.stringify(r.data))
    const r2 = await exchange(srv.port, [cmd('HRANDFIELD', 'w', '-2', 'WITHVALUES')], { idleMs: 150 })
    assert.equal(r2.data, '*4\r\n$1\r\na\r\n$1\r\n1\r\n$1\r\na\r\n$1\r\n1\r\n')
  })

  it('computes HINCRBYFLOAT with long double precision and propagates it as HSET', async () => {
    await c.del('fl')
    assert.equal(await c.hincrbyfloat('fl', 'x', '1000'), '1000')
    assert.equal(await c.hincrbyfloat('fl', 'x', '0.1'), '1000.09999999999999998')
    const db = srv.server.dbs[0]
    const ctx = { db, client: { resp: 2 }, propagateAs: null, modified: () => {}, notify: () => {} } as unknown as CommandContext
    assert.equal(hincrbyfloatCommand(ctx, ['hincrbyfloat', 'fl', 'x', '1.5']), '1001.59999999999999998')
    assert.deepEqual(ctx.propagateAs, [['HSET', 'fl', 'x', '1001.59999999999999998']])
  })

  // regression (issue 13): strtold stops at a NUL, but Redis requires the whole string to be read
  it('refuses float increments with an embedded NUL byte', async () => {
    await c.del('fl', 'sf')
    await assert.rejects(c.hincrbyfloat('fl', 'x', '1\x002'), /^ReplyError: ERR value is not a valid float$/)
    await assert.rejects(c.incrbyfloat('sf', '1\x00'), /^ReplyError: ERR value is not a valid float$/)
    await c.set('sf', '1\x002')
    await assert.rejects(c.incrbyfloat('sf', '1'), /^ReplyError: ERR value is not a valid float$/)
    assert.equal(await c.exists('fl'), 0)
  })

  it('deletes the key when its last field goes and emits Redis events', async () => {
    await c.del('ev')
    const got = await events(srv, async (w) => {
      await w.hset('ev', 'a', '1', 'b', '2')
      await w.hsetnx('ev', 'a', '9')
      await w.hsetnx('ev', 'c', '3')
      await w.hincrby('ev', 'n', 1)
      await w.hincrbyfloat('ev', 'f', '1.5')
      await w.hdel('ev', 'zz')
      await w.hdel('ev', 'a', 'b', 'c', 'n', 'f')
    })
    assert.deepEqual(got, ['hset ev', 'hset ev', 'hincrby ev', 'hincrbyfloat ev', 'hdel ev', 'del ev'])
    assert.equal(await c.exists('ev'), 0)
  })

  it('does not leave an empty hash behind after a failed HINCRBY', async () => {
    await c.hset('bad', 'x', 'abc')
    await assert.rejects(c.hincrby('bad', 'x', 1), /hash value is not an integer/)
    await assert.rejects(c.hincrbyfloat('nokey-hash', 'x', 'abc'), /not a valid float/)
    assert.equal(await c.exists('nokey-hash'), 0)
  })

  it('builds values through the HashValue contract with the encoding Redis would pick', () => {
    const limits = defaultEncodingLimits()
    const small = HashValue.fromEntries([['a', '1'], ['b', '2']], limits)
    assert.equal(small.encoding(), 'listpack')
    assert.deepEqual([...small.entries()], [['a', '1'], ['b', '2']])
    const wide = HashValue.fromEntries([['a', 'x'.repeat(limits.hashMaxListpackValue + 1)]], limits)
    assert.equal(wide.encoding(), 'hashtable')
    const copy = wide.clone()
    assert.equal(copy.encoding(), 'hashtable')
    copy.set('b', '2')
    assert.equal(wide.size(), 1)
  })
})
