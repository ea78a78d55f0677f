// CONFIG REWRITE after REPLICAOF, side by side with redis-server 7.0 (issue 13): the same file, the same
// REPLICAOF / NO ONE / hostname steps, and the same replicaof lines in the same places afterwards, and
// CONFIG GET replicaof following the run-time master. Needs redis-server on PATH.
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { client } from '../helpers/client.js'
import { startNode, stopAll } from '../helpers/node-process.js'

/** The file's lines, without those that differ only because the two servers were started differently. */
function ownLines(path: string, masterPort: number): string[] {
  const harness = /^(dir|bind|port|logfile|save|appendonly|enable-debug-command|latency-tracking-info-percentiles|user) /
  return readFileSync(path, 'latin1').split('\n').filter((l) => !harness.test(l)).map((l) => l.replace(String(masterPort), 'MASTERPORT'))
}

/** The steps on one kind of server; returns the file after each rewrite and CONFIG GET replicaof after each step. */
async function steps(kind: 'redis-server' | undefined, masterPort: number): Promise<string[][]> {
  const first = await startNode(['--save', ''], kind)
  const conf = join(first.dir, 'replica.conf')
  writeFileSync(conf, '# comment\nslaveof 127.0.0.1 9\n')
  await first.stop()
  const node = await startNode([conf, '--save', ''], kind, first.dir, first.port)
  const c = client(node.port)
  const out: string[][] = []
  const get = async (): Promise<string[]> => (await c.config('GET', 'replicaof')) as string[]
  try {
    out.push(await get())
    await c.call('REPLICAOF', '127.0.0.1', String(masterPort))
    out.push((await get()).map((v) => v.replace(String(masterPort), 'MASTERPORT')))
    await c.config('REWRITE')
    out.push(ownLines(conf, masterPort))
    await c.call('REPLICAOF', 'NO', 'ONE')
    out.push(await get())
    await c.config('REWRITE')
    out.push(ownLines(conf, masterPort))
    await c.call('REPLICAOF', 'localhost', String(masterPort))
    await c.config('REWRITE')
    out.push(ownLines(conf, masterPort))
    return out
  } finally {
    c.disconnect()
  }
}

describe('CONFIG REWRITE of a replica, rcl-node against redis-server', () => {
  after(stopAll)

  it('writes and removes the same replicaof lines, in the same places', { timeout: 60000 }, async () => {
    const master = await startNode(['--save', ''], 'redis-server')
    const redis = await steps('redis-server', master.port)
    const rcl = await steps(undefined, master.port)
    assert.deepEqual(rcl, redis)
    // and the comparison is about something: the line is there after the first rewrite, gone after NO ONE
    assert.ok(redis[2].includes('replicaof 127.0.0.1 MASTERPORT'))
    assert.ok(!redis[4].some((l) => l.startsWith('replicaof')))
  })
})
