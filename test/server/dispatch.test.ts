import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { startServer, type InProc } from '../helpers/in-proc-server.js'
import { client } from '../helpers/client.js'

describe('dispatch', () => {
  let srv: InProc
  before(async () => { srv = await startServer() })
  after(async () => { await srv.stop() })

  it('counts wrong-arity calls as rejected_calls of the command', async () => {
    const c = client(srv.port)
    try {
      await c.call('CONFIG', 'RESETSTAT')
      await assert.rejects(c.call('GET'), /wrong number of arguments for 'get' command/)
      await assert.rejects(c.call('GET', 'a', 'b'), /wrong number of arguments/)
      const info = String(await c.call('INFO', 'commandstats'))
      assert.match(info, /cmdstat_get:calls=0,usec=0,usec_per_call=0\.00,rejected_calls=2,failed_calls=0/)
    } finally { c.disconnect() }
  })

  it('discards the transaction when EXEC itself is refused', async () => {
    const c = client(srv.port)
    try {
      await c.call('MULTI')
      await c.call('SET', 'd:a', '1')
      await assert.rejects(c.call('EXEC', 'extra'), /^ReplyError: EXECABORT Transaction discarded because of: wrong number of arguments for 'exec' command/)
      await assert.rejects(c.call('EXEC'), /EXEC without MULTI/)
      assert.equal(await c.get('d:a'), null)
    } finally { c.disconnect() }
  })
})
