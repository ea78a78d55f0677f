// Hostile clients for the security and responsiveness tests: each one is a raw socket doing one of the
// things SECURITY.md's checklist found, bounded in bytes and time, and always closed by its caller.
import { readFileSync } from 'node:fs'
import { createConnection, type Socket } from 'node:net'

/** Resident memory of a process in bytes, from /proc/<pid>/status. */
export function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'))
  if (m === null) throw new Error(`no VmRSS for pid ${pid}`)
  return Number(m[1]) * 1024
}

/** A connected raw socket that records whether (and how) the server ended it. */
export interface RawSocket {
  socket: Socket
  /** Bytes received so far (latin1). */
  received(): string
  /** Resolves when the server closed (or reset) the connection; never rejects. */
  readonly ended: Promise<void>
  isEnded(): boolean
}

export function rawConnect(port: number, { read = true } = {}): Promise<RawSocket> {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ host: '127.0.0.1', port })
    let data = ''
    let ended = false
    let markEnded!: () => void
    const endedP = new Promise<void>((r) => { markEnded = r })
    const end = (): void => { ended = true; markEnded() }
    if (read) socket.on('data', (d) => { data += d.toString('latin1') })
    else socket.pause()
    socket.on('end', end)
    socket.on('close', end)
    socket.once('connect', () => {
      socket.removeListener('error', reject)
      socket.on('error', end)
      resolve({ socket, received: () => data, ended: endedP, isEnded: () => ended })
    })
    socket.once('error', reject)
  })
}

/**
 * Writes `totalBytes` of pipelined inline PINGs without ever reading the replies (CVE-2025-21605's
 * attack when auth is required), stopping early when the server ends the connection or after `maxMs`.
 * Returns the bytes written and whether the server ended the connection.
 */
export async function floodWithoutReading(port: number, totalBytes: number, maxMs: number): Promise<{ written: number; ended: boolean }> {
  const s = await rawConnect(port, { read: false })
  const chunk = Buffer.from('PING\r\n'.repeat(10_000))
  const deadline = Date.now() + maxMs
  let written = 0
  try {
    while (written < totalBytes && !s.isEnded() && Date.now() < deadline) {
      const ok = s.socket.write(chunk)
      written += chunk.length
      if (!ok) await Promise.race([new Promise((r) => s.socket.once('drain', r)), s.ended, sleep(200)])
    }
    await Promise.race([s.ended, sleep(Math.max(0, Math.min(1000, deadline - Date.now())))])
    return { written, ended: s.isEnded() }
  } finally {
    s.socket.destroy()
  }
}

/** Opens `n` connections (those the server refuses included) and keeps them idle until close(). */
export async function idleConnections(port: number, n: number): Promise<{ sockets: RawSocket[]; close(): void }> {
  const sockets: RawSocket[] = []
  const close = (): void => { for (const s of sockets) s.socket.destroy() }
  try {
    for (let i = 0; i < n; i += 100) {
      const batch = await Promise.all(Array.from({ length: Math.min(100, n - i) }, () => rawConnect(port)))
      sockets.push(...batch)
    }
  } catch (e) {
    close()
    throw e
  }
  return { sockets, close }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms))
}
