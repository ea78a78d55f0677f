// Loading a dump at start-up in a real rcl-node process, slowed down with Redis's hidden knobs
// (key-load-delay, loading-process-events-interval-bytes): the server listens meanwhile, answers
// -LOADING to commands that need the dataset, reports its progress in INFO, and has every key after.
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type Redis from 'ioredis'
import { client } from '../helpers/client.js'
import { keyName, valueOf, writeDump } from '../helpers/dataset-files.js'
import { startNode, stopAll, type TestNode } from '../helpers/node-process.js'
import { waitFor } from '../helpers/wait.js'

const KEYS = 4000
/** 4000 keys at 500 µs or more each: at least 2 s of loading to look at. */
const SLOW = ['--key-load-delay', '500', '--loading-process-events-interval-bytes', '1024']
const LOADING = 'LOADING Redis is loading the dataset in memory'

const dirs: string[] = []
function dumpDir(): { dir: string; size: number } {
  const dir = mkdtempSync(join(tmpdir(), 'rcl-loading-'))
  dirs.push(dir)
  return { dir, size: writeDump(dir, KEYS) }
}

const fields = async (c: Redis): Promise<Map<string, string>> =>
  new Map((await c.info('persistence')).split('\r\n').filter((l) => l.includes(':')).map((l) => l.split(':') as [string, string]))
const errorOf = (p: Promise<unknown>): Promise<string> => p.then((v) => `no error: ${String(v)}`, (e: Error) => e.message)
const logOf = (n: TestNode): string => readFileSync(join(n.dir, 'node.log'), 'latin1')

async function untilLoaded(c: Redis): Promise<void> {
  await waitFor('the load to end', async () => (await c.ping().catch(() => 'LOADING')) === 'PONG', 30_000, 50)
}

describe('loading a dump at start-up (rcl-node process)', () => {
  after(async () => {
    await stopAll()
    for (const d of dirs) rmSync(d, { recursive: true, force: true })
  })

  it('answers -LOADING while it loads, reports the progress in INFO, and has every key after', async () => {
    const { dir, size } = dumpDir()
    const n = await startNode(SLOW, undefined, dir, undefined, true)
    const c = client(n.port)
    try {
      assert.equal(await errorOf(c.get(keyName(0))), LOADING)
      assert.equal(await errorOf(c.ping()), LOADING)
      assert.equal(await errorOf(c.dbsize()), LOADING)
      // commands flagged `loading` run: INFO, CONFIG, ECHO, CLIENT SETNAME
      assert.deepEqual(await c.config('GET', 'key-load-delay'), ['key-load-delay', '500'])
      assert.equal(await c.echo('hi'), 'hi')
      assert.equal(await c.client('SETNAME', 'watcher'), 'OK')
      const first = await fields(c)
      assert.equal(first.get('loading'), '1')
      assert.equal(first.get('loading_total_bytes'), String(size))
      assert.equal(first.get('loading_rdb_used_mem'), '1048576')
      assert.ok(Math.abs(Number(first.get('loading_start_time')) - Date.now() / 1000) < 30)
      await waitFor('loading_loaded_bytes to grow', async () => Number((await fields(c)).get('loading_loaded_bytes')) > Number(first.get('loading_loaded_bytes')), 5000, 100)
      const keysSoFar = Number((await fields(c)).get('rdb_last_load_keys_loaded'))
      assert.ok(keysSoFar > 0 && keysSoFar < KEYS, String(keysSoFar))

      await untilLoaded(c)
      assert.equal(await c.dbsize(), KEYS)
      assert.equal(await c.get(keyName(0)), valueOf(0))
      assert.equal(await c.get(keyName(KEYS - 1)), valueOf(KEYS - 1))
      const done = await fields(c)
      assert.equal(done.get('loading'), '0')
      assert.equal(done.get('rdb_last_load_keys_loaded'), String(KEYS))
      assert.ok(![...done.keys()].some((k) => k.startsWith('loading_')), 'no loading_* fields once loaded')
      const log = logOf(n)
      assert.match(log, /\* Loading RDB produced by version 7\.0\.15\n.*\* RDB age \d+ seconds\n.*\* RDB memory usage when created 1\.00 Mb\n/)
      assert.match(log, new RegExp(`Done loading RDB, keys loaded: ${KEYS}, keys expired: 0\\.\\n.*DB loaded from disk: [\\d.]+ seconds\\n.*Ready to accept connections`))
    } finally {
      c.disconnect()
    }
  })

  it('lets clients in only every loading-process-events-interval-bytes, as Redis does', async () => {
    // the default interval (2 MB) is larger than the whole dump: nobody is served until the end
    const { dir } = dumpDir()
    const n = await startNode(['--key-load-delay', '500'], undefined, dir, undefined, true)
    const c = client(n.port)
    try {
      assert.equal((await fields(c)).get('loading'), '0')
      assert.equal(await c.dbsize(), KEYS)
      const took = Number(/DB loaded from disk: ([\d.]+) seconds/.exec(logOf(n))?.[1])
      assert.ok(took >= 2, `the load took ${took} s`)
    } finally {
      c.disconnect()
    }
  })

  it('does not save on SHUTDOWN SAVE or SIGTERM while loading, and exits 0 (the dump stays as it was)', async () => {
    const { dir } = dumpDir()
    const dump = readFileSync(join(dir, 'dump.rdb'))
    const n = await startNode([...SLOW, '--save', '60 1'], undefined, dir, undefined, true)
    const c = client(n.port)
    assert.equal(await errorOf(c.ping()), LOADING)
    await c.call('SHUTDOWN', 'SAVE').catch(() => undefined)
    c.disconnect()
    assert.equal(await n.exited, 0)
    assert.deepEqual(readFileSync(join(dir, 'dump.rdb')), dump)
    assert.doesNotMatch(logOf(n), /Saving the final RDB snapshot|Ready to accept connections/)
    assert.match(logOf(n), /# User requested shutdown\.\.\.\n.*# Redis is now ready to exit, bye bye\.\.\.\n/)

    const again = await startNode([...SLOW, '--save', '60 1'], undefined, dir, undefined, true)
    const d = client(again.port)
    assert.equal(await errorOf(d.ping()), LOADING)
    d.disconnect()
    again.process.kill('SIGTERM')
    assert.equal(await again.exited, 0)
    assert.deepEqual(readFileSync(join(dir, 'dump.rdb')), dump)
    assert.match(logOf(again), /# Received shutdown signal during loading, scheduling shutdown\.\n.*# User requested shutdown\.\.\.\n/)
  })

  it('runs no cron while loading: keys that expire meanwhile wait for the load to end', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rcl-loading-'))
    dirs.push(dir)
    const expireAt = Date.now() + 1000
    writeDump(dir, KEYS, 100, expireAt) // read first, expired well before the load ends
    const n = await startNode(SLOW, undefined, dir, undefined, true)
    const c = client(n.port)
    try {
      await sleep(Math.max(0, expireAt + 400 - Date.now())) // several cron periods past their TTL
      assert.equal((await fields(c)).get('loading'), '1')
      assert.match(await c.info('stats'), /\r\nexpired_keys:0\r\n/)
      await untilLoaded(c)
      await waitFor('the active cycle to expire them', async () => (await c.dbsize()) === KEYS - 100, 5000, 50)
    } finally {
      c.disconnect()
    }
  })

  it('turns the AOF on asked while loading only once loaded, so its first base holds the whole dataset', async () => {
    const { dir } = dumpDir()
    const n = await startNode(SLOW, undefined, dir, undefined, true)
    const c = client(n.port)
    assert.equal(await c.config('SET', 'appendonly', 'yes'), 'OK')
    await untilLoaded(c)
    await waitFor('the first rewrite', async () => /aof_rewrite_in_progress:0\r\n[\s\S]*aof_rewrites:1\r\n/.test(await c.info('persistence')), 10_000, 50)
    await c.call('SHUTDOWN', 'NOSAVE').catch(() => undefined)
    c.disconnect()
    await n.exited
    const again = await startNode(['--appendonly', 'yes'], undefined, dir)
    const d = client(again.port)
    try {
      assert.equal(await d.dbsize(), KEYS)
    } finally {
      d.disconnect()
    }
  })

  it('follows its configured master only once its own dump is loaded', async () => {
    const master = await startNode([])
    const m = client(master.port)
    await m.set('from-master', 'yes')
    const { dir } = dumpDir()
    const replica = await startNode([...SLOW, '--replicaof', '127.0.0.1', String(master.port)], undefined, dir, undefined, true)
    const r = client(replica.port)
    try {
      assert.equal(await errorOf(r.ping()), LOADING)
      assert.match(await m.info('replication'), /connected_slaves:0\r\n/)
      await untilLoaded(r)
      await waitFor('the replica to sync', async () => (await r.get('from-master').catch(() => null)) === 'yes', 15_000, 50)
      assert.equal(await r.dbsize(), 1) // the full sync replaced the dump's keys
    } finally {
      r.disconnect()
      m.disconnect()
    }
  })
})
