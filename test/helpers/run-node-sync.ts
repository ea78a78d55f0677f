// Runs bin/rcl-node.js to completion (for starts expected to fail, --version, --help): bounded by a
// timeout, output captured. Successful starts go through node-process.ts instead.
import { spawnSync } from 'node:child_process'
import { RCL_NODE_BIN } from '../../src/lib/process/spawn-node.js'

export interface SyncRun {
  status: number | null
  stdout: string
  stderr: string
}

export function runNodeSync(args: string[], opts: { cwd?: string; input?: string; timeoutMs?: number } = {}): SyncRun {
  const r = spawnSync(process.execPath, [RCL_NODE_BIN, ...args], {
    cwd: opts.cwd, input: opts.input ?? '', timeout: opts.timeoutMs ?? 10_000, encoding: 'latin1',
  })
  return { status: r.status, stdout: r.stdout, stderr: r.stderr }
}

/** A log line without its "pid:role date time " prefix. */
export const logText = (line: string): string => line.replace(/^\d+:[MSXC] \d\d \w{3} \d{4} [\d:.]+ /, '')
