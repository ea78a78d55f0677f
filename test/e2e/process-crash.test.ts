import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { startNode, stopAll, type TestNode } from '../helpers/node-process.js'
import { exchange, cmd } from '../helpers/resp.js'
import { RCL_NODE_BIN } from '../../src/lib/process/spawn-node.js'

const START = '=== REDIS BUG REPORT START: Cut & paste starting from here ==='
const END = '=== REDIS BUG REPORT END. Make sure to include from START to END. ==='

/** Sends DEBUG <sub> and waits for the process to end; returns how it ended and its log. */
async function crashWith(n: TestNode, sub: string): Promise<{ code: number | null; signal: string | null; log: string }> {
  assert.equal((await exchange(n.port, [cmd('SET', 'foo', 'bar')], { expect: 5 })).data, '+OK\r\n')
  const r = await exchange(n.port, [cmd('DEBUG', sub)], { maxMs: 10_000, idleMs: 10_000 })
  assert.deepEqual(r, { closed: true, data: '' }, 'the connection closes without a reply to DEBUG')
  return ended(n)
}

async function ended(n: TestNode): Promise<{ code: number | null; signal: string | null; log: string }> {
  const code = await n.exited
  return { code, signal: n.process.signalCode, log: readFileSync(join(n.dir, 'node.log'), 'latin1') }
}

/** The report's sections in Redis's order, and no Node.js stack dump on the side. */
function assertFullReport(log: string): void {
  const at = (s: string): number => { const i = log.indexOf(s); assert.ok(i >= 0, `missing ${s}`); return i }
  const order = [START, '------ STACK TRACE ------', '------ INFO OUTPUT ------', '# Keyspace\r\ndb0:keys=1,expires=0',
    '------ CLIENT LIST OUTPUT ------', '------ MODULES INFO OUTPUT ------', '------ CONFIG DEBUG OUTPUT ------', END].map(at)
  assert.deepEqual([...order].sort((a, b) => a - b), order)
}

describe('rcl-node crashes', () => {
  after(stopAll)

  it('DEBUG SEGFAULT writes the report and dies by SIGSEGV, as Redis does', async () => {
    const n = await startNode(['--enable-debug-command', 'yes'])
    const { code, signal, log } = await crashWith(n, 'SEGFAULT')
    assert.equal(code, null)
    assert.equal(signal, 'SIGSEGV')
    assertFullReport(log)
    assert.match(log, new RegExp(`# Redis 7\\.0\\.15 crashed by signal: 11, si_code: 0\\n.*# Killed by PID: ${n.pid}, UID: \\d+\\n`))
    assert.match(log, /------ STACK TRACE ------\nEIP:\n.*segfaultSub/)
    assert.match(log, /------ CURRENT CLIENT INFO ------\nid=\d+ addr=127\.0\.0\.1:\d+ .* cmd=debug .*\nargv\[0\]: '"DEBUG"'\nargv\[1\]: '"SEGFAULT"'\n/)
  })

  for (const sub of ['ASSERT', 'PANIC', 'OOM']) {
    it(`DEBUG ${sub} writes the report and aborts (SIGABRT), as Redis does`, async () => {
      const n = await startNode(['--enable-debug-command', 'yes'])
      const { code, signal, log } = await crashWith(n, sub)
      assert.equal(code, null)
      assert.equal(signal, 'SIGABRT')
      assertFullReport(log)
      if (sub === 'ASSERT') assert.match(log, /# === ASSERTION FAILED ===\n.*# ==> rcl-node\.cjs:\d+ '1 == 2' is not true\n/)
      if (sub === 'PANIC') assert.match(log, /# Guru Meditation: DEBUG PANIC called at Unix time \d+ #rcl-node\.cjs:\d+\n/)
      if (sub === 'OOM') assert.match(log, /# Out Of Memory allocating 9007199254740991 bytes!\n/)
    })
  }

  it('exits with status 1 on a panic under use-exit-on-panic', async () => {
    const n = await startNode(['--enable-debug-command', 'yes', '--use-exit-on-panic', 'yes'])
    const { code, signal, log } = await crashWith(n, 'PANIC')
    assert.deepEqual([code, signal], [1, null])
    assertFullReport(log)
  })

  it('writes only the headline with crash-log-enabled no, and nothing for a signal', async () => {
    const a = await startNode(['--enable-debug-command', 'yes', '--crash-log-enabled', 'no'])
    const assertCrash = await crashWith(a, 'ASSERT')
    assert.equal(assertCrash.signal, 'SIGABRT')
    assert.match(assertCrash.log, /ASSERTION FAILED ===\n.*'1 == 2' is not true\n\n=== REDIS BUG REPORT END/)
    assert.doesNotMatch(assertCrash.log, /STACK TRACE|INFO OUTPUT/)
    const b = await startNode(['--enable-debug-command', 'yes', '--crash-log-enabled', 'no'])
    const segv = await crashWith(b, 'SEGFAULT')
    assert.equal(segv.signal, 'SIGSEGV')
    assert.doesNotMatch(segv.log, /BUG REPORT/)
  })

  // a module loaded ahead of rcl-node that throws (or rejects) outside any command when told to
  const throwing = 'data:text/javascript,process.on("SIGUSR2",()=>{throw new TypeError("boom from a timer")})'
  const rejecting = 'data:text/javascript,process.on("SIGUSR2",()=>{Promise.reject(new RangeError("boom from a promise"))})'
  for (const [what, preload, text] of [['exception', throwing, 'TypeError: boom from a timer'], ['rejection', rejecting, 'RangeError: boom from a promise']]) {
    it(`turns an uncaught ${what} into a report and an abort, not a bare stack trace`, async () => {
      const n = await startNode(['--import', preload, RCL_NODE_BIN], process.execPath)
      process.kill(n.pid, 'SIGUSR2')
      const { code, signal, log } = await ended(n)
      assert.deepEqual([code, signal], [null, 'SIGABRT'])
      assert.match(log, new RegExp(`# Guru Meditation: Uncaught ${text} #data:text/javascript,.*\\n`))
      assert.ok(log.indexOf(START) < log.indexOf('------ STACK TRACE ------'))
      assert.ok(log.includes('------ INFO OUTPUT ------') && log.includes(END))
      assert.doesNotMatch(log, /^\s+at /m, "no stack trace printed by Node's own handler")
    })
  }
})
