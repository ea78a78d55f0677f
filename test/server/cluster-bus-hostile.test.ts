// SECURITY.md rows for the cluster bus: crafted packets sent to a live cluster node's bus port are
// dropped (or close the link) and the node keeps serving; nobody learned from them joins its view.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createConnection } from 'node:net'
import type Redis from 'ioredis'
import { fixture } from '../helpers/cluster-bus.js'
import { client } from '../helpers/client.js'
import { startServer, type InProc } from '../helpers/in-proc-server.js'

/** Sends `bytes` to the bus port and waits until the node closes the link or 300 ms pass. */
function sendToBus(port: number, bytes: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const s = createConnection({ host: '127.0.0.1', port })
    const done = (): void => { clearTimeout(timer); s.destroy(); resolve() }
    const timer = setTimeout(done, 300)
    s.on('error', done)
    s.on('close', done)
    s.on('connect', () => s.write(bytes))
  })
}

describe('cluster bus: crafted packets (SECURITY.md)', () => {
  let srv: InProc
  let c: Redis
  let busPort: number

  before(async () => {
    srv = await startServer({ 'cluster-enabled': 'yes' })
    c = client(srv.port)
    busPort = Number(/@(\d+)/.exec(String(await c.call('CLUSTER', 'NODES')))?.[1])
  })
  after(async () => {
    c?.disconnect()
    await srv?.stop()
  })

  async function stillServing(): Promise<void> {
    assert.equal(await c.ping(), 'PONG')
    assert.match(String(await c.call('CLUSTER', 'INFO')), /cluster_known_nodes:1\r\n/)
  }

  it('CVE-2026-21863: a PING whose gossip count runs past the packet is dropped, the node unharmed', async () => {
    for (const count of [3, 0xffff]) {
      const b = Buffer.from(fixture('ping-gossip'))
      b.writeUInt16BE(count, 14)
      await sendToBus(busPort, b)
    }
    await stillServing()
  })

  it('CVE-2026-92925: ping extensions that run past the packet or announce more than it holds are dropped', async () => {
    const tooLong = Buffer.from(fixture('ping-hostname'))
    tooLong.writeUInt32BE(32, 2256 + 208)
    const missing = Buffer.from(fixture('ping-hostname'))
    missing.writeUInt16BE(0xffff, 2214)
    const wide = Buffer.from(fixture('ping-hostname'))
    wide.writeUInt32BE(0x10018, 2256 + 208)
    for (const b of [tooLong, missing, wide]) await sendToBus(busPort, b)
    await stillServing()
  })

  it('a bad signature or a 4 GB announced length closes the link without allocating it', async () => {
    const huge = Buffer.from(fixture('ping-gossip').subarray(0, 64))
    huge.writeUInt32BE(0xffffffff, 4)
    await sendToBus(busPort, huge)
    await sendToBus(busPort, Buffer.from('GET / HTTP/1.1\r\n\r\n'.repeat(200)))
    await stillServing()
  })
})
