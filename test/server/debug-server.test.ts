import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type Redis from 'ioredis'
import { startServer, useServer, type InProc } from '../helpers/in-proc-server.js'
import { client } from '../helpers/client.js'
import { waitFor } from '../helpers/wait.js'

const field = (info: string, name: string): string => (new RegExp(`^${name}:(.*)\r$`, 'm').exec(info) as RegExpExecArray)[1]

describe('DEBUG CHANGE-REPL-ID / PAUSE-CRON / SET-DISABLE-DENY-SCRIPTS / STRINGMATCH-TEST', () => {
  let srv: InProc
  let c: Redis
  useServer({ 'enable-debug-command': 'yes' }, (s, cl) => { srv = s; c = cl })

  it('CHANGE-REPL-ID gives a new replication id and forgets the second one, as redis-server 7.0.15 does', async () => {
    const stream = srv.server.replication.stream
    stream.replid2 = 'a'.repeat(40)
    stream.secondOffset = 5
    const before = await c.info('replication')
    assert.equal(await c.call('DEBUG', 'CHANGE-REPL-ID'), 'OK')
    const after = await c.info('replication')
    assert.notEqual(field(after, 'master_replid'), field(before, 'master_replid'))
    assert.match(field(after, 'master_replid'), /^[0-9a-f]{40}$/)
    assert.equal(field(after, 'master_replid2'), '0'.repeat(40))
    assert.equal(field(after, 'second_repl_offset'), '-1')
    await assert.rejects(c.call('DEBUG', 'CHANGE-REPL-ID', 'x'), /unknown subcommand or wrong number of arguments for 'CHANGE-REPL-ID'/)
  })

  it('PAUSE-CRON stops the cron: keys past their TTL stay until it runs again', async () => {
    const db = srv.server.dbs[0]
    assert.equal(await c.call('DEBUG', 'PAUSE-CRON', '1'), 'OK')
    try {
      await c.set('k', 'v', 'PX', 30)
      await sleep(400) // four cron periods at hz 10
      assert.equal(db.data.has('k'), true, 'the active expiry cycle did not run')
    } finally {
      assert.equal(await c.call('DEBUG', 'PAUSE-CRON', '0'), 'OK')
    }
    await waitFor('the active expiry cycle to remove the key', () => !db.data.has('k'))
  })

  it('SET-DISABLE-DENY-SCRIPTS stores the flag scripting will read', async () => {
    assert.equal(await c.call('DEBUG', 'SET-DISABLE-DENY-SCRIPTS', '1'), 'OK')
    assert.equal(srv.server.disableDenyScripts, true)
    assert.equal(await c.call('DEBUG', 'SET-DISABLE-DENY-SCRIPTS', 'x'), 'OK')
    assert.equal(srv.server.disableDenyScripts, false)
    await assert.rejects(c.call('DEBUG', 'SET-DISABLE-DENY-SCRIPTS'), /wrong number of arguments for 'SET-DISABLE-DENY-SCRIPTS'/)
  })

  it('STRINGMATCH-TEST runs the matcher\'s fuzz test and answers as Redis does', async () => {
    assert.equal(await c.call('DEBUG', 'STRINGMATCH-TEST'), 'Apparently Redis did not crash: test passed')
    assert.equal(await c.ping(), 'PONG')
  })

  it('lists its subcommands in DEBUG HELP with Redis\'s lines, in Redis\'s order', async () => {
    const help = (await c.call('DEBUG', 'HELP')) as string[]
    const names = help.filter((l) => /^[A-Z]/.test(l)).map((l) => l.split(' ')[0])
    assert.deepEqual(names, ['DEBUG', 'ASSERT', 'CHANGE-REPL-ID', 'CONFIG-REWRITE-FORCE-ALL', 'DIGEST', 'DIGEST-VALUE', 'ERROR',
      'LOG', 'HTSTATS', 'HTSTATS-KEY', 'LOADAOF', 'OBJECT', 'DROP-CLUSTER-PACKET-FILTER', 'OOM', 'PANIC', 'POPULATE', 'PROTOCOL', 'RELOAD', 'SEGFAULT',
      'SET-ACTIVE-EXPIRE', 'QUICKLIST-PACKED-THRESHOLD', 'SET-SKIP-CHECKSUM-VALIDATION', 'SLEEP', 'STRINGMATCH-TEST', 'LISTPACK',
      'QUICKLIST', 'PAUSE-CRON', 'REPLYBUFFER', 'REPLYBUFFER', 'CLUSTERLINK', 'HELP'])
    await assert.rejects(c.call('DEBUG', 'HELP', 'x'), /unknown subcommand or wrong number of arguments for 'HELP'/)
  })
})

describe('DEBUG REPLYBUFFER', () => {
  let srv: InProc
  let admin: Redis
  let watched: Redis
  before(async () => {
    srv = await startServer({ 'enable-debug-command': 'yes' })
    admin = client(srv.port)
    watched = client(srv.port)
    await watched.client('SETNAME', 'watched')
  })
  after(async () => { admin.disconnect(); watched.disconnect(); await srv.stop() })

  async function buffer(): Promise<{ rbs: number; rbp: number }> {
    const line = String(await admin.client('LIST')).split('\n').find((l) => l.includes(' name=watched ')) as string
    return { rbs: Number(/ rbs=(\d+)/.exec(line)?.[1]), rbp: Number(/ rbp=(\d+)/.exec(line)?.[1]) }
  }

  it('shrinks an idle client\'s buffer once its peak resets, grows it for a big reply, and counts both', async () => {
    assert.equal((await buffer()).rbs, 16384)
    assert.equal(await admin.call('DEBUG', 'REPLYBUFFER', 'PEAK-RESET-TIME', '100'), 'OK')
    await waitFor('the buffer to shrink to 1 KB', async () => (await buffer()).rbs === 1024)
    assert.ok(Number(field(await admin.info('stats'), 'reply_buffer_shrinks')) >= 1)
    await admin.set('big', 'x'.repeat(40000))
    assert.equal(await admin.call('DEBUG', 'REPLYBUFFER', 'PEAK-RESET-TIME', 'NEVER'), 'OK')
    assert.equal((await watched.get('big'))?.length, 40000)
    const grown = await buffer()
    assert.ok(grown.rbs >= 40000 && grown.rbp >= 40000, JSON.stringify(grown))
    await waitFor('the growth to be counted', async () => Number(field(await admin.info('stats'), 'reply_buffer_expands')) >= 1)
    await sleep(300) // the peak is never reset now, so the buffer keeps its size
    assert.deepEqual(await buffer(), grown)
  })

  it('leaves buffers alone with RESIZING 0, and RESET restores the 5 s peak period', async () => {
    assert.equal(await admin.call('DEBUG', 'REPLYBUFFER', 'RESIZING', '0'), 'OK')
    assert.equal(await admin.call('DEBUG', 'REPLYBUFFER', 'PEAK-RESET-TIME', '50'), 'OK')
    const size = (await buffer()).rbs
    await sleep(400)
    assert.equal((await buffer()).rbs, size)
    assert.equal(await admin.call('DEBUG', 'REPLYBUFFER', 'RESIZING', '1'), 'OK')
    await waitFor('the buffer to shrink again', async () => (await buffer()).rbs === 1024)
    assert.equal(await admin.call('DEBUG', 'REPLYBUFFER', 'peak-reset-time', 'reset'), 'OK')
    assert.equal(srv.server.replyBuffers.peakResetMs, 5000)
  })

  it('answers bad arguments with Redis\'s errors', async () => {
    await assert.rejects(admin.call('DEBUG', 'REPLYBUFFER', 'PEAK-RESET-TIME', 'abc'), /ERR value is not an integer or out of range/)
    await assert.rejects(admin.call('DEBUG', 'Replybuffer', 'foo', '1'), /ERR unknown subcommand or wrong number of arguments for 'Replybuffer'\. Try DEBUG HELP\./)
    await assert.rejects(admin.call('DEBUG', 'REPLYBUFFER', 'RESIZING'), /wrong number of arguments for 'REPLYBUFFER'/)
  })
})

describe('DEBUG CONFIG-REWRITE-FORCE-ALL', () => {
  it('writes every directive, defaults included, keeping the file\'s own lines', async () => {
    const srv = await startServer({ 'enable-debug-command': 'yes' })
    const c = client(srv.port)
    try {
      await assert.rejects(c.call('DEBUG', 'CONFIG-REWRITE-FORCE-ALL'), /^ReplyError: ERR CONFIG-REWRITE-FORCE-ALL failed: Bad address$/)
      const file = join(srv.server.config.get('dir'), 'node.conf')
      writeFileSync(file, '# my node\nhz 20\n')
      await c.config('SET', 'hz', '20')
      srv.server.config.configFile = file
      assert.equal(await c.config('REWRITE'), 'OK')
      const plain = readFileSync(file, 'latin1').split('\n').length
      assert.equal(await c.call('DEBUG', 'CONFIG-REWRITE-FORCE-ALL'), 'OK')
      const lines = readFileSync(file, 'latin1').split('\n')
      assert.deepEqual(lines.slice(0, 4), ['# my node', 'hz 20', '', '# Generated by CONFIG REWRITE'])
      for (const l of ['dynamic-hz yes', 'appendonly no', 'proc-title-template "{title} {listen-addr} {server-mode}"', 'save ""', 'logfile ""', 'client-output-buffer-limit pubsub 32mb 8mb 60']) {
        assert.ok(lines.includes(l), l)
      }
      // every listed directive has a line, except those Redis never writes when unset (and the default bind)
      const written = new Set(lines.map((l) => l.split(' ')[0]))
      const missing = srv.server.config.directives.filter((d) => !d.hidden && !written.has(d.name)).map((d) => d.name)
      assert.deepEqual(missing.filter((n) => !['bind', 'replicaof'].includes(n) && srv.server.config.get(n) !== ''), [])
      assert.ok(plain < 20 && lines.length > 150, `${plain} lines, then ${lines.length}`)
    } finally { c.disconnect(); await srv.stop() }
  })
})

describe('DEBUG LOADAOF', () => {
  it('reloads the dataset from the append-only files, dropping what never reached them', async () => {
    const srv = await startServer({ 'enable-debug-command': 'yes', appendonly: 'yes' })
    srv.server.aof.openAtStart()
    const c = client(srv.port)
    try {
      await c.set('a', '1')
      await c.call('DEBUG', 'POPULATE', '10')
      assert.equal(await c.dbsize(), 11)
      assert.equal(await c.call('DEBUG', 'LOADAOF'), 'OK')
      assert.equal(await c.dbsize(), 1)
      assert.equal(await c.get('a'), '1')
      await c.rpush('l', 'x', 'y')
      assert.equal(await c.call('DEBUG', 'LOADAOF', 'extra', 'args'), 'OK')
      assert.deepEqual([await c.dbsize(), await c.lrange('l', 0, -1)], [2, ['x', 'y']])
      const dir = srv.server.aof.dir
      const files = readdirSync(dir).filter((f) => !f.endsWith('.manifest'))
      const onDisk = files.reduce((n, f) => n + readFileSync(join(dir, f)).length, 0)
      assert.equal(Number(field(await c.info('persistence'), 'aof_current_size')), onDisk)
      assert.ok(!files.some((f) => readFileSync(join(dir, f), 'latin1').includes('LOADAOF')), 'DEBUG LOADAOF itself is not appended')
    } finally { c.disconnect(); await srv.stop() }
  })

  it('answers an error, not an exit, when there is no append-only directory', async () => {
    const srv = await startServer({ 'enable-debug-command': 'yes' })
    const c = client(srv.port)
    try {
      await c.set('a', '1')
      await assert.rejects(c.call('DEBUG', 'LOADAOF'), /ERR Error trying to load the AOF files, check server logs\./)
      assert.equal(await c.ping(), 'PONG')
    } finally { c.disconnect(); await srv.stop() }
  })
})
