import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createServer, type Server, type Socket } from 'node:net'
import {
  MIGRATE_SOCKET_CACHE_ITEMS, MIGRATE_SOCKET_CACHE_TTL_MS, MigrateSockets, migrateCachedSockets, migrateSocketsOf, takeTurn,
} from '../../../../src/node/outbound/migrate-sockets.js'
import { systemTimers } from '../../../../src/node/util/timers.js'
import { waitFor } from '../../../helpers/wait.js'

describe('MigrateSockets', () => {
  const servers: Server[] = []
  const ports: number[] = []
  const accepted: Socket[] = []
  let open = 0
  before(async () => {
    // one more target than the cache holds
    for (let i = 0; i <= MIGRATE_SOCKET_CACHE_ITEMS; i++) {
      const s = createServer((sock) => {
        accepted.push(sock)
        open++
        sock.on('close', () => { open-- })
        sock.on('error', () => undefined)
      })
      await new Promise<void>((r) => s.listen(0, '127.0.0.1', r))
      servers.push(s)
      ports.push((s.address() as { port: number }).port)
    }
  })
  after(async () => {
    for (const s of accepted) s.destroy()
    await Promise.all(servers.map((s) => new Promise((r) => s.close(r))))
  })

  it('reuses the connection to a target and closes it after the TTL of idleness', async () => {
    let now = 1_000_000
    const cache = new MigrateSockets({ clock: { now: () => now }, timers: systemTimers })
    const first = await cache.get('127.0.0.1', ports[0], 1000)
    now += 5000
    assert.equal(await cache.get('127.0.0.1', ports[0], 1000), first)
    assert.equal(cache.size, 1)
    now += MIGRATE_SOCKET_CACHE_TTL_MS
    cache.cron(now) // exactly the TTL since the last use: kept, as Redis closes only past it
    assert.equal(cache.size, 1)
    now += 1
    cache.cron(now)
    assert.equal(cache.size, 0)
    assert.equal(first.client.open, false)
    await waitFor('the target to see the close', () => open === 0)
  })

  it('holds at most 64 connections, dropping one to make room', async () => {
    const cache = new MigrateSockets({ clock: { now: () => 0 }, timers: systemTimers })
    const entries = []
    for (const port of ports) entries.push(await cache.get('127.0.0.1', port, 1000))
    assert.equal(cache.size, MIGRATE_SOCKET_CACHE_ITEMS)
    assert.equal(entries.filter((e) => !e.client.open).length, 1)
    cache.closeAll()
    assert.equal(cache.size, 0)
  })

  it('lets MIGRATEs on one connection take turns', async () => {
    const cache = new MigrateSockets({ clock: { now: () => 0 }, timers: systemTimers })
    const entry = await cache.get('127.0.0.1', ports[1], 1000)
    const order: string[] = []
    const slow = takeTurn(entry, async () => { order.push('a start'); await new Promise((r) => setTimeout(r, 30)); order.push('a end') })
    const failing = takeTurn(entry, async () => { order.push('b'); throw new Error('b failed') })
    const next = takeTurn(entry, async () => { order.push('c') })
    await Promise.all([slow, failing.catch(() => undefined), next])
    assert.deepEqual(order, ['a start', 'a end', 'b', 'c'])
    cache.closeAll()
  })

  it('makes one cache per server, with a cron job and a shutdown hook', async () => {
    const server = { clock: { now: () => 0 }, timers: systemTimers, cronJobs: [] as Array<(n: number) => void>, shutdownHooks: [] as Array<() => unknown> }
    assert.equal(migrateCachedSockets(server), 0)
    const cache = migrateSocketsOf(server)
    assert.equal(migrateSocketsOf(server), cache)
    assert.equal(server.cronJobs.length, 1)
    await cache.get('127.0.0.1', ports[2], 1000)
    assert.equal(migrateCachedSockets(server), 1)
    server.shutdownHooks[0]()
    assert.equal(migrateCachedSockets(server), 0)
  })
})
