// Loading a dump at start-up, rcl-node against redis-server 7.0: the same slowed-down load, the same
// requests while it runs, the same replies byte for byte (-LOADING for what needs the dataset, the
// rest served) and the same INFO persistence fields.
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { freePort } from '../helpers/free-port.js'
import { cmd, exchange } from '../helpers/resp.js'
import { writeDump } from '../helpers/dataset-files.js'
import { startNode, stopAll } from '../helpers/node-process.js'
import { askBothWhileLoading } from './loading-script.js'

const KEYS = 20_000
const SLOW = ['--key-load-delay', '200', '--loading-process-events-interval-bytes', '1024']

describe('loading a dump at start-up, compared with redis-server 7.0', () => {
  const dirs: string[] = []
  after(async () => {
    await stopAll()
    for (const d of dirs) rmSync(d, { recursive: true, force: true })
  })

  it('answers the same requests the same way while loading, and has the same keys after', async () => {
    const [redis, ours] = await askBothWhileLoading((dir) => writeDump(dir, KEYS), SLOW, KEYS, dirs)
    assert.equal(ours.replies, redis.replies)
    assert.deepEqual(ours.infoFields, redis.infoFields)
  })

  it('is a replica already while it loads, when replicaof is configured', async () => {
    const seen: Array<{ role: string; replication: string; logRole: string }> = []
    const nowhere = String(await freePort())
    for (const command of ['redis-server', undefined]) {
      const dir = mkdtempSync(join(tmpdir(), 'rcl-interop-loading-'))
      dirs.push(dir)
      writeDump(dir, KEYS)
      const n = await startNode([...SLOW, '--replicaof', '127.0.0.1', nowhere], command, dir, undefined, true)
      const role = (await exchange(n.port, [cmd('ROLE')], { idleMs: 300 })).data
      // the replication ids are random: everything else must match
      const replication = (await exchange(n.port, [cmd('INFO', 'replication')], { idleMs: 300 })).data.replace(/^master_replid:\w+\r$/m, '')
      assert.match((await exchange(n.port, [cmd('INFO', 'persistence')], { idleMs: 300 })).data, /^loading:1\r$/m)
      const logRole = /^\d+:(\w) .* Server initialized$/m.exec(readFileSync(join(dir, 'node.log'), 'latin1'))?.[1] ?? '?'
      seen.push({ role, replication, logRole })
      await n.stop(3000)
    }
    assert.deepEqual(seen[1], seen[0])
    assert.match(seen[0].role, /slave[\s\S]*connect/)
  })
})
