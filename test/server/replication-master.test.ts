// The master side of replication, driven by a scripted replica over a raw socket: the handshake, both
// RDB framings, the held stream, partial resync from the backlog, ACKs, WAIT, PING and timeouts.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createConnection, type Socket } from 'node:net'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type Redis from 'ioredis'
import { client } from '../helpers/client.js'
import { cmd } from '../helpers/resp.js'
import { startServer, type InProc } from '../helpers/in-proc-server.js'
import { waitFor } from '../helpers/wait.js'
import { readRdbFile } from '../../src/node/persistence/rdb-file.js'

/** A replica reduced to its bytes: what it sends, and what it reads back, with bounded waits. */
class ScriptedReplica {
  private buf = Buffer.alloc(0)
  closed = false
  private constructor(private readonly s: Socket) {
    s.on('data', (d) => { this.buf = Buffer.concat([this.buf, d]) })
    s.on('close', () => { this.closed = true })
  }

  static open(port: number): Promise<ScriptedReplica> {
    return new Promise((resolve, reject) => {
      const s = createConnection({ host: '127.0.0.1', port }, () => resolve(new ScriptedReplica(s)))
      s.once('error', reject)
    })
  }

  send(...argv: string[]): void { this.s.write(cmd(...argv)) }

  /** Bytes received and not yet taken. */
  get pending(): number { return this.buf.length }

  async take(n: number): Promise<Buffer> {
    await waitFor(`${n} bytes from the master`, () => this.buf.length >= n)
    const out = this.buf.subarray(0, n)
    this.buf = this.buf.subarray(n)
    return out
  }

  /** One line without its CRLF, skipping the keep-alive newlines a master may send first. */
  async line(): Promise<string> {
    for (;;) {
      await waitFor('a line from the master', () => this.buf.includes(0x0a))
      const eol = this.buf.indexOf(0x0a)
      const text = this.buf.subarray(0, eol).toString('latin1').replace(/\r$/, '')
      this.buf = this.buf.subarray(eol + 1)
      if (text !== '') return text
    }
  }

  async until(mark: string): Promise<Buffer> {
    await waitFor(`the end mark ${mark}`, () => this.buf.includes(mark, 0, 'latin1'))
    const at = this.buf.indexOf(mark, 0, 'latin1')
    const out = this.buf.subarray(0, at)
    this.buf = this.buf.subarray(at + mark.length)
    return out
  }

  /** The handshake a 7.0 replica makes, answers checked. */
  async handshake(port: number, capas: string[] = ['eof', 'psync2']): Promise<void> {
    this.send('PING')
    assert.equal(await this.line(), '+PONG')
    this.send('REPLCONF', 'listening-port', String(port))
    assert.equal(await this.line(), '+OK')
    this.send('REPLCONF', ...capas.flatMap((c) => ['capa', c]))
    assert.equal(await this.line(), '+OK')
  }

  /** Stops reading from the socket, as a stuck replica would. */
  stopReading(): void { this.s.pause() }

  close(): void { this.s.destroy() }
}

function keysOf(rdb: Buffer): { keys: string[]; aux: Map<string, string> } {
  const keys: string[] = []
  const aux = new Map<string, string>()
  readRdbFile(rdb, { aux: (k, v) => { aux.set(k, v) }, entry: (e) => { keys.push(`${e.db}/${e.key}`) } })
  return { keys: keys.sort(), aux }
}

const field = async (c: Redis, section: string, name: string): Promise<string> =>
  (new RegExp(`^${name}:(.*)\r$`, 'm').exec(await c.info(section)) ?? [])[1] ?? ''

describe('replication, master side (in-process server, scripted replicas)', () => {
  let srv: InProc
  let c: Redis
  const replicas: ScriptedReplica[] = []
  const dir = mkdtempSync(join(tmpdir(), 'rcl-repl-master-'))
  const open = async (): Promise<ScriptedReplica> => {
    const r = await ScriptedReplica.open(srv.port)
    replicas.push(r)
    return r
  }
  before(async () => {
    srv = await startServer({ 'repl-diskless-sync-delay': '0', 'enable-debug-command': 'yes', dir })
    c = client(srv.port)
  })
  after(async () => {
    for (const r of replicas) r.close()
    c.disconnect()
    await srv.stop()
    rmSync(dir, { recursive: true, force: true })
  })

  it('full sync, diskless: FULLRESYNC, an EOF-framed RDB of that moment, then the stream once the replica ACKs', async () => {
    await c.set('a', '1')
    await c.select(2)
    await c.rpush('l', 'x')
    await c.select(0)
    const r = await open()
    await r.handshake(6001)
    r.send('PSYNC', '?', '-1')
    const [word, replid, offset] = (await r.line()).split(' ')
    assert.equal(word, '+FULLRESYNC')
    assert.match(replid, /^[0-9a-f]{40}$/)
    const framing = await r.line()
    assert.match(framing, /^\$EOF:[0-9a-f]{40}$/)
    const rdb = await r.until(framing.slice(5))
    const { keys, aux } = keysOf(rdb)
    assert.deepEqual(keys, ['0/a', '2/l'])
    assert.equal(aux.get('repl-id'), replid)
    assert.equal(aux.get('repl-offset'), offset)

    await c.set('b', '2')
    await new Promise((res) => setTimeout(res, 100))
    assert.equal(r.pending, 0, 'nothing streams before the first ACK')
    r.send('REPLCONF', 'ACK', offset)
    const expected = cmd('SELECT', '0').toString('latin1') + cmd('set', 'b', '2').toString('latin1')
    assert.equal((await r.take(expected.length)).toString('latin1'), expected)
    assert.match(await c.info('replication'), /slave0:ip=127\.0\.0\.1,port=6001,state=online,offset=\d+,lag=\d+/)
    assert.equal(await field(c, 'replication', 'master_replid'), replid)
    r.close()
    await waitFor('the replica to be forgotten', async () => (await field(c, 'replication', 'connected_slaves')) === '0')
  })

  it('full sync with $<len> framing for a replica without capa eof, the stream right after it', async () => {
    const r = await open()
    await r.handshake(6002, ['psync2'])
    r.send('PSYNC', '?', '-1')
    assert.match(await r.line(), /^\+FULLRESYNC [0-9a-f]{40} \d+$/)
    const len = await r.line()
    assert.match(len, /^\$\d+$/)
    const rdb = await r.take(Number(len.slice(1)))
    assert.deepEqual(keysOf(rdb).keys, ['0/a', '0/b', '2/l'])
    await c.incr('n')
    const expected = cmd('SELECT', '0').toString('latin1') + cmd('incr', 'n').toString('latin1')
    assert.equal((await r.take(expected.length)).toString('latin1'), expected)
    r.close()
  })

  it('continues partially from the backlog, and falls back to a full sync outside it or for another id', async () => {
    const replid = await field(c, 'replication', 'master_replid')
    const before = Number(await field(c, 'replication', 'master_repl_offset'))
    await c.set('p', 'q')
    const partialOk = Number(await field(c, 'stats', 'sync_partial_ok'))
    const r = await open()
    await r.handshake(6003)
    r.send('PSYNC', replid, String(before + 1))
    assert.equal(await r.line(), `+CONTINUE ${replid}`)
    const expected = cmd('set', 'p', 'q').toString('latin1')
    assert.equal((await r.take(expected.length)).toString('latin1'), expected)
    assert.equal(Number(await field(c, 'stats', 'sync_partial_ok')), partialOk + 1)

    const err = Number(await field(c, 'stats', 'sync_partial_err'))
    for (const [id, off] of [[replid, String(before + 10_000)], ['f'.repeat(40), '1']]) {
      const other = await open()
      await other.handshake(6004)
      other.send('PSYNC', id, off)
      assert.match(await other.line(), /^\+FULLRESYNC /)
      other.close()
    }
    assert.equal(Number(await field(c, 'stats', 'sync_partial_err')), err + 2)
    r.close()
  })

  it('answers REPLCONF, PSYNC, ROLE and WAIT as Redis does', async () => {
    const e = (p: Promise<unknown>): Promise<string> => p.then(String, (x: Error) => x.message)
    assert.equal(await e(c.call('REPLCONF', 'a')), 'ERR syntax error')
    assert.equal(await e(c.call('REPLCONF', 'foo', 'bar')), 'ERR Unrecognized REPLCONF option: foo')
    assert.equal(await e(c.call('REPLCONF', 'listening-port', 'abc')), 'ERR value is not an integer or out of range')
    assert.equal(await e(c.call('REPLCONF', 'rdb-filter-only', 'x')), 'ERR Unsupported rdb-filter-only option: x')
    assert.equal(await c.call('REPLCONF', 'listening-port', '1', 'capa', 'eof', 'capa', 'whatever'), 'OK')
    assert.equal(await e(c.call('PSYNC', '?', 'abc')), 'ERR value is not an integer or out of range')
    assert.equal(await e(c.call('WAIT', '1', '-1')), 'ERR timeout is negative')
    assert.equal(await e(c.call('ROLE', 'x')), "ERR wrong number of arguments for 'role' command")
    await waitFor('no replicas left', async () => (await field(c, 'replication', 'connected_slaves')) === '0').catch(async (e: Error) => { throw new Error(e.message + await c.info('replication') + await c.client('LIST')) })
    assert.deepEqual(await c.call('ROLE'), ['master', Number(await field(c, 'replication', 'master_repl_offset')), []])
    assert.equal(await c.call('WAIT', '0', '0'), 0)
    const t0 = Date.now()
    await c.set('w', '1')
    assert.equal(await c.call('WAIT', '1', '300'), 0)
    assert.ok(Date.now() - t0 >= 250, 'WAIT waited for its timeout')
  })

  it('counts a replica in WAIT once its ACK reaches the write, PINGs it every period, and drops it after repl-timeout', async () => {
    const r = await open()
    await r.handshake(6005, ['psync2'])
    r.send('PSYNC', '?', '-1')
    await r.line()
    const len = await r.line()
    await r.take(Number(len.slice(1)))
    await c.set('wait-for-me', '1')
    const offset = Number(await field(c, 'replication', 'master_repl_offset'))
    const waiting = c.call('WAIT', '1', '5000')
    // the master asks for ACKs with REPLCONF GETACK in the stream
    await r.until(cmd('REPLCONF', 'GETACK', '*').toString('latin1'))
    r.send('REPLCONF', 'ACK', String(offset))
    assert.equal(await waiting, 1)
    await c.config('SET', 'repl-ping-replica-period', '1')
    await r.until(cmd('ping').toString('latin1'))
    await c.config('SET', 'repl-timeout', '1')
    try {
      await waitFor('the silent replica to be dropped', () => r.closed, 5000)
    } finally {
      await c.config('SET', 'repl-timeout', '60')
    }
  })

  it('serves the old SYNC protocol: the RDB with its length and no FULLRESYNC line, then the stream', async () => {
    const r = await open()
    r.send('SYNC')
    const len = await r.line()
    assert.match(len, /^\$\d+$/)
    const rdb = await r.take(Number(len.slice(1)))
    assert.equal(rdb.subarray(0, 9).toString('latin1'), 'REDIS0010')
    await c.set('after-sync', '1')
    await r.until(cmd('set', 'after-sync', '1').toString('latin1'))
    r.close()
  })

  it('refuses writes with NOREPLICAS below min-replicas-to-write, and counts good replicas in INFO', async () => {
    await waitFor('no replicas left', async () => (await field(c, 'replication', 'connected_slaves')) === '0')
    await c.config('SET', 'min-replicas-to-write', '1')
    try {
      assert.equal(await c.set('x', '1').catch((x: Error) => x.message), 'NOREPLICAS Not enough good replicas to write.')
      assert.equal(await field(c, 'replication', 'min_slaves_good_slaves'), '0')
      assert.equal(await c.get('x'), null, 'reads still work')
      const r = await open()
      await r.handshake(6006, ['psync2'])
      r.send('PSYNC', '?', '-1')
      await r.line()
      const len = await r.line()
      await r.take(Number(len.slice(1)))
      r.send('REPLCONF', 'ACK', '0')
      await waitFor('a good replica', async () => (await field(c, 'replication', 'min_slaves_good_slaves')) === '1')
      assert.equal(await c.set('x', '1'), 'OK')
      r.close()
    } finally {
      await c.config('SET', 'min-replicas-to-write', '0')
    }
    assert.doesNotMatch(await c.info('replication'), /min_slaves_good_slaves/)
  })

  it('drops a replica that stops reading once its output passes client-output-buffer-limit replica', async () => {
    await c.config('SET', 'client-output-buffer-limit', 'replica 262144 0 0')
    try {
      const r = await open()
      await r.handshake(6007, ['psync2'])
      r.send('PSYNC', '?', '-1')
      await r.line()
      const len = await r.line()
      await r.take(Number(len.slice(1)))
      r.stopReading()
      const big = 'v'.repeat(64 * 1024)
      assert.equal(await field(c, 'replication', 'connected_slaves'), '1')
      // a paused socket never sees the close, so the master's side tells
      for (let i = 0; i < 300 && (await field(c, 'replication', 'connected_slaves')) === '1'; i++) await c.set(`big${i % 8}`, big)
      await waitFor('the replica to be dropped', async () => (await field(c, 'replication', 'connected_slaves')) === '0', 5000)
      assert.equal(await c.ping(), 'PONG', 'the master never blocked on it')
    } finally {
      await c.config('SET', 'client-output-buffer-limit', 'normal 0 0 0 replica 268435456 67108864 60 pubsub 33554432 8388608 60')
    }
  })

  it('gives up a full sync whose replica left half-way, and the next snapshot (BGSAVE) runs', async () => {
    await c.call('DEBUG', 'POPULATE', '200000', 'pop').catch(() => undefined)
    const r = await open()
    await r.handshake(6008)
    r.send('PSYNC', '?', '-1')
    assert.match(await r.line(), /^\+FULLRESYNC /)
    r.close()
    await waitFor('the sync to be given up', async () => (await field(c, 'replication', 'connected_slaves')) === '0')
    await waitFor('BGSAVE to be accepted', async () => (await c.bgsave().catch((x: Error) => x.message)) === 'Background saving started', 5000)
    await waitFor('the BGSAVE to end', async () => (await field(c, 'persistence', 'rdb_bgsave_in_progress')) === '0', 10_000)
    assert.equal(await field(c, 'persistence', 'rdb_last_bgsave_status'), 'ok')
  })

  it('batches diskless syncs: waits repl-diskless-sync-delay, unless repl-diskless-sync-max-replicas are waiting', async () => {
    await c.config('SET', 'repl-diskless-sync-delay', '30')
    await c.config('SET', 'repl-diskless-sync-max-replicas', '2')
    try {
      const a = await open()
      const b = await open()
      await a.handshake(6009)
      await b.handshake(6010)
      a.send('PSYNC', '?', '-1')
      await new Promise((res) => setTimeout(res, 300))
      assert.equal(await field(c, 'replication', 'slave0').then((l) => /state=wait_bgsave/.test(l)), true, 'one replica waits for the delay')
      b.send('PSYNC', '?', '-1')
      const [la, lb] = await Promise.all([a.line(), b.line()])
      assert.match(la, /^\+FULLRESYNC /)
      assert.equal(la, lb, 'both in the same sync, at the same offset')
      a.close()
      b.close()
    } finally {
      await c.config('SET', 'repl-diskless-sync-delay', '0')
      await c.config('SET', 'repl-diskless-sync-max-replicas', '0')
    }
  })

  it('frees the backlog, and renames its history, after repl-backlog-ttl without replicas', async () => {
    await waitFor('no replicas left', async () => (await field(c, 'replication', 'connected_slaves')) === '0')
    const id = await field(c, 'replication', 'master_replid')
    assert.equal(await field(c, 'replication', 'repl_backlog_active'), '1')
    await c.config('SET', 'repl-backlog-ttl', '1')
    try {
      await waitFor('the backlog to go', async () => (await field(c, 'replication', 'repl_backlog_active')) === '0', 5000)
      assert.notEqual(await field(c, 'replication', 'master_replid'), id)
    } finally {
      await c.config('SET', 'repl-backlog-ttl', '3600')
    }
  })
})
