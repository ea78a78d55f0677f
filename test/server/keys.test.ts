import { beforeEach, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type Redis from 'ioredis'
import { client } from '../helpers/client.js'
import { useServer, type InProc } from '../helpers/in-proc-server.js'
import { cmd, exchange } from '../helpers/resp.js'
import type { RObject } from '../../src/node/keyspace/value.js'

/** A minimal non-string value, so COPY's deep copy can be observed without another family. */
class FakeList implements RObject {
  readonly type = 'list' as const
  constructor(readonly items: string[]) {}
  encoding(): string { return 'quicklist' }
  size(): number { return this.items.length }
  clone(): RObject { return new FakeList([...this.items]) }
}

/** Collects keyevent notifications of db `dbIndex` as "event key" strings. */
async function eventCollector(port: number, dbIndex = '*'): Promise<{ events: string[]; sub: Redis }> {
  const sub = client(port)
  const events: string[] = []
  sub.on('pmessage', (_p: string, channel: string, key: string) => {
    events.push(`${channel.slice(channel.indexOf(':') + 1)} ${key}@${channel.slice(11, channel.indexOf('__:'))}`)
  })
  await sub.psubscribe(`__keyevent@${dbIndex}__:*`)
  return { events, sub }
}

const settle = (ms = 50): Promise<void> => new Promise((r) => setTimeout(r, ms))

describe('generic keyspace commands', () => {
  let srv: InProc
  let c: Redis
  useServer({}, (s, cl) => { srv = s; c = cl })
  beforeEach(async () => {
    await c.select(0)
    await c.flushall()
    srv.server.notifications.configure('')
  })

  describe('DEL / UNLINK / EXISTS / TOUCH', () => {
    it('counts deleted keys once each and existing keys per mention', async () => {
      await c.mset('a', '1', 'b', '2', 'c', '3')
      assert.equal(await c.exists('a', 'a', 'b', 'nope'), 3)
      assert.equal(await c.del('a', 'a', 'nope'), 1)
      assert.equal(await c.unlink('b', 'c'), 2)
      assert.equal(await c.dbsize(), 0)
      await c.mset('x', '1', 'y', '2')
      assert.equal(await c.touch('x', 'y', 'z'), 2)
    })

    it('does not count an expired key as deleted', async () => {
      await c.set('k', 'v', 'PX', 20)
      await settle(40)
      assert.equal(await c.del('k'), 0)
    })
  })

  describe('TYPE', () => {
    it('names the type of each kind of value, and none for a missing key', async () => {
      await c.set('s', 'v')
      srv.server.dbs[0].set('l', new FakeList(['a']))
      assert.equal(await c.type('s'), 'string')
      assert.equal(await c.type('l'), 'list')
      assert.equal(await c.type('nope'), 'none')
    })

    it('answers with simple strings on the wire', async () => {
      const r = await exchange(srv.port, [cmd('SET', 't', 'v'), cmd('TYPE', 't'), cmd('TYPE', 'missing')], { expect: 22 })
      assert.equal(r.data, '+OK\r\n+string\r\n+none\r\n')
    })
  })

  describe('RENAME / RENAMENX', () => {
    it('moves the value and its TTL and drops the old name', async () => {
      await c.set('a', 'v', 'EX', 100)
      await c.set('b', 'old')
      assert.equal(await c.rename('a', 'b'), 'OK')
      assert.equal(await c.get('b'), 'v')
      assert.equal(await c.exists('a'), 0)
      assert.ok((await c.ttl('b')) > 90)
    })

    it('fails on a missing source and accepts renaming a key to itself', async () => {
      await assert.rejects(c.rename('nope', 'x'), /^ReplyError: ERR no such key/)
      await assert.rejects(c.rename('nope', 'nope'), /ERR no such key/)
      await c.set('a', 'v')
      assert.equal(await c.rename('a', 'a'), 'OK')
      assert.equal(await c.renamenx('a', 'a'), 0)
    })

    it('RENAMENX refuses an existing target', async () => {
      await c.mset('a', '1', 'b', '2')
      assert.equal(await c.renamenx('a', 'b'), 0)
      assert.equal(await c.renamenx('a', 'c'), 1)
      assert.deepEqual(await c.mget('a', 'b', 'c'), [null, '2', '1'])
    })

    it('sends rename_from then rename_to', async () => {
      srv.server.notifications.configure('Eg')
      const { events, sub } = await eventCollector(srv.port)
      try {
        await c.set('a', 'v')
        await c.rename('a', 'b')
        await settle()
        assert.deepEqual(events, ['rename_from a@0', 'rename_to b@0'])
      } finally { sub.disconnect() }
    })
  })

  describe('COPY', () => {
    it('copies value and TTL, and refuses an existing target without REPLACE', async () => {
      await c.set('a', 'v', 'EX', 100)
      assert.equal(await c.copy('a', 'b'), 1)
      assert.equal(await c.get('b'), 'v')
      assert.ok((await c.ttl('b')) > 90)
      await c.set('a', 'w')
      assert.equal(await c.copy('a', 'b'), 0)
      assert.equal(await c.copy('a', 'b', 'REPLACE'), 1)
      assert.equal(await c.get('b'), 'w')
      assert.equal(await c.ttl('b'), -1)
      assert.equal(await c.copy('nope', 'b'), 0)
    })

    it('deep-copies non-string values', async () => {
      const original = new FakeList(['a', 'b'])
      srv.server.dbs[0].set('l', original)
      assert.equal(await c.copy('l', 'l2'), 1)
      const copied = srv.server.dbs[0].data.get('l2') as FakeList
      assert.notEqual(copied, original)
      original.items.push('c')
      assert.deepEqual(copied.items, ['a', 'b'])
    })

    it('copies into another db and sends copy_to there', async () => {
      srv.server.notifications.configure('Eg')
      const { events, sub } = await eventCollector(srv.port)
      try {
        await c.set('a', 'v')
        assert.equal(await c.copy('a', 'a', 'DB', '3'), 1)
        await c.select(3)
        assert.equal(await c.get('a'), 'v')
        await settle()
        assert.deepEqual(events, ['copy_to a@3'])
      } finally { sub.disconnect() }
    })

    it('reports Redis errors for bad options', async () => {
      await c.set('a', 'v')
      await assert.rejects(c.copy('a', 'a'), /ERR source and destination objects are the same/)
      await assert.rejects(c.copy('a', 'b', 'DB', '16'), /ERR DB index is out of range/)
      await assert.rejects(c.copy('a', 'b', 'DB', 'x'), /ERR value is not an integer or out of range/)
      await assert.rejects(c.copy('a', 'b', 'DB'), /ERR syntax error/)
      await assert.rejects(c.copy('a', 'b', 'FOO'), /ERR syntax error/)
    })
  })

  describe('MOVE', () => {
    it('moves a key with its TTL unless the target db has it', async () => {
      await c.set('a', 'v', 'EX', 100)
      assert.equal(await c.move('a', '1'), 1)
      assert.equal(await c.exists('a'), 0)
      await c.select(1)
      assert.equal(await c.get('a'), 'v')
      assert.ok((await c.ttl('a')) > 90)
      await c.select(0)
      await c.set('a', 'other')
      assert.equal(await c.move('a', '1'), 0)
      assert.equal(await c.move('nope', '1'), 0)
    })

    it('sends move_from in the source db and move_to in the target db', async () => {
      srv.server.notifications.configure('Eg')
      const { events, sub } = await eventCollector(srv.port)
      try {
        await c.set('a', 'v')
        await c.move('a', '2')
        await settle()
        assert.deepEqual(events, ['move_from a@0', 'move_to a@2'])
      } finally { sub.disconnect() }
    })

    it('reports Redis errors', async () => {
      await c.set('a', 'v')
      await assert.rejects(c.move('a', '0'), /ERR source and destination objects are the same/)
      await assert.rejects(c.move('a', '16'), /ERR DB index is out of range/)
      await assert.rejects(c.move('a', 'x'), /ERR value is not an integer or out of range/)
      await assert.rejects(c.move('a', '99999999999'), /ERR value is out of range, value must between -2147483648 and 2147483647/)
    })
  })

  describe('SWAPDB', () => {
    it('exchanges the contents of two dbs', async () => {
      await c.set('a', 'zero', 'EX', 100)
      await c.select(1)
      await c.set('b', 'one')
      assert.equal(await c.swapdb(0, 1), 'OK')
      assert.equal(await c.get('a'), 'zero')
      assert.ok((await c.ttl('a')) > 90)
      await c.select(0)
      assert.equal(await c.get('b'), 'one')
      assert.equal(await c.swapdb(0, 0), 'OK')
      await assert.rejects(c.swapdb(0, 16), /ERR DB index is out of range/)
      await assert.rejects(c.swapdb('x' as unknown as number, 0), /ERR invalid first DB index/)
      await assert.rejects(c.swapdb(0, 'y' as unknown as number), /ERR invalid second DB index/)
    })

    it('fails the transaction of a client watching a key that exists in either db', async () => {
      const w = client(srv.port)
      try {
        await c.select(1)
        await c.set('k', 'in-db1')
        await w.watch('k')
        await c.swapdb(0, 1)
        const res = await w.multi().get('k').exec()
        assert.equal(res, null)
      } finally { w.disconnect() }
    })

    it('wakes a client blocked on a key that the swap makes available', async () => {
      const b = client(srv.port)
      try {
        const pending = b.bzpopmin('z', 5)
        await settle(100)
        await c.select(1)
        await c.zadd('z', 1, 'm')
        await c.swapdb(0, 1)
        assert.deepEqual(await pending, ['z', 'm', '1'])
      } finally { b.disconnect() }
    })
  })

  describe('FLUSHDB / FLUSHALL', () => {
    it('empties one db or all of them', async () => {
      await c.set('a', '1')
      await c.select(1)
      await c.set('b', '1')
      assert.equal(await c.flushdb(), 'OK')
      assert.equal(await c.dbsize(), 0)
      await c.select(0)
      assert.equal(await c.dbsize(), 1)
      await c.select(1)
      await c.set('b', '1')
      assert.equal(await c.flushall('ASYNC'), 'OK')
      assert.equal(await c.dbsize(), 0)
      await c.select(0)
      assert.equal(await c.dbsize(), 0)
      assert.equal(await c.call('FLUSHDB', 'sync'), 'OK')
      await assert.rejects(c.call('FLUSHALL', 'now'), /ERR syntax error/)
      await assert.rejects(c.call('FLUSHDB', 'async', 'sync'), /ERR syntax error/)
    })

    it('fails the transaction of a client watching an existing key', async () => {
      const w = client(srv.port)
      try {
        await c.set('k', 'v')
        await w.watch('k')
        await c.flushall()
        assert.equal(await w.multi().get('k').exec(), null)
        await w.watch('missing')
        await c.flushdb()
        assert.deepEqual(await w.multi().get('missing').exec(), [[null, null]])
      } finally { w.disconnect() }
    })
  })

  describe('KEYS / RANDOMKEY / DBSIZE', () => {
    it('returns matching live keys only', async () => {
      await c.mset('user:1', 'a', 'user:2', 'b', 'other', 'c', 'u[x]', 'd')
      await c.set('user:3', 'gone', 'PX', 10)
      await settle(30)
      assert.deepEqual((await c.keys('user:*')).sort(), ['user:1', 'user:2'])
      assert.deepEqual((await c.keys('*')).sort(), ['other', 'u[x]', 'user:1', 'user:2'])
      assert.deepEqual(await c.keys('u\\[x\\]'), ['u[x]'])
      assert.deepEqual(await c.keys('nothing*'), [])
    })

    it('RANDOMKEY picks an existing key, or nil when empty', async () => {
      assert.equal(await c.randomkey(), null)
      await c.mset('a', '1', 'b', '2')
      for (let i = 0; i < 5; i++) assert.ok(['a', 'b'].includes((await c.randomkey()) as string))
      assert.equal(await c.dbsize(), 2)
    })
  })
})

describe('SCAN', () => {
  let srv: InProc
  let c: Redis
  useServer({}, (s, cl) => { srv = s; c = cl })
  beforeEach(async () => { await c.flushall() })

  async function scanAll(...opts: Array<string | number>): Promise<string[]> {
    const seen: string[] = []
    let cursor = '0'
    for (let i = 0; i < 10000; i++) {
      const [next, keys] = (await c.call('SCAN', cursor, ...opts)) as [string, string[]]
      seen.push(...keys)
      cursor = next
      if (cursor === '0') return seen
    }
    throw new Error('SCAN did not finish')
  }

  it('returns every key of a full iteration, ending with cursor 0', async () => {
    const keys = Array.from({ length: 250 }, (_, i) => `k${i}`)
    await c.mset(...keys.flatMap((k) => [k, 'v']))
    const seen = await scanAll('COUNT', 7)
    assert.deepEqual([...new Set(seen)].sort(), [...keys].sort())
  })

  it('returns every key present for the whole iteration despite deletes and inserts in between', async () => {
    const stable = Array.from({ length: 300 }, (_, i) => `stable${i}`)
    const churn = Array.from({ length: 300 }, (_, i) => `churn${i}`)
    await c.mset(...stable.flatMap((k) => [k, 'v']), ...churn.flatMap((k) => [k, 'v']))
    const seen = new Set<string>()
    let cursor = '0'
    let round = 0
    do {
      const [next, keys] = (await c.scan(cursor, 'COUNT', 20)) as [string, string[]]
      keys.forEach((k) => seen.add(k))
      cursor = next
      // delete a slice of the churn keys and add new ones on every step
      await c.del(...churn.slice(round * 10, round * 10 + 10))
      await c.mset(`new${round}a`, 'v', `new${round}b`, 'v')
      round++
    } while (cursor !== '0' && round < 1000)
    assert.equal(cursor, '0')
    for (const k of stable) assert.ok(seen.has(k), `missing ${k}`)
  })

  it('filters with MATCH and TYPE, and treats COUNT as a hint', async () => {
    await c.mset('a1', 'v', 'a2', 'v', 'b1', 'v')
    srv.server.dbs[0].set('alist', new FakeList(['x']))
    assert.deepEqual((await scanAll('MATCH', 'a*')).sort(), ['a1', 'a2', 'alist'])
    assert.deepEqual((await scanAll('TYPE', 'list')).sort(), ['alist'])
    assert.deepEqual((await scanAll('TYPE', 'STRING', 'MATCH', 'a*')).sort(), ['a1', 'a2'])
    assert.deepEqual(await scanAll('TYPE', 'nosuchtype'), [])
    const [cursor, keys] = (await c.scan('0', 'COUNT', 1000)) as [string, string[]]
    assert.equal(cursor, '0')
    assert.equal(keys.length, 4)
  })

  it('skips and reclaims expired keys', async () => {
    await c.set('live', 'v')
    await c.set('dead', 'v', 'PX', 10)
    await settle(30)
    assert.deepEqual(await scanAll(), ['live'])
    assert.equal(srv.server.dbs[0].data.has('dead'), false)
  })

  it('restarts from the beginning on a cursor it does not know', async () => {
    await c.mset('a', '1', 'b', '2')
    const [cursor, keys] = (await c.scan('123456789')) as [string, string[]]
    assert.equal(cursor, '0')
    assert.deepEqual(keys.sort(), ['a', 'b'])
  })

  it('reports Redis errors', async () => {
    await assert.rejects(c.scan('x'), /ERR invalid cursor/)
    await assert.rejects(c.scan('18446744073709551616'), /ERR invalid cursor/)
    await assert.rejects(c.scan('0', 'COUNT', '0'), /ERR syntax error/)
    await assert.rejects(c.scan('0', 'COUNT', 'x'), /ERR value is not an integer or out of range/)
    await assert.rejects(c.scan('0', 'MATCH'), /ERR syntax error/)
    await assert.rejects(c.call('SCAN', '0', 'FOO', 'bar'), /ERR syntax error/)
  })
})

describe('OBJECT', () => {
  let srv: InProc
  let c: Redis
  useServer({}, (s, cl) => { srv = s; c = cl })

  it('reports string encodings and the shared-integer refcount', async () => {
    await c.mset('i', '123', 'e', 'hello', 'r', 'x'.repeat(45), 'big', '123456')
    assert.equal(await c.object('ENCODING', 'i'), 'int')
    assert.equal(await c.object('ENCODING', 'e'), 'embstr')
    assert.equal(await c.object('ENCODING', 'r'), 'raw')
    assert.equal(await c.object('REFCOUNT', 'i'), 2147483647)
    assert.equal(await c.object('REFCOUNT', 'big'), 1)
    assert.equal(await c.object('REFCOUNT', 'e'), 1)
    assert.equal(await c.object('ENCODING', 'nope'), null)
    srv.server.dbs[0].set('l', new FakeList(['a']))
    assert.equal(await c.object('ENCODING', 'l'), 'quicklist')
  })

  it('measures idle time since the last access, which OBJECT, TYPE and TTL do not refresh', async () => {
    await c.set('idle', 'v')
    await settle(2100)
    const first = (await c.object('IDLETIME', 'idle')) as number
    assert.ok(first >= 2 && first <= 3, `idle ${first}`)
    await c.type('idle')
    await c.ttl('idle')
    await c.exists('idle')
    assert.ok(((await c.object('IDLETIME', 'idle')) as number) >= 2)
    await c.get('idle')
    assert.equal(await c.object('IDLETIME', 'idle'), 0)
    assert.equal(await c.object('IDLETIME', 'nope'), null)
  })

  it('refuses FREQ without an LFU policy, and lists its subcommands', async () => {
    await c.set('f', 'v')
    await assert.rejects(c.object('FREQ', 'f'), /ERR An LFU maxmemory policy is not selected, access frequency not tracked\. Please note/)
    assert.equal(await c.object('FREQ', 'nope'), null)
    const help = (await c.object('HELP')) as string[]
    assert.equal(help[0], 'OBJECT <subcommand> [<arg> [value] [opt] ...]. Subcommands are:')
    assert.equal(help.at(-1), '    Prints this help.')
    await assert.rejects(c.object('FOO'), /ERR unknown subcommand 'FOO'\. Try OBJECT HELP\./)
  })
})
