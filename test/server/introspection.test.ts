import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { client } from '../helpers/client.js'
import { startServer, type InProc } from '../helpers/in-proc-server.js'
import { cmd, exchange } from '../helpers/resp.js'

describe('COMMAND', () => {
  let srv: InProc
  before(async () => { srv = await startServer() })
  after(async () => { await srv.stop() })

  it('describes every registered command and counts them', async () => {
    const c = client(srv.port)
    try {
      const all = (await c.call('COMMAND')) as unknown[][]
      assert.equal(all.length, srv.server.commands.commands.size)
      assert.equal(await c.call('COMMAND', 'COUNT'), srv.server.commands.commands.size)
      const [get] = (await c.call('COMMAND', 'INFO', 'get')) as unknown[][]
      assert.deepEqual(get.slice(0, 8), ['get', 2, ['readonly', 'fast'], 1, 1, 1, ['@read', '@string', '@fast'], []])
      const [zu] = (await c.call('COMMAND', 'INFO', 'zunionstore')) as unknown[][]
      assert.deepEqual(zu[2], ['write', 'denyoom', 'movablekeys'])
      const [cfg] = (await c.call('COMMAND', 'INFO', 'config')) as unknown[][]
      assert.ok((cfg[9] as unknown[][]).some((s) => s[0] === 'config|get'))
      assert.deepEqual(await c.call('COMMAND', 'INFO', 'nosuch'), [null])
    } finally { c.disconnect() }
  })

  it('extracts keys with Redis errors', async () => {
    const c = client(srv.port)
    try {
      assert.deepEqual(await c.call('COMMAND', 'GETKEYS', 'mset', 'a', '1', 'b', '2'), ['a', 'b'])
      assert.deepEqual(await c.call('COMMAND', 'GETKEYSANDFLAGS', 'get', 'k'), [['k', ['RO', 'access']]])
      await assert.rejects(c.call('COMMAND', 'GETKEYS', 'nosuch', 'a'), /Invalid command specified/)
      await assert.rejects(c.call('COMMAND', 'GETKEYS', 'ping', 'a'), /The command has no key arguments/)
      await assert.rejects(c.call('COMMAND', 'GETKEYS', 'get', 'a', 'b'), /Invalid number of arguments specified for command/)
    } finally { c.disconnect() }
  })

  it('lists names with filters and documents commands in our words', async () => {
    const c = client(srv.port)
    try {
      const names = (await c.call('COMMAND', 'LIST')) as string[]
      assert.ok(names.includes('client|list') && names.includes('get'))
      assert.deepEqual(((await c.call('COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'slowlog|*')) as string[]).sort(), ['slowlog|get', 'slowlog|help', 'slowlog|len', 'slowlog|reset'])
      assert.ok(((await c.call('COMMAND', 'LIST', 'FILTERBY', 'ACLCAT', 'connection')) as string[]).includes('hello'))
      const docs = (await c.call('COMMAND', 'DOCS', 'slowlog')) as unknown[]
      assert.equal(docs[0], 'slowlog')
      const body = docs[1] as unknown[]
      assert.deepEqual(body.filter((_, i) => i % 2 === 0), ['summary', 'since', 'group', 'complexity', 'subcommands'])
    } finally { c.disconnect() }
  })
})

describe('SLOWLOG', () => {
  let srv: InProc
  before(async () => { srv = await startServer({ 'slowlog-log-slower-than': '0', 'slowlog-max-len': '3' }) })
  after(async () => { await srv.stop() })

  it('records commands newest first, shortened and redacted like Redis', async () => {
    const c = client(srv.port)
    try {
      await c.call('SLOWLOG', 'RESET')
      await c.client('SETNAME', 'slow')
      await c.call('AUTH', 'x').catch(() => undefined)
      await c.call('ECHO', 'y'.repeat(200))
      const many = Array.from({ length: 40 }, (_, i) => String(i))
      await c.call('DEL', ...many)
      const entries = (await c.call('SLOWLOG', 'GET', '-1')) as unknown[][]
      assert.equal(entries.length, 3)
      const [del, echo, auth] = entries
      assert.equal((del[3] as string[]).length, 32)
      assert.equal((del[3] as string[])[31], '... (10 more arguments)')
      assert.deepEqual(echo[3], ['ECHO', `${'y'.repeat(128)}... (72 more bytes)`])
      assert.deepEqual(auth[3], ['AUTH', '(redacted)'])
      assert.equal(del[5], 'slow')
      assert.match(del[4] as string, /^127\.0\.0\.1:\d+$/)
      assert.ok((del[0] as number) > (echo[0] as number))
      assert.equal(await c.call('SLOWLOG', 'LEN'), 3)
      assert.equal((await c.call('SLOWLOG', 'GET')) instanceof Array, true)
      await assert.rejects(c.call('SLOWLOG', 'GET', '-2'), /count should be greater than or equal to -1/)
    } finally { c.disconnect() }
  })
})

describe('MONITOR', () => {
  let srv: InProc
  before(async () => { srv = await startServer() })
  after(async () => { await srv.stop() })

  it('streams executed commands in Redis format, skipping admin commands', async () => {
    const a = client(srv.port)
    try {
      const watching = exchange(srv.port, [cmd('MONITOR')], { idleMs: 400, maxMs: 2000 })
      await sleep(100)
      await a.select(2)
      await a.set('k', 'say "hi"\n')
      await a.call('CONFIG', 'GET', 'port')
      await a.call('AUTH', 'default', 'pw').catch(() => undefined)
      await a.call('WAIT', '1', '20')
      const lines = (await watching).data.split('\r\n').filter(Boolean)
      assert.equal(lines[0], '+OK')
      assert.match(lines[1], /^\+\d+\.\d{6} \[2 127\.0\.0\.1:\d+\] "select" "2"$/i)
      assert.match(lines[2], /\[2 127\.0\.0\.1:\d+\] "set" "k" "say \\"hi\\"\\n"$/i)
      assert.match(lines[3], /"auth" "\(redacted\)" "\(redacted\)"$/i)
      assert.match(lines[4], /"wait" "1" "20"$/i)
      assert.equal(lines.length, 5)
    } finally { a.disconnect() }
    await sleep(50)
    assert.equal(srv.server.monitors.size, 0)
  })
})

describe('MEMORY', () => {
  let srv: InProc
  before(async () => { srv = await startServer() })
  after(async () => { await srv.stop() })

  it('estimates key sizes and reports process memory', async () => {
    const c = client(srv.port)
    try {
      await c.set('small', 'v')
      await c.set('big', 'x'.repeat(10000))
      const small = (await c.call('MEMORY', 'USAGE', 'small')) as number
      const big = (await c.call('MEMORY', 'USAGE', 'big', 'SAMPLES', '0')) as number
      assert.ok(small > 1 && big > 10000 && big < 11000)
      assert.equal(await c.call('MEMORY', 'USAGE', 'nosuch'), null)
      await assert.rejects(c.call('MEMORY', 'USAGE', 'small', 'SAMPLES', '-1'), /syntax error/)
      const stats = (await c.call('MEMORY', 'STATS')) as unknown[]
      assert.equal(stats[stats.indexOf('keys.count') + 1], 2)
      assert.ok((stats[stats.indexOf('total.allocated') + 1] as number) > 0)
      assert.equal(typeof await c.call('MEMORY', 'DOCTOR'), 'string')
      assert.equal(await c.call('MEMORY', 'PURGE'), 'OK')
    } finally { c.disconnect() }
  })

  it('USAGE still sees a key whose TTL passed until something removes it, as Redis (fuzzer find)', async () => {
    const c = client(srv.port)
    srv.server.activeExpireEnabled = false
    try {
      await c.call('SET', 'gone', 'v', 'PXAT', '1')
      assert.equal(typeof await c.call('MEMORY', 'USAGE', 'gone'), 'number')
      assert.equal(await c.exists('gone'), 0)
      assert.equal(await c.call('MEMORY', 'USAGE', 'gone'), null)
    } finally { srv.server.activeExpireEnabled = true; c.disconnect() }
  })
})
