// Replay never expires keys, side by side with redis-server 7.0 (issue 13): the same append-only
// directory loaded by both servers gives the same keys, the same expiries counted, and the same bytes
// appended to the AOF afterwards (the DEL of a key found expired once loading is over). Needs redis-server.
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type Redis from 'ioredis'
import { client } from '../helpers/client.js'
import { cmd } from '../helpers/resp.js'
import { startNode, stopAll } from '../helpers/node-process.js'
import { waitFor } from '../helpers/wait.js'

type Kind = 'redis-server' | undefined
const field = async (c: Redis, section: string, name: string): Promise<string> =>
  (new RegExp(`^${name}:(.*)\r$`, 'm').exec(await c.info(section)) ?? [])[1] ?? ''

/** The last incr file of an append-only directory. */
function lastIncr(dir: string): string {
  const aofDir = join(dir, 'appendonlydir')
  const name = readdirSync(aofDir).filter((f) => f.endsWith('.incr.aof')).sort().pop() as string
  return readFileSync(join(aofDir, name), 'latin1')
}

/** Starts `kind` on a copy of `source`, reads `keys`, and reports what it holds and appended. */
async function loadCopy(kind: Kind, source: string, keys: string[]): Promise<Record<string, unknown>> {
  const node = await startNode(['--appendonly', 'yes', '--save', ''], kind)
  await node.stop()
  rmSync(join(node.dir, 'appendonlydir'), { recursive: true, force: true })
  cpSync(join(source, 'appendonlydir'), join(node.dir, 'appendonlydir'), { recursive: true })
  const before = lastIncr(node.dir).length
  const again = await startNode(['--appendonly', 'yes', '--save', ''], kind, node.dir, node.port)
  const c = client(again.port)
  try {
    const values = await Promise.all(keys.map((k) => c.call('DUMP', k)))
    await waitFor('nothing left to expire', async () => Number((/keys=(\d+)/.exec(await c.info('keyspace')) ?? [])[1] ?? 0) === 0, 5000)
    return { values, expired: await field(c, 'stats', 'expired_keys'), appended: lastIncr(node.dir).slice(before) }
  } finally {
    c.disconnect()
  }
}

describe('replay and expiry, against redis-server', () => {
  const dirs: string[] = []
  after(async () => {
    await stopAll()
    for (const d of dirs) rmSync(d, { recursive: true, force: true })
  })
  const tempDir = (): string => {
    const d = mkdtempSync(join(tmpdir(), 'rcl-replay-interop-'))
    dirs.push(d)
    return d
  }

  it('loads RPUSH, PEXPIREAT into the past, RPUSH as one expired list, removed afterwards by DEL', { timeout: 60000 }, async () => {
    const source = tempDir()
    mkdirSync(join(source, 'appendonlydir'))
    writeFileSync(join(source, 'appendonlydir', 'appendonly.aof.manifest'), 'file appendonly.aof.1.incr.aof seq 1 type i\n')
    writeFileSync(join(source, 'appendonlydir', 'appendonly.aof.1.incr.aof'),
      Buffer.concat([cmd('RPUSH', 'list', 'foo'), cmd('PEXPIREAT', 'list', '1000'), cmd('RPUSH', 'list', 'bar')]))
    const redis = await loadCopy('redis-server', source, ['list'])
    const rcl = await loadCopy(undefined, source, ['list'])
    assert.deepEqual(rcl, redis)
    assert.deepEqual(redis, { values: [null], expired: '1', appended: cmd('SELECT', '0').toString('latin1') + cmd('DEL', 'list').toString('latin1') })
  })

  it('keeps a key of the AOF base that expired, for the command after it', { timeout: 60000 }, async () => {
    // redis-server writes the directory: an RDB base holding k with a short TTL, then APPEND in the incr file
    const writer = await startNode(['--appendonly', 'yes', '--save', ''], 'redis-server')
    const w = client(writer.port)
    const at = Date.now() + 1000
    await w.set('k', 'v', 'PXAT', at)
    await w.call('BGREWRITEAOF')
    await waitFor('the rewrite', async () => (await field(w, 'persistence', 'aof_rewrite_in_progress')) === '0' && (await field(w, 'persistence', 'aof_rewrite_scheduled')) === '0', 5000)
    assert.equal(await w.append('k', 'more'), 5)
    w.disconnect()
    await writer.stop()
    await sleep(Math.max(0, at - Date.now() + 100))
    const redis = await loadCopy('redis-server', writer.dir, ['k'])
    const rcl = await loadCopy(undefined, writer.dir, ['k'])
    assert.deepEqual(rcl, redis)
    assert.deepEqual(redis.values, [null])
    assert.equal(redis.expired, '1')
  })
})
