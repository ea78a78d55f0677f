// The differential fuzzer in CI: a fixed range of seeds, each a generated sequence of commands sent to
// real redis-server and rcl-node, replies and keyspaces compared (test/interop/fuzz/). A failure
// prints the shrunk reproducer; `npm run fuzz -- --seeds a..b` runs more seeds by hand.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { stopAll } from '../helpers/node-process.js'
import { DEFAULT_COUNT, formatFailure, fuzzSeeds } from './fuzz/fuzz.js'
import { FuzzRunner } from './fuzz/runner.js'

/** Seeds run on every CI run (about 80,000 commands, under a minute on a 2-core machine), in chunks. */
const CI_SEEDS = { first: 1, last: 400 }
const CHUNK = 25

describe('differential fuzzing against redis-server 7.0', () => {
  const runner = new FuzzRunner()
  before(() => runner.start())
  after(async () => { await runner.stop(); await stopAll() })

  for (let first = CI_SEEDS.first; first <= CI_SEEDS.last; first += CHUNK) {
    const last = Math.min(first + CHUNK - 1, CI_SEEDS.last)
    it(`seeds ${first}..${last}: every reply and the keyspace match`, async () => {
      const report = await fuzzSeeds(runner, { first, last, count: DEFAULT_COUNT, maxFailures: 3 })
      assert.ok(report.commands > (last - first + 1) * DEFAULT_COUNT * 0.9, `only ${report.commands} commands ran`)
      assert.deepEqual(report.failures.map((f) => f.seed), [], report.failures.map((f) => formatFailure(f, DEFAULT_COUNT)).join('\n'))
    })
  }
})
