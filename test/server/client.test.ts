import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { setTimeout as sleep } from 'node:timers/promises'
import { client } from '../helpers/client.js'
import { startServer, type InProc } from '../helpers/in-proc-server.js'
import { cmd, exchange, RawClient } from '../helpers/resp.js'

const LIST_FIELDS = 'id addr laddr fd name age idle flags db sub psub ssub multi qbuf qbuf-free argv-mem multi-mem rbs rbp obl oll omem tot-mem events cmd user redir resp'

function fields(line: string): Map<string, string> {
  return new Map(line.trim().split(' ').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)]))
}

describe('CLIENT', () => {
  let srv: InProc
  before(async () => { srv = await startServer() })
  after(async () => { await srv.stop() })

  it('lists Redis 7.0 fields in order with live state', async () => {
    const a = client(srv.port)
    const b = client(srv.port)
    try {
      await a.client('SETNAME', 'alpha')
      await b.subscribe('news')
      const list = (await a.client('LIST')) as string
      const lines = list.trim().split('\n')
      assert.equal(lines.length, 2)
      assert.equal([...fields(lines[0]).keys()].join(' '), LIST_FIELDS)
      const mine = fields(lines.find((l) => l.includes('name=alpha')) as string)
      assert.equal(mine.get('cmd'), 'client|list')
      assert.equal(mine.get('flags'), 'N')
      const sub = fields(lines.find((l) => !l.includes('name=alpha')) as string)
      assert.equal(sub.get('flags'), 'P')
      assert.equal(sub.get('sub'), '1')
      assert.equal(sub.get('cmd'), 'subscribe')
      const pubsubOnly = (await a.client('LIST', 'TYPE', 'pubsub')) as string
      assert.equal(pubsubOnly.trim().split('\n').length, 1)
      const byId = (await a.client('LIST', 'ID', String(await a.client('ID')), '999999')) as string
      assert.match(byId, /name=alpha/)
    } finally { a.disconnect(); b.disconnect() }
  })

  it('shows MULTI and a blocked client in the flags', async () => {
    const a = client(srv.port)
    const b = client(srv.port)
    try {
      const bid = String(await b.client('ID'))
      void b.call('WAIT', '1', '0').catch(() => undefined)
      await sleep(50)
      assert.match((await a.client('LIST', 'ID', bid)) as string, / flags=b /)
      await a.client('UNBLOCK', bid)
      await a.multi().exec()
      const inMulti = exchange(srv.port, [cmd('CLIENT', 'SETNAME', 'tx'), cmd('MULTI'), cmd('SET', 'k', 'v')], { idleMs: 300 })
      await sleep(100)
      assert.match((await a.client('LIST')) as string, /name=tx .* flags=x .* multi=1 /)
      await inMulti
    } finally { a.disconnect(); b.disconnect() }
  })

  it('kills by ID, by old-style address, and not itself unless SKIPME no', async () => {
    const a = client(srv.port)
    const b = client(srv.port)
    const c = client(srv.port)
    try {
      const bid = String(await b.client('ID'))
      assert.equal(await a.client('KILL', 'ID', bid), 1)
      assert.doesNotMatch((await a.client('LIST')) as string, new RegExp(`id=${bid} `))
      const cinfo = fields((await c.client('INFO')) as string)
      assert.equal(await a.client('KILL', cinfo.get('addr') as string), 'OK')
      await assert.rejects(a.client('KILL', '1.2.3.4:5'), /No such client/)
      assert.equal(await a.client('KILL', 'TYPE', 'normal'), 0)
      assert.equal(await a.client('KILL', 'TYPE', 'normal', 'SKIPME', 'no'), 1)
    } finally { a.disconnect(); b.disconnect(); c.disconnect() }
  })

  it('unblocks a waiting client with its timeout reply or an UNBLOCKED error', async () => {
    const a = client(srv.port)
    const b = client(srv.port)
    try {
      const bid = String(await b.client('ID'))
      const waiting = b.call('WAIT', '1', '0')
      await sleep(30)
      assert.equal(await a.client('UNBLOCK', bid), 1)
      assert.equal(await waiting, 0)
      const failing = b.call('WAIT', '1', '0')
      await sleep(30)
      // the rejection may arrive before a's own reply: watch for it first
      const rejected = assert.rejects(failing, /^ReplyError: UNBLOCKED client unblocked via CLIENT UNBLOCK$/)
      assert.equal(await a.client('UNBLOCK', bid, 'ERROR'), 1)
      await rejected
      assert.equal(await a.client('UNBLOCK', bid), 0)
    } finally { a.disconnect(); b.disconnect() }
  })

  it('holds writes during CLIENT PAUSE WRITE and runs them in order after UNPAUSE', async () => {
    const a = client(srv.port)
    const b = client(srv.port)
    try {
      await a.client('PAUSE', '10000', 'WRITE')
      const order: string[] = []
      const w1 = b.set('p', '1').then(() => order.push('set1'))
      const w2 = b.incr('p').then(() => order.push('incr'))
      await sleep(50)
      assert.equal(await a.get('p'), null)
      assert.match((await a.info('clients')) as string, /blocked_clients:1/)
      await a.client('UNPAUSE')
      await Promise.all([w1, w2])
      assert.deepEqual(order, ['set1', 'incr'])
      assert.equal(await a.get('p'), '2')
    } finally { a.disconnect(); b.disconnect() }
  })

  it('ends CLIENT PAUSE ALL at its timeout', async () => {
    const a = client(srv.port)
    try {
      const t0 = Date.now()
      await a.client('PAUSE', '120')
      assert.equal(await a.ping(), 'PONG')
      assert.ok(Date.now() - t0 >= 100)
    } finally { a.disconnect() }
  })

  it('drops replies with REPLY OFF and SKIP', async () => {
    const r = await exchange(srv.port, [cmd('CLIENT', 'REPLY', 'SKIP'), cmd('SET', 'r', '1'), cmd('GET', 'r'), cmd('CLIENT', 'REPLY', 'OFF'), cmd('PING'), cmd('CLIENT', 'REPLY', 'ON'), cmd('PING')], { idleMs: 150 })
    assert.equal(r.data, '$1\r\n1\r\n+OK\r\n+PONG\r\n')
  })

  // regression (issue 13): pushes are not replies, so REPLY OFF/SKIP never drop them (checked on redis-server 7.0.15)
  for (const mode of ['OFF', 'SKIP', 'ON']) {
    it(`delivers subscribe confirmations and messages under REPLY ${mode}`, async () => {
      const sub = new RawClient(srv.port)
      const pub = client(srv.port)
      try {
        await sub.connected
        sub.send(cmd('CLIENT', 'REPLY', mode), cmd('SUBSCRIBE', 'ch'), cmd('PSUBSCRIBE', 'c*'), cmd('PING'))
        const confirm = '*3\r\n$9\r\nsubscribe\r\n$2\r\nch\r\n:1\r\n*3\r\n$10\r\npsubscribe\r\n$2\r\nc*\r\n:2\r\n'
        const pong = mode === 'OFF' ? '' : '*2\r\n$4\r\npong\r\n$0\r\n\r\n'
        await sub.waitFor((mode === 'ON' ? '+OK\r\n' : '') + confirm + pong)
        assert.equal(await pub.publish('ch', 'hello'), 2)
        const messages = '*3\r\n$7\r\nmessage\r\n$2\r\nch\r\n$5\r\nhello\r\n*4\r\n$8\r\npmessage\r\n$2\r\nc*\r\n$2\r\nch\r\n$5\r\nhello\r\n'
        await sub.waitFor(messages)
      } finally {
        sub.close()
        pub.disconnect()
      }
    })
  }

  it('validates names and refuses tracking honestly', async () => {
    const a = client(srv.port)
    try {
      await assert.rejects(a.client('SETNAME', 'a b'), /Client names cannot contain spaces, newlines or special characters\./)
      assert.equal(await a.client('GETNAME'), null)
      await assert.rejects(a.client('TRACKING', 'on'), /CLIENT TRACKING is not supported by rcl-node/)
      assert.equal(await a.client('TRACKING', 'off'), 'OK')
      assert.equal(await a.client('GETREDIR'), -1)
      assert.equal(await a.client('NO-EVICT', 'on'), 'OK')
      assert.match((await a.client('INFO')) as string, / flags=e /)
    } finally { a.disconnect() }
  })
})
