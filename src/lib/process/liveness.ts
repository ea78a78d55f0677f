// Whether a recorded node's process is still the one rcl started: the pid must exist, not be a zombie
// and, where /proc tells, have the start time recorded when it was spawned, so a recycled pid is never
// taken for the node. (The command line cannot tell: redis-server rewrites its process title.)
import { readFileSync } from 'node:fs'
import type { NodeRecord } from './state-dir.js'

export function isRunning(rec: Pick<NodeRecord, 'pid' | 'startTicks'>): boolean {
  if (rec.pid <= 0) return false
  try {
    process.kill(rec.pid, 0)
  } catch {
    return false
  }
  const stat = procStat(rec.pid)
  if (stat === null) return process.platform !== 'linux'
  return stat.state !== 'Z' && (rec.startTicks === null || stat.startTicks === rec.startTicks)
}

/** The process's start time in clock ticks since boot (/proc/<pid>/stat field 22), or null off Linux. */
export function startTicksOf(pid: number): number | null {
  return procStat(pid)?.startTicks ?? null
}

function procStat(pid: number): { state: string; startTicks: number } | null {
  try {
    const text = readFileSync(`/proc/${pid}/stat`, 'latin1')
    // fields after the command name, which is in parentheses and may itself hold spaces
    const fields = text.slice(text.lastIndexOf(')') + 2).split(' ')
    return { state: fields[0], startTicks: Number(fields[19]) }
  } catch {
    return null
  }
}
