// Free TCP ports on 127.0.0.1, picked at run time by binding port 0. Ports whose +10000 bus port
// is also needed are checked for that too.
import { createServer } from 'node:net'
import { findFreePorts } from '../../src/lib/process/ports.js'

function probe(port: number): Promise<number | null> {
  return new Promise((resolve) => {
    const srv = createServer()
    srv.once('error', () => resolve(null))
    srv.listen({ host: '127.0.0.1', port }, () => {
      const p = (srv.address() as { port: number }).port
      srv.close(() => resolve(p))
    })
  })
}

const handedOut = new Set<number>()

/** A port nobody listens on (and not handed out earlier in this process). */
export async function freePort(): Promise<number> {
  for (let i = 0; i < 100; i++) {
    const p = await probe(0)
    if (p !== null && p < 55000 && !handedOut.has(p)) { handedOut.add(p); return p }
  }
  throw new Error('no free port found')
}

/**
 * `count` consecutive free ports whose bus ports (+10000) are free too, below Linux's ephemeral range
 * so an outgoing connection cannot take one meanwhile (for rcl create --masters N --port P).
 */
export async function freePortRange(count: number): Promise<number> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const ports = await findFreePorts(count)
    if (ports.some((p) => handedOut.has(p))) continue
    for (const p of ports) handedOut.add(p)
    return ports[0]
  }
  throw new Error(`no ${count} consecutive free ports found`)
}
