// Loading an append-only directory at start-up, rcl-node against redis-server 7.0: the same slowed-down
// replay of a base and an incr file, the same requests while it runs, the same replies byte for byte
// and the same INFO persistence fields.
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { rmSync } from 'node:fs'
import { writeAofDir } from '../helpers/dataset-files.js'
import { stopAll } from '../helpers/node-process.js'
import { askBothWhileLoading } from './loading-script.js'

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
    const [redis, ours] = await askBothWhileLoading((dir) => writeAofDir(dir, BASE_KEYS, INCR_KEYS), SLOW_AOF, BASE_KEYS + INCR_KEYS, dirs)
    assert.equal(ours.replies, redis.replies)
    assert.deepEqual(ours.infoFields, redis.infoFields)
  })
})
