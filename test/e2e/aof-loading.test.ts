// Loading an append-only directory at start-up in a real rcl-node process, slowed down with
// key-load-delay: -LOADING meanwhile, INFO's progress over all the files, every key (and the
// transaction) there after, and AOF writes accepted only once the load has ended.
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type Redis from 'ioredis'
import { client } from '../helpers/client.js'
import { keyName, valueOf, writeAofDir } from '../helpers/dataset-files.js'
import { startNode, stopAll } from '../helpers/node-process.js'
import { waitFor } from '../helpers/wait.js'

const BASE_KEYS = 4000
const INCR_KEYS = 4000
/**
 * 8000 commands at 250 µs or more each: at least 2 s of loading, with clients let in every 1024
 * commands (about every 0.3 s), so the checks below go in pipelines, one pause each. A save point
 * that the replayed changes would meet if the cron ran meanwhile.
 */
const SLOW_AOF = ['--appendonly', 'yes', '--key-load-delay', '250', '--save', '1 1']
const LOADING = 'LOADING Redis is loading the dataset in memory'

const fields = async (c: Redis): Promise<Map<string, string>> =>
  new Map((await c.info('persistence')).split('\r\n').filter((l) => l.includes(':')).map((l) => l.split(':') as [string, string]))
const errorOf = (p: Promise<unknown>): Promise<string> => p.then((v) => `no error: ${String(v)}`, (e: Error) => e.message)

describe('loading the AOF at start-up (rcl-node process)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rcl-aof-loading-'))
  after(async () => {
    await stopAll()
    rmSync(dir, { recursive: true, force: true })
  })

  it('answers -LOADING while it replays base and incr files, reports the progress, and has every key after', async () => {
    const total = writeAofDir(dir, BASE_KEYS, INCR_KEYS)
    const n = await startNode(SLOW_AOF, undefined, dir, undefined, true)
    const c = client(n.port)
    try {
      const replies = await c.pipeline().set('late', 'x').ping().exec() ?? []
      assert.deepEqual(replies.map(([e]) => e?.message), [LOADING, LOADING])
      const first = await fields(c)
      assert.equal(first.get('loading'), '1')
      assert.equal(first.get('aof_enabled'), '0') // as in Redis, which turns the AOF off while it replays it
      assert.equal(first.get('loading_total_bytes'), String(total))
      await waitFor('loading_loaded_bytes to grow', async () => Number((await fields(c)).get('loading_loaded_bytes')) > Number(first.get('loading_loaded_bytes')), 5000, 100)

      await waitFor('the load to end', async () => (await c.ping().catch(() => 'LOADING')) === 'PONG', 30_000, 50)
      assert.equal(await c.dbsize(), BASE_KEYS + INCR_KEYS)
      assert.equal(await c.get(keyName(BASE_KEYS)), valueOf(BASE_KEYS)) // the one set inside MULTI/EXEC
      assert.equal(await c.get(keyName(BASE_KEYS + INCR_KEYS - 1)), valueOf(BASE_KEYS + INCR_KEYS - 1))
      assert.equal((await fields(c)).get('loading'), '0')
      assert.equal((await fields(c)).get('aof_enabled'), '1')
      // the refused SET never reached the file; the one after the load did
      assert.equal(await c.set('after', 'y'), 'OK')
      await c.call('SHUTDOWN', 'NOSAVE').catch(() => undefined)
      await n.exited
      const incr = readFileSync(join(dir, 'appendonlydir', 'appendonly.aof.1.incr.aof'), 'latin1')
      assert.doesNotMatch(incr, /late/)
      assert.match(incr, /\$5\r\nafter\r\n\$1\r\ny\r\n$/)
      const log = readFileSync(join(dir, 'node.log'), 'latin1')
      assert.match(log, /DB loaded from base file appendonly\.aof\.1\.base\.aof: [\d.]+ seconds\n.*DB loaded from incr file appendonly\.aof\.1\.incr\.aof: [\d.]+ seconds\n.*DB loaded from append only file: [\d.]+ seconds\n/)
      // the save point (1 change in 1 s) waited for the load: no snapshot of half the data
      assert.doesNotMatch(log.slice(0, log.indexOf('DB loaded from append only file')), /Saving\.\.\.|Background saving started/)
    } finally {
      c.disconnect()
    }
  })
})
