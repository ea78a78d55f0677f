import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, type InProc } from '../helpers/in-proc-server.js'
import { client } from '../helpers/client.js'

describe('DEBUG', () => {
  let srv: InProc
  before(async () => { srv = await startServer({ 'enable-debug-command': 'yes' }) })
  after(async () => { await srv.stop() })

  it('is refused unless enable-debug-command allows it, and allowed locally with "local"', async () => {
    for (const [mode, allowed] of [['no', false], ['local', true]] as const) {
      const other = await startServer({ 'enable-debug-command': mode })
      const c = client(other.port)
      try {
        if (allowed) assert.equal(await c.call('DEBUG', 'DIGEST'), '0'.repeat(40))
        else await assert.rejects(c.call('DEBUG', 'DIGEST'), /DEBUG command not allowed/)
      } finally { c.disconnect(); await other.stop() }
    }
  })

  it('SLEEP blocks the whole server', async () => {
    const a = client(srv.port)
    const b = client(srv.port)
    try {
      await b.ping()
      const start = Date.now()
      const sleeping = a.call('DEBUG', 'SLEEP', '0.3')
      await new Promise((r) => setTimeout(r, 50))
      await b.ping()
      assert.ok(Date.now() - start >= 290, 'PING waited for the sleep')
      assert.equal(await sleeping, 'OK')
    } finally { a.disconnect(); b.disconnect() }
  })

  it('SET-ACTIVE-EXPIRE toggles the server flag', async () => {
    const c = client(srv.port)
    try {
      await c.call('DEBUG', 'SET-ACTIVE-EXPIRE', '0')
      assert.equal(srv.server.activeExpireEnabled, false)
      await c.call('DEBUG', 'SET-ACTIVE-EXPIRE', '1')
      assert.equal(srv.server.activeExpireEnabled, true)
    } finally { c.disconnect() }
  })

  it('OBJECT describes the value with Redis field names', async () => {
    const c = client(srv.port)
    try {
      await c.set('o:int', '42')
      await c.rpush('o:list', 'a', 'b', 'c')
      await c.hset('o:hash', 'f', 'v')
      assert.match(String(await c.call('DEBUG', 'OBJECT', 'o:int')),
        /^Value at:0x[0-9a-f]{12} refcount:2147483647 encoding:int serializedlength:2 lru:\d+ lru_seconds_idle:\d+$/)
      assert.match(String(await c.call('DEBUG', 'OBJECT', 'o:list')),
        / encoding:quicklist serializedlength:19 .* ql_nodes:1 ql_avg_node:3\.00 ql_listpack_max:-2 ql_compressed:0 ql_uncompressed_size:16$/)
      assert.match(String(await c.call('DEBUG', 'OBJECT', 'o:hash')), / refcount:1 encoding:listpack serializedlength:\d+ /)
      await assert.rejects(c.call('DEBUG', 'OBJECT', 'o:none'), /ERR no such key/)
    } finally { c.disconnect() }
  })

  it('DIGEST changes with the data and DIGEST-VALUE is per key', async () => {
    const c = client(srv.port)
    try {
      await c.flushall()
      assert.equal(await c.call('DEBUG', 'DIGEST'), '0'.repeat(40))
      await c.set('a', '1')
      assert.equal(await c.call('DEBUG', 'DIGEST'), '943d800368fb9c0e951138f1bc0e313ac769d91f')
      assert.deepEqual(await c.call('DEBUG', 'DIGEST-VALUE', 'a', 'b'),
        ['b4fc66738120fba0b5aa500ab5c2bf89cea1c5da', '0'.repeat(40)])
    } finally { c.disconnect() }
  })

  it('answers unknown subcommands like Redis', async () => {
    const c = client(srv.port)
    try {
      await assert.rejects(c.call('DEBUG', 'RELOADX'),
        /ERR unknown subcommand or wrong number of arguments for 'RELOADX'\. Try DEBUG HELP\./)
      const help = (await c.call('DEBUG', 'HELP')) as string[]
      assert.match(help[0], /^DEBUG <subcommand>/)
      assert.ok(help.includes('DIGEST-VALUE <key> [<key> ...]'))
    } finally { c.disconnect() }
  })
})
