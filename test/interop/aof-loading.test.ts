// Loading an append-only directory at start-up, rcl-node against redis-server 7.0: the same slowed-down
// replay of a base and an incr file, the same requests while it runs, the same replies byte for byte
// and the same INFO persistence fields.
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { client } from '../helpers/client.js'
import { writeAofDir } from '../helpers/dataset-files.js'
import { startNode, stopAll } from '../helpers/node-process.js'
import { waitFor } from '../helpers/wait.js'
import { askWhileLoading } from './loading-script.js'

const BASE_KEYS = 5000
const INCR_KEYS = 5000
const SLOW_AOF = ['--appendonly', 'yes', '--key-load-delay', '250']

describe('loading the AOF at start-up, compared with redis-server 7.0', () => {
  const dirs: string[] = []
  after(async () => {
    await stopAll()
    for (const d of dirs) rmSync(d, { recursive: true, force: true })
  })

  it('answers the same requests the same way while replaying, and has the same keys after', async () => {
    const seen: Array<Awaited<ReturnType<typeof askWhileLoading>>> = []
    for (const command of ['redis-server', undefined]) {
      const dir = mkdtempSync(join(tmpdir(), 'rcl-interop-aof-loading-'))
      dirs.push(dir)
      writeAofDir(dir, BASE_KEYS, INCR_KEYS)
      const n = await startNode(SLOW_AOF, command, dir, undefined, true)
      const got = await askWhileLoading(n.port)
      seen.push(got)
      assert.ok(got.infoFields.includes('loading_loaded_bytes'), `${command ?? 'rcl-node'} was still loading: ${got.infoFields.join(' ')}`)
      const c = client(n.port)
      try {
        await waitFor('the load to end', async () => (await c.ping().catch(() => 'LOADING')) === 'PONG', 60_000, 50)
        assert.equal(await c.dbsize(), BASE_KEYS + INCR_KEYS)
      } finally {
        c.disconnect()
      }
    }
    const [redis, ours] = seen
    assert.equal(ours.replies, redis.replies)
    assert.deepEqual(ours.infoFields, redis.infoFields)
  })
})
