import { strict as assert } from 'node:assert'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { stopIfStartedByRcl } from '../../../src/lib/lifecycle.js'
import { writeRecord, readRecord } from '../../../src/lib/process/state-dir.js'

describe('stopIfStartedByRcl', () => {
  const stateDir = mkdtempSync(join(tmpdir(), 'rcl-lifecycle-'))
  after(() => rmSync(stateDir, { recursive: true, force: true }))

  it('leaves a node rcl did not start alone, and says so', async () => {
    assert.equal(await stopIfStartedByRcl(stateDir, { host: '127.0.0.1', port: 7001 }), false)
  })

  it('stops a node rcl recorded and keeps its record (rcl clean removes it)', async () => {
    // a pid that is no process: stopping finds it not running, so no signal goes anywhere
    writeRecord(stateDir, {
      host: '127.0.0.1', port: 7002, pid: 2 ** 22 + 7, startTicks: null, server: 'rcl-node', template: 'standalone',
      dir: join(stateDir, '7002'), conf: 'node.conf', log: 'node.log', startedAt: new Date(0).toISOString(),
    })
    assert.equal(await stopIfStartedByRcl(stateDir, { host: '127.0.0.1', port: 7002 }, 100), true)
    assert.notEqual(readRecord(stateDir, 7002), null)
  })
})
