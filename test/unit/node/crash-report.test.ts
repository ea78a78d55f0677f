import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { Config } from '../../../src/node/config/config.js'
import { Server } from '../../../src/node/server.js'
import { Logger } from '../../../src/node/util/log.js'
import { REPORT_END, REPORT_START, bugReport, frameLocation, stackFrames } from '../../../src/node/crash-report.js'

function server(directives: Record<string, string> = {}): Server {
  const config = new Config()
  for (const [k, v] of Object.entries(directives)) config.set(k, [v], true)
  return new Server(config, { log: new Logger() })
}

describe('frameLocation / stackFrames', () => {
  it('names the file and line of the innermost frame, as Redis names debug.c:530', () => {
    const frames = stackFrames('Error: x\n    at Object.assertSub [as run] (file:///opt/rcl/dist/rcl-node.js:14513:74)\n    at call (file:///opt/rcl/dist/rcl-node.js:1629:24)')
    assert.deepEqual(frames, ['Object.assertSub [as run] (file:///opt/rcl/dist/rcl-node.js:14513:74)', 'call (file:///opt/rcl/dist/rcl-node.js:1629:24)'])
    assert.equal(frameLocation(frames), 'rcl-node.js:14513')
    assert.equal(frameLocation(['/srv/a b/x.js:3:1']), 'x.js:3')
    assert.equal(frameLocation(['process.<anonymous> (node:internal/x:7:2)']), 'node:internal/x:7')
    assert.equal(frameLocation([]), 'unknown:0')
  })
})

describe('bugReport', () => {
  const text = (pieces: ReturnType<typeof bugReport>): string => pieces.map((p) => ('raw' in p ? p.raw : `[${p.log}]\n`)).join('')

  it('puts the headline between START and the stack, and INFO, clients and config after it', () => {
    const t = text(bugReport(server(), { kind: 'uncaught', error: new TypeError('x is undefined') }, ['f (/a/b.js:1:2)']))
    assert.ok(t.startsWith(`\n\n${REPORT_START}\n[------------------------------------------------]\n[!!! Software Failure. Press left mouse button to continue]\n[Guru Meditation: Uncaught TypeError: x is undefined #b.js:1]\n`))
    const sections = [...t.matchAll(/\n------ (.*) ------\n/g)].map((m) => m[1])
    assert.deepEqual(sections, ['STACK TRACE', 'INFO OUTPUT', 'CLIENT LIST OUTPUT', 'MODULES INFO OUTPUT', 'CONFIG DEBUG OUTPUT'])
    assert.match(t, /\nBacktrace:\nf \(\/a\/b\.js:1:2\)\n/)
    assert.ok(t.includes(`\n${REPORT_END}\n`))
  })

  it('keeps only the headline with crash-log-enabled no', () => {
    const t = text(bugReport(server({ 'crash-log-enabled': 'no' }), { kind: 'panic', message: 'boom' }, ['f (/a/b.js:1:2)']))
    assert.match(t, /\[Guru Meditation: boom #b\.js:1\]\n\n=== REDIS BUG REPORT END/)
    assert.doesNotMatch(t, /------ STACK TRACE/)
  })

  it('says the signal and its sender (itself) for a signal, with no registers to show', () => {
    const t = text(bugReport(server(), { kind: 'signal', signal: 'SIGSEGV', number: 11 }, ['f (/a/b.js:1:2)']))
    assert.match(t, new RegExp(`\\[Redis 7\\.0\\.15 crashed by signal: 11, si_code: 0\\]\n\\[Killed by PID: ${process.pid}, UID: \\d+\\]\n`))
    assert.match(t, /------ STACK TRACE ------\nEIP:\nf \(\/a\/b\.js:1:2\)\n\nBacktrace:\n/)
    assert.match(t, /\n------ REGISTERS ------\n\[  Dumping of registers not supported for this OS\/arch\]\n/)
  })
})
