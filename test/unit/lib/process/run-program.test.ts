// runProgram: a program run to completion through execa, its exit status and output, bounded by a timeout.
import { strict as assert } from 'node:assert'
import { describe, it } from 'node:test'
import { runProgram, runProgramOk, whichCommand } from '../../../../src/lib/process/run-program.js'

const node = process.execPath

describe('runProgram', () => {
  it('returns the exit status and both outputs, without rejecting on a failure', async () => {
    const r = await runProgram(node, ['-e', 'process.stdout.write("out\\n"); process.stderr.write("err"); process.exit(3)'])
    assert.deepEqual([r.exitCode, r.stdout, r.stderr, r.timedOut], [3, 'out\n', 'err', false])
  })

  it('passes stdin text and extra environment variables', async () => {
    const r = await runProgram(node, ['-e', 'process.stdin.on("data", (d) => process.stdout.write(d + process.env.RP_TEST))'], { input: 'in:', env: { RP_TEST: 'env' } })
    assert.equal(r.stdout, 'in:env')
  })

  it('keeps every byte with latin1', async () => {
    const r = await runProgram(node, ['-e', 'process.stdout.write(Buffer.from([0xff, 0x00, 0x80]))'], { encoding: 'latin1' })
    assert.deepEqual(Buffer.from(r.stdout, 'latin1'), Buffer.from([0xff, 0x00, 0x80]))
  })

  it('kills a program that runs past its timeout', async () => {
    const started = Date.now()
    const r = await runProgram(node, ['-e', 'setTimeout(() => {}, 60000)'], { timeoutMs: 300 })
    assert.equal(r.timedOut, true)
    assert.equal(r.exitCode, undefined)
    assert.ok(Date.now() - started < 10_000)
  })

  it('reports a command that does not exist', async () => {
    const r = await runProgram('rcl-no-such-command-here', [])
    assert.equal(r.exitCode, undefined)
    assert.match(r.failure ?? '', /ENOENT/)
    assert.equal(await whichCommand('rcl-no-such-command-here'), null)
    assert.equal(await whichCommand('sh') !== null, true)
  })

  it('runProgramOk returns stdout, or throws naming the status and output', async () => {
    assert.equal(await runProgramOk(node, ['-e', 'console.log("fine")']), 'fine\n')
    await assert.rejects(runProgramOk(node, ['-e', 'console.error("bad"); process.exit(2)']), /exited 2:\nbad/)
  })
})
