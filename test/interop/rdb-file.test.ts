// RDB files against real Redis 7.0: a file redis-server SAVEs with every type and encoding is read by
// our codec and written again; redis-check-rdb accepts the rewrite and a fresh redis-server loads it
// with identical contents, encodings and TTLs. Dumps also move between the servers both ways through
// SAVE and start-up loading. Needs redis-server and redis-check-rdb on PATH.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type Redis from 'ioredis'
import { client } from '../helpers/client.js'
import { startNode, stopAll, type TestNode } from '../helpers/node-process.js'
import { readRdbFile, writeRdbFile, type RdbEntry } from '../../src/node/persistence/rdb-file.js'
import { DATASET, snapshot } from './dataset.js'
import { waitFor } from '../helpers/wait.js'

describe('RDB files with redis-server 7.0', () => {
  let source: TestNode
  let redis: Redis
  let keys: string[]

  before(async () => {
    source = await startNode(['--enable-debug-command', 'yes'], 'redis-server')
    redis = client(source.port)
    for (const cmd of DATASET) await redis.call(cmd[0] as string, ...cmd.slice(1))
    await redis.select(5)
    await redis.set('db5:key', 'in another database')
    await redis.select(0)
    await redis.save()
    keys = [...new Set(DATASET.map((c) => c[1] as string))].sort()
  })
  after(async () => {
    redis?.disconnect()
    await stopAll()
  })

  it('reads what Redis saved and writes a file Redis checks and loads with the same contents', async () => {
    const saved = readFileSync(join(source.dir, 'dump.rdb'))
    const aux: Array<[string, string]> = []
    const entries: RdbEntry[] = []
    const read = readRdbFile(saved, { aux: (k, v) => aux.push([k, v]), entry: (e) => entries.push(e) })
    assert.equal(read.checksum, 'verified')
    assert.equal(entries.length, keys.length + 1)
    assert.deepEqual(aux.map(([k]) => k), ['redis-ver', 'redis-bits', 'ctime', 'used-mem', 'aof-base'])

    const loaded = await startNode(['--enable-debug-command', 'yes', '--dbfilename', 'ours.rdb'], 'redis-server')
    const ours = join(loaded.dir, 'ours.rdb')
    writeFileSync(ours, writeRdbFile(aux, entries))
    const check = spawnSync('redis-check-rdb', [ours], { encoding: 'latin1', timeout: 20_000 })
    assert.equal(check.status, 0, check.stdout + check.stderr)
    assert.match(check.stdout, /RDB looks OK/)

    const copy = client(loaded.port)
    try {
      await copy.call('DEBUG', 'RELOAD', 'NOSAVE')
      for (const key of keys) assert.deepEqual(await snapshot(copy, key), await snapshot(redis, key), key)
      assert.equal(await copy.call('DEBUG', 'DIGEST'), await redis.call('DEBUG', 'DIGEST'))
    } finally {
      copy.disconnect()
    }
  })

  it('loads a dump Redis saved at rcl-node start-up, and Redis loads the one rcl-node saves', async () => {
    const debug = ['--enable-debug-command', 'yes', '--enable-protected-configs', 'yes']
    const fromRedis = await startNode(debug, undefined, source.dir)
    const rcl = client(fromRedis.port)
    try {
      assert.equal(await rcl.call('DEBUG', 'DIGEST'), await redis.call('DEBUG', 'DIGEST'))
      for (const key of keys) assert.deepEqual(await snapshot(rcl, key), await snapshot(redis, key), key)
      await rcl.call('CONFIG', 'SET', 'dbfilename', 'from-rcl.rdb')
      assert.equal(await rcl.save(), 'OK')
    } finally {
      rcl.disconnect()
    }
    const saved = join(source.dir, 'from-rcl.rdb')
    const check = spawnSync('redis-check-rdb', [saved], { encoding: 'latin1', timeout: 20_000 })
    assert.equal(check.status, 0, check.stdout + check.stderr)
    const loaded = await startNode([...debug, '--dbfilename', 'from-rcl.rdb'], 'redis-server', source.dir)
    const back = client(loaded.port)
    try {
      assert.equal(await back.call('DEBUG', 'DIGEST'), await redis.call('DEBUG', 'DIGEST'))
      for (const key of keys) assert.deepEqual(await snapshot(back, key), await snapshot(redis, key), key)
    } finally {
      back.disconnect()
    }
  })

  it('accepts, in redis-check-rdb and redis-server, a BGSAVE file written while clients changed several databases', async () => {
    const debug = ['--enable-debug-command', 'yes', '--enable-protected-configs', 'yes']
    const node = await startNode(debug)
    const rcl = client(node.port)
    let before: unknown
    try {
      for (const db of [0, 3]) {
        await rcl.select(db)
        for (const cmd of DATASET) await rcl.call(cmd[0] as string, ...cmd.slice(1))
      }
      before = await rcl.call('DEBUG', 'DIGEST')
      await rcl.config('SET', 'rdb-key-save-delay', '20000')
      assert.equal(await rcl.bgsave(), 'Background saving started')
      // db 3 is written last: these keys go out early, spliced in after its SELECTDB
      for (const db of [3, 0]) {
        await rcl.select(db)
        for (const key of keys) await rcl.call('RENAME', key, `${key}:renamed`)
        await rcl.set('new-during-save', 'x')
      }
      await rcl.config('SET', 'rdb-key-save-delay', '0')
      await waitFor('the BGSAVE to finish', async () => /rdb_bgsave_in_progress:0/.test(await rcl.info('persistence')), 20_000)
    } finally {
      rcl.disconnect()
    }
    const check = spawnSync('redis-check-rdb', [join(node.dir, 'dump.rdb')], { encoding: 'latin1', timeout: 20_000 })
    assert.equal(check.status, 0, check.stdout + check.stderr)
    const loaded = await startNode(debug, 'redis-server', node.dir)
    const back = client(loaded.port)
    try {
      assert.equal(await back.call('DEBUG', 'DIGEST'), before)
    } finally {
      back.disconnect()
    }
  })
})
