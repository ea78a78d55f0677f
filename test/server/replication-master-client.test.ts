// The master client on a replica (issue 13): CLIENT LIST shows the link to the master as Redis 7.0 does
// (flags M, the master's address), INFO clients counts it, and every form of CLIENT KILL closes it, after
// which the replica continues with a partial resync, keeping the same client. Checked against what
// redis-server 7.0.15 shows and logs for the same steps. In-process servers, and a scripted master for
// a transaction cut by the kill.
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { createServer, type Server as NetServer, type Socket } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type Redis from 'ioredis'
import { client } from '../helpers/client.js'
import { cmd } from '../helpers/resp.js'
import { startServer, type InProc } from '../helpers/in-proc-server.js'
import { waitFor } from '../helpers/wait.js'
import { RequestDecoder } from '../../src/node/resp/decoder.js'

const field = async (c: Redis, section: string, name: string): Promise<string> =>
  (new RegExp(`^${name}:(.*)\r$`, 'm').exec(await c.info(section)) ?? [])[1] ?? ''

/** CLIENT LIST / CLIENT INFO lines as field maps. */
function parseClients(text: string): Array<Map<string, string>> {
  return text.split('\n').filter((l) => l !== '').map((l) => new Map(l.split(' ').map((kv) => {
    const i = kv.indexOf('=')
    return [kv.slice(0, i), kv.slice(i + 1)] as [string, string]
  })))
}

const masterClients = async (r: Redis): Promise<Array<Map<string, string>>> => parseClients(String(await r.call('CLIENT', 'LIST', 'TYPE', 'master')))

describe('the master client on a replica (in-process servers)', () => {
  const servers: InProc[] = []
  const clients: Redis[] = []
  const logDir = mkdtempSync(join(tmpdir(), 'rcl-master-client-'))
  const start = async (directives: Record<string, string> = {}): Promise<{ srv: InProc; c: Redis }> => {
    const srv = await startServer({ 'repl-diskless-sync-delay': '0', 'enable-debug-command': 'yes', ...directives })
    const c = client(srv.port)
    servers.push(srv)
    clients.push(c)
    return { srv, c }
  }
  /** A master and a replica linked, with the replica's log going to a file the test reads. */
  const pair = async (): Promise<{ master: InProc; m: Redis; replica: InProc; r: Redis; log: () => string }> => {
    const { srv: master, c: m } = await start()
    const { srv: replica, c: r } = await start()
    const file = join(logDir, `replica-${replica.port}.log`)
    replica.server.log.file = file
    await r.call('REPLICAOF', '127.0.0.1', String(master.port))
    await waitFor('the link', async () => (await field(r, 'replication', 'master_link_status')) === 'up')
    return { master, m, replica, r, log: () => readFileSync(file, 'latin1') }
  }
  const inStep = async (m: Redis, r: Redis): Promise<void> => {
    const offset = await field(m, 'replication', 'master_repl_offset')
    await waitFor(`the replica at offset ${offset}`, async () => (await field(r, 'replication', 'slave_repl_offset')) === offset)
    assert.equal(await r.call('DEBUG', 'DIGEST'), await m.call('DEBUG', 'DIGEST'))
  }
  after(async () => {
    for (const c of clients) c.disconnect()
    for (const s of servers) await s.stop()
    rmSync(logDir, { recursive: true, force: true })
  })

  it('is listed by CLIENT LIST with flag M and the master address, and counted by INFO clients', async () => {
    const { master, m, r } = await pair()
    await m.set('a', '1')
    await inStep(m, r)
    const [mc, ...more] = await masterClients(r)
    assert.equal(more.length, 0)
    assert.equal(mc.get('addr'), `127.0.0.1:${master.port}`)
    assert.equal(mc.get('flags'), 'M')
    assert.equal(mc.get('db'), '0')
    assert.equal(mc.get('cmd'), 'set', 'the last command the master sent')
    assert.equal(mc.get('user'), '(superuser)')
    assert.ok(Number(mc.get('fd')) > 0)
    // its local address is the replica connection the master lists
    const seenByMaster = parseClients(String(await m.call('CLIENT', 'LIST', 'TYPE', 'replica')))
    assert.deepEqual(seenByMaster.map((c) => c.get('addr')), [mc.get('laddr')])
    const all = parseClients(String(await r.call('CLIENT', 'LIST')))
    // in the order the clients joined, as Redis lists them: ours connected before the link was up
    assert.deepEqual(all.map((c) => c.get('flags')), ['N', 'M'])
    assert.equal(parseClients(String(await r.call('CLIENT', 'LIST', 'ID', mc.get('id') as string)))[0]?.get('flags'), 'M')
    assert.deepEqual(parseClients(String(await r.call('CLIENT', 'LIST', 'TYPE', 'normal'))).map((c) => c.get('flags')), ['N'])
    assert.equal(await field(r, 'clients', 'connected_clients'), '2')
    // filters that do not name the master leave it alone
    assert.equal(await r.call('CLIENT', 'KILL', 'TYPE', 'normal'), 0)
    assert.equal(await r.call('CLIENT', 'KILL', 'TYPE', 'replica'), 0)
    assert.equal((await masterClients(r)).length, 1)
  })

  it('CLIENT KILL by type, address, local address, id and the old form each bring a partial resync', async () => {
    const { m, r, log } = await pair()
    const [first] = await masterClients(r)
    const id = first.get('id') as string
    const forms: Array<(mc: Map<string, string>) => string[]> = [
      () => ['TYPE', 'master'],
      (mc) => ['ADDR', mc.get('addr') as string],
      (mc) => ['LADDR', mc.get('laddr') as string],
      (mc) => ['ID', mc.get('id') as string],
      (mc) => ['TYPE', 'master', 'SKIPME', 'no'],
      (mc) => [mc.get('addr') as string],
    ]
    for (let i = 0; i < forms.length; i++) {
      const [mc] = await masterClients(r)
      const args = forms[i](mc)
      assert.equal(await r.call('CLIENT', 'KILL', ...args), args.length === 1 ? 'OK' : 1, `CLIENT KILL ${args.join(' ')}`)
      await m.incr('counter')
      await waitFor('the partial resync', async () => (await field(m, 'stats', 'sync_partial_ok')) === String(i + 1))
      await waitFor('the link', async () => (await field(r, 'replication', 'master_link_status')) === 'up')
      await inStep(m, r)
      const [again] = await masterClients(r)
      assert.equal(again.get('id'), id, 'the cached master client is taken back')
      assert.notEqual(again.get('laddr'), mc.get('laddr'), 'over a new connection')
    }
    assert.equal(await field(m, 'stats', 'sync_full'), '1')
    assert.equal(await r.get('counter'), String(forms.length))
    const text = log()
    assert.equal(text.match(/# Connection with master lost\.\n/g)?.length, forms.length)
    assert.equal(text.match(/\* Caching the disconnected master state\.\n/g)?.length, forms.length)
    assert.equal(text.match(/\* Reconnecting to MASTER 127\.0\.0\.1:\d+\n/g)?.length, forms.length)
    assert.equal(text.match(/\* Successful partial resynchronization with master\.\n/g)?.length, forms.length)
    assert.equal(await r.call('CLIENT', 'KILL', 'ID', '999999'), 0)
  })

  it('is held by CLIENT PAUSE WRITE like Redis 7.0\'s master client, and the stream goes on after it', async () => {
    const { m, r } = await pair()
    await m.set('a', '1')
    await inStep(m, r)
    for (const end of ['deadline', 'unpause']) {
      const offset = await field(r, 'replication', 'slave_repl_offset')
      assert.equal(await r.call('CLIENT', 'PAUSE', end === 'deadline' ? '1500' : '10000', 'WRITE'), 'OK')
      await m.set('a', end)
      await m.incr('n')
      await waitFor('the master client to be held', async () => (await masterClients(r))[0]?.get('flags') === 'Mb')
      assert.equal(await r.get('a'), end === 'deadline' ? '1' : 'deadline', 'reads go on, the master\'s write waits')
      assert.equal(await field(r, 'replication', 'slave_repl_offset'), offset, 'nothing held is counted')
      if (end === 'unpause') assert.equal(await r.call('CLIENT', 'UNPAUSE'), 'OK')
      await waitFor('the write after the pause', async () => (await r.get('a')) === end, 5000)
      await inStep(m, r)
      assert.equal((await masterClients(r))[0]?.get('flags'), 'M')
    }
    assert.equal(await r.get('n'), '2')
    // killed while held: the held command is dropped with the link, asked for again, and held again
    assert.equal(await r.call('CLIENT', 'PAUSE', '10000', 'WRITE'), 'OK')
    await m.set('a', 'killed')
    await waitFor('the master client to be held', async () => (await masterClients(r))[0]?.get('flags') === 'Mb')
    assert.equal(await r.call('CLIENT', 'KILL', 'TYPE', 'master'), 1)
    await waitFor('the partial resync', async () => (await field(m, 'stats', 'sync_partial_ok')) === '1')
    await waitFor('the master client held again', async () => (await masterClients(r))[0]?.get('flags') === 'Mb')
    assert.equal(await r.call('CLIENT', 'UNPAUSE'), 'OK')
    await inStep(m, r)
    assert.equal(await r.get('a'), 'killed')
  })

  it('leaves the client table on REPLICAOF NO ONE, and a new one comes with a full sync', async () => {
    const { master, r, log } = await pair()
    const [before] = await masterClients(r)
    await r.call('REPLICAOF', 'NO', 'ONE')
    assert.equal((await masterClients(r)).length, 0)
    assert.equal(await field(r, 'clients', 'connected_clients'), '1')
    assert.match(log(), /# Connection with master lost\.\n.*\* Caching the disconnected master state\.\n.*\* Discarding previously cached master state\.\n/s)
    await r.call('REPLICAOF', '127.0.0.1', String(master.port))
    await waitFor('the link', async () => (await field(r, 'replication', 'master_link_status')) === 'up')
    const [after] = await masterClients(r)
    assert.ok(Number(after.get('id')) > Number(before.get('id')), 'a new client, with a new id')
  })
})

/**
 * A master played by the test: answers the handshake, and on each PSYNC calls `onPsync` with the
 * arguments and the socket, which answers and streams what it likes.
 */
async function scriptedMaster(onPsync: (args: string[], sock: Socket) => void): Promise<{ port: number; close: () => void }> {
  const sockets: Socket[] = []
  const srv: NetServer = createServer((sock) => {
    sockets.push(sock)
    sock.on('error', () => undefined)
    const decoder = new RequestDecoder()
    sock.on('data', (d) => {
      decoder.push(d)
      for (let argv = decoder.next(); argv !== null; argv = decoder.next()) {
        if (!Array.isArray(argv)) return sock.destroy()
        const name = argv[0].toUpperCase()
        if (name === 'PING') sock.write('+PONG\r\n')
        else if (name === 'REPLCONF' && argv[1].toUpperCase() !== 'ACK') sock.write('+OK\r\n')
        else if (name === 'PSYNC') onPsync(argv.slice(1), sock)
      }
    })
  })
  await new Promise<void>((res) => srv.listen(0, '127.0.0.1', res))
  return {
    port: (srv.address() as { port: number }).port,
    close: () => { for (const s of sockets) s.destroy(); srv.close() },
  }
}

describe('a transaction from the master cut by CLIENT KILL (scripted master)', () => {
  it('is asked for again from its MULTI, and only the whole transaction is applied', async () => {
    const replid = 'c'.repeat(40)
    // an empty RDB (a zero checksum is not checked)
    const rdb = Buffer.from('REDIS0010\xff' + '\x00'.repeat(8), 'latin1')
    const committed = cmd('SELECT', '0').length + cmd('SET', 'a', '1').length
    const requests: string[][] = []
    const fake = await scriptedMaster((args, sock) => {
      requests.push(args)
      if (requests.length === 1) {
        sock.write(Buffer.concat([Buffer.from(`+FULLRESYNC ${replid} 100\r\n$${rdb.length}\r\n`), rdb,
          cmd('SELECT', '0'), cmd('SET', 'a', '1'), cmd('MULTI'), cmd('SET', 'b', '2')]))
      } else {
        sock.write(Buffer.concat([Buffer.from(`+CONTINUE ${replid}\r\n`), cmd('MULTI'), cmd('SET', 'b', '2'), cmd('EXEC')]))
      }
    })
    const srv = await startServer({ 'enable-debug-command': 'yes' })
    const r = client(srv.port)
    try {
      await r.call('REPLICAOF', '127.0.0.1', String(fake.port))
      await waitFor('the first SET', async () => (await r.get('a')) === '1')
      // the open transaction is not counted yet: a dump now would name the offset before its MULTI
      assert.equal(await field(r, 'replication', 'slave_repl_offset'), String(100 + committed))
      assert.equal(await r.exists('b'), 0)
      assert.equal(await r.call('CLIENT', 'KILL', 'TYPE', 'master'), 1)
      await waitFor('the second PSYNC', () => requests.length === 2)
      assert.deepEqual(requests[1], [replid, String(100 + committed + 1)])
      await waitFor('the transaction', async () => (await r.get('b')) === '2')
      const total = committed + cmd('MULTI').length + cmd('SET', 'b', '2').length + cmd('EXEC').length
      await waitFor('the offset', async () => (await field(r, 'replication', 'slave_repl_offset')) === String(100 + total))
      assert.equal(await r.call('REPLICAOF', 'NO', 'ONE'), 'OK')
    } finally {
      r.disconnect()
      await srv.stop()
      fake.close()
    }
  })
})
