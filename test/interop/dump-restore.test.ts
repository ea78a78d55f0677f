// DUMP/RESTORE and DEBUG DIGEST against real redis-server 7.0: the same dataset is built on both servers,
// payloads move both ways and must restore to identical contents and encodings, DUMP bytes must match
// where Redis's own layout is deterministic, and the digests must agree. Needs redis-server on PATH.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type Redis from 'ioredis'
import { client } from '../helpers/client.js'
import { startNode, stopAll } from '../helpers/node-process.js'
import { Crc64 } from '../../src/node/persistence/crc64.js'
import { DATASET, HASHTABLE_KEYS, snapshot } from './dataset.js'

/** Builds a DUMP payload around hand-written value bytes (what older Redis versions would send). */
function payload(hex: string, version = 10): Buffer {
  const body = Buffer.from(hex.replace(/\s+/g, ''), 'hex')
  const out = Buffer.alloc(body.length + 10)
  body.copy(out)
  out.writeUInt16LE(version, body.length)
  new Crc64().update(out, 0, body.length + 2).bytesLE().copy(out, body.length + 2)
  return out
}

/** Legacy encodings no 7.0 server writes but every 7.0 server loads. */
const LEGACY: Record<string, Buffer> = {
  // type 1: plain list [a, 5, c]
  'legacy:list': payload('01 03 0161 c005 0163'),
  // type 3: zset with text scores (1.5, +inf, -inf)
  'legacy:zset': payload('03 03 0161 03312e35 0162 fe 0163 ff'),
  // type 10: list ziplist [a, 1, -2, 300000]
  'legacy:ziplist': payload(`0a ${ziplist(['0161', 'f2', 'fefe', 'f0e09304'])}`),
  // type 14: quicklist of ziplists [x] [y, 12345]
  'legacy:quicklist': payload(`0e 02 ${ziplist(['0178'])} ${ziplist(['0179', 'c03930'])}`),
  // type 13: hash ziplist {f: v, h: 7}
  'legacy:hashzl': payload(`0d ${ziplist(['0166', '0176', '0168', 'f8'])}`),
  // type 12: zset ziplist {a: 1.5, b: 2}
  'legacy:zsetzl': payload(`0c ${ziplist(['0161', '03312e35', '0162', 'f3'])}`),
  // type 9: zipmap {k: val, x: ""}
  'legacy:zipmap': payload('09 0d 02 016b 0300 76616c 0178 0000 ff'),
  // types 4 and 5 with few entries: loaded as listpacks
  'legacy:hash4': payload('04 01 026631 027631'),
  'legacy:zset5': payload('05 01 0161 000000000000f83f'),
  // type 2 of integers: loaded as an intset
  'legacy:set2': payload('02 02 c005 c13930'),
}

/**
 * A ziplist string from entries given as hex "<encoding+data>" (the previous-length byte is filled in,
 * entries are assumed short). Returned with its RDB string length prefix.
 */
function ziplist(entries: string[]): string {
  const parts: Buffer[] = []
  let prev = 0
  for (const e of entries) {
    const body = Buffer.from(e.replace(/\s+/g, ''), 'hex')
    parts.push(Buffer.from([prev]), body)
    prev = body.length + 1
  }
  const content = Buffer.concat(parts)
  const total = 10 + content.length + 1
  const head = Buffer.alloc(10)
  head.writeUInt32LE(total, 0)
  head.writeUInt32LE(total - 1 - prev, 4)
  head.writeUInt16LE(entries.length, 8)
  const zl = Buffer.concat([head, content, Buffer.from([0xff])])
  return Buffer.concat([Buffer.from([zl.length]), zl]).toString('hex')
}

describe('DUMP/RESTORE interop with redis-server 7.0', () => {
  let redis: Redis
  let rcl: Redis
  let keys: string[]

  before(async () => {
    const args = ['--enable-debug-command', 'yes']
    const [r, n] = await Promise.all([startNode(args, 'redis-server'), startNode([...args, '--save', ''])])
    redis = client(r.port)
    rcl = client(n.port)
    for (const c of [redis, rcl]) {
      for (const cmd of DATASET) await c.call(cmd[0] as string, ...cmd.slice(1))
    }
    keys = [...new Set(DATASET.map((c) => (c[1] as string)))].sort()
  })
  after(async () => {
    redis?.disconnect()
    rcl?.disconnect()
    await stopAll()
  })

  it('builds the same dataset on both servers', async () => {
    for (const key of keys) assert.deepEqual(await snapshot(rcl, key), await snapshot(redis, key), key)
  })

  it('DUMPs the same bytes as Redis for every deterministic layout', async () => {
    for (const key of keys) {
      if (HASHTABLE_KEYS.has(key)) continue
      const [a, b] = await Promise.all([redis.dumpBuffer(key), rcl.dumpBuffer(key)])
      assert.equal(b.toString('hex'), a.toString('hex'), key)
    }
  })

  it('RESTOREs payloads from Redis with identical contents and encodings', async () => {
    for (const key of keys) {
      const p = await redis.dumpBuffer(key)
      assert.equal(await rcl.restore(`from-redis:${key}`, 0, p), 'OK')
      assert.deepEqual({ ...(await snapshot(rcl, `from-redis:${key}`)) as object, hasTtl: true },
        { ...(await snapshot(redis, key)) as object, hasTtl: true }, key)
    }
  })

  it('produces payloads Redis RESTOREs with identical contents and encodings', async () => {
    for (const key of keys) {
      const p = await rcl.dumpBuffer(key)
      assert.equal(await redis.restore(`from-rcl:${key}`, 0, p), 'OK')
      assert.deepEqual({ ...(await snapshot(redis, `from-rcl:${key}`)) as object, hasTtl: true },
        { ...(await snapshot(rcl, key)) as object, hasTtl: true }, key)
    }
  })

  it('loads every legacy encoding like Redis does', async () => {
    for (const [key, p] of Object.entries(LEGACY)) {
      const [a, b] = await Promise.all([redis.restore(key, 0, p, 'REPLACE'), rcl.restore(key, 0, p, 'REPLACE')])
      assert.equal(a, 'OK', `redis accepts ${key}`)
      assert.equal(b, 'OK', `rcl accepts ${key}`)
      assert.deepEqual(await snapshot(rcl, key), await snapshot(redis, key), key)
    }
  })

  it('agrees on random values of every type (DUMP bytes, digests, cross RESTORE)', async () => {
    let seed = 12345
    const rnd = (n: number): number => { seed = (seed * 1103515245 + 12345) % 2147483648; return Math.floor((seed / 2147483648) * n) }
    const element = (): string => {
      const k = rnd(10)
      if (k < 3) return String(rnd(2_000_000) - 1_000_000)
      if (k < 9) return 'e'.repeat(rnd(40)) + String(rnd(1000))
      return String.fromCharCode(...Array.from({ length: rnd(300) }, () => rnd(256)))
    }
    const cmds: Cmd[] = []
    for (let i = 0; i < 40; i++) {
      const n = 1 + rnd(i % 4 === 0 ? 600 : 40)
      const items = Array.from({ length: n }, element)
      const kind = i % 5
      if (kind === 0) cmds.push(['RPUSH', `fz:${i}`, ...items])
      else if (kind === 1) cmds.push(['SADD', `fz:${i}`, ...items.map((x) => (rnd(3) ? String(rnd(100000)) : x))])
      else if (kind === 2) cmds.push(['HSET', `fz:${i}`, ...items.flatMap((x) => [`f${rnd(1000)}`, x])])
      else if (kind === 3) cmds.push(['ZADD', `fz:${i}`, ...items.flatMap((x) => [String(rnd(3) ? rnd(1000) : rnd(100000) / 7), x])])
      else cmds.push(['SET', `fz:${i}`, items.join('')])
    }
    for (const c of [redis, rcl]) for (const cmd of cmds) await c.call(cmd[0] as string, ...cmd.slice(1))
    for (const cmd of cmds) {
      const key = cmd[1] as string
      const [a, b] = await Promise.all([redis.dumpBuffer(key), rcl.dumpBuffer(key)])
      const ordered = (await redis.object('ENCODING', key)) !== 'hashtable'
      if (ordered) assert.equal(b.toString('hex'), a.toString('hex'), key)
      assert.equal(await redis.restore(`${key}:x`, 0, b), 'OK')
      assert.equal(await rcl.restore(`${key}:x`, 0, a), 'OK')
      assert.deepEqual(await snapshot(rcl, `${key}:x`), await snapshot(redis, `${key}:x`), key)
      const digests = ['DEBUG', 'DIGEST-VALUE', key, `${key}:x`]
      assert.deepEqual(await rcl.call(digests[0], ...digests.slice(1)), await redis.call(digests[0], ...digests.slice(1)), key)
    }
    for (const c of [redis, rcl]) for (const cmd of cmds) await c.del(cmd[1] as string, `${cmd[1] as string}:x`)
  })

  it('computes the same DEBUG DIGEST-VALUE for every key', async () => {
    const all = [...keys, ...Object.keys(LEGACY), 'missing']
    assert.deepEqual(await rcl.call('DEBUG', 'DIGEST-VALUE', ...all), await redis.call('DEBUG', 'DIGEST-VALUE', ...all))
  })

  it('computes the same DEBUG DIGEST over several dbs', async () => {
    for (const c of [redis, rcl]) {
      // the RESTORE tests left each server with the other's copies under different names
      for (const prefix of ['from-redis:', 'from-rcl:']) for (const k of keys) await c.del(prefix + k)
      await c.select(3)
      await c.set('other-db', 'v')
      await c.select(0)
    }
    const d = await redis.call('DEBUG', 'DIGEST')
    assert.notEqual(d, '0'.repeat(40))
    assert.equal(await rcl.call('DEBUG', 'DIGEST'), d)
  })
})
