import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { startNode, stopAll } from '../helpers/node-process.js'
import { exchange, cmd } from '../helpers/resp.js'

describe('rcl-node process', () => {
  after(stopAll)

  it('logs the PID line and Ready to accept connections, and stops on SIGTERM with status 0', async () => {
    const n = await startNode()
    const r = await exchange(n.port, [cmd('PING')], { expect: 7 })
    assert.equal(r.data, '+PONG\r\n')
    process.kill(n.pid, 'SIGTERM')
    assert.equal(await n.exited, 0)
    const log = readFileSync(join(n.dir, 'node.log'), 'latin1')
    assert.match(log, new RegExp(`^${n.pid}:M \\d\\d \\w{3} \\d{4} \\d\\d:\\d\\d:\\d\\d\\.\\d{3} \\* PID: ${n.pid}$`, 'm'))
    assert.match(log, /\* Ready to accept connections$/m)
    assert.match(log, /# Received SIGTERM scheduling shutdown/)
  })
})
