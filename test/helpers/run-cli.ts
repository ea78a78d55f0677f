// Runs the built rcl CLI (bin/run.js) as a child process, bounded by a timeout, with colour off, and a
// state directory per test that cleanUp() empties: every node the CLI started there is stopped (its
// process tree killed if it lingers) and the folder removed.
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import treeKill from 'tree-kill'
import { isRunning } from '../../src/lib/process/liveness.js'
import { readRecords } from '../../src/lib/process/state-dir.js'
import { cleanState } from '../../src/lib/lifecycle.js'

export const RCL_BIN = fileURLToPath(new URL('../../bin/run.js', import.meta.url))

export interface CliRun {
  status: number | null
  stdout: string
  stderr: string
}

export function runCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): Promise<CliRun> {
  return startCli(args, opts).done
}

/** The CLI as a running child (for tests that interrupt it), and its outcome. */
export function startCli(args: string[], opts: { cwd?: string; env?: NodeJS.ProcessEnv; timeoutMs?: number } = {}): { child: ChildProcess; done: Promise<CliRun> } {
  // a variable given as undefined is removed (NO_COLOR: undefined tests the no-terminal rule alone)
  const env = Object.fromEntries(Object.entries({ ...process.env, NO_COLOR: '1', ...opts.env }).filter(([, v]) => v !== undefined))
  const child = spawn(process.execPath, [RCL_BIN, ...args], { cwd: opts.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] })
  const done = new Promise<CliRun>((resolve) => {
    let stdout = ''
    let stderr = ''
    child.stdout?.on('data', (d) => { stdout += d })
    child.stderr?.on('data', (d) => { stderr += d })
    const timer = setTimeout(() => { if (child.pid) treeKill(child.pid, 'SIGKILL') }, opts.timeoutMs ?? 60_000)
    child.on('close', (status) => { clearTimeout(timer); resolve({ status, stdout, stderr }) })
  })
  return { child, done }
}

/** The --json output of a run, parsed. */
export function json<T = Record<string, unknown>>(run: CliRun): T {
  try {
    return JSON.parse(run.stdout) as T
  } catch {
    throw new Error(`not JSON (exit ${run.status}):\n${run.stdout}\n${run.stderr}`)
  }
}

const dirs: string[] = []

export function stateDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'rcl-cli-'))
  dirs.push(d)
  return d
}

export async function cleanUp(): Promise<void> {
  for (const d of dirs.splice(0)) {
    const records = readRecords(d)
    await cleanState(d, 3000).catch(() => undefined)
    // only a process that still runs that node's config: never a recycled pid
    const left = records.filter(isRunning)
    await Promise.all(left.map((rec) => new Promise<void>((r) => treeKill(rec.pid, 'SIGKILL', () => r()))))
    rmSync(d, { recursive: true, force: true })
  }
}
