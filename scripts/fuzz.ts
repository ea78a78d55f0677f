#!/usr/bin/env node
// `npm run fuzz -- --seeds a..b [--count N] [--time S] [--check-every N] [--no-shrink] [--max-failures N]`:
// the differential fuzzer by hand. Prints each seed, the commands run, and for each difference the
// shrunk reproducer. Exit status 1 when a difference outside the allowlist was found.
import { stopAll } from '../test/helpers/node-process.js'
import { DEFAULT_CHECK_EVERY, DEFAULT_COUNT, formatSummary, fuzzSeeds } from '../test/interop/fuzz/fuzz.js'
import { FuzzRunner } from '../test/interop/fuzz/runner.js'

function usage(msg: string): never {
  console.error(`fuzz: ${msg}\nusage: npm run fuzz -- --seeds a..b [--count N] [--time S] [--check-every N] [--no-shrink] [--max-failures N]`)
  process.exit(2)
}

function parseArgs(argv: string[]): Parameters<typeof fuzzSeeds>[1] {
  const opts = { first: 1, last: 10, count: DEFAULT_COUNT, checkEvery: DEFAULT_CHECK_EVERY, shrink: true, timeS: undefined as number | undefined, maxFailures: 10 }
  const num = (v: string | undefined, flag: string): number => {
    const n = Number(v)
    if (v === undefined || !Number.isInteger(n) || n < 0) usage(`${flag} needs a non-negative integer`)
    return n
  }
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]
    if (a === '--seeds') {
      const m = /^(\d+)(?:\.\.(\d+))?$/.exec(argv[++i] ?? '')
      if (!m) usage('--seeds takes a..b or a single seed')
      opts.first = Number(m[1])
      opts.last = Number(m[2] ?? m[1])
    } else if (a === '--count') opts.count = num(argv[++i], a)
    else if (a === '--time') opts.timeS = num(argv[++i], a)
    else if (a === '--check-every') opts.checkEvery = num(argv[++i], a)
    else if (a === '--max-failures') opts.maxFailures = num(argv[++i], a)
    else if (a === '--no-shrink') opts.shrink = false
    else usage(`unknown argument ${a}`)
  }
  if (opts.last < opts.first) usage('--seeds a..b needs a <= b')
  return opts
}

const opts = parseArgs(process.argv.slice(2))
const runner = new FuzzRunner()
let code = 1
const stopOnSignal = (): void => { void stopAll().finally(() => process.exit(130)) }
process.once('SIGINT', stopOnSignal)
process.once('SIGTERM', stopOnSignal)
try {
  await runner.start()
  console.log(`fuzzing seeds ${opts.first}..${opts.last}, ${opts.count} commands each (redis-server on ${runner.ports.redis}, rcl-node on ${runner.ports.rcl})`)
  const report = await fuzzSeeds(runner, { ...opts, log: (l) => console.log(l) })
  console.log(formatSummary(report))
  console.log(`reproduce: npm run fuzz -- --seeds ${opts.first}..${report.lastSeed} --count ${opts.count}`)
  code = report.failures.length === 0 ? 0 : 1
} catch (e) {
  console.error('fuzz: aborted:', e)
} finally {
  await runner.stop()
  await stopAll()
}
process.exit(code)
