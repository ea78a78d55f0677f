// Starting redis-server 7.0 and rcl-node on the same damaged dump or append-only directory, each in its
// own copy, and reading what each logs while it refuses to load: the differential tests of load
// failures check that every line Redis writes is in rcl-node's log too, in the same order.
import assert from 'node:assert/strict'
import { spawnSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { RCL_NODE_BIN } from '../../src/lib/process/spawn-node.js'
import { freePort } from '../helpers/free-port.js'

/** Files by path relative to the server's dir. */
export type Files = Record<string, Buffer | string>

export interface Refusal {
  status: number | null
  /** Log lines after "Server initialized", without their "pid:role date time " prefix. */
  lines: string[]
  /** The files as the server left them. */
  after: Files
}

const PREFIX = /^\d+:[MSC] \d\d \w{3} \d{4} [\d:.]+ /
/** Lines about the machine, not the load. */
const UNRELATED = /WARNING Memory overcommit|rcl-node is starting|Running in standalone mode/

/** Starts a server on `files` (in a copy) with `args`, to its exit; bounded. */
export async function refusal(command: 'redis-server' | 'rcl-node', files: Files, args: string[] = []): Promise<Refusal> {
  const dir = mkdtempSync(join(tmpdir(), 'rcl-damaged-'))
  try {
    for (const [name, data] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, name)), { recursive: true })
      writeFileSync(join(dir, name), data)
    }
    const argv = ['--port', String(await freePort()), '--bind', '127.0.0.1', '--dir', dir, '--save', '', ...args]
    const r = command === 'redis-server'
      ? spawnSync('redis-server', argv, { encoding: 'latin1', timeout: 15_000, cwd: dir })
      : spawnSync(process.execPath, [RCL_NODE_BIN, ...argv], { encoding: 'latin1', timeout: 15_000, cwd: dir })
    const all = r.stdout.split('\n')
    const from = all.findIndex((l) => l.includes('Server initialized'))
    // a line of Redis's may end in "\n", which shows as an empty line after it: kept, as part of the text
    const lines = all.slice(from + 1).filter((l) => PREFIX.test(l)).map((l) => l.replace(PREFIX, '')).filter((l) => !UNRELATED.test(l))
    const after: Files = {}
    for (const name of Object.keys(files)) after[name] = readFileSync(join(dir, name))
    return { status: r.status, lines, after }
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The files as bytes, to compare with what a server left. */
export function asBuffers(files: Files): Files {
  return Object.fromEntries(Object.entries(files).map(([name, data]) => [name, typeof data === 'string' ? Buffer.from(data, 'latin1') : data]))
}

/** Figures that differ from run to run: the file's age, load timings. */
function normalized(line: string): string {
  return line.replace(/RDB age \d+ seconds/, 'RDB age N seconds').replace(/: \d+\.\d{3} seconds$/, ': T seconds')
}

/** Every line Redis logged is in ours too, in the same order (ours may add its own in between). */
export function assertRedisLinesKept(redis: string[], ours: string[]): void {
  assert.ok(redis.length > 0, 'Redis logged nothing to compare with')
  let at = 0
  for (const line of redis.map(normalized)) {
    const found = ours.map(normalized).indexOf(line, at)
    assert.ok(found >= 0, `Redis's line "${line}" is missing after line ${at} of rcl-node's log:\n${ours.join('\n')}`)
    at = found + 1
  }
}
