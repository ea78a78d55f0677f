// Nodes that outlive the rcl process that started them (rcl start / stop): rendered config in the
// node's folder, spawned detached with its output in node.log, recorded in node.json, and stopped
// with SHUTDOWN, then SIGTERM, then the whole process tree killed after a grace period.
import { spawn } from 'node:child_process'
import { closeSync, mkdirSync, openSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import treeKill from 'tree-kill'
import { bindAddress, formatAddr, isLocalHost, type HostPort } from '../addr.js'
import { NodeStartError, NotLocalError, PortTakenError } from '../errors.js'
import { loadTemplate, overrideLines, renderTemplate } from '../templates.js'
import { isRunning, startTicksOf } from './liveness.js'
import { inlineCommand, portInUse } from './probe.js'
import { RCL_NODE_BIN, waitForPing } from './spawn-node.js'
import { nodeDir, readRecord, writeRecord, type NodeRecord } from './state-dir.js'

export interface ManagedStartSpec {
  stateDir: string
  addr: HostPort
  /** 'rcl-node' (default) or another Redis-compatible server command, e.g. 'redis-server'. */
  server?: string
  template?: string
  /** Values for the template's placeholders beyond port, bind, dir and pidfile. */
  vars?: ReadonlyMap<string, string>
  /** Config lines appended after the template (--config key=value). */
  overrides?: ReadonlyArray<readonly [string, string]>
  readyTimeoutMs?: number
}

export interface ManagedStart {
  record: NodeRecord
  /** The node was already running from an earlier start: nothing was spawned. */
  alreadyRunning: boolean
}

const LOG_TAIL_LINES = 15

export async function startManagedNode(spec: ManagedStartSpec): Promise<ManagedStart> {
  const { addr, stateDir } = spec
  const where = formatAddr(addr)
  if (!isLocalHost(addr.host)) throw new NotLocalError(where)
  const earlier = readRecord(stateDir, addr.port)
  if (earlier !== null && isRunning(earlier)) return { record: earlier, alreadyRunning: true }
  const template = spec.template ?? 'standalone'
  const bind = bindAddress(addr.host)
  if (await portInUse(bind, addr.port)) throw new PortTakenError(where)
  if (template === 'cluster' && addr.port + 10000 <= 65535 && await portInUse(bind, addr.port + 10000)) {
    throw new PortTakenError(formatAddr({ host: addr.host, port: addr.port + 10000 }))
  }
  const dir = nodeDir(stateDir, addr.port)
  const text = renderConfig(template, bind, addr.port, dir, spec) // before anything is written: it may refuse
  mkdirSync(dir, { recursive: true })
  const conf = join(dir, 'node.conf')
  const log = join(dir, 'node.log')
  writeFileSync(conf, text)
  const server = spec.server ?? 'rcl-node'
  const logStart = fileSize(log)
  const pid = spawnDetached(server, conf, log, dir, template === 'sentinel')
  const record: NodeRecord = { host: addr.host, port: addr.port, pid, startTicks: startTicksOf(pid), server, template, dir, conf, log, startedAt: new Date().toISOString() }
  writeRecord(stateDir, record)
  try {
    await waitForPing(addr.port, spec.readyTimeoutMs ?? 10_000, undefined, bind, () => !isRunning(record))
  } catch (e) {
    await killTree(pid)
    const reason = isRunning(record) ? `did not answer PING in time (${(e as Error).message})` : 'exited during start-up'
    throw new NodeStartError(where, reason, logTail(log, logStart))
  }
  return { record, alreadyRunning: false }
}

function renderConfig(template: string, bind: string, port: number, dir: string, spec: ManagedStartSpec): string {
  const vars = new Map(spec.vars ?? [])
  vars.set('port', String(port))
  vars.set('bind', bind)
  vars.set('dir', dir)
  vars.set('pidfile', join(dir, 'node.pid'))
  return renderTemplate(loadTemplate(template), vars) + overrideLines(spec.overrides ?? [])
}

/** Starts the server in its own process group, so a Ctrl-C aimed at rcl does not reach it. */
function spawnDetached(server: string, conf: string, log: string, cwd: string, sentinel: boolean): number {
  const [command, args] = server === 'rcl-node' ? [process.execPath, [RCL_NODE_BIN, conf]] : [server, [conf]]
  if (sentinel) args.push('--sentinel')
  const out = openSync(log, 'a')
  try {
    const child = spawn(command, args, { cwd, detached: true, stdio: ['ignore', out, out] })
    child.on('error', () => undefined) // a missing command shows as a start that never answers
    child.unref()
    return child.pid ?? -1
  } finally {
    closeSync(out)
  }
}

export type StopOutcome = 'stopped' | 'killed' | 'not-running'

/** SHUTDOWN (SIGTERM if refused, e.g. NOAUTH); after graceMs the process tree is killed. */
export async function stopManagedNode(record: NodeRecord, graceMs = 10_000): Promise<StopOutcome> {
  if (!isRunning(record)) return 'not-running'
  const reply = await inlineCommand(bindAddress(record.host), record.port, 'SHUTDOWN', 2000)
  // null: the connection closed without a reply, which is how a SHUTDOWN succeeds
  if (reply !== null) signal(record.pid, 'SIGTERM')
  if (await exitedWithin(record, graceMs)) return 'stopped'
  await killTree(record.pid)
  await exitedWithin(record, 2000)
  return 'killed'
}

async function exitedWithin(record: NodeRecord, ms: number): Promise<boolean> {
  const deadline = Date.now() + ms
  while (Date.now() < deadline) {
    if (!isRunning(record)) return true
    await new Promise((r) => setTimeout(r, 20))
  }
  return !isRunning(record)
}

function signal(pid: number, sig: NodeJS.Signals): void {
  try { process.kill(pid, sig) } catch { /* already gone */ }
}

function killTree(pid: number): Promise<void> {
  return new Promise((resolve) => (pid > 0 ? treeKill(pid, 'SIGKILL', () => resolve()) : resolve()))
}

/** A file's size in bytes, 0 when it does not exist yet. */
export function fileSize(file: string): number {
  try { return statSync(file).size } catch { return 0 }
}

/** The last lines this start wrote to the log. */
export function logTail(log: string, from = 0, lines = LOG_TAIL_LINES): string {
  let text: string
  try { text = readFileSync(log).subarray(from).toString('utf8') } catch { return '' }
  return text.split('\n').filter((l) => l.trim() !== '').slice(-lines).join('\n')
}
