// Small raw-socket checks that need no client library: is a port taken, does a node answer, and one
// inline command with its first reply line.
import { createConnection, createServer } from 'node:net'

/** True when binding host:port fails because something holds it (or connecting to it succeeds). */
export function portInUse(host: string, port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const srv = createServer()
    srv.once('error', (e: NodeJS.ErrnoException) => resolve(e.code === 'EADDRINUSE' || e.code === 'EACCES'))
    srv.listen({ host, port, exclusive: true }, () => srv.close(() => resolve(false)))
  })
}

/**
 * Sends one inline command and resolves with the first line of the reply, or null when the
 * connection fails, closes first (SHUTDOWN) or stays silent for timeoutMs.
 */
export function inlineCommand(host: string, port: number, line: string, timeoutMs = 1000): Promise<string | null> {
  return new Promise((resolve) => {
    const s = createConnection({ host, port })
    let got = ''
    const done = (r: string | null): void => { s.destroy(); resolve(r) }
    s.setTimeout(timeoutMs, () => done(null))
    s.once('error', () => done(null))
    s.once('close', () => done(null))
    s.once('connect', () => s.write(`${line}\r\n`))
    s.on('data', (d) => {
      got += d.toString('latin1')
      const eol = got.indexOf('\r\n')
      if (eol >= 0) done(got.slice(0, eol))
    })
  })
}
