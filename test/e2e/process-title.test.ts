import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, readFileSync } from 'node:fs'
import { startNode, stopAll } from '../helpers/node-process.js'
import { client } from '../helpers/client.js'

/** What `ps -o args=` shows: the command line, up to its first NUL once the title was written over it. */
function cmdline(pid: number): string {
  return readFileSync(`/proc/${pid}/cmdline`, 'latin1').split('\0')[0]
}

const INVALID = /ERR CONFIG SET failed \(possibly related to argument 'proc-title-template'\) - template format is invalid or contains unknown variables$/

describe('rcl-node process title', { skip: !existsSync('/proc/self/cmdline') && 'needs /proc' }, () => {
  after(stopAll)

  it('reads "rcl-node <bind>:<port>" by default and follows CONFIG SET proc-title-template', async () => {
    const n = await startNode()
    const c = client(n.port)
    try {
      assert.equal(cmdline(n.pid), `rcl-node 127.0.0.1:${n.port}`)
      assert.equal(await c.config('SET', 'proc-title-template', '{title} [{config-file}] {port} {tls-port} u={unixsocket}'), 'OK')
      assert.equal(cmdline(n.pid), `rcl-node [-] ${n.port} 0 u=`)
      await assert.rejects(c.config('SET', 'proc-title-template', '{unknown}'), INVALID)
      // valid in form, but empty with this server's values (no cluster mode): refused, as Redis does
      await assert.rejects(c.config('SET', 'proc-title-template', '{server-mode}'), INVALID)
      assert.equal(cmdline(n.pid), `rcl-node [-] ${n.port} 0 u=`)
      assert.deepEqual(await c.config('GET', 'proc-title-template'), ['proc-title-template', '{title} [{config-file}] {port} {tls-port} u={unixsocket}'])
    } finally { c.disconnect() }
  })

  it('keeps the command line with set-proc-title no until the template is set', async () => {
    const n = await startNode(['--set-proc-title', 'no'])
    const c = client(n.port)
    try {
      assert.match(readFileSync(`/proc/${n.pid}/cmdline`, 'latin1'), /rcl-node\.js\0--set-proc-title\0no\0/)
      await c.config('SET', 'proc-title-template', '{title} hello {port}')
      assert.equal(cmdline(n.pid), `rcl-node hello ${n.port}`)
    } finally { c.disconnect() }
  })
})
