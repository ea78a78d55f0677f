import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { client } from '../helpers/client.js'
import { startServer, type InProc } from '../helpers/in-proc-server.js'
import { cmd, exchange } from '../helpers/resp.js'

const HELLO_TAIL = '$4\r\nmode\r\n$10\r\nstandalone\r\n$4\r\nrole\r\n$6\r\nmaster\r\n$7\r\nmodules\r\n*0\r\n'

describe('HELLO, AUTH, RESET (no password)', () => {
  let srv: InProc
  before(async () => { srv = await startServer() })
  after(async () => { await srv.stop() })

  it('answers HELLO 3 with a RESP3 map and switches the protocol', async () => {
    const r = await exchange(srv.port, [cmd('HELLO', '3'), cmd('GET', 'nosuch'), cmd('HELLO', '2'), cmd('GET', 'nosuch')], { idleMs: 150 })
    assert.match(r.data, /^%7\r\n\$6\r\nserver\r\n\$5\r\nredis\r\n\$7\r\nversion\r\n\$6\r\n7\.0\.15\r\n\$5\r\nproto\r\n:3\r\n\$2\r\nid\r\n:\d+\r\n/)
    assert.ok(r.data.includes(HELLO_TAIL + '_\r\n*14\r\n'), r.data)
    assert.ok(r.data.endsWith(HELLO_TAIL + '$-1\r\n'))
  })

  it('rejects bad protocol versions and options with Redis texts', async () => {
    const r = await exchange(srv.port, [cmd('HELLO', '4'), cmd('HELLO', 'x'), cmd('HELLO', '3', 'foo'), cmd('HELLO', '3', 'SETNAME', 'a b')], { idleMs: 150 })
    assert.equal(r.data, '-NOPROTO unsupported protocol version\r\n-ERR Protocol version is not an integer or out of range\r\n' +
      "-ERR Syntax error in HELLO option 'foo'\r\n-ERR Client names cannot contain spaces, newlines or special characters.\r\n")
  })

  it('refuses AUTH <password> when no password is configured', async () => {
    const r = await exchange(srv.port, [cmd('AUTH', 'x'), cmd('AUTH', 'default', 'x'), cmd('AUTH', 'bob', 'x')], { idleMs: 150 })
    assert.equal(r.data, '-ERR AUTH <password> called without any password configured for the default user. Are you sure your configuration is correct?\r\n' +
      '+OK\r\n-WRONGPASS invalid username-password pair or user is disabled.\r\n')
  })

  it('answers PING plainly to RESP3 subscribers and as a pair to RESP2 ones', async () => {
    const r3 = await exchange(srv.port, [cmd('HELLO', '3'), cmd('SUBSCRIBE', 'ch'), cmd('PING')], { idleMs: 150 })
    assert.ok(r3.data.endsWith('>3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n+PONG\r\n'), r3.data)
    const r2 = await exchange(srv.port, [cmd('SUBSCRIBE', 'ch'), cmd('PING', 'hi')], { idleMs: 150 })
    assert.ok(r2.data.endsWith('*2\r\n$4\r\npong\r\n$2\r\nhi\r\n'))
  })

  it('RESET leaves MULTI, pub/sub, db, name, protocol and MONITOR', async () => {
    const r = await exchange(srv.port, [
      cmd('SELECT', '3'), cmd('CLIENT', 'SETNAME', 'n'), cmd('HELLO', '3'), cmd('SUBSCRIBE', 'c1'), cmd('MULTI'), cmd('MONITOR'),
      cmd('RESET'), cmd('CLIENT', 'INFO'), cmd('EXEC'),
    ], { idleMs: 200 })
    assert.ok(r.data.includes('+RESET\r\n$'), r.data)
    const info = r.data.slice(r.data.indexOf('+RESET\r\n'))
    assert.match(info, / name= .* flags=N db=0 sub=0 psub=0 /)
    assert.match(info, / resp=2\n/)
    assert.ok(r.data.endsWith('-ERR EXEC without MULTI\r\n'))
    assert.equal(srv.server.pubsub.channels.size, 0)
    assert.equal(srv.server.monitors.size, 0)
  })
})

describe('authentication with requirepass', () => {
  let srv: InProc
  before(async () => { srv = await startServer({ requirepass: 'secret' }) })
  after(async () => { await srv.stop() })

  it('requires AUTH, accepts both forms, and RESET logs out', async () => {
    const r = await exchange(srv.port, [cmd('PING'), cmd('AUTH', 'nope'), cmd('AUTH', 'secret'), cmd('PING'), cmd('RESET'), cmd('PING'), cmd('AUTH', 'default', 'secret'), cmd('PING')], { idleMs: 150 })
    assert.equal(r.data, '-NOAUTH Authentication required.\r\n-WRONGPASS invalid username-password pair or user is disabled.\r\n+OK\r\n+PONG\r\n' +
      '+RESET\r\n-NOAUTH Authentication required.\r\n+OK\r\n+PONG\r\n')
  })

  it('lets HELLO authenticate and name the connection in one call', async () => {
    const r = await exchange(srv.port, [cmd('HELLO', '3'), cmd('HELLO', '3', 'AUTH', 'default', 'bad'), cmd('HELLO', '3', 'AUTH', 'default', 'secret', 'SETNAME', 'app'), cmd('CLIENT', 'GETNAME')], { idleMs: 150 })
    assert.ok(r.data.startsWith('-NOAUTH HELLO must be called with the client already authenticated, otherwise the HELLO AUTH <user> <pass> option can be used'))
    assert.ok(r.data.includes('-WRONGPASS invalid username-password pair or user is disabled.\r\n%7\r\n'))
    assert.ok(r.data.endsWith('$3\r\napp\r\n'))
  })

  it('works through ioredis with a password', async () => {
    const c = client(srv.port, { password: 'secret' })
    try {
      assert.equal(await c.ping(), 'PONG')
    } finally { c.disconnect() }
  })
})
