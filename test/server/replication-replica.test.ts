// The replica side with rcl-node on both ends (in-process servers), and against a scripted master that
// sends a damaged payload: what a replica refuses, reports and recovers from.
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { createConnection, createServer, type Server as NetServer, type Socket } from 'node:net'
import { join } from 'node:path'
import type Redis from 'ioredis'
import { client } from '../helpers/client.js'
import { startServer, type InProc } from '../helpers/in-proc-server.js'
import { waitFor } from '../helpers/wait.js'
import { readRdbFile } from '../../src/node/persistence/rdb-file.js'

const field = async (c: Redis, section: string, name: string): Promise<string> =>
  (new RegExp(`^${name}:(.*)\r$`, 'm').exec(await c.info(section)) ?? [])[1] ?? ''
const e = (p: Promise<unknown>): Promise<string> => p.then(String, (x: Error) => x.message)

describe('replication, replica side (in-process servers)', () => {
  const servers: InProc[] = []
  const clients: Redis[] = []
  const start = async (directives: Record<string, string | string[]> = {}): Promise<{ srv: InProc; c: Redis }> => {
    const srv = await startServer({ 'repl-diskless-sync-delay': '0', 'enable-debug-command': 'yes', ...directives })
    const c = client(srv.port)
    servers.push(srv)
    clients.push(c)
    return { srv, c }
  }
  after(async () => {
    for (const c of clients) c.disconnect()
    for (const s of servers) await s.stop()
  })

  it('follows its master, refuses writes and WAIT, and reports the replica forms of INFO and ROLE', async () => {
    const { srv: master, c: m } = await start()
    await m.set('a', '1')
    await m.set('gone-soon', 'x', 'PX', 300)
    const { srv: replicaSrv, c: r } = await start()
    assert.equal(await r.call('REPLICAOF', '127.0.0.1', String(master.port)), 'OK')
    assert.equal(await r.call('REPLICAOF', '127.0.0.1', String(master.port)), 'OK Already connected to specified master')
    await waitFor('the link', async () => (await field(r, 'replication', 'master_link_status')) === 'up')
    await m.select(4)
    await m.hset('h', 'f', 'v')
    await m.select(0)
    const offset = await field(m, 'replication', 'master_repl_offset')
    await waitFor('the replica to catch up', async () => (await field(r, 'replication', 'slave_repl_offset')) === offset)
    assert.equal(await r.call('DEBUG', 'DIGEST').catch(() => 'no debug'), await m.call('DEBUG', 'DIGEST').catch(() => 'no debug'))
    assert.equal(await r.get('a'), '1')
    // repl-diskless-load disabled: the payload is kept as the replica's dump, with the master's id in it
    const aux = new Map<string, string>()
    const keys: string[] = []
    readRdbFile(readFileSync(join(replicaSrv.server.config.get('dir'), 'dump.rdb')), { aux: (k, v) => { aux.set(k, v) }, entry: (x) => { keys.push(x.key) } })
    assert.equal(aux.get('repl-id'), await field(m, 'replication', 'master_replid'))
    assert.ok(keys.includes('a'))
    assert.equal(await e(r.set('b', '2')), "READONLY You can't write against a read only replica.")
    assert.match(await e(r.call('WAIT', '0', '0')), /^ERR WAIT cannot be used with replica instances\./)
    assert.equal(await e(r.call('REPLICAOF', 'host', '99999')), 'ERR Invalid master port')
    const role = await r.call('ROLE') as unknown[]
    assert.deepEqual(role.slice(0, 4), ['slave', '127.0.0.1', master.port, 'connected'])
    const info = await r.info('replication')
    assert.match(info, /^role:slave\r\nmaster_host:127\.0\.0\.1\r\nmaster_port:\d+\r\nmaster_link_status:up\r\nmaster_last_io_seconds_ago:\d+\r\nmaster_sync_in_progress:0\r\nslave_read_repl_offset:\d+\r\nslave_repl_offset:\d+\r\nslave_priority:100\r\nslave_read_only:1\r\nreplica_announced:1\r\nconnected_slaves:0\r\n/m)
    assert.equal(await field(r, 'replication', 'master_replid'), await field(m, 'replication', 'master_replid'))
    // a replica does not expire keys itself: the key reads as missing, and goes when the master's DEL arrives
    await new Promise((res) => setTimeout(res, 350))
    assert.equal(await r.get('gone-soon'), null)
    assert.equal(await r.exists('gone-soon'), 0)
    await m.get('gone-soon')
    await waitFor('the DEL from the master', async () => (await r.dbsize()) === 1)

    assert.equal(await e(m.call('PSYNC', 'x'.repeat(40), '1', 'FAILOVER')), "ERR PSYNC FAILOVER can't be sent to a master.")
    assert.equal(await e(r.call('PSYNC', 'x'.repeat(40), '1', 'FAILOVER')), 'ERR PSYNC FAILOVER replid must match my replid.')
    await m.set('confirmed', 'by WAIT')
    assert.equal(await m.call('WAIT', '1', '5000'), 1)
    // the handover a coordinated failover makes: the old master asks its replica to take over
    const history = await field(r, 'replication', 'master_replid')
    const at = Number(await field(r, 'replication', 'master_repl_offset')) + 1
    const handover = createConnection({ host: '127.0.0.1', port: replicaSrv.port })
    let answer = ''
    handover.on('data', (d) => { answer += d.toString('latin1') })
    handover.write(`*4\r\n$5\r\nPSYNC\r\n$40\r\n${history}\r\n$${String(at).length}\r\n${at}\r\n$8\r\nFAILOVER\r\n`)
    await waitFor('the promoted replica to continue the old master', () => answer.startsWith('+CONTINUE\r\n'))
    handover.destroy()
    assert.equal(await field(r, 'replication', 'role'), 'master')
    assert.equal(await r.get('confirmed'), 'by WAIT', 'a write WAIT confirmed survives the promotion')
    assert.equal(await field(r, 'replication', 'role'), 'master')
    assert.equal(await field(r, 'replication', 'master_replid2'), await field(m, 'replication', 'master_replid'))
    assert.equal(await r.set('b', '2'), 'OK')
  })

  it('unblocks clients blocked on keys when it turns replica, and times out a master that never answers', async () => {
    let connections = 0
    const held: Socket[] = []
    const silent = createServer((sock) => { connections++; held.push(sock); sock.on('error', () => undefined) }) // accepts, then says nothing
    await new Promise<void>((res) => silent.listen(0, '127.0.0.1', res))
    const port = (silent.address() as { port: number }).port
    try {
      const { srv, c: r } = await start({ 'repl-timeout': '1' })
      const blocked = client(srv.port)
      clients.push(blocked)
      const waiting = blocked.blpop('nothing', 0).then(() => 'served', (x: Error) => x.message)
      await waitFor('the client to block', async () => (await r.info('clients')).includes('blocked_clients:1'))
      await r.call('REPLICAOF', '127.0.0.1', String(port))
      assert.equal(await waiting, 'UNBLOCKED force unblock from blocking operation, instance state changed (master -> replica?)')
      // repl-timeout 1: the silent master is given up on, and the next attempt is a new connection
      await waitFor('the handshake to time out and start again', () => connections >= 2, 6000)
      assert.equal(await field(r, 'replication', 'master_link_status'), 'down')
      await r.call('REPLICAOF', 'NO', 'ONE')
    } finally {
      for (const sock of held) sock.destroy()
      silent.close()
    }
  })

  it('authenticates with masterauth, announces replica-announce-ip/port, and falls back to a full sync past the backlog', async () => {
    const { srv: master, c: m } = await start({ requirepass: 'secret', 'repl-backlog-size': '16384' })
    await m.auth('secret')
    await m.set('a', '1')
    const { c: r } = await start({ masterauth: 'secret', 'replica-announce-ip': '10.1.2.3', 'replica-announce-port': '7777' })
    await r.call('REPLICAOF', '127.0.0.1', String(master.port))
    await waitFor('the link', async () => (await field(r, 'replication', 'master_link_status')) === 'up')
    assert.match(await m.info('replication'), /slave0:ip=10\.1\.2\.3,port=7777,state=online/)
    assert.equal(await r.get('a'), '1')
    // away for longer than the backlog holds: the next sync is full
    assert.equal(await m.client('KILL', 'TYPE', 'replica'), 1)
    await m.set('big', 'x'.repeat(40_000))
    await waitFor('the replica back', async () => (await field(m, 'stats', 'sync_full')) === '2', 5000)
    await waitFor('the link', async () => (await field(r, 'replication', 'master_link_status')) === 'up')
    // the first PSYNC offered the replica's own history (as Redis replicas do): refused too
    assert.equal(await field(m, 'stats', 'sync_partial_err'), '2')
    assert.equal((await r.get('big'))?.length, 40_000)
    await r.call('REPLICAOF', 'NO', 'ONE')

    const { c: wrong } = await start({ masterauth: 'nope' })
    await wrong.call('REPLICAOF', '127.0.0.1', String(master.port))
    await new Promise((res) => setTimeout(res, 300))
    assert.equal(await field(wrong, 'replication', 'master_link_status'), 'down')
    await wrong.call('REPLICAOF', 'NO', 'ONE')
  })

  it('starts its AOF again from the synced dataset after a full sync', async () => {
    const { srv: master, c: m } = await start()
    await m.set('from-master', '1')
    const { srv, c: r } = await start()
    await r.set('old', 'local')
    assert.equal(await r.config('SET', 'appendonly', 'yes'), 'OK')
    await waitFor('the first AOF base', async () => (await field(r, 'persistence', 'aof_rewrites')) === '1')
    await r.call('REPLICAOF', '127.0.0.1', String(master.port))
    await waitFor('the link', async () => (await field(r, 'replication', 'master_link_status')) === 'up')
    await waitFor('the AOF restarted on the new dataset', async () => (await field(r, 'persistence', 'aof_rewrites')) === '2')
    const dir = join(srv.server.config.get('dir'), 'appendonlydir')
    const manifest = readFileSync(join(dir, 'appendonly.aof.manifest'), 'latin1')
    const base = /file (\S+\.base\.rdb)/.exec(manifest)?.[1] as string
    const keys: string[] = []
    readRdbFile(readFileSync(join(dir, base)), { entry: (x) => { keys.push(x.key) } })
    assert.deepEqual(keys, ['from-master'])
    await r.call('REPLICAOF', 'NO', 'ONE')
  })

  it('answers MASTERDOWN while its link is down with replica-serve-stale-data no, and NOMASTERLINK to PSYNC', async () => {
    const dead = createServer((s) => s.destroy())
    await new Promise<void>((res) => dead.listen(0, '127.0.0.1', res))
    const port = (dead.address() as { port: number }).port
    try {
      const { c: r } = await start({ 'replica-serve-stale-data': 'no' })
      await r.call('REPLICAOF', '127.0.0.1', String(port))
      assert.equal(await e(r.get('a')), "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.")
      assert.equal(await e(r.ping()), "MASTERDOWN Link with MASTER is down and replica-serve-stale-data is set to 'no'.")
      assert.match(await r.info('replication'), /master_link_status:down\r\nmaster_last_io_seconds_ago:-1\r\n[\s\S]*master_link_down_since_seconds:-1\r\n/, "a link that never came up")
      await r.config('SET', 'replica-serve-stale-data', 'yes')
      assert.equal(await e(r.call('PSYNC', '?', '-1')), "NOMASTERLINK Can't SYNC while not connected with my master")
      await r.call('REPLICAOF', 'NO', 'ONE')
    } finally {
      dead.close()
    }
  })

  it('drops a link whose payload is damaged, says why, and tries again', async () => {
    let attempts = 0
    const sockets: Socket[] = []
    const fake: NetServer = createServer((s) => {
      sockets.push(s)
      attempts++
      let seen = ''
      s.on('data', (d) => {
        seen += d.toString('latin1')
        if (seen.includes('PING') && !seen.includes('REPLCONF')) s.write('+PONG\r\n')
        if (seen.includes('capa') && !seen.includes('PSYNC')) { s.write('+OK\r\n+OK\r\n'); seen += '|answered' }
        if (seen.includes('PSYNC') && !seen.includes('|sent')) {
          seen += '|sent'
          const rdb = Buffer.from('REDIS0010\xfe\x00\x00\x01k\x01v\xff' + '\x00'.repeat(8), 'latin1')
          rdb[12] = 0x63 // a byte in the middle changed: not a value type
          s.write(Buffer.concat([Buffer.from(`+FULLRESYNC ${'a'.repeat(40)} 0\r\n$${rdb.length}\r\n`), rdb]))
        }
      })
      s.on('error', () => undefined)
    })
    await new Promise<void>((res) => fake.listen(0, '127.0.0.1', res))
    const port = (fake.address() as { port: number }).port
    try {
      const { srv, c: r } = await start()
      await r.set('kept', 'yes')
      await r.call('REPLICAOF', '127.0.0.1', String(port))
      await waitFor('a second attempt', () => attempts >= 2, 5000)
      assert.equal(await field(r, 'replication', 'master_link_status'), 'down')
      assert.equal(await r.get('kept'), 'yes', 'a payload that cannot be loaded leaves the old data')
      assert.ok(srv.server.replication.link !== null)
      await r.call('REPLICAOF', 'NO', 'ONE')
    } finally {
      for (const s of sockets) s.destroy()
      fake.close()
    }
  })
})
