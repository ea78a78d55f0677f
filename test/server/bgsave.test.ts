// BGSAVE in a running server: the file holds the dataset of the moment BGSAVE started while other
// clients go on changing it; the replies, scheduling, FLUSHALL and failure rules are Redis's.
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type Redis from 'ioredis'
import { client } from '../helpers/client.js'
import { startServer, useServer, type InProc } from '../helpers/in-proc-server.js'
import { waitFor } from '../helpers/wait.js'
import { readRdbFile } from '../../src/node/persistence/rdb-file.js'

const DEBUG = { 'enable-debug-command': 'yes' }
const infoField = async (c: Redis, name: string): Promise<string> =>
  (new RegExp(`^${name}:(.*)\r$`, 'm').exec(await c.info('persistence')) ?? [])[1] ?? ''
const inProgress = async (c: Redis): Promise<boolean> => (await infoField(c, 'rdb_bgsave_in_progress')) === '1'
const tempFiles = (dir: string): string[] => readdirSync(dir).filter((f) => f.startsWith('temp-'))

/** Keys of every type and encoding in dbs 0..2; TTLs far enough out that a reload keeps them. */
async function populate(c: Redis, keys: number): Promise<void> {
  for (const db of [0, 1, 2]) {
    const p = c.pipeline().select(db)
    for (let i = 0; i < keys; i++) {
      const k = `k${i}`
      switch (i % 7) {
        case 0: p.set(k, `string-${db}-${i}`); break
        case 1: p.rpush(k, ...Array.from({ length: i % 3 === 0 ? 200 : 5 }, (_, j) => `e${j}`)); break
        case 2: p.hset(k, ...Array.from({ length: i % 3 === 0 ? 200 : 4 }, (_, j) => [`f${j}`, `v${j}`]).flat()); break
        case 3: p.sadd(k, ...Array.from({ length: 6 }, (_, j) => (i % 2 === 0 ? String(j) : `m${j}`))); break
        case 4: p.zadd(k, ...Array.from({ length: i % 3 === 0 ? 200 : 5 }, (_, j) => [String(j * 1.5), `z${j}`]).flat()); break
        case 5: p.set(k, String(i)); break
        default: p.set(k, `ttl-${i}`, 'EX', 1_000_000)
      }
    }
    await p.exec()
  }
  await c.select(0)
}

/** One change of a randomly chosen kind, the way an application would make it; type errors are fine. */
function mutation(n: number, keys: number): Array<string | number> {
  const k = `k${(n * 7919) % (keys + 50)}`
  const other = `k${(n * 104729) % (keys + 50)}`
  const ops: Array<Array<string | number>> = [
    ['SET', k, `changed-${n}`], ['DEL', k], ['APPEND', k, 'x'], ['INCR', k], ['SETRANGE', k, 2, 'zz'],
    ['LPUSH', k, `p${n}`], ['RPOP', k], ['LSET', k, 0, 'set'], ['LTRIM', k, 1, -1], ['LMOVE', k, other, 'LEFT', 'RIGHT'],
    ['HSET', k, `nf${n}`, 'v'], ['HDEL', k, 'f1'], ['HINCRBY', k, 'f0', 1],
    ['SADD', k, `s${n}`], ['SREM', k, '1'], ['SPOP', k], ['SMOVE', k, other, 'm1'],
    ['ZADD', k, n, `z${n}`], ['ZINCRBY', k, 2, 'z1'], ['ZREM', k, 'z0'], ['ZPOPMIN', k],
    ['EXPIRE', k, 100_000 + n], ['PERSIST', k], ['RENAME', k, other], ['GETDEL', k], ['GETEX', k, 'EX', 50_000],
    ['COPY', k, `copy${n}`, 'DB', 2], ['MOVE', k, 1], ['SORT', k, 'ALPHA', 'STORE', other],
    ['SUNIONSTORE', other, k, other], ['ZUNIONSTORE', other, 2, k, other],
  ]
  return ops[n % ops.length]
}

describe('BGSAVE (in-process server)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rcl-bgsave-'))
  after(() => rmSync(dir, { recursive: true, force: true }))
  let c: Redis
  let srv: InProc
  useServer({ dir, ...DEBUG }, (s, cl) => { srv = s; c = cl })

  it('saves the dataset of the moment it started while another client keeps changing it', async () => {
    const keys = 1000
    await populate(c, keys)
    const before = await c.call('DEBUG', 'DIGEST')
    await c.config('SET', 'rdb-key-save-delay', '300')
    const writer = client(srv.port)
    let changes = 0
    let sawPartial = false
    try {
      assert.equal(await c.bgsave(), 'Background saving started')
      while (await inProgress(c)) {
        const processed = Number(await infoField(c, 'current_save_keys_processed'))
        if (processed > 0 && processed < keys * 3) sawPartial = true
        for (let i = 0; i < 20; i++, changes++) {
          await writer.select(changes % 3)
          await writer.call(...(mutation(changes, keys) as [string, ...Array<string | number>])).catch(() => undefined)
          if (changes % 97 === 0) await writer.multi().incr(`k${changes % keys}`).hset(`k${(changes + 2) % keys}`, 'tx', '1').exec().catch(() => undefined)
          if (changes % 400 === 399) await writer.swapdb(1, 2)
          if (changes % 900 === 899) await writer.select(2).then(() => writer.flushdb())
        }
      }
    } finally {
      writer.disconnect()
      await c.config('SET', 'rdb-key-save-delay', '0')
    }
    assert.ok(changes >= 200, `only ${changes} changes were made during the save`)
    assert.ok(sawPartial, 'INFO never showed the save half-way')
    assert.equal(await infoField(c, 'rdb_last_bgsave_status'), 'ok')
    assert.notEqual(await c.call('DEBUG', 'DIGEST'), before)
    assert.equal(await c.call('DEBUG', 'RELOAD', 'NOSAVE'), 'OK')
    assert.equal(await c.call('DEBUG', 'DIGEST'), before)
    assert.deepEqual(tempFiles(dir), [])
  })

  it('answers as Redis: syntax, one at a time, SAVE refused meanwhile, counters and times', async () => {
    await c.flushall()
    await populate(c, 50)
    await c.config('RESETSTAT')
    assert.equal(await c.call('BGSAVE', 'NOW').catch((e: Error) => e.message), 'ERR syntax error')
    assert.equal(await c.call('BGSAVE', 'SCHEDULE', 'x').catch((e: Error) => e.message), 'ERR syntax error')
    await c.config('SET', 'rdb-key-save-delay', '10000')
    try {
      assert.equal(await c.bgsave(), 'Background saving started')
      assert.equal(await c.bgsave().catch((e: Error) => e.message), 'ERR Background save already in progress')
      assert.equal(await c.call('BGSAVE', 'SCHEDULE').catch((e: Error) => e.message), 'ERR Background save already in progress')
      assert.equal(await c.save().catch((e: Error) => e.message), 'ERR Background save already in progress')
      assert.equal(await infoField(c, 'current_save_keys_total'), '150')
      assert.equal(await infoField(c, 'rdb_current_bgsave_time_sec'), '0')
      await c.set('written', 'during the save')
    } finally {
      await c.config('SET', 'rdb-key-save-delay', '0')
    }
    // the delay was read when the save began; it ends after ~1.5 s
    await waitFor('the BGSAVE to finish', async () => !(await inProgress(c)), 10_000)
    assert.equal(await infoField(c, 'rdb_saves'), '1')
    assert.equal(await infoField(c, 'rdb_changes_since_last_save'), '1', 'the write made during the save stays dirty')
    assert.match(await infoField(c, 'rdb_last_bgsave_time_sec'), /^[0-9]$/)
    assert.equal(await infoField(c, 'rdb_current_bgsave_time_sec'), '-1')
    assert.equal(await infoField(c, 'current_save_keys_total'), '0')
    const keys = new Set<string>()
    readRdbFile(readFileSync(join(dir, 'dump.rdb')), { entry: (e) => { keys.add(`${e.db}/${e.key}`) } })
    assert.equal(keys.size, 150)
    assert.ok(!keys.has('0/written'))
  })

  it('inside MULTI only schedules, and the cron starts it after EXEC', async () => {
    await c.config('RESETSTAT')
    const replies = await c.multi().set('x', '1').bgsave().exec()
    assert.deepEqual(replies, [[null, 'OK'], [null, 'Background saving scheduled']])
    await waitFor('the scheduled BGSAVE to run', async () => (await infoField(c, 'rdb_saves')) === '1' && !(await inProgress(c)))
    assert.equal(await infoField(c, 'rdb_changes_since_last_save'), '0')
  })

  it('takes turns with BGREWRITEAOF: each is scheduled while the other runs, and runs after it', async () => {
    await c.flushall()
    await populate(c, 20)
    await c.config('RESETSTAT')
    await c.config('SET', 'rdb-key-save-delay', '5000')
    try {
      assert.equal(await c.bgsave(), 'Background saving started')
      assert.equal(await c.bgrewriteaof(), 'Background append only file rewriting scheduled')
      assert.equal(await infoField(c, 'aof_rewrite_scheduled'), '1')
    } finally {
      await c.config('SET', 'rdb-key-save-delay', '0')
    }
    await waitFor('the scheduled rewrite to run', async () => (await infoField(c, 'aof_rewrites')) === '1', 10_000)
    // with appendonly no, a rewrite leaves a base file alone in the manifest, as Redis does
    assert.equal(readFileSync(join(dir, 'appendonlydir', 'appendonly.aof.manifest'), 'latin1'), 'file appendonly.aof.1.base.rdb seq 1 type b\n')
    await c.config('SET', 'rdb-key-save-delay', '5000')
    try {
      assert.equal(await c.bgrewriteaof(), 'Background append only file rewriting started')
      assert.equal(await c.call('BGSAVE', 'SCHEDULE'), 'Background saving scheduled')
    } finally {
      await c.config('SET', 'rdb-key-save-delay', '0')
    }
    await waitFor('the scheduled BGSAVE to run', async () => (await infoField(c, 'rdb_saves')) === '2' && !(await inProgress(c)), 10_000)
    assert.equal(readdirSync(join(dir, 'appendonlydir')).sort().join(' '), 'appendonly.aof.2.base.rdb appendonly.aof.manifest')
  })

  it('turned on at run time during a BGSAVE, the AOF waits for it and then makes its base', async () => {
    await c.config('RESETSTAT')
    await c.config('SET', 'rdb-key-save-delay', '5000')
    try {
      assert.equal(await c.bgsave(), 'Background saving started')
      assert.equal(await c.config('SET', 'appendonly', 'yes'), 'OK')
      assert.equal(await infoField(c, 'aof_enabled'), '1')
      assert.equal(await infoField(c, 'aof_rewrite_scheduled'), '1')
      assert.equal(await infoField(c, 'aof_rewrite_in_progress'), '0')
    } finally {
      await c.config('SET', 'rdb-key-save-delay', '0')
    }
    await waitFor('the AOF base to be written', async () => (await infoField(c, 'aof_rewrites')) === '1', 10_000)
    assert.equal(await c.config('SET', 'appendonly', 'no'), 'OK')
    assert.equal(await infoField(c, 'aof_enabled'), '0')
  })

  it('is dropped by FLUSHALL: no temporary file stays and no old data comes back', async () => {
    await populate(c, 100)
    await c.config('SET', 'rdb-key-save-delay', '20000')
    try {
      assert.equal(await c.bgsave(), 'Background saving started')
      assert.equal(await c.flushall(), 'OK')
      assert.equal(await infoField(c, 'rdb_bgsave_in_progress'), '0')
    } finally {
      await c.config('SET', 'rdb-key-save-delay', '0')
    }
    await waitFor('the temporary file to go', () => tempFiles(dir).length === 0)
    await c.set('after', 'flush')
    assert.equal(await c.bgsave(), 'Background saving started')
    await waitFor('the BGSAVE to finish', async () => !(await inProgress(c)))
    const keys: string[] = []
    readRdbFile(readFileSync(join(dir, 'dump.rdb')), { entry: (e) => { keys.push(e.key) } })
    assert.deepEqual(keys, ['after'])
  })
})

describe('BGSAVE failures and stop-writes-on-bgsave-error (in-process server)', () => {
  it('refuses writes and PING with MISCONF after a failed BGSAVE until saving works or save points are off', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rcl-bgsave-fail-'))
    const srv = await startServer({ dir, save: ['3600', '1'] })
    const c = client(srv.port)
    try {
      await c.set('k', 'v')
      rmSync(dir, { recursive: true, force: true })
      assert.equal(await c.bgsave(), 'Background saving started')
      await waitFor('the BGSAVE to fail', async () => (await infoField(c, 'rdb_last_bgsave_status')) === 'err')
      const misconf = /^MISCONF Redis is configured to save RDB snapshots, but it's currently unable to persist to disk\./
      assert.match(await c.set('k', 'w').catch((e: Error) => e.message), misconf)
      assert.match(await c.ping().catch((e: Error) => e.message), misconf)
      assert.equal(await c.get('k'), 'v')
      const tx = await c.multi().get('k').exec().catch((e: Error) => e.message)
      assert.deepEqual(tx, [[null, 'v']], 'a read-only transaction runs')
      assert.match(String(await c.multi().set('k', 'x').exec().catch((e: Error) => e.message)), /EXECABORT|MISCONF/)
      await c.config('SET', 'save', '')
      assert.equal(await c.set('k', 'w'), 'OK')
      await c.config('SET', 'save', '3600 1')
      assert.match(await c.set('k', 'x').catch((e: Error) => e.message), misconf)
      await c.config('SET', 'stop-writes-on-bgsave-error', 'no')
      assert.equal(await c.set('k', 'x'), 'OK')
      await c.config('SET', 'stop-writes-on-bgsave-error', 'yes')
      // a successful save clears the error
      const again = mkdtempSync(join(tmpdir(), 'rcl-bgsave-again-'))
      try {
        srv.server.config.set('dir', [again])
        assert.equal(await c.bgsave(), 'Background saving started')
        await waitFor('the BGSAVE to succeed', async () => (await infoField(c, 'rdb_last_bgsave_status')) === 'ok')
        assert.equal(await c.set('k', 'y'), 'OK')
        assert.ok(existsSync(join(again, 'dump.rdb')))
      } finally {
        rmSync(again, { recursive: true, force: true })
      }
    } finally {
      c.disconnect()
      await srv.stop()
    }
  })
})

describe('save points (in-process server)', () => {
  it('start a BGSAVE once enough changes are older than the point, and not before', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rcl-savepoint-'))
    const srv = await startServer({ dir, save: ['1', '3'], hz: '50' })
    const c = client(srv.port)
    try {
      await c.set('a', '1')
      await c.set('b', '2')
      // two changes: below the point, however long we wait
      await new Promise((r) => setTimeout(r, 2200))
      assert.equal(existsSync(join(dir, 'dump.rdb')), false)
      await c.set('c', '3')
      await waitFor('the save point to fire', () => existsSync(join(dir, 'dump.rdb')), 5000)
      await waitFor('the BGSAVE to finish', async () => !(await inProgress(c)))
      assert.equal(await infoField(c, 'rdb_changes_since_last_save'), '0')
      assert.equal(await infoField(c, 'rdb_saves'), '1')
    } finally {
      c.disconnect()
      await srv.stop()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('turning the AOF on when it cannot be written (in-process server)', () => {
  it('refuses CONFIG SET appendonly yes without a directory, and reports a first rewrite that fails', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rcl-aof-fail-'))
    const srv = await startServer({ dir, 'enable-debug-command': 'yes' })
    const c = client(srv.port)
    try {
      await c.call('DEBUG', 'POPULATE', '20')
      rmSync(dir, { recursive: true, force: true })
      assert.equal(await c.config('SET', 'appendonly', 'yes').catch((e: Error) => e.message),
        "ERR CONFIG SET failed (possibly related to argument 'appendonly') - Unable to turn on AOF. Check server logs.")
      assert.equal(await infoField(c, 'aof_enabled'), '0')
      assert.equal(await c.bgrewriteaof().catch((e: Error) => e.message),
        "ERR Can't execute an AOF background rewriting. Please check the server logs for more information.")
      assert.equal(await infoField(c, 'aof_rewrite_in_progress'), '0')

      mkdirSync(dir)
      await c.config('SET', 'rdb-key-save-delay', '10000')
      assert.equal(await c.config('SET', 'appendonly', 'yes'), 'OK')
      rmSync(join(dir, 'appendonlydir'), { recursive: true, force: true })
      await waitFor('the first rewrite to fail', async () => (await infoField(c, 'aof_last_bgrewrite_status')) === 'err', 10_000)
      assert.equal(await infoField(c, 'aof_rewrites_consecutive_failures'), '1')
      assert.equal(await infoField(c, 'aof_enabled'), '1', 'still waiting for a rewrite that works')
      assert.equal(await c.set('k', 'v'), 'OK')
      assert.equal(await c.config('SET', 'appendonly', 'no'), 'OK')
    } finally {
      c.disconnect()
      await srv.stop()
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
