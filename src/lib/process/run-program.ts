// Running another program to completion (redis-cli, redis-check-rdb, redis-benchmark, a CLI under test)
// through execa: bounded by a timeout, killed when it runs past it, its output collected. Servers that
// must outlive the call are started by managed-node.ts / spawn-node.ts instead.
import { execa } from 'execa'

export interface RunProgramOptions {
  cwd?: string
  /** Added to (not replacing) this process's environment. */
  env?: NodeJS.ProcessEnv
  /** Text given on stdin; none: stdin is closed at once. */
  input?: string
  /** Killed with SIGKILL past this (default 60 s); the result then has timedOut set. */
  timeoutMs?: number
  /** How stdout and stderr are decoded; latin1 keeps every byte (default utf8). */
  encoding?: 'utf8' | 'latin1'
}

export interface ProgramResult {
  /** undefined when the program was killed by a signal, or could not be started. */
  exitCode: number | undefined
  stdout: string
  stderr: string
  timedOut: boolean
  /** The spawn error (e.g. ENOENT) or the signal, for messages. */
  failure?: string
}

/** Runs `command args` and resolves with its exit status and output; never rejects for a failing program. */
export async function runProgram(command: string, args: readonly string[], opts: RunProgramOptions = {}): Promise<ProgramResult> {
  const r = await execa(command, args, {
    cwd: opts.cwd, env: opts.env, ...(opts.input === undefined ? { stdin: 'ignore' as const } : { input: opts.input }),
    timeout: opts.timeoutMs ?? 60_000, killSignal: 'SIGKILL', encoding: opts.encoding ?? 'utf8',
    reject: false, stripFinalNewline: false, maxBuffer: 1 << 28,
  })
  const failure = r.signal ?? (r.exitCode === undefined ? r.originalMessage ?? r.shortMessage : undefined)
  return { exitCode: r.exitCode, stdout: String(r.stdout ?? ''), stderr: String(r.stderr ?? ''), timedOut: r.timedOut, failure }
}

/** runProgram that throws unless the program exits 0; resolves with its stdout. */
export async function runProgramOk(command: string, args: readonly string[], opts: RunProgramOptions = {}): Promise<string> {
  const r = await runProgram(command, args, opts)
  if (r.exitCode !== 0) {
    const why = r.timedOut ? `timed out after ${opts.timeoutMs ?? 60_000} ms` : r.exitCode === undefined ? `failed (${r.failure})` : `exited ${r.exitCode}`
    throw new Error(`${command} ${args.join(' ')} ${why}:\n${r.stderr}${r.stdout}`)
  }
  return r.stdout
}

/** The full path of a command on PATH, or null (`command -v`). */
export async function whichCommand(command: string): Promise<string | null> {
  const r = await runProgram('sh', ['-c', 'command -v "$1"', 'sh', command], { timeoutMs: 5000 })
  return r.exitCode === 0 ? r.stdout.trim() : null
}
