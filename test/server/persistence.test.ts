import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type Redis from 'ioredis'
import { useServer } from '../helpers/in-proc-server.js'

describe('SAVE and DEBUG RELOAD (in-process server)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rcl-persist-'))
  after(() => rmSync(dir, { recursive: true, force: true }))
  let c: Redis
  useServer({ dir, 'enable-debug-command': 'yes', 'enable-protected-configs': 'yes' }, (_s, client) => { c = client })

  it('SAVE writes dir/dbfilename and moves LASTSAVE and rdb_changes_since_last_save', async () => {
    await c.set('k', 'v')
    assert.match(await c.info('persistence'), /rdb_changes_since_last_save:[1-9]/)
    assert.equal(await c.save(), 'OK')
    assert.ok(existsSync(join(dir, 'dump.rdb')))
    const info = await c.info('persistence')
    assert.match(info, /rdb_changes_since_last_save:0\r\n/)
    assert.match(info, /rdb_saves:1\r\n/)
    await c.config('RESETSTAT')
    assert.match(await c.info('persistence'), /rdb_saves:0\r\n/)
    assert.equal(await c.call('SAVE', 'extra').catch((e: Error) => e.message), "ERR wrong number of arguments for 'save' command")
  })

  it('DEBUG RELOAD saves, empties and loads back: values, TTLs and encodings survive', async () => {
    await c.flushall()
    await c.set('s', 'x')
    await c.set('t', 'y', 'PX', 500_000)
    await c.zadd('z', ...Array.from({ length: 200 }, (_, i) => [String(i), `m${i}`]).flat())
    const digest = await c.call('DEBUG', 'DIGEST')
    assert.equal(await c.call('DEBUG', 'RELOAD'), 'OK')
    assert.equal(await c.call('DEBUG', 'DIGEST'), digest)
    assert.match(await c.info('persistence'), /rdb_last_load_keys_expired:0\r\nrdb_last_load_keys_loaded:3\r\n/)
    assert.ok((await c.pttl('t')) > 490_000)
    assert.equal(await c.object('ENCODING', 'z'), 'skiplist')
  })

  it('DEBUG RELOAD NOSAVE goes back to the last dump; NOFLUSH MERGE restores changed keys and keeps new ones', async () => {
    await c.flushall()
    await c.set('a', '1')
    await c.save()
    await c.set('a', 'changed')
    await c.set('b', 'new')
    assert.equal(await c.call('DEBUG', 'RELOAD', 'NOFLUSH', 'MERGE', 'NOSAVE'), 'OK')
    assert.deepEqual(await c.mget('a', 'b'), ['1', 'new'])
    assert.equal(await c.call('DEBUG', 'RELOAD', 'NOSAVE'), 'OK')
    assert.deepEqual(await c.mget('a', 'b'), ['1', null])
  })

  it('answers DEBUG RELOAD errors as Redis does, without stopping the server', async () => {
    assert.equal(await c.call('DEBUG', 'RELOAD', 'FOO').catch((e: Error) => e.message), 'ERR DEBUG RELOAD only supports the MERGE, NOFLUSH and NOSAVE options.')
    // a key already there without MERGE: Redis aborts the process; rcl-node answers the load error
    assert.equal(await c.call('DEBUG', 'RELOAD', 'NOFLUSH', 'NOSAVE').catch((e: Error) => e.message), 'ERR Error trying to load the RDB dump')
    await c.config('SET', 'dbfilename', 'missing.rdb')
    assert.equal(await c.call('DEBUG', 'RELOAD', 'NOSAVE').catch((e: Error) => e.message), 'ERR Error trying to load the RDB dump')
    assert.equal(await c.dbsize(), 0)
    assert.equal(await c.ping(), 'PONG')
    await c.config('SET', 'dbfilename', 'dump.rdb')
  })
})

describe('SAVE when the directory is gone (in-process server)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rcl-persist-gone-'))
  let c: Redis
  useServer({ dir }, (_s, client) => { c = client })

  it('answers a bare ERR, leaves no temporary file behind and keeps serving', async () => {
    await c.set('k', 'v')
    rmSync(dir, { recursive: true, force: true })
    assert.equal(await c.save().catch((e: Error) => e.message), 'ERR')
    assert.equal(existsSync(dir), false)
    assert.match(await c.info('persistence'), /rdb_changes_since_last_save:1\r\n/)
    assert.equal(await c.get('k'), 'v')
  })
})
