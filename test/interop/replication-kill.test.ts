// CLIENT KILL TYPE master against mixed pairs (issue 13): a real redis-server 7.0 master feeding an
// rcl-node replica, and an rcl-node master feeding a real redis-server replica. Under write load, each kill
// on the replica must bring a partial resync from the master's backlog, and both replicas show their
// master client the same way. Needs redis-server on PATH.
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type Redis from 'ioredis'
import { client } from '../helpers/client.js'
import { startNode, stopAll } from '../helpers/node-process.js'
import { waitFor } from '../helpers/wait.js'
import { writeLoad } from '../helpers/write-load.js'

const BASE = ['--enable-debug-command', 'yes', '--repl-diskless-sync-delay', '0']
const ROUNDS = 5
type Kind = 'redis-server' | undefined
const field = async (c: Redis, section: string, name: string): Promise<string> =>
  (new RegExp(`^${name}:(.*)\r$`, 'm').exec(await c.info(section)) ?? [])[1] ?? ''

/** The master client line of a replica, as field names and values. */
async function masterClient(r: Redis): Promise<Map<string, string>> {
  const lines = String(await r.call('CLIENT', 'LIST', 'TYPE', 'master')).split('\n').filter(Boolean)
  assert.equal(lines.length, 1)
  return new Map(lines[0].split(' ').map((kv) => [kv.slice(0, kv.indexOf('=')), kv.slice(kv.indexOf('=') + 1)] as [string, string]))
}

/** Kills the replica's master client ROUNDS times under load; returns the replica's master client line. */
async function killRounds(masterKind: Kind, replicaKind: Kind, diskless: string): Promise<Map<string, string>> {
  const master = await startNode([...BASE, '--repl-diskless-sync', diskless], masterKind)
  const replica = await startNode([...BASE, '--replicaof', '127.0.0.1', String(master.port)], replicaKind)
  const m = client(master.port)
  const r = client(replica.port)
  const load = writeLoad(master.port)
  try {
    await waitFor('the link', async () => (await field(r, 'replication', 'master_link_status')) === 'up', 15_000)
    const line = await masterClient(r)
    for (let round = 1; round <= ROUNDS; round++) {
      const seen = load.batches()
      await waitFor('writes since the last kill', () => load.batches() >= seen + 5, 10_000)
      assert.equal(await r.call('CLIENT', 'KILL', 'TYPE', 'master'), 1)
      await waitFor(`partial resync ${round}`, async () => (await field(m, 'stats', 'sync_partial_ok')) === String(round), 10_000)
      await waitFor('the link', async () => (await field(r, 'replication', 'master_link_status')) === 'up', 10_000)
    }
    await load.stop()
    const offset = await field(m, 'replication', 'master_repl_offset')
    await waitFor(`the replica at offset ${offset}`, async () => (await field(r, 'replication', 'slave_repl_offset')) === offset, 10_000)
    assert.equal(await r.call('DEBUG', 'DIGEST'), await m.call('DEBUG', 'DIGEST'))
    assert.equal(await field(m, 'stats', 'sync_full'), '1')
    assert.equal(await field(m, 'stats', 'sync_partial_err'), '0')
    assert.equal((await masterClient(r)).get('id'), line.get('id'), 'the same client after each partial resync')
    assert.equal(await field(r, 'clients', 'connected_clients'), '2')
    return line
  } finally {
    await load.stop()
    m.disconnect()
    r.disconnect()
  }
}

describe('CLIENT KILL TYPE master with real Redis on one side', () => {
  after(stopAll)

  const lines: Array<Map<string, string>> = []
  for (const diskless of ['no', 'yes']) {
    it(`redis-server master, rcl-node replica: ${ROUNDS} kills, each a partial resync (repl-diskless-sync ${diskless})`, { timeout: 120000 }, async () => {
      lines.push(await killRounds('redis-server', undefined, diskless))
    })
    it(`rcl-node master, redis-server replica: ${ROUNDS} kills, each a partial resync (repl-diskless-sync ${diskless})`, { timeout: 120000 }, async () => {
      lines.push(await killRounds(undefined, 'redis-server', diskless))
    })
  }

  it('both replicas show their master client with the same fields and flags', () => {
    assert.equal(lines.length, 4)
    const [rcl, redis] = lines
    assert.deepEqual([...rcl.keys()], [...redis.keys()])
    for (const name of ['flags', 'name', 'sub', 'psub', 'multi', 'user', 'redir', 'resp']) {
      assert.equal(rcl.get(name), redis.get(name), name)
    }
    // the db the stream was in when the line was taken: the writer switches between 0 and 1
    assert.match(rcl.get('db') as string, /^[01]$/)
    assert.match(rcl.get('addr') as string, /^127\.0\.0\.1:\d+$/)
  })
})
