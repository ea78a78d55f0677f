// A node's log (node.log in its folder): the last lines, and following it as it grows.
import { closeSync, openSync, readSync } from 'node:fs'
import type { HostPort } from './addr.js'
import { recordOf } from './lifecycle.js'
import { fileSize, logTail } from './process/managed-node.js'

/** The log's last `lines` lines (all of it when lines is 0). */
export function readLog(stateDir: string, addr: HostPort, lines = 0): string {
  const log = recordOf(stateDir, addr).log
  return logTail(log, 0, lines === 0 ? Number.MAX_SAFE_INTEGER : lines)
}

/**
 * Calls `onText` with whatever is appended to the log from now on, polling every `periodMs`, until
 * `signal` aborts. A log that shrinks (rotated or truncated) is read again from its start.
 */
export async function followLog(stateDir: string, addr: HostPort, onText: (text: string) => void, signal: AbortSignal, periodMs = 200): Promise<void> {
  const log = recordOf(stateDir, addr).log
  let pos = fileSize(log)
  while (!signal.aborted) {
    await new Promise((r) => setTimeout(r, periodMs))
    const size = fileSize(log)
    if (size < pos) pos = 0
    if (size > pos) {
      onText(readRange(log, pos, size))
      pos = size
    }
  }
}

function readRange(file: string, from: number, to: number): string {
  const fd = openSync(file, 'r')
  try {
    const buf = Buffer.alloc(to - from)
    readSync(fd, buf, 0, buf.length, from)
    return buf.toString('utf8')
  } finally {
    closeSync(fd)
  }
}
