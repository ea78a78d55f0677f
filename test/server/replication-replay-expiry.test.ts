// Replay never expires keys (issue 13): commands read back from the AOF, and commands a replica applies
// from its master, see keys as their writer saw them, so nothing expires under them; keys found expired
// once loading is over go afterwards, by DEL. Redis 7.0 loads `RPUSH list foo`, `PEXPIREAT list 1000`,
// `RPUSH list bar` as one two-element list that is already expired. Servers with a fake clock, and
// in-process servers whose clocks disagree.
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type Redis from 'ioredis'
import { client } from '../helpers/client.js'
import { cmd } from '../helpers/resp.js'
import { waitFor } from '../helpers/wait.js'
import { Config } from '../../src/node/config/config.js'
import { Server } from '../../src/node/server.js'
import { Logger } from '../../src/node/util/log.js'
import { datasetDigest } from '../../src/node/keyspace/digest.js'
import { saveSync } from '../../src/node/persistence/rdb-save.js'
import type { Clock } from '../../src/node/util/clock.js'

const field = async (c: Redis, section: string, name: string): Promise<string> =>
  (new RegExp(`^${name}:(.*)\r$`, 'm').exec(await c.info(section)) ?? [])[1] ?? ''

/** A server on 127.0.0.1:0 reading time from `clock`, in `dir`; not started. */
function makeServer(dir: string, clock: Clock, directives: Record<string, string> = {}): Server {
  const config = new Config()
  const all: Record<string, string> = { port: '0', bind: '127.0.0.1', save: '', dir, 'repl-diskless-sync-delay': '0', 'enable-debug-command': 'yes', ...directives }
  for (const [k, v] of Object.entries(all)) config.set(k, [v], true)
  const log = new Logger(() => clock.now())
  log.file = join(dir, 'server.log')
  return new Server(config, { clock, log })
}

/** An append-only directory holding one incr file with `commands`. */
function writeAof(dir: string, commands: Buffer[]): void {
  const aofDir = join(dir, 'appendonlydir')
  mkdirSync(aofDir)
  writeFileSync(join(aofDir, 'appendonly.aof.manifest'), 'file appendonly.aof.1.incr.aof seq 1 type i\n')
  writeFileSync(join(aofDir, 'appendonly.aof.1.incr.aof'), Buffer.concat(commands))
}

describe('replay never expires keys', () => {
  const dirs: string[] = []
  const tempDir = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'rcl-replay-'))
    dirs.push(d)
    return d
  }
  const stops: Array<() => Promise<void>> = []
  after(async () => {
    for (const stop of stops) await stop()
    for (const d of dirs) rmSync(d, { recursive: true, force: true })
  })

  it('loads RPUSH, PEXPIREAT into the past, RPUSH as one two-element list that is already expired', async () => {
    const now = { ms: 10_000 }
    const dir = tempDir()
    writeAof(dir, [cmd('RPUSH', 'list', 'foo'), cmd('PEXPIREAT', 'list', '1000'), cmd('RPUSH', 'list', 'bar')])
    const server = makeServer(dir, { now: () => now.ms }, { appendonly: 'yes' })
    await server.aof.loadAtStart()
    const db = server.dbs[0]
    assert.deepEqual((db.data.get('list') as unknown as { toArray(): string[] }).toArray(), ['foo', 'bar'])
    assert.equal(db.getExpire('list'), 1000)
    assert.equal(server.stats.expiredKeys, 0, 'nothing expired while loading')
    // the same dataset, loaded while the time was still before 1000
    const refDir = tempDir()
    writeAof(refDir, [cmd('RPUSH', 'list', 'foo', 'bar'), cmd('PEXPIREAT', 'list', '1000')])
    const reference = makeServer(refDir, { now: () => 500 }, { appendonly: 'yes' })
    await reference.aof.loadAtStart()
    assert.deepEqual(datasetDigest(server.dbs), datasetDigest(reference.dbs))
    // once loading is over, the expired key is gone at its first lookup, and the AOF hears of it as a DEL
    assert.equal(db.get('list'), undefined)
    assert.equal(server.stats.expiredKeys, 1)
  })

  it('lets later commands use a key whose expiry has passed, and an EXPIRE into the past set the time', async () => {
    const dir = tempDir()
    writeAof(dir, [cmd('SET', 'k', 'v', 'PXAT', '1000'), cmd('APPEND', 'k', 'more'), cmd('INCR', 'n'), cmd('PEXPIREAT', 'n', '5')])
    const server = makeServer(dir, { now: () => 10_000 }, { appendonly: 'yes' })
    await server.aof.loadAtStart()
    assert.equal(server.dbs[0].data.get('k'), 'vmore')
    assert.equal(server.dbs[0].getExpire('k'), 1000)
    assert.equal(server.dbs[0].getExpire('n'), 5, 'not deleted: the file would have said DEL')
  })

  it('keeps the expired keys of an RDB base for the commands after it, as Redis loads a preamble', async () => {
    // the base: a dump written while k still had time
    const baseDir = tempDir()
    const before = makeServer(baseDir, { now: () => 500 })
    before.dbs[0].set('k', 'v')
    before.dbs[0].setExpire('k', 1000)
    assert.ok(saveSync(before))
    const dir = tempDir()
    const aofDir = join(dir, 'appendonlydir')
    mkdirSync(aofDir)
    writeFileSync(join(aofDir, 'appendonly.aof.1.base.rdb'), readFileSync(join(baseDir, 'dump.rdb')))
    writeFileSync(join(aofDir, 'appendonly.aof.1.incr.aof'), cmd('APPEND', 'k', 'more'))
    writeFileSync(join(aofDir, 'appendonly.aof.manifest'), 'file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n')
    const server = makeServer(dir, { now: () => 10_000 }, { appendonly: 'yes' })
    await server.aof.loadAtStart()
    assert.equal(server.dbs[0].data.get('k'), 'vmore')
    assert.equal(server.dbs[0].getExpire('k'), 1000)
    assert.match(readFileSync(join(dir, 'server.log'), 'latin1'), /Done loading RDB, keys loaded: 1, keys expired: 0\./)
  })

  it('removes keys found expired after loading by DEL in the AOF, and propagates no read that expired one', async () => {
    const dir = tempDir()
    writeAof(dir, [cmd('RPUSH', 'list', 'foo'), cmd('PEXPIREAT', 'list', '1000'), cmd('RPUSH', 'list', 'bar')])
    const server = makeServer(dir, { now: () => Date.now() }, { appendonly: 'yes', hz: '1' })
    server.activeExpireEnabled = false
    await server.aof.loadAtStart()
    server.aof.openAtStart()
    await server.start()
    stops.push(async () => { server.shutdown({ save: false }); await server.closed })
    const c = client(server.port)
    try {
      assert.equal(await c.exists('list'), 0)
      assert.equal(await field(c, 'stats', 'expired_keys'), '1')
      assert.equal(await field(c, 'persistence', 'rdb_changes_since_last_save'), '0', 'an expiry is no change to save')
      const aofDir = join(dir, 'appendonlydir')
      const incr = readdirSync(aofDir).filter((f) => f.endsWith('.incr.aof')).sort().pop() as string
      await waitFor('the DEL in the AOF', () => readFileSync(join(aofDir, incr), 'latin1').includes('DEL'))
      const text = readFileSync(join(aofDir, incr), 'latin1')
      assert.ok(text.endsWith(cmd('SELECT', '0').toString('latin1') + cmd('DEL', 'list').toString('latin1')), JSON.stringify(text))
    } finally {
      c.disconnect()
    }
  })

  it('never expires a key under a command from the master, even when the replica\'s clock is ahead', async () => {
    const masterDir = tempDir()
    const replicaDir = tempDir()
    const master = makeServer(masterDir, { now: () => Date.now() })
    // the replica's clock runs a minute ahead: keys the master still has are already expired here
    const replica = makeServer(replicaDir, { now: () => Date.now() + 60_000 })
    await master.start()
    await replica.start()
    stops.push(async () => {
      for (const s of [master, replica]) { s.shutdown({ save: false }); await s.closed }
    })
    const m = client(master.port)
    const r = client(replica.port)
    try {
      await r.call('REPLICAOF', '127.0.0.1', String(master.port))
      await waitFor('the link', async () => (await field(r, 'replication', 'master_link_status')) === 'up')
      await m.rpush('list', 'foo')
      await m.pexpire('list', 30_000)
      await m.rpush('list', 'bar')
      await m.set('s', 'a', 'PX', '30000')
      await m.append('s', 'b')
      await m.incr('n')
      await m.expire('n', 30)
      await m.incr('n')
      const offset = await field(m, 'replication', 'master_repl_offset')
      await waitFor(`the replica at offset ${offset}`, async () => (await field(r, 'replication', 'slave_repl_offset')) === offset)
      assert.equal(await r.call('DEBUG', 'DIGEST'), await m.call('DEBUG', 'DIGEST'))
      assert.deepEqual((replica.dbs[0].data.get('list') as unknown as { toArray(): string[] }).toArray(), ['foo', 'bar'])
      assert.equal(replica.dbs[0].data.get('n'), '2')
      // to the replica's own clients they read as expired, and stay until the master's DEL
      assert.equal(await r.exists('list'), 0)
      assert.equal(await r.dbsize(), 3)
      await m.del('list')
      await waitFor('the DEL', async () => (await r.dbsize()) === 2)
    } finally {
      m.disconnect()
      r.disconnect()
    }
  })
})
