// The replication figures of `npm run bench`, for one kind of server on both ends: how long a replica
// takes to complete a full sync of the big dataset (from REPLICAOF to master_link_status:up), and the
// master's SET rate with two replicas attached against none.
import { createConnection } from 'node:net'
import type { NodeHandle } from '../src/lib/process/spawn-node.js'

export interface ReplicationFigures {
  fullSyncMs: number
  /** SET requests/s on the master alone, then with two replicas following it. */
  alone: number
  withTwo: number
}

type Kind = 'rcl-node' | 'redis-server'

export interface BenchHooks {
  start(kind: Kind, dir: string, extraArgs: string[]): Promise<NodeHandle>
  loadKeys(port: number, count: number): Promise<void>
  benchmarkSet(port: number): number
  dir(kind: Kind, what: string): string
}

const ARGS = ['--repl-diskless-sync-delay', '0']

export async function replicationFigures(kind: Kind, keys: number, hooks: BenchHooks): Promise<ReplicationFigures> {
  const master = await hooks.start(kind, hooks.dir(kind, 'master'), ARGS)
  const replicas: NodeHandle[] = []
  try {
    await hooks.loadKeys(master.port, keys)
    const first = await hooks.start(kind, hooks.dir(kind, 'replica1'), ARGS)
    replicas.push(first)
    const t0 = performance.now()
    await command(first.port, `REPLICAOF 127.0.0.1 ${master.port}`)
    await linkUp(first.port)
    const fullSyncMs = performance.now() - t0
    await command(first.port, 'REPLICAOF NO ONE')
    await command(master.port, 'FLUSHALL')
    const alone = hooks.benchmarkSet(master.port)
    await command(first.port, `REPLICAOF 127.0.0.1 ${master.port}`)
    const second = await hooks.start(kind, hooks.dir(kind, 'replica2'), [...ARGS, '--replicaof', '127.0.0.1', String(master.port)])
    replicas.push(second)
    await linkUp(first.port)
    await linkUp(second.port)
    const withTwo = hooks.benchmarkSet(master.port)
    return { fullSyncMs, alone, withTwo }
  } finally {
    for (const r of replicas) await r.stop()
    await master.stop()
  }
}

/** One inline command; resolves with the reply's first line. */
function command(port: number, line: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const s = createConnection({ host: '127.0.0.1', port }, () => s.write(`${line}\r\n`))
    const timer = setTimeout(() => { s.destroy(); reject(new Error(`no reply to ${line}`)) }, 60_000)
    let got = ''
    s.on('data', (d) => {
      got += d.toString('latin1')
      if (!got.includes('\r\n')) return
      clearTimeout(timer)
      s.destroy()
      resolve(got.slice(0, got.indexOf('\r\n')))
    })
    s.on('error', (e) => { clearTimeout(timer); reject(e) })
  })
}

async function linkUp(port: number): Promise<void> {
  const deadline = Date.now() + 300_000
  for (;;) {
    const info = await new Promise<string>((resolve, reject) => {
      const s = createConnection({ host: '127.0.0.1', port }, () => s.write('INFO replication\r\n'))
      let got = ''
      s.on('data', (d) => {
        got += d.toString('latin1')
        if (got.includes('repl_backlog_histlen')) { s.destroy(); resolve(got) }
      })
      s.on('error', reject)
    })
    if (info.includes('master_link_status:up')) return
    if (Date.now() > deadline) throw new Error(`replica on ${port} never came up`)
    await new Promise((r) => setTimeout(r, 10))
  }
}
