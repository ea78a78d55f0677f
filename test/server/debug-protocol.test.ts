import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, type InProc } from '../helpers/in-proc-server.js'
import { cmd, exchange } from '../helpers/resp.js'

// Each type's bytes as redis-server 7.0.15 sends them (captured with a raw socket), RESP2 then RESP3.
const EXPECTED: Array<[string, string, string]> = [
  ['string', '$11\r\nHello World\r\n', '$11\r\nHello World\r\n'],
  ['integer', ':12345\r\n', ':12345\r\n'],
  ['double', '$5\r\n3.141\r\n', ',3.141\r\n'],
  ['bignum', '$37\r\n1234567999999999999999999999999999999\r\n', '(1234567999999999999999999999999999999\r\n'],
  ['null', '$-1\r\n', '_\r\n'],
  ['array', '*3\r\n:0\r\n:1\r\n:2\r\n', '*3\r\n:0\r\n:1\r\n:2\r\n'],
  ['set', '*3\r\n:0\r\n:1\r\n:2\r\n', '~3\r\n:0\r\n:1\r\n:2\r\n'],
  ['map', '*6\r\n:0\r\n:0\r\n:1\r\n:1\r\n:2\r\n:0\r\n', '%3\r\n:0\r\n#f\r\n:1\r\n#t\r\n:2\r\n#f\r\n'],
  ['attrib', '$39\r\nSome real reply following the attribute\r\n',
    '|1\r\n$14\r\nkey-popularity\r\n*2\r\n$7\r\nkey:123\r\n:90\r\n$39\r\nSome real reply following the attribute\r\n'],
  ['push', '-ERR RESP2 is not supported by this command\r\n',
    '>2\r\n$16\r\nserver-cpu-usage\r\n:42\r\n$40\r\nSome real reply following the push reply\r\n'],
  ['verbatim', '$25\r\nThis is a verbatim\nstring\r\n', '=29\r\ntxt:This is a verbatim\nstring\r\n'],
  ['true', ':1\r\n', '#t\r\n'],
  ['false', ':0\r\n', '#f\r\n'],
]

const HELLO3_PREFIX = /^%7\r\n[\s\S]*?\$7\r\nmodules\r\n\*0\r\n/

describe('DEBUG PROTOCOL', () => {
  let srv: InProc
  before(async () => { srv = await startServer({ 'enable-debug-command': 'yes' }) })
  after(async () => { await srv.stop() })

  async function replies(proto: 2 | 3, argvs: string[][]): Promise<string> {
    const hello = proto === 3 ? [cmd('HELLO', '3')] : []
    const r = await exchange(srv.port, [...hello, ...argvs.map((a) => cmd(...a))], { idleMs: 150 })
    return proto === 3 ? r.data.replace(HELLO3_PREFIX, '') : r.data
  }

  for (const [type, resp2, resp3] of EXPECTED) {
    it(`sends ${type} exactly as Redis does in RESP2 and RESP3`, async () => {
      assert.equal(await replies(2, [['DEBUG', 'PROTOCOL', type]]), resp2)
      assert.equal(await replies(3, [['DEBUG', 'PROTOCOL', type.toUpperCase()]]), resp3)
    })
  }

  it('keeps attributes and pushes out of the count of an EXEC array', async () => {
    const tx = [['MULTI'], ['DEBUG', 'PROTOCOL', 'attrib'], ['DEBUG', 'PROTOCOL', 'push'], ['DEBUG', 'PROTOCOL', 'map'], ['EXEC']]
    assert.equal(await replies(3, tx), '+OK\r\n+QUEUED\r\n+QUEUED\r\n+QUEUED\r\n*3\r\n' +
      '|1\r\n$14\r\nkey-popularity\r\n*2\r\n$7\r\nkey:123\r\n:90\r\n$39\r\nSome real reply following the attribute\r\n' +
      '>2\r\n$16\r\nserver-cpu-usage\r\n:42\r\n$40\r\nSome real reply following the push reply\r\n' +
      '%3\r\n:0\r\n#f\r\n:1\r\n#t\r\n:2\r\n#f\r\n')
    assert.equal(await replies(2, tx.slice(0, 3).concat([['EXEC']])), '+OK\r\n+QUEUED\r\n+QUEUED\r\n*2\r\n' +
      '$39\r\nSome real reply following the attribute\r\n-ERR RESP2 is not supported by this command\r\n')
  })

  it('answers a wrong type name or argument count with Redis\'s errors', async () => {
    assert.equal(await replies(2, [['DEBUG', 'PROTOCOL', 'foo'], ['DEBUG', 'PROTOCOL'], ['DEBUG', 'PROTOCOL', 'a', 'b'], ['DEBUG', 'PROTOCOL', '__proto__']]),
      '-ERR Wrong protocol type name. Please use one of the following: string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false\r\n' +
      "-ERR unknown subcommand or wrong number of arguments for 'PROTOCOL'. Try DEBUG HELP.\r\n" +
      "-ERR unknown subcommand or wrong number of arguments for 'PROTOCOL'. Try DEBUG HELP.\r\n" +
      '-ERR Wrong protocol type name. Please use one of the following: string|integer|double|bignum|null|array|set|map|attrib|push|verbatim|true|false\r\n')
  })
})
