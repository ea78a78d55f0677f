import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type Redis from 'ioredis'
import { client } from '../helpers/client.js'
import { useServer, type InProc } from '../helpers/in-proc-server.js'
import { cmd, exchange } from '../helpers/resp.js'
import { ListValue } from '../../src/node/keyspace/types/list.js'

describe('ListValue', () => {
  it('pushes and pops at both ends across growth and wrap-around', () => {
    const l = new ListValue()
    const model: string[] = []
    for (let i = 0; i < 300; i++) {
      if (i % 3 === 0) { l.pushHead(`h${i}`); model.unshift(`h${i}`) } else { l.pushTail(`t${i}`); model.push(`t${i}`) }
      if (i % 7 === 0) assert.equal(l.popHead(), model.shift())
      if (i % 11 === 0) assert.equal(l.popTail(), model.pop())
    }
    assert.deepEqual(l.toArray(), model)
    assert.equal(l.size(), model.length)
    while (model.length > 0) assert.equal(l.popTail(), model.pop())
    assert.equal(l.popHead(), undefined)
    assert.equal(l.popTail(), undefined)
  })

  it('indexes from both ends and rejects out-of-range positions', () => {
    const l = ListValue.fromArray(['a', 'b', 'c'])
    assert.equal(l.at(0), 'a')
    assert.equal(l.at(-1), 'c')
    assert.equal(l.at(-3), 'a')
    assert.equal(l.at(3), undefined)
    assert.equal(l.at(-4), undefined)
    assert.equal(l.setAt(-2, 'B'), true)
    assert.equal(l.setAt(3, 'x'), false)
    assert.deepEqual(l.toArray(), ['a', 'B', 'c'])
  })

  it('inserts near either end of a wrapped buffer without losing order', () => {
    const l = new ListValue()
    const model: string[] = []
    for (let i = 0; i < 6; i++) { l.pushTail(`x${i}`); model.push(`x${i}`) }
    for (let i = 0; i < 5; i++) { l.popHead(); model.shift(); l.pushTail(`y${i}`); model.push(`y${i}`) }
    for (const at of [1, model.length - 1, 3, 0, model.length, 2]) {
      l.insertAt(at, `i${at}`)
      model.splice(at, 0, `i${at}`)
      assert.deepEqual(l.toArray(), model)
    }
  })

  it('removes matches from the head, the tail or everywhere', () => {
    const items = ['a', 'b', 'a', 'c', 'a']
    const head = ListValue.fromArray(items)
    assert.equal(head.removeMatching('a', 2), 2)
    assert.deepEqual(head.toArray(), ['b', 'c', 'a'])
    const tail = ListValue.fromArray(items)
    assert.equal(tail.removeMatching('a', -2), 2)
    assert.deepEqual(tail.toArray(), ['a', 'b', 'c'])
    const all = ListValue.fromArray(items)
    assert.equal(all.removeMatching('a', 0), 3)
    assert.equal(all.removeMatching('zz', 0), 0)
    assert.deepEqual(all.toArray(), ['b', 'c'])
  })

  it('trims, shrinks after mass pops, and clones independently', () => {
    const l = ListValue.fromArray(Array.from({ length: 1000 }, (_, i) => String(i)))
    for (let i = 0; i < 990; i++) l.popHead()
    assert.deepEqual(l.toArray(), ['990', '991', '992', '993', '994', '995', '996', '997', '998', '999'])
    l.trim(2, 4)
    assert.deepEqual(l.toArray(), ['992', '993', '994'])
    const c = l.clone()
    c.pushTail('x')
    assert.equal(l.size(), 3)
    assert.equal(c.size(), 4)
    assert.equal(l.encoding(), 'quicklist')
    assert.equal(l.type, 'list')
  })
})

describe('list commands', () => {
  let srv: InProc
  let c: Redis
  useServer({ 'notify-keyspace-events': 'KEA' }, (s, cl) => { srv = s; c = cl })

  it('keeps push order and deletes a list when it becomes empty', async () => {
    assert.equal(await c.rpush('l1', 'b', 'c'), 2)
    assert.equal(await c.lpush('l1', 'a', 'z'), 4)
    assert.deepEqual(await c.lrange('l1', 0, -1), ['z', 'a', 'b', 'c'])
    assert.deepEqual(await c.lpop('l1', 3), ['z', 'a', 'b'])
    assert.equal(await c.rpop('l1'), 'c')
    assert.equal(await c.exists('l1'), 0)
    assert.equal(await c.rpushx('l1', 'x'), 0)
    assert.equal(await c.exists('l1'), 0)
  })

  it('handles a large list through push, index, range and pop', async () => {
    const items = Array.from({ length: 5000 }, (_, i) => `v${i}`)
    await c.rpush('big', ...items)
    assert.equal(await c.llen('big'), 5000)
    assert.equal(await c.lindex('big', 2500), 'v2500')
    assert.equal(await c.lindex('big', -1), 'v4999')
    assert.deepEqual(await c.lrange('big', 4998, 10000), ['v4998', 'v4999'])
    assert.equal(await c.lpos('big', 'v4000'), 4000)
    assert.deepEqual(await c.lpos('big', 'v1', 'RANK', -1, 'COUNT', 0), [1])
    assert.equal((await c.lpop('big', 4990))?.length, 4990)
    assert.deepEqual(await c.lrange('big', 0, -1), items.slice(4990))
    await c.del('big')
  })

  it('answers WRONGTYPE for a key holding another type', async () => {
    await c.set('str', 'v')
    await assert.rejects(c.lpush('str', 'a'), /^ReplyError: WRONGTYPE Operation against a key holding the wrong kind of value/)
    await assert.rejects(c.lrange('str', 0, -1), /WRONGTYPE/)
    await assert.rejects(c.lmove('l-none', 'str', 'LEFT', 'LEFT').then(() => c.rpush('l-src', 'a')).then(() => c.lmove('l-src', 'str', 'LEFT', 'LEFT')), /WRONGTYPE/)
    assert.deepEqual(await c.lrange('l-src', 0, -1), ['a'])
  })

  it('keeps binary elements intact', async () => {
    const v = Buffer.from([0, 255, 13, 10, 128])
    await c.rpush('bin', v, Buffer.alloc(0))
    assert.deepEqual(await c.lrangeBuffer('bin', 0, -1), [v, Buffer.alloc(0)])
    assert.deepEqual(await c.lindexBuffer('bin', 0), v)
  })

  it('reports the quicklist encoding for small and large lists', async () => {
    await c.rpush('enc', 'a')
    assert.equal(await c.object('ENCODING', 'enc'), 'quicklist')
    await c.rpush('enc', ...Array.from({ length: 300 }, (_, i) => 'x'.repeat(i)))
    assert.equal(await c.object('ENCODING', 'enc'), 'quicklist')
  })

  it('encodes missing-key pops as RESP2 and RESP3 nulls', async () => {
    const r2 = await exchange(srv.port, [Buffer.concat([cmd('LPOP', 'none'), cmd('LPOP', 'none', '2'), cmd('LMPOP', '1', 'none', 'LEFT'), cmd('LPOS', 'none', 'a'), cmd('LPOS', 'none', 'a', 'COUNT', '0')])], { expect: 21 })
    assert.equal(r2.data, '$-1\r\n*-1\r\n*-1\r\n$-1\r\n*0\r\n')
    const r3 = await exchange(srv.port, [Buffer.concat([cmd('HELLO', '3'), cmd('LPOP', 'none'), cmd('LPOP', 'none', '2'), cmd('LMPOP', '1', 'none', 'LEFT'), cmd('RPUSH', 'r3', 'a'), cmd('LPOP', 'r3', '0')])], { idleMs: 150 })
    assert.ok(r3.data.endsWith('_\r\n_\r\n_\r\n:1\r\n*0\r\n'), JSON.stringify(r3.data))
  })

  it('emits the keyspace events Redis emits', async () => {
    const sub = client(srv.port)
    const w = client(srv.port)
    const got: string[] = []
    try {
      await sub.psubscribe('__keyevent@0__:*')
      sub.on('pmessage', (_p: string, ch: string, key: string) => got.push(`${ch.slice(ch.indexOf(':') + 1)} ${key}`))
      const steps = [
        'RPUSH e a b c', 'LPUSH e z', 'LPUSHX nokey a', 'LPOP e', 'RPOP e 2', 'LSET e 0 q', 'LINSERT e BEFORE q p',
        'LINSERT e BEFORE zz p', 'LREM e 0 zz', 'LREM e 1 p', 'LTRIM e 0 -1', 'LMOVE e f LEFT RIGHT', 'RPUSH g 1',
        'RPOPLPUSH g g', 'LMPOP 1 f LEFT COUNT 5', 'BLPOP nokey g 0', 'LTRIM h 0 1', 'RPUSH t 1 2', 'LTRIM t 5 6',
      ]
      for (const s of steps) await w.call(...(s.split(' ') as [string, ...string[]]))
      await w.publish('__keyevent@0__:end', 'end')
      for (let i = 0; i < 100 && got[got.length - 1] !== 'end end'; i++) await new Promise((r) => setTimeout(r, 10))
    } finally { sub.disconnect(); w.disconnect() }
    // recorded from redis-server 7.0.15 with the same steps
    assert.deepEqual(got.slice(0, -1), [
      'rpush e', 'lpush e', 'lpop e', 'rpop e', 'lset e', 'linsert e', 'lrem e', 'ltrim e', 'rpush f', 'lpop e', 'del e',
      'rpush g', 'lpush g', 'rpop g', 'lpop f', 'del f', 'lpop g', 'del g', 'rpush t', 'ltrim t', 'del t',
    ])
  })

  it('propagates blocking and multi-key pops as their plain forms', async () => {
    const seen: string[] = []
    const sink = (_db: number, argvs: string[][]): void => { for (const a of argvs) seen.push(a.join(' ')) }
    srv.server.propagation.sinks.push(sink)
    try {
      await c.rpush('p1', 'a', 'b', 'c', 'd', 'e')
      await c.blpop('p0', 'p1', 0)
      await c.brpop('p1', 0)
      await c.call('BLMOVE', 'p1', 'p2', 'LEFT', 'RIGHT', '0')
      await c.brpoplpush('p1', 'p2', 0)
      await c.call('LMPOP', '2', 'p0', 'p2', 'RIGHT', 'COUNT', '5')
      await c.lpop('nothing')
    } finally {
      srv.server.propagation.sinks.splice(srv.server.propagation.sinks.indexOf(sink), 1)
    }
    assert.deepEqual(seen, ['rpush p1 a b c d e', 'LPOP p1', 'RPOP p1', 'LMOVE p1 p2 LEFT RIGHT', 'RPOPLPUSH p1 p2', 'RPOP p2 2'])
  })
})
