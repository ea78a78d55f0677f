import { strict as assert } from 'node:assert'
import { describe, it } from 'node:test'
import { isRunning, startTicksOf } from '../../../src/lib/process/liveness.js'

describe('isRunning', () => {
  it('knows a live process by pid and start time', () => {
    assert.equal(isRunning({ pid: process.pid, startTicks: startTicksOf(process.pid) }), true)
  })

  it('does not take a process with another start time for the recorded one (a recycled pid)', { skip: process.platform !== 'linux' }, () => {
    const ticks = startTicksOf(process.pid)
    assert.equal(typeof ticks, 'number')
    assert.equal(isRunning({ pid: process.pid, startTicks: (ticks as number) + 1 }), false)
  })

  it('says no for pids that are not processes', () => {
    assert.equal(isRunning({ pid: 0, startTicks: null }), false)
    assert.equal(isRunning({ pid: -1, startTicks: null }), false)
    assert.equal(isRunning({ pid: 2 ** 22 + 7, startTicks: null }), false)
  })
})
