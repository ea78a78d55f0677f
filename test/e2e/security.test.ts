// Security regressions that could crash the server or grow it without bound, against spawned rcl-node
// processes: each test ends by checking that the process is still alive and answering, and measures its
// memory from /proc where the vulnerable behaviour was unbounded growth. Named after the CVEs
// (SECURITY.md has the table). Every wait is bounded, and every node is stopped in after().
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { client } from '../helpers/client.js'
import { floodWithoutReading, idleConnections, rawConnect, rssBytes, sleep } from '../helpers/hostile.js'
import { startNode, stopAll, type TestNode } from '../helpers/node-process.js'
import { RCL_NODE_BIN } from '../../src/lib/process/spawn-node.js'
import { cmd } from '../helpers/resp.js'
import { waitFor } from '../helpers/wait.js'

const GIVE_UP_MS = 10_000
const MB = 1024 * 1024

async function assertAlive(node: TestNode, password?: string): Promise<void> {
  assert.equal(node.process.exitCode, null, 'the node exited')
  const c = client(node.port, { commandTimeout: GIVE_UP_MS, password })
  try {
    assert.equal(await c.ping(), 'PONG')
  } finally {
    c.disconnect()
  }
}

describe('security (spawned rcl-node)', { timeout: 120_000 }, () => {
  after(async () => { await stopAll() })

  it('CVE-2025-21605: an unauthenticated client that never reads is closed, and memory stays flat', async () => {
    const node = await startNode(['--requirepass', 'secret'])
    const before = rssBytes(node.pid)
    // 30 MB of PINGs would queue 170 MB of NOAUTH replies if nothing stopped them
    const r = await floodWithoutReading(node.port, 30 * MB, GIVE_UP_MS)
    assert.equal(r.ended, true, `not closed after ${r.written} bytes`)
    const grown = rssBytes(node.pid) - before
    assert.ok(grown < 64 * MB, `RSS grew by ${Math.round(grown / MB)} MB`)
    await assertAlive(node, 'secret')
  })

  it('CVE-2021-32675: a multibulk header of 2^31-1 arguments and a half-sent 512 MB bulk allocate nothing', async () => {
    const node = await startNode()
    const before = rssBytes(node.pid)
    const huge = await rawConnect(node.port)
    const half = await rawConnect(node.port)
    try {
      huge.socket.write('*2147483647\r\n$3\r\nSET\r\n')
      half.socket.write(Buffer.concat([Buffer.from('*3\r\n'), cmd('SET', 'k').subarray(4), Buffer.from('$536870912\r\n'), Buffer.alloc(1000, 0x61)]))
      await sleep(300)
      await assertAlive(node)
      const grown = rssBytes(node.pid) - before
      assert.ok(grown < 32 * MB, `RSS grew by ${Math.round(grown / MB)} MB`)
      assert.equal(huge.isEnded() || half.isEnded(), false, 'Redis waits for the rest of both requests')
      const past = await rawConnect(node.port)
      past.socket.write('*2147483648\r\n')
      await Promise.race([past.ended, sleep(GIVE_UP_MS)])
      assert.equal(past.received(), '-ERR Protocol error: invalid multibulk length\r\n')
    } finally {
      huge.socket.destroy()
      half.socket.destroy()
    }
  })

  it('CVE-2021-41099: with proto-max-bulk-len at 1 GB, a bulk longer than V8 strings allow is refused', async () => {
    const node = await startNode(['--proto-max-bulk-len', '1gb'])
    const s = await rawConnect(node.port)
    try {
      const len = 536_870_900 // above V8's longest string (536,870,888), below the configured limit
      s.socket.write(`*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$${len}\r\n`)
      const chunk = Buffer.alloc(4 * MB, 0x61)
      for (let left = len; left > 0 && !s.isEnded(); left -= chunk.length) {
        if (!s.socket.write(left >= chunk.length ? chunk : chunk.subarray(0, left))) {
          await Promise.race([new Promise((r) => s.socket.once('drain', r)), s.ended, sleep(GIVE_UP_MS)])
        }
      }
      s.socket.write('\r\n')
      await Promise.race([s.ended, sleep(GIVE_UP_MS)])
      assert.equal(s.received(), '-ERR Protocol error: invalid bulk length\r\n')
      await assertAlive(node)
    } finally {
      s.socket.destroy()
    }
  })

  it('CVE-2023-25155: HRANDFIELD with a huge negative count and WITHVALUES is refused, not built', async () => {
    const node = await startNode()
    const c = client(node.port, { commandTimeout: GIVE_UP_MS })
    try {
      await c.hset('h', 'a', '1')
      await c.zadd('z', 1, 'a')
      // the first built a 268-million-element array and ended the process (heap exhausted); the second
      // looped for ever
      await assert.rejects(c.call('HRANDFIELD', 'h', '-134217728', 'WITHVALUES'), /value is out of range/)
      await assert.rejects(c.call('ZRANDMEMBER', 'z', '-9223372036854775807'), /value is out of range/)
      await assertAlive(node)
    } finally {
      c.disconnect()
    }
  })

  it('CVE-2025-48367: connections past the descriptor limit are refused as Redis refuses them, and the node lives', async () => {
    // prlimit sets the limit and execs rcl-node (same pid); Node then cannot raise it past the hard 128
    const node = await startNode(['--nofile=128:128', process.execPath, RCL_NODE_BIN], 'prlimit')
    const c = client(node.port, { commandTimeout: GIVE_UP_MS })
    let conns: Awaited<ReturnType<typeof idleConnections>> | undefined
    try {
      assert.deepEqual(await c.config('GET', 'maxclients'), ['maxclients', '96'])
      await assert.rejects(c.config('SET', 'maxclients', '97'),
        /CONFIG SET failed \(possibly related to argument 'maxclients'\) - The operating system is not able to handle the specified number of clients, try with 96/)
      conns = await idleConnections(node.port, 300)
      await waitFor('the refusals', () => conns!.sockets.filter((s) => s.isEnded()).length >= 300 - 95, GIVE_UP_MS)
      const refused = conns.sockets.filter((s) => s.received() === '-ERR max number of clients reached\r\n').length
      assert.equal(refused, 300 - 95) // 96 clients, one of them `c`
      conns.close()
      // until the node has seen the 95 idle ones go, a new client is still one too many (a loaded
      // machine showed it: assertAlive's connection was refused and closed)
      await waitFor('the idle clients to be gone', async () => /^connected_clients:1\r$/m.test(await c.info('clients')), GIVE_UP_MS)
      await assertAlive(node)
    } finally {
      conns?.close()
      c.disconnect()
    }
  })
})
