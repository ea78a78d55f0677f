// Starting and stopping rcl-node (or real redis-server) processes. The only module that spawns:
// tests, the CLI and benchmarks all come through here.
import { spawn, type ChildProcess } from 'node:child_process'
import { openSync, closeSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import treeKill from 'tree-kill'
import { inlineCommand } from './probe.js'

/** bin/rcl-node.js of this package. */
export const RCL_NODE_BIN = fileURLToPath(new URL('../../../bin/rcl-node.js', import.meta.url))

export interface SpawnSpec {
  port: number
  /** Extra "--directive value" words (or a config file path first, as redis-server takes it). */
  args?: string[]
  /** Executable to run instead of rcl-node (e.g. 'redis-server' for the interop suite). */
  command?: string
  /** Working directory of the process. */
  cwd?: string
  /** File that receives stdout and stderr; inherited /dev/null when absent. */
  logFile?: string
  /** How long to wait for PING to answer. */
  readyTimeoutMs?: number
}

export interface NodeHandle {
  readonly port: number
  readonly pid: number
  readonly process: ChildProcess
  /** Resolves with the exit code once the process is gone. */
  readonly exited: Promise<number | null>
  /** SIGTERM (graceful shutdown), then tree-kill after `graceMs`. Safe to call twice. */
  stop(graceMs?: number): Promise<void>
}

/** Spawns a server and resolves once it answers PING; kills it if it never does. */
export async function spawnNode(spec: SpawnSpec): Promise<NodeHandle> {
  const command = spec.command ?? process.execPath
  const args = spec.command ? [...(spec.args ?? [])] : [RCL_NODE_BIN, ...(spec.args ?? [])]
  if (!args.includes('--port')) args.push('--port', String(spec.port))
  const out = spec.logFile ? openSync(spec.logFile, 'a') : 'ignore'
  const child = spawn(command, args, { cwd: spec.cwd, stdio: ['ignore', out, out], detached: false })
  if (typeof out === 'number') closeSync(out)
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)))
  const handle: NodeHandle = { port: spec.port, pid: child.pid ?? -1, process: child, exited, stop: (g) => stopProcess(child, exited, g) }
  try {
    await waitForPing(spec.port, spec.readyTimeoutMs ?? 10_000, exited)
  } catch (e) {
    await handle.stop(0)
    throw e
  }
  return handle
}

async function stopProcess(child: ChildProcess, exited: Promise<number | null>, graceMs = 5000): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return
  child.kill('SIGTERM')
  const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), graceMs))
  if ((await Promise.race([exited, timer])) === 'timeout' && child.pid) {
    await new Promise<void>((r) => treeKill(child.pid as number, 'SIGKILL', () => r()))
    await exited
  }
}

/**
 * Polls PING until it answers +PONG (or -NOAUTH/-LOADING, which also prove the server is up). Gives up
 * early once `exited` settles or `gone()` says the process is no more.
 */
export async function waitForPing(port: number, timeoutMs: number, exited?: Promise<unknown>, host = '127.0.0.1', gone?: () => boolean): Promise<void> {
  const deadline = Date.now() + timeoutMs
  let ended = false
  void exited?.then(() => { ended = true })
  while (Date.now() < deadline) {
    if (ended || (gone?.() ?? false)) throw new Error(`server on port ${port} exited before answering PING`)
    if (await pingOnce(host, port)) return
    await new Promise((r) => setTimeout(r, 20))
  }
  throw new Error(`server on port ${port} did not answer PING within ${timeoutMs} ms`)
}

async function pingOnce(host: string, port: number): Promise<boolean> {
  const reply = await inlineCommand(host, port, 'PING', 500)
  return reply !== null && /^(\+PONG|-NOAUTH|-LOADING)/.test(reply)
}
