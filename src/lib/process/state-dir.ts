// The state directory (.rcl/ by default): one folder per node started by rcl, named by its port, with
// node.json (what was started, and how), node.conf, node.log, node.pid and the node's data files.
import { existsSync, mkdirSync, readFileSync, readdirSync, renameSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'

export interface NodeRecord {
  host: string
  port: number
  pid: number
  /** The process's start time (Linux /proc clock ticks), which tells it from a later process with a recycled pid. */
  startTicks: number | null
  /** 'rcl-node', or the command rcl was told to run (--server), e.g. 'redis-server'. */
  server: string
  /** A bundled template's name, or the path of the user's template. */
  template: string
  /** Absolute folder of the node, holding conf, log and data. */
  dir: string
  conf: string
  log: string
  /** ISO time of the start. */
  startedAt: string
}

/** --dir, else $RCL_DIR, else .rcl in the working directory. */
export function resolveStateDir(dir?: string, env: NodeJS.ProcessEnv = process.env, cwd = process.cwd()): string {
  return resolve(cwd, dir ?? env.RCL_DIR ?? '.rcl')
}

export function nodeDir(stateDir: string, port: number): string {
  return join(stateDir, String(port))
}

export function readRecord(stateDir: string, port: number): NodeRecord | null {
  const file = join(nodeDir(stateDir, port), 'node.json')
  if (!existsSync(file)) return null
  try {
    return JSON.parse(readFileSync(file, 'utf8')) as NodeRecord
  } catch {
    return null
  }
}

/** Every node recorded in the state directory, by port. */
export function readRecords(stateDir: string): NodeRecord[] {
  if (!existsSync(stateDir)) return []
  return readdirSync(stateDir)
    .filter((n) => /^\d+$/.test(n))
    .map((n) => readRecord(stateDir, Number(n)))
    .filter((r): r is NodeRecord => r !== null)
    .sort((a, b) => a.port - b.port)
}

/** Written to a temporary file and renamed, so a reader never sees half a record. */
export function writeRecord(stateDir: string, record: NodeRecord): void {
  const dir = nodeDir(stateDir, record.port)
  mkdirSync(dir, { recursive: true })
  const file = join(dir, 'node.json')
  writeFileSync(`${file}.tmp`, `${JSON.stringify(record, null, 2)}\n`)
  renameSync(`${file}.tmp`, file)
}
