// SAVE and start-up loading in a real rcl-node process: what SAVE wrote comes back after a restart,
// SHUTDOWN SAVE saves, and a dump that cannot be loaded stops the start with status 1, untouched.
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { client } from '../helpers/client.js'
import { freePort } from '../helpers/free-port.js'
import { startNode, stopAll } from '../helpers/node-process.js'
import { runNodeSync } from '../helpers/run-node-sync.js'
import { readRdbFile } from '../../src/node/persistence/rdb-file.js'
import { waitFor } from '../helpers/wait.js'

const DEBUG = ['--enable-debug-command', 'yes']
const keysIn = (file: string): string[] => {
  const keys: string[] = []
  readRdbFile(readFileSync(file), { entry: (e) => keys.push(e.key) })
  return keys.sort()
}
const logOf = (dir: string): string => readFileSync(join(dir, 'node.log'), 'latin1')

describe('RDB persistence (rcl-node process)', () => {
  after(stopAll)

  it('brings back after a restart what SAVE wrote: every type, TTLs, several databases', async () => {
    const first = await startNode(DEBUG)
    const c = client(first.port)
    let digest: unknown
    try {
      await c.set('s', 'hello')
      await c.set('n', '12345')
      await c.set('ttl', 'v', 'PX', 600_000)
      await c.rpush('l', 'a', 'b', 'c')
      await c.sadd('i', '1', '2', '3')
      await c.hset('h', 'f', 'v')
      await c.zadd('z', '1', 'a', '2.5', 'b')
      await c.zadd('bigz', ...Array.from({ length: 300 }, (_, i) => [String(i), `m${i}`]).flat())
      await c.select(3)
      await c.set('db3', 'x')
      const before = Number(await c.lastsave())
      assert.equal(await c.save(), 'OK')
      assert.ok(Number(await c.lastsave()) >= before)
      assert.match(await c.info('persistence'), /rdb_changes_since_last_save:0\r\n/)
      digest = await c.call('DEBUG', 'DIGEST')
      assert.equal(await c.call('SHUTDOWN', 'NOSAVE').catch(() => 'closed'), 'closed')
    } finally {
      c.disconnect()
    }
    await first.exited

    const entries: string[] = []
    readRdbFile(readFileSync(join(first.dir, 'dump.rdb')), { entry: (e) => entries.push(`${e.db}:${e.key}`) })
    assert.equal(entries.length, 9)

    const second = await startNode(DEBUG, undefined, first.dir)
    const d = client(second.port)
    try {
      assert.equal(await d.call('DEBUG', 'DIGEST'), digest)
      const ttl = await d.pttl('ttl')
      assert.ok(ttl > 590_000 && ttl <= 600_000, String(ttl))
      assert.equal(await d.object('ENCODING', 'bigz'), 'skiplist')
      assert.equal(await d.object('ENCODING', 'i'), 'intset')
      assert.match(readFileSync(join(second.dir, 'node.log'), 'latin1'), /Done loading RDB, keys loaded: 9, keys expired: 0\./)
    } finally {
      d.disconnect()
    }
  })

  it('saves on SHUTDOWN SAVE', async () => {
    const n = await startNode()
    const c = client(n.port)
    await c.set('k', 'v')
    await c.call('SHUTDOWN', 'SAVE').catch(() => undefined)
    c.disconnect()
    await n.exited
    const keys: string[] = []
    readRdbFile(readFileSync(join(n.dir, 'dump.rdb')), { entry: (e) => keys.push(e.key) })
    assert.deepEqual(keys, ['k'])
  })

  it('saves on SIGTERM with the default save points, and not when they are off or shutdown-on-sigterm says nosave', async () => {
    const n = await startNode()
    const c = client(n.port)
    await c.set('k', 'v')
    c.disconnect()
    await n.stop()
    assert.deepEqual(keysIn(join(n.dir, 'dump.rdb')), ['k'])
    assert.match(logOf(n.dir), /Received SIGTERM scheduling shutdown\.\.\.[\s\S]*Saving the final RDB snapshot before exiting\.[\s\S]*DB saved on disk/)

    for (const args of [['--save', ''], ['--shutdown-on-sigterm', 'nosave']]) {
      const m = await startNode(args)
      const d = client(m.port)
      await d.set('k', 'v')
      d.disconnect()
      await m.stop()
      assert.equal(existsSync(join(m.dir, 'dump.rdb')), false, args.join(' '))
    }
  })

  it('logs a BGSAVE as Redis does; SHUTDOWN during one kills it and saves the dataset of that moment', async () => {
    const n = await startNode(DEBUG)
    const c = client(n.port)
    try {
      await c.call('DEBUG', 'POPULATE', '200')
      assert.equal(await c.bgsave(), 'Background saving started')
      await waitFor('the BGSAVE to finish', async () => /rdb_bgsave_in_progress:0/.test(await c.info('persistence')))
      assert.match(logOf(n.dir), new RegExp(`Background saving started by pid ${n.pid}[\\s\\S]*DB saved on disk[\\s\\S]*Background saving terminated with success`))
      await c.config('SET', 'rdb-key-save-delay', '100000')
      assert.equal(await c.bgsave(), 'Background saving started')
      await c.set('late', 'x')
      await c.call('SHUTDOWN').catch(() => undefined)
    } finally {
      c.disconnect()
    }
    assert.equal(await n.exited, 0)
    assert.match(logOf(n.dir), /There is a child saving an \.rdb\. Killing it![\s\S]*Saving the final RDB snapshot before exiting\./)
    const keys = keysIn(join(n.dir, 'dump.rdb'))
    assert.equal(keys.length, 201)
    assert.ok(keys.includes('late'))
    assert.deepEqual(readdirSync(n.dir).filter((f) => f.startsWith('temp-')), [])
  })

  it('keeps the previous dump intact when killed with SIGKILL in the middle of a BGSAVE', async () => {
    const n = await startNode(DEBUG)
    const c = client(n.port)
    await c.set('saved', 'before')
    assert.equal(await c.save(), 'OK')
    const dump = readFileSync(join(n.dir, 'dump.rdb'))
    await c.call('DEBUG', 'POPULATE', '5000')
    await c.config('SET', 'rdb-key-save-delay', '1000')
    assert.equal(await c.bgsave(), 'Background saving started')
    await waitFor('the BGSAVE to be half-way', async () => /current_save_keys_processed:[1-9]/.test(await c.info('persistence')))
    c.disconnect()
    n.process.kill('SIGKILL')
    await n.exited
    assert.deepEqual(readFileSync(join(n.dir, 'dump.rdb')), dump)
    const again = await startNode([], undefined, n.dir)
    const d = client(again.port)
    try {
      assert.equal(await d.dbsize(), 1)
      assert.equal(await d.get('saved'), 'before')
    } finally {
      d.disconnect()
    }
  })

  it('refuses to start on a dump it cannot load, naming the file and offset, and leaves the file as it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rcl-bad-rdb-'))
    try {
      const bad = Buffer.concat([Buffer.from('REDIS0010'), Buffer.from([0xfe, 0x00, 0x00, 0x01, 0x6b, 0x05, 0x61])])
      writeFileSync(join(dir, 'dump.rdb'), bad)
      const r = runNodeSync(['--port', String(await freePort()), '--bind', '127.0.0.1', '--dir', dir])
      assert.equal(r.status, 1, r.stdout + r.stderr)
      // Redis's two lines for a short read, then rcl-node's naming the file and the offset
      assert.match(r.stdout, /# Short read or OOM loading DB\. Unrecoverable error, aborting now\.\n.*# Internal error in RDB reading offset 0, function at rdb\.c:3249 -> Unexpected EOF reading RDB file\n/)
      assert.match(r.stdout, /Can't load the dump .*dump\.rdb: unexpected end of payload \(at offset 15\)/)
      assert.deepEqual(readFileSync(join(dir, 'dump.rdb')), bad)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
