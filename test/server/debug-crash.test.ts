import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startServer, type InProc } from '../helpers/in-proc-server.js'
import { client } from '../helpers/client.js'

/**
 * A server that does not own its process (this test's) writes the same bug report, then shuts down
 * instead of ending the process: the report's content can be checked here, the exit in e2e.
 */
describe('DEBUG crash subcommands in an embedded server', () => {
  let dir: string
  before(() => { dir = mkdtempSync(join(tmpdir(), 'rcl-crash-')) })
  after(() => rmSync(dir, { recursive: true, force: true }))

  async function crashed(sub: string, setup: (c: ReturnType<typeof client>) => Promise<unknown>): Promise<string> {
    const srv: InProc = await startServer({ 'enable-debug-command': 'yes' })
    const logFile = join(dir, `${sub}.log`)
    srv.server.log.file = logFile
    const c = client(srv.port)
    try {
      await setup(c)
      await assert.rejects(c.call('DEBUG', sub), /Connection is closed|ECONNRESET|closed/)
      await srv.server.closed
    } finally {
      c.disconnect()
      await srv.stop()
    }
    return readFileSync(logFile, 'latin1')
  }

  it('ASSERT logs the client and object context, then the report, and stops the server', async () => {
    const log = await crashed('ASSERT', (c) => c.client('SETNAME', 'crasher'))
    assert.match(log, /\n\n=== REDIS BUG REPORT START: Cut & paste starting from here ===\n/)
    const lines = log.split('\n').filter((l) => l.includes(' # ')).map((l) => l.slice(l.indexOf(' # ') + 3))
    const start = lines.indexOf('=== ASSERTION FAILED CLIENT CONTEXT ===')
    assert.deepEqual(lines.slice(start, start + 11).map((l) => l.replace(/fd=\d+/, 'fd=N').replace(/rcl-node\.js|debug-crash\.ts/, 'F').replace(/:\d+ /, ':L ')), [
      '=== ASSERTION FAILED CLIENT CONTEXT ===',
      'client->flags = 0',
      'client->conn = fd=N',
      'client->argc = 2',
      'client->argv[0] = "DEBUG" (refcount: 1)',
      'client->argv[1] = "ASSERT" (refcount: 1)',
      '=== ASSERTION FAILED OBJECT CONTEXT ===',
      'Object type: 0',
      'Object encoding: 8',
      'Object refcount: 1',
      '=== ASSERTION FAILED ===',
    ])
    assert.match(log, /# ==> debug-crash\.ts:\d+ '1 == 2' is not true\n/)
    assert.match(log, /\n------ STACK TRACE ------\n\nBacktrace:\n(Object\.)?assertSub .*debug-crash\.ts:\d+:\d+\)\n/)
    assert.match(log, /\n------ CLIENT LIST OUTPUT ------\nid=\d+ .* name=crasher .* cmd=debug user=default redir=-1 resp=2\n/)
    assert.match(log, /\n------ CONFIG DEBUG OUTPUT ------\nactivedefrag no\n(.*\n)*client-query-buffer-limit 1gb\nproto-max-bulk-len 512mb\n/)
    assert.match(log, /\n=== REDIS BUG REPORT END\. Make sure to include from START to END\. ===\n/)
    assert.match(log, /# The server crashed: shutting it down \(it does not own its process\)\n/)
  })

  it('PANIC describes the object stored under the key named like its second argument, as Redis does', async () => {
    const log = await crashed('PANIC', (c) => c.rpush('PANIC', 'a', 'b'))
    assert.match(log, /# Guru Meditation: DEBUG PANIC called at Unix time \d+ #debug-crash\.ts:\d+\n/)
    assert.match(log, /argv\[1\]: '"PANIC"'\n.*# key 'PANIC' found in DB containing the following object:\n.*# Object type: 1\n.*# Object encoding: 9\n.*# Object refcount: 1\n/)
    assert.match(log, /# Keyspace\r\ndb0:keys=1,expires=0,avg_ttl=0\r\n/)
  })

  it('OOM tries a real allocation and reports it as Redis\'s out-of-memory handler does', async () => {
    const log = await crashed('OOM', async () => undefined)
    assert.match(log, /# Out Of Memory allocating 9007199254740991 bytes!\n\n\n=== REDIS BUG REPORT START/)
    assert.match(log, /# Guru Meditation: Redis aborting for OUT OF MEMORY\. Allocating 9007199254740991 bytes! #debug-crash\.ts:\d+\n/)
  })
})
