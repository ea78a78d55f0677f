// MIGRATE between two in-process rcl-node servers (and a few scripted targets): the moves, the
// options, Redis's replies and errors, the connection cache, and the DEL propagated for moved keys.
import { after, before, beforeEach, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { connect, createServer, type Server as NetServer, type Socket } from 'node:net'
import type Redis from 'ioredis'
import { client } from '../helpers/client.js'
import { startServer, type InProc } from '../helpers/in-proc-server.js'

const H = '127.0.0.1'

/** A target that accepts connections and answers nothing until `release()` is called (then +OK per request). */
class SilentTarget {
  readonly server: NetServer
  readonly sockets: Socket[] = []
  private held: Array<() => void> = []
  constructor() {
    this.server = createServer((s) => {
      this.sockets.push(s)
      s.on('error', () => undefined)
      s.on('data', (d) => {
        const requests = d.toString('latin1').split('\r\n').filter((l) => l.startsWith('*')).length
        for (let i = 0; i < requests; i++) this.held.push(() => s.write('+OK\r\n'))
      })
    })
  }
  async listen(): Promise<number> {
    await new Promise<void>((r) => this.server.listen(0, H, r))
    return (this.server.address() as { port: number }).port
  }
  get heldCount(): number { return this.held.length }
  release(): void { for (const f of this.held.splice(0)) f() }
  close(): Promise<void> {
    for (const s of this.sockets) s.destroy()
    return new Promise((r) => this.server.close(() => r()))
  }
}

async function errorOf(p: Promise<unknown>): Promise<string> {
  try {
    await p
  } catch (e) {
    return (e as Error).message
  }
  throw new Error('expected an error reply')
}

async function info(c: Redis, field: string): Promise<number> {
  const text = await c.info()
  const m = new RegExp(`^${field}:(\\d+)`, 'm').exec(text)
  return Number(m?.[1])
}

describe('MIGRATE', () => {
  let a: InProc
  let b: InProc
  let ca: Redis
  let cb: Redis
  const propagated: string[][] = []

  before(async () => {
    a = await startServer()
    b = await startServer()
    ca = client(a.port)
    cb = client(b.port)
    a.server.propagation.sinks.push((_db, argvs) => { for (const x of argvs) propagated.push(x) })
  })
  after(async () => {
    ca.disconnect()
    cb.disconnect()
    await a.stop()
    await b.stop()
  })
  beforeEach(async () => {
    await ca.flushall()
    await cb.flushall()
    propagated.length = 0
  })

  it('moves one key: gone here, there on the target, DEL propagated', async () => {
    await ca.set('k', 'v')
    assert.equal(await ca.migrate(H, b.port, 'k', 0, 1000), 'OK')
    assert.equal(await ca.exists('k'), 0)
    assert.equal(await cb.get('k'), 'v')
    assert.deepEqual(propagated.filter((x) => x[0] === 'DEL'), [['DEL', 'k']])
  })

  it('moves several keys with KEYS, skipping missing ones, into the given db', async () => {
    await ca.mset('k1', '1', 'k2', '2')
    await ca.rpush('l', 'x', 'y')
    assert.equal(await ca.call('MIGRATE', H, String(b.port), '', '3', '1000', 'KEYS', 'k1', 'nope', 'k2', 'l'), 'OK')
    assert.equal(await ca.dbsize(), 0)
    await cb.select(3)
    assert.deepEqual(await cb.mget('k1', 'k2'), ['1', '2'])
    assert.deepEqual(await cb.lrange('l', 0, -1), ['x', 'y'])
    await cb.select(0)
    assert.deepEqual(propagated.filter((x) => x[0] === 'DEL'), [['DEL', 'k1', 'k2', 'l']])
  })

  it('keeps the key with COPY and propagates nothing', async () => {
    await ca.set('k', 'v')
    assert.equal(await ca.call('MIGRATE', H, String(b.port), 'k', '0', '1000', 'COPY'), 'OK')
    assert.equal(await ca.get('k'), 'v')
    assert.equal(await cb.get('k'), 'v')
    assert.deepEqual(propagated.filter((x) => x[0] === 'DEL'), [])
  })

  it('answers the target\'s BUSYKEY without REPLACE, and overwrites with REPLACE', async () => {
    await ca.set('k', 'new')
    await cb.set('k', 'old')
    assert.equal(await errorOf(ca.migrate(H, b.port, 'k', 0, 1000)), 'ERR Target instance replied with error: BUSYKEY Target key name already exists.')
    assert.equal(await ca.get('k'), 'new')
    assert.equal(await cb.get('k'), 'old')
    assert.equal(await ca.call('MIGRATE', H, String(b.port), 'k', '0', '1000', 'REPLACE'), 'OK')
    assert.equal(await cb.get('k'), 'new')
    assert.equal(await ca.exists('k'), 0)
  })

  it('deletes the keys the target took even when another key failed', async () => {
    await ca.mset('k1', '1', 'k2', '2')
    await cb.set('k2', 'there')
    const e = await errorOf(ca.call('MIGRATE', H, String(b.port), '', '0', '1000', 'KEYS', 'k1', 'k2'))
    assert.equal(e, 'ERR Target instance replied with error: BUSYKEY Target key name already exists.')
    assert.equal(await ca.exists('k1'), 0)
    assert.equal(await ca.get('k2'), '2')
    assert.deepEqual(propagated.filter((x) => x[0] === 'DEL'), [['DEL', 'k1']])
  })

  it('answers NOKEY when none of the keys exists', async () => {
    assert.equal(await ca.migrate(H, b.port, 'missing', 0, 1000), 'NOKEY')
    assert.equal(await ca.call('MIGRATE', H, String(b.port), '', '0', '1000', 'KEYS', 'm1', 'm2'), 'NOKEY')
    assert.equal(await ca.call('MIGRATE', H, String(b.port), '', '0', '1000', 'KEYS'), 'NOKEY')
  })

  it('carries the TTL', async () => {
    await ca.set('k', 'v', 'PX', 100000)
    assert.equal(await ca.migrate(H, b.port, 'k', 0, 1000), 'OK')
    const pttl = await cb.pttl('k')
    assert.ok(pttl > 95000 && pttl <= 100000, String(pttl))
  })

  it('passes the target\'s SELECT error on, keeping the key here (the RESTORE still ran, as in Redis)', async () => {
    await ca.set('k', 'v')
    assert.equal(await errorOf(ca.migrate(H, b.port, 'k', 99, 1000)), 'ERR Target instance replied with error: ERR DB index is out of range')
    assert.equal(await ca.get('k'), 'v')
    // the failed SELECT left the connection in db 0, where Redis's pipelined RESTORE lands too
    assert.equal(await cb.get('k'), 'v')
    assert.equal(await errorOf(ca.migrate(H, b.port, 'k', 0, 1000)), 'ERR Target instance replied with error: BUSYKEY Target key name already exists.')
  })

  it('reuses one cached connection and SELECTs only when the db changes', async () => {
    // a fresh target, so the count of its connections and SELECTs is this test's alone
    const t = await startServer()
    const ct = client(t.port)
    try {
      const before = await info(ct, 'total_connections_received')
      for (let i = 0; i < 4; i++) {
        await ca.set(`k${i}`, 'v')
        assert.equal(await ca.migrate(H, t.port, `k${i}`, i < 3 ? 0 : 1, 1000), 'OK')
      }
      assert.equal(await info(ct, 'total_connections_received'), before + 1)
      const stats = await ct.info('commandstats')
      assert.match(stats, /cmdstat_select:calls=2,/)
      assert.match(stats, /cmdstat_restore:calls=4,/)
      assert.ok(await info(ca, 'migrate_cached_sockets') >= 1)
    } finally {
      ct.disconnect()
      await t.stop()
    }
  })

  it('reconnects once, transparently, when the cached connection fails before any reply', async () => {
    // a target whose connection drops the next request it gets without answering (a stale connection)
    let dropNext = false
    let connections = 0
    const sockets: Socket[] = []
    const flaky = createServer((s) => {
      connections++
      sockets.push(s)
      s.on('error', () => undefined)
      s.on('data', (d) => {
        if (dropNext) { dropNext = false; s.destroy(); return }
        const n = d.toString('latin1').split('\r\n').filter((l) => l.startsWith('*')).length
        s.write('+OK\r\n'.repeat(n))
      })
    })
    await new Promise<void>((r) => flaky.listen(0, H, r))
    const port = (flaky.address() as { port: number }).port
    try {
      await ca.mset('k1', 'v', 'k2', 'v')
      assert.equal(await ca.migrate(H, port, 'k1', 0, 1000), 'OK')
      dropNext = true
      assert.equal(await ca.migrate(H, port, 'k2', 0, 1000), 'OK')
      assert.equal(connections, 2)
      assert.equal(await ca.dbsize(), 0)
    } finally {
      for (const s of sockets) s.destroy()
      await new Promise((r) => flaky.close(r))
    }
  })

  it('times out against a target that never answers, within the timeout', async () => {
    const silent = new SilentTarget()
    const port = await silent.listen()
    try {
      await ca.set('k', 'v')
      const t0 = Date.now()
      assert.equal(await errorOf(ca.migrate(H, port, 'k', 0, 200)), 'IOERR error or timeout reading to target instance')
      const took = Date.now() - t0
      assert.ok(took >= 190 && took < 2000, `took ${took} ms`)
      assert.equal(await ca.get('k'), 'v')
      assert.deepEqual(propagated.filter((x) => x[0] === 'DEL'), [])
    } finally {
      await silent.close()
    }
  })

  it('answers IOERR when the target refuses the connection or its name does not resolve', async () => {
    const closed = new SilentTarget()
    const port = await closed.listen()
    await closed.close()
    await ca.set('k', 'v')
    assert.equal(await errorOf(ca.migrate(H, port, 'k', 0, 500)), 'IOERR error or timeout writing to target instance')
    assert.equal(await errorOf(ca.migrate('no-such-host.invalid', 1, 'k', 0, 500)), 'IOERR error or timeout connecting to the client')
    assert.equal(await ca.get('k'), 'v')
  })

  it('keeps a key that another client changed while the target was answering', async () => {
    const slow = new SilentTarget()
    const port = await slow.listen()
    const other = client(a.port)
    try {
      await ca.mset('same', '1', 'changed', '1')
      await ca.rpush('pushed', 'a')
      const reply = ca.call('MIGRATE', H, String(port), '', '0', '5000', 'KEYS', 'same', 'changed', 'pushed')
      while (slow.heldCount < 4) await new Promise((r) => setTimeout(r, 5))
      await other.set('changed', '2')
      await other.rpush('pushed', 'b')
      slow.release()
      assert.equal(await reply, 'OK')
      assert.equal(await ca.exists('same'), 0)
      assert.equal(await ca.get('changed'), '2')
      assert.deepEqual(await ca.lrange('pushed', 0, -1), ['a', 'b'])
      assert.deepEqual(propagated.filter((x) => x[0] === 'DEL'), [['DEL', 'same']])
    } finally {
      other.disconnect()
      await slow.close()
    }
  })

  it('finishes a MIGRATE whose client left while the target was answering', async () => {
    const slow = new SilentTarget()
    const port = await slow.listen()
    const leaver = client(a.port)
    try {
      await ca.set('k', 'v')
      void leaver.call('MIGRATE', H, String(port), 'k', '0', '5000').catch(() => undefined)
      while (slow.heldCount < 2) await new Promise((r) => setTimeout(r, 5))
      leaver.disconnect()
      await new Promise((r) => setTimeout(r, 20))
      slow.release()
      const deadline = Date.now() + 2000
      while (await ca.exists('k') === 1 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10))
      assert.equal(await ca.exists('k'), 0)
      assert.deepEqual(propagated.filter((x) => x[0] === 'DEL'), [['DEL', 'k']])
      assert.equal(await ca.ping(), 'PONG')
    } finally {
      await slow.close()
    }
  })

  it('writes the replies of a pipeline with MIGRATEs in one write once the last MIGRATE ends, as Redis does', async () => {
    await ca.mset('k0', '0', 'k1', '1', 'k2', '2')
    const raw = connect(a.port, H)
    await new Promise((r) => raw.once('connect', r))
    try {
      const resp = (args: Array<string | number>): string => `*${args.length}\r\n${args.map((x) => `$${Buffer.byteLength(String(x))}\r\n${x}\r\n`).join('')}`
      const migrate = (...keys: string[]): string => resp(['MIGRATE', H, b.port, '', 0, 1000, 'KEYS', ...keys])
      const before = await info(ca, 'total_writes_processed')
      let got = ''
      raw.on('data', (d: Buffer) => { got += d.toString('latin1') })
      raw.write(resp(['PING']) + migrate('k0') + migrate('k1', 'k2') + resp(['ECHO', 'x']))
      for (let i = 0; i < 200 && got.length < 26; i++) await new Promise((r) => setTimeout(r, 10))
      assert.equal(got, '+PONG\r\n+OK\r\n+OK\r\n$1\r\nx\r\n')
      // the earlier INFO's reply, then the whole pipeline's: one write each (one per MIGRATE before)
      assert.equal(await info(ca, 'total_writes_processed') - before, 2)
    } finally {
      raw.destroy()
    }
  })

  it('gives Redis\'s errors for bad arguments', async () => {
    const p = String(b.port)
    await ca.set('k', 'v')
    assert.equal(await errorOf(ca.call('MIGRATE', H, p, 'k', '0')), "ERR wrong number of arguments for 'migrate' command")
    assert.equal(await errorOf(ca.call('MIGRATE', H, p, 'k', 'x', '1000')), 'ERR value is not an integer or out of range')
    assert.equal(await errorOf(ca.call('MIGRATE', H, p, 'k', '0', '1.5')), 'ERR value is not an integer or out of range')
    assert.equal(await errorOf(ca.call('MIGRATE', H, p, 'k', '0', '1000', 'FOO')), 'ERR syntax error')
    assert.equal(await errorOf(ca.call('MIGRATE', H, p, 'k', '0', '1000', 'AUTH')), 'ERR syntax error')
    assert.equal(await errorOf(ca.call('MIGRATE', H, p, 'k', '0', '1000', 'AUTH2', 'u')), 'ERR syntax error')
    assert.equal(await errorOf(ca.call('MIGRATE', H, p, 'k', '0', '1000', 'KEYS', 'k')),
      'ERR When using MIGRATE KEYS option, the key argument must be set to the empty string')
    assert.equal(await ca.get('k'), 'v')
  })

  it('refuses to run inside MULTI/EXEC rather than answer before the target does', async () => {
    await ca.set('k', 'v')
    const r = await ca.multi().call('MIGRATE', H, String(b.port), 'k', '0', '1000').exec()
    assert.match(String(r?.[0][0]), /MIGRATE cannot run inside MULTI\/EXEC/)
    assert.equal(await ca.get('k'), 'v')
  })

  it('reports its keys to COMMAND GETKEYS, in both forms', async () => {
    assert.deepEqual(await ca.call('COMMAND', 'GETKEYS', 'MIGRATE', H, '1', 'k', '0', '1000'), ['k'])
    assert.deepEqual(await ca.call('COMMAND', 'GETKEYS', 'MIGRATE', H, '1', '', '0', '1000', 'AUTH2', 'keys', 'pw', 'KEYS', 'x', 'y'), ['x', 'y'])
  })
})

describe('MIGRATE to a target with requirepass', () => {
  let a: InProc
  let t: InProc
  let ca: Redis
  before(async () => {
    a = await startServer()
    t = await startServer({ requirepass: 'secret' })
    ca = client(a.port)
  })
  after(async () => {
    ca.disconnect()
    await a.stop()
    await t.stop()
  })

  it('passes NOAUTH and WRONGPASS on, and moves the key with AUTH or AUTH2', async () => {
    const p = String(t.port)
    await ca.mset('k1', '1', 'k2', '2')
    assert.equal(await errorOf(ca.call('MIGRATE', H, p, 'k1', '0', '1000')), 'ERR Target instance replied with error: NOAUTH Authentication required.')
    assert.equal(await errorOf(ca.call('MIGRATE', H, p, 'k1', '0', '1000', 'AUTH', 'bad')),
      'ERR Target instance replied with error: WRONGPASS invalid username-password pair or user is disabled.')
    assert.equal(await ca.get('k1'), '1')
    assert.equal(await ca.call('MIGRATE', H, p, 'k1', '0', '1000', 'AUTH', 'secret'), 'OK')
    assert.equal(await ca.call('MIGRATE', H, p, 'k2', '0', '1000', 'AUTH2', 'default', 'secret'), 'OK')
    assert.equal(await ca.dbsize(), 0)
    const ct = client(t.port, { password: 'secret' })
    try {
      assert.deepEqual(await ct.mget('k1', 'k2'), ['1', '2'])
    } finally { ct.disconnect() }
  })
})
