#!/usr/bin/env node
// Runs Node's built-in test runner over every *.test.ts below the given folders (Node 20 has no
// globbing in --test), loading TypeScript through tsx. Exit status is the runner's.
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { join } from 'node:path'

function collect(dir, out) {
  if (!existsSync(dir)) return out
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) collect(p, out)
    else if (name.endsWith('.test.ts')) out.push(p)
  }
  return out
}

const files = process.argv.slice(2).flatMap((d) => (d.endsWith('.ts') ? [d] : collect(d, [])))
if (files.length === 0) {
  console.error('run-tests: no test files found in', process.argv.slice(2).join(' '))
  process.exit(1)
}
const concurrency = process.env.TEST_CONCURRENCY ?? '2'
const r = spawnSync(process.execPath, ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...files], { stdio: 'inherit' })
process.exit(r.status ?? 1)
