// Replays, through the fuzzer's runner, the shrunk sequences of differences it found that need a second
// client (test/interop/fuzz/regressions.ts): each must now show no difference from redis-server 7.0.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { stopAll } from '../helpers/node-process.js'
import { formatDifference } from './fuzz/fuzz.js'
import { REGRESSIONS, asSequence } from './fuzz/regressions.js'
import { FuzzRunner } from './fuzz/runner.js'

describe('fuzzer finds stay fixed', () => {
  const runner = new FuzzRunner()
  before(() => runner.start())
  after(async () => { await runner.stop(); await stopAll() })

  for (const r of REGRESSIONS) {
    it(r.name, async () => {
      const res = await runner.run(asSequence(r))
      assert.equal(res.executed, r.steps.length)
      assert.equal(res.difference, null, res.difference ? formatDifference(res.difference) : '')
    })
  }
})
