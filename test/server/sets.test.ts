import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type Redis from 'ioredis'
import { client } from '../helpers/client.js'
import { useServer, type InProc } from '../helpers/in-proc-server.js'
import { cmd, exchange } from '../helpers/resp.js'
import { defaultEncodingLimits } from '../../src/node/keyspace/limits.js'
import { SetValue, compareCanonicalInts, isCanonicalInt } from '../../src/node/keyspace/types/set.js'
import { spopCommand } from '../../src/node/commands/sets-random.js'
import type { CommandContext } from '../../src/node/commands/core/types.js'

const names = (n: number, prefix = 'm'): string[] => Array.from({ length: n }, (_, i) => `${prefix}${i}`)

async function fullSscan(c: Redis, key: string, count: number, between?: (page: number) => Promise<void>): Promise<Set<string>> {
  const seen = new Set<string>()
  let cursor = '0'
  let pages = 0
  do {
    const [next, items] = await c.sscan(key, cursor, 'COUNT', count)
    for (const m of items) seen.add(m)
    cursor = next
    pages++
    if (between) await between(pages)
    assert.ok(pages < 10000, 'scan does not terminate')
  } while (cursor !== '0')
  return seen
}

describe('sets', () => {
  let srv: InProc
  let c: Redis
  useServer({ 'notify-keyspace-events': 'KEA' }, (s, cl) => { srv = s; c = cl })

  it('keeps an intset sorted numerically and converts on a non-integer', async () => {
    await c.sadd('ints', '10', '-5', '9223372036854775807', '-9223372036854775808', '0', '2')
    assert.deepEqual(await c.smembers('ints'), ['-9223372036854775808', '-5', '0', '2', '10', '9223372036854775807'])
    assert.equal(await c.object('ENCODING', 'ints'), 'intset')
    assert.equal(await c.sismember('ints', '010'), 0)
    await c.sadd('ints', 'x')
    assert.equal(await c.object('ENCODING', 'ints'), 'hashtable')
    await c.srem('ints', 'x')
    assert.equal(await c.object('ENCODING', 'ints'), 'hashtable')
    assert.equal(await c.scard('ints'), 6)
  })

  it('pages a large set and returns every member exactly once without writes', async () => {
    await c.sadd('big', ...names(2000))
    const seen = await fullSscan(c, 'big', 25)
    assert.equal(seen.size, 2000)
  })

  it('returns every member present for the whole scan despite SADD, SREM and SPOP between pages', async () => {
    await c.sadd('churn', ...names(500, 'keep'), ...names(400, 'gone'))
    const seen = await fullSscan(c, 'churn', 5, async (page) => {
      await c.sadd('churn', `new${page}`, `more${page}`)
      if (page <= 400) await c.srem('churn', `gone${page - 1}`)
    })
    for (let i = 0; i < 500; i++) assert.ok(seen.has(`keep${i}`), `keep${i} missing`)
  })

  it('returns an intset whole from SSCAN with cursor 0', async () => {
    await c.sadd('small', '3', '1', '2')
    assert.deepEqual(await c.sscan('small', '99', 'COUNT', 1), ['0', ['1', '2', '3']])
  })

  it('pops distinct members with SPOP count and leaves the rest', async () => {
    for (const key of ['pop-ints', 'pop-strs']) {
      const members = key === 'pop-ints' ? Array.from({ length: 100 }, (_, i) => String(i * 3)) : names(100)
      await c.sadd(key, ...members)
      const popped = (await c.spop(key, 30)) as string[]
      assert.equal(popped.length, 30)
      assert.equal(new Set(popped).size, 30)
      for (const m of popped) assert.ok(members.includes(m))
      const rest = await c.smembers(key)
      assert.equal(rest.length, 70)
      for (const m of popped) assert.ok(!rest.includes(m))
      const single = (await c.spop(key)) as string
      assert.ok(rest.includes(single))
      assert.equal(await c.sismember(key, single), 0)
      const all = (await c.spop(key, 1000)) as string[]
      assert.equal(all.length, 69)
      assert.equal(await c.exists(key), 0)
    }
  })

  it('propagates SPOP as SREM and a whole-set SPOP as DEL', async () => {
    await c.sadd('prop', 'a', 'b', 'c', 'd')
    const db = srv.server.dbs[0]
    const ctx = { db, client: { resp: 2 }, propagateAs: null, modified: () => {}, notify: () => {} } as unknown as CommandContext
    const one = spopCommand(ctx, ['spop', 'prop']) as string
    assert.deepEqual(ctx.propagateAs, [['SREM', 'prop', one]])
    const two = spopCommand(ctx, ['spop', 'prop', '2']) as unknown as { items: string[] }
    assert.deepEqual(ctx.propagateAs, [['SREM', 'prop', ...two.items]])
    spopCommand(ctx, ['spop', 'prop', '5'])
    assert.deepEqual(ctx.propagateAs, [['DEL', 'prop']])
    assert.equal(db.has('prop'), false)
  })

  it('samples with SRANDMEMBER: distinct for positive counts, repeated for negative ones', async () => {
    await c.sadd('rnd', ...names(40))
    await c.sadd('rnd-ints', '1', '2', '3', '4', '5', '6')
    for (const key of ['rnd', 'rnd-ints']) {
      const size = await c.scard(key)
      for (const n of [1, 2, size - 1]) {
        const got = (await c.srandmember(key, n)) as string[]
        assert.equal(got.length, n)
        assert.equal(new Set(got).size, n)
        for (const m of got) assert.equal(await c.sismember(key, m), 1)
      }
      assert.equal(((await c.srandmember(key, size + 10)) as string[]).length, size)
      assert.equal(((await c.srandmember(key, -100)) as string[]).length, 100)
      assert.equal(await c.scard(key), size)
    }
    const seen = new Set<string>()
    for (let i = 0; i < 300 && seen.size < 6; i++) seen.add((await c.srandmember('rnd-ints')) as string)
    assert.equal(seen.size, 6)
  })

  it('answers SMEMBERS and SPOP count as RESP3 sets (wire format)', async () => {
    await c.del('r3')
    await c.sadd('r3', '2', '1')
    const r = await exchange(srv.port, [Buffer.concat([cmd('HELLO', '3'), cmd('SMEMBERS', 'r3'), cmd('SRANDMEMBER', 'r3', '5'), cmd('SPOP', 'r3', '5')])], { idleMs: 150 })
    assert.ok(r.data.endsWith('~2\r\n$1\r\n1\r\n$1\r\n2\r\n*2\r\n$1\r\n1\r\n$1\r\n2\r\n~2\r\n$1\r\n1\r\n$1\r\n2\r\n'), JSON.stringify(r.data))
  })

  it('emits Redis keyspace events for writes, moves and stores', async () => {
    const sub = client(srv.port)
    const w = client(srv.port)
    const got: string[] = []
    try {
      await w.del('es', 'ed', 'ea', 'eb')
      await sub.psubscribe('__keyevent@0__:*')
      sub.on('pmessage', (_p: string, ch: string, key: string) => got.push(`${ch.slice(ch.indexOf(':') + 1)} ${key}`))
      await w.sadd('es', '1', '2')
      await w.sadd('es', '1')
      await w.srem('es', '9')
      await w.srem('es', '1')
      await w.smove('es', 'ed', '2')
      await w.sadd('es', '1', '2', '3')
      await w.spop('es')
      await w.spop('es', 0)
      await w.spop('es', 5)
      await w.sadd('ea', '1', '2')
      await w.sadd('eb', '2', '3')
      await w.sinterstore('ed', 'ea', 'eb')
      await w.sunionstore('ed', 'ea', 'eb')
      await w.sdiffstore('ed', 'ea', 'eb')
      await w.sinterstore('ed', 'ea', 'nokey')
      await w.sinterstore('ed', 'ea', 'nokey')
      await w.publish('__keyevent@0__:end', 'end')
      for (let i = 0; i < 100 && got[got.length - 1] !== 'end end'; i++) await new Promise((r) => setTimeout(r, 10))
    } finally { sub.disconnect(); w.disconnect() }
    assert.deepEqual(got.slice(0, -1), [
      'sadd es', 'srem es', 'srem es', 'del es', 'sadd ed', 'sadd es', 'spop es', 'spop es', 'del es', 'sadd ea',
      'sadd eb', 'sinterstore ed', 'sunionstore ed', 'sdiffstore ed', 'del ed',
    ])
  })

  it('reads integers the way string2ll does', () => {
    for (const s of ['0', '-1', '9223372036854775807', '-9223372036854775808', '123']) assert.equal(isCanonicalInt(s), true, s)
    for (const s of ['', '-', '-0', '01', '+1', '1.0', ' 1', '9223372036854775808', '-9223372036854775809', '1e3']) {
      assert.equal(isCanonicalInt(s), false, s)
    }
    const sorted = ['10', '-10', '9', '-9', '0', '100'].sort(compareCanonicalInts)
    assert.deepEqual(sorted, ['-10', '-9', '0', '9', '10', '100'])
  })

  it('builds values through the SetValue contract with the encoding Redis would pick', () => {
    const ints = SetValue.fromMembers(['3', '1', '2', '1'], defaultEncodingLimits())
    assert.equal(ints.encoding(), 'intset')
    assert.deepEqual([...ints.members()], ['1', '2', '3'])
    const mixed = SetValue.fromMembers(['a', '1'], defaultEncodingLimits())
    assert.equal(mixed.encoding(), 'hashtable')
    const copy = mixed.clone()
    copy.add('b')
    assert.equal(mixed.size(), 2)
    assert.equal(copy.has('b'), true)
    assert.equal(mixed.has('b'), false)
  })
})
