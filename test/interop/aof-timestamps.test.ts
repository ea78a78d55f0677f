// aof-timestamp-enabled yes, byte for byte against redis-server 7.0: the same writes, timed to the same
// second boundaries, give the same incremental files ("#TS:" before the first command of each new
// second, none at the start of an incr file opened within the second of the last one) and a
// command-form base that starts with one.
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { setTimeout as sleep } from 'node:timers/promises'
import type Redis from 'ioredis'
import { client } from '../helpers/client.js'
import { startNode, stopAll } from '../helpers/node-process.js'
import { waitFor } from '../helpers/wait.js'

const ARGS = ['--appendonly', 'yes', '--aof-timestamp-enabled', 'yes', '--aof-use-rdb-preamble', 'no', '--save', '']

/** Waits for the start of the next wall-clock second (plus a margin), so a burst of writes shares one. */
async function nextSecond(): Promise<void> {
  await sleep(1000 - (Date.now() % 1000) + 30)
}

interface Files { first: string; base: string; second: string }

/** The same timed writes against a server; the incr file before the rewrite, the new base and incr after. */
async function run(command?: string): Promise<Files> {
  const n = await startNode(ARGS, command)
  const c = client(n.port)
  const dir = join(n.dir, 'appendonlydir')
  try {
    await nextSecond()
    await c.pipeline().set('a', '1').set('b', '2').exec() // one second: one "#TS:"
    await nextSecond()
    await c.set('c', '3') // a new second: a new "#TS:"
    const first = readFileSync(join(dir, 'appendonly.aof.1.incr.aof'), 'latin1')
    await nextSecond()
    // within one second: a write, the rewrite that opens a new incr file, a write into it
    await c.pipeline().set('d', '4').bgrewriteaof().set('e', '5').exec()
    await waitFor('the rewrite to finish', async () => /aof_rewrite_in_progress:0\r\n[\s\S]*aof_rewrites:1\r\n/.test(await c.info('persistence')), 10_000)
    await nextSecond()
    await c.set('f', '6')
    await c.call('SHUTDOWN', 'NOSAVE').catch(() => undefined)
    await n.exited
    return { first, base: readFileSync(join(dir, 'appendonly.aof.2.base.aof'), 'latin1'), second: readFileSync(join(dir, 'appendonly.aof.2.incr.aof'), 'latin1') }
  } finally {
    (c as Redis).disconnect()
  }
}

const stamps = (text: string): number[] => [...text.matchAll(/#TS:(\d+)\r\n/g)].map((m) => Number(m[1]))
const normalized = (text: string): string => text.replace(/#TS:\d+\r\n/g, '#TS:<t>\r\n')

describe('AOF timestamp annotations, compared with redis-server 7.0', () => {
  after(stopAll)

  it('writes the same incr files and base beginning as Redis for the same timed writes', async () => {
    const [redis, ours] = [await run('redis-server'), await run()]
    assert.equal(normalized(ours.first), normalized(redis.first))
    assert.equal(normalized(ours.second), normalized(redis.second))
    assert.equal(normalized(redis.second).startsWith('#TS:'), false, 'Redis: no annotation at the start of an incr file opened within the second')
    // the command-form base begins with an annotation, then its commands (their order is Redis's hash order)
    assert.match(redis.base, /^#TS:\d+\r\n\*2\r\n\$6\r\nSELECT\r\n/)
    assert.match(ours.base, /^#TS:\d+\r\n\*2\r\n\$6\r\nSELECT\r\n/)
    for (const f of [ours.first, ours.second]) {
      const s = stamps(f)
      assert.deepEqual(s, [...s].sort((x, y) => x - y))
      assert.ok(s.every((t) => Math.abs(t - Date.now() / 1000) < 60), String(s))
    }
  })
})
