import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type Redis from 'ioredis'
import { client } from '../helpers/client.js'
import { startServer, type InProc } from '../helpers/in-proc-server.js'
import { cmd, exchange } from '../helpers/resp.js'

/** Resolves once `c` has closed, or rejects after `ms`. */
function closedWithin(c: Redis, ms: number): Promise<void> {
  return new Promise((resolve, reject) => {
    if (c.status === 'end') { resolve(); return }
    const t = setTimeout(() => reject(new Error(`still open after ${ms} ms`)), ms)
    c.once('end', () => { clearTimeout(t); resolve() })
  })
}

describe('CONFIG (in-process server)', () => {
  let srv: InProc
  let c: Redis
  before(async () => { srv = await startServer(); c = client(srv.port) })
  after(async () => { c.disconnect(); await srv.stop() })

  it('gets several patterns at once and answers a map in RESP3', async () => {
    assert.deepEqual(await c.call('CONFIG', 'GET', 'timeout', 'maxclients'), ['timeout', '0', 'maxclients', '10000'])
    const r = await exchange(srv.port, [cmd('HELLO', '3'), cmd('CONFIG', 'GET', 'timeout')], { idleMs: 100 })
    assert.ok(r.data.endsWith('%1\r\n$7\r\ntimeout\r\n$1\r\n0\r\n'), r.data)
  })

  it('sets several pairs or none', async () => {
    await assert.rejects(c.call('CONFIG', 'SET', 'timeout', '7', 'protected-mode', 'maybe'),
      /^ReplyError: ERR CONFIG SET failed \(possibly related to argument 'protected-mode'\) - argument must be 'yes' or 'no'$/)
    assert.deepEqual(await c.call('CONFIG', 'GET', 'timeout'), ['timeout', '0'])
    assert.equal(await c.call('CONFIG', 'SET', 'slowlog-max-len', '64', 'tcp-keepalive', '60'), 'OK')
    assert.equal(srv.server.config.get('slowlog-max-len'), '64')
    await c.call('CONFIG', 'SET', 'slowlog-max-len', '128', 'tcp-keepalive', '300')
  })

  it('refuses features rcl-node lacks, naming them', async () => {
    await assert.rejects(c.call('CONFIG', 'SET', 'maxmemory', '100mb'), /maxmemory \(eviction\) is not supported by rcl-node yet/)
    await assert.rejects(c.call('CONFIG', 'SET', 'tls-port', '6380'), /TLS is not supported by rcl-node/)
    await assert.rejects(c.call('CONFIG', 'SET', 'port', '1'), /changing port at run time is not supported by rcl-node/)
    assert.equal(await c.call('CONFIG', 'SET', 'tls-port', '0', 'maxmemory', '0'), 'OK')
  })

  it('needs enable-protected-configs for dir', async () => {
    await assert.rejects(c.call('CONFIG', 'SET', 'dir', tmpdir()), /can't set protected config/)
  })

  it('changes the log level at run time', async () => {
    await c.call('CONFIG', 'SET', 'loglevel', 'warning')
    assert.equal(srv.server.log.level, 'warning')
    await c.call('CONFIG', 'SET', 'loglevel', 'notice')
    assert.equal(srv.server.log.level, 'notice')
  })

  it('moves the encoding thresholds', async () => {
    await c.call('CONFIG', 'SET', 'hash-max-ziplist-entries', '7')
    assert.equal(srv.server.encodingLimits.hashMaxListpackEntries, 7)
    await c.call('CONFIG', 'SET', 'hash-max-listpack-entries', '512')
    assert.equal(srv.server.encodingLimits.hashMaxListpackEntries, 512)
  })

  it('turns keyspace notifications on and off', async () => {
    const sub = client(srv.port)
    try {
      await c.call('CONFIG', 'SET', 'notify-keyspace-events', 'E$')
      const got = new Promise<[string, string]>((resolve) => sub.on('message', (ch: string, msg: string) => resolve([ch, msg])))
      await sub.subscribe('__keyevent@0__:set')
      await c.set('nk', '1')
      assert.deepEqual(await got, ['__keyevent@0__:set', 'nk'])
    } finally {
      sub.disconnect()
      await c.call('CONFIG', 'SET', 'notify-keyspace-events', '')
    }
  })

  it('applies proto-max-bulk-len to the next request', async () => {
    await c.call('CONFIG', 'SET', 'proto-max-bulk-len', '1mb')
    const r = await exchange(srv.port, [`*2\r\n$4\r\nECHO\r\n$${1024 * 1024 + 1}\r\n`])
    assert.equal(r.data, '-ERR Protocol error: invalid bulk length\r\n')
    await c.call('CONFIG', 'SET', 'proto-max-bulk-len', '512mb')
  })

  it('resets statistics with RESETSTAT', async () => {
    await c.call('GET', 'x')
    await assert.rejects(c.call('CONFIG', 'SET', 'nosuch', '1'))
    assert.equal(await c.call('CONFIG', 'RESETSTAT'), 'OK')
    const server = srv.server
    assert.equal(server.errorStats.size, 0)
    assert.equal(server.stats.totalErrorReplies, 0)
    assert.equal(server.commands.lookup('get')?.stats.calls, 0)
  })

  it('refuses REWRITE without a config file', async () => {
    await assert.rejects(c.call('CONFIG', 'REWRITE'), /^ReplyError: ERR The server is running without a config file$/)
  })
})

describe('CONFIG settings that act on clients', () => {
  it('needs AUTH on new connections after CONFIG SET requirepass', async () => {
    const srv = await startServer()
    const c = client(srv.port)
    try {
      await c.call('CONFIG', 'SET', 'requirepass', 'pw')
      const r = await exchange(srv.port, [cmd('GET', 'a')], { expect: 10 })
      assert.equal(r.data, '-NOAUTH Authentication required.\r\n')
      assert.equal(await c.call('CONFIG', 'SET', 'requirepass', ''), 'OK')
    } finally { c.disconnect(); await srv.stop() }
  })

  it('refuses connections over maxclients', async () => {
    const srv = await startServer()
    const c = client(srv.port)
    try {
      await c.call('CONFIG', 'SET', 'maxclients', '1')
      const r = await exchange(srv.port, [cmd('PING')])
      assert.equal(r.data, '-ERR max number of clients reached\r\n')
    } finally { c.disconnect(); await srv.stop() }
  })

  it('closes idle clients after timeout, but not subscribers', async () => {
    const srv = await startServer()
    const admin = client(srv.port)
    const idle = client(srv.port)
    const sub = client(srv.port)
    try {
      await sub.subscribe('ch')
      await idle.ping()
      await admin.call('CONFIG', 'SET', 'timeout', '1')
      const keepAdminBusy = setInterval(() => { void admin.ping().catch(() => {}) }, 200)
      try {
        await closedWithin(idle, 4000)
      } finally { clearInterval(keepAdminBusy) }
      assert.equal(sub.status, 'ready')
      assert.equal(admin.status, 'ready')
    } finally { admin.disconnect(); idle.disconnect(); sub.disconnect(); await srv.stop() }
  })
})

describe('CONFIG REWRITE (in-process server)', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rcl-rewrite-'))
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('rewrites the file the server started from', async () => {
    const file = join(dir, 'node.conf')
    writeFileSync(file, '# keep me\ntimeout 0\n')
    const srv = await startServer()
    srv.server.config.configFile = file
    const c = client(srv.port)
    try {
      await c.call('CONFIG', 'SET', 'timeout', '9')
      assert.equal(await c.call('CONFIG', 'REWRITE'), 'OK')
      const text = readFileSync(file, 'latin1')
      assert.match(text, /^# keep me\ntimeout 9\n/)
      assert.match(text, /\n# Generated by CONFIG REWRITE\n/)
      assert.match(text, /\nbind 127\.0\.0\.1\n/)
    } finally { c.disconnect(); await srv.stop() }
  })
})
