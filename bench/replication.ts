// The replication figures of `npm run bench`, for one kind of server on both ends: how long a replica
// takes to complete a full sync of the big dataset (from REPLICAOF to master_link_status:up), and the
// master's SET rate with two replicas attached against none. Beside the rate, the master's own CPU time
// per SET in both runs: on a 2-core machine the master, two replicas and redis-benchmark share the
// cores, so the rate mostly measures that sharing; the CPU per SET is what replication adds to the
// master's own work. It is no clean projection to a bigger machine either: a master with more work
// per event-loop turn spends less per request, so both figures are printed for both servers.
import { readFileSync } from 'node:fs'
import { createConnection } from 'node:net'
import { inlineCommand } from '../src/lib/process/probe.js'
import type { NodeHandle } from '../src/lib/process/spawn-node.js'

export interface ReplicationFigures {
  fullSyncMs: number
  /** SET requests/s on the master alone, then with two replicas following it. */
  alone: number
  withTwo: number
  /** The master's user+system CPU time per SET, in µs, alone and then with the two replicas. */
  cpuPerSetAlone: number
  cpuPerSetWithTwo: number
}

type Kind = 'rcl-node' | 'redis-server'

export interface BenchHooks {
  start(kind: Kind, dir: string, extraArgs: string[]): Promise<NodeHandle>
  loadKeys(port: number, count: number): Promise<void>
  /** SET requests/s over `requests` requests. */
  benchmarkSet(port: number, requests: number): number
  requests: number
  dir(kind: Kind, what: string): string
}

const ARGS = ['--repl-diskless-sync-delay', '0']

export async function replicationFigures(kind: Kind, keys: number, hooks: BenchHooks): Promise<ReplicationFigures> {
  const master = await hooks.start(kind, hooks.dir(kind, 'master'), ARGS)
  const replicas: NodeHandle[] = []
  try {
    // "none" is a master that never had a replica: no backlog to feed yet
    const alone = measureSets(master, hooks)
    await command(master.port, 'FLUSHALL')
    await hooks.loadKeys(master.port, keys)
    const first = await hooks.start(kind, hooks.dir(kind, 'replica1'), ARGS)
    replicas.push(first)
    const t0 = performance.now()
    await command(first.port, `REPLICAOF 127.0.0.1 ${master.port}`)
    await linkUp(first.port)
    const fullSyncMs = performance.now() - t0
    await command(first.port, 'REPLICAOF NO ONE')
    await command(master.port, 'FLUSHALL')
    await command(first.port, `REPLICAOF 127.0.0.1 ${master.port}`)
    const second = await hooks.start(kind, hooks.dir(kind, 'replica2'), [...ARGS, '--replicaof', '127.0.0.1', String(master.port)])
    replicas.push(second)
    await linkUp(first.port)
    await linkUp(second.port)
    const withTwo = measureSets(master, hooks)
    return { fullSyncMs, alone: alone.rate, withTwo: withTwo.rate, cpuPerSetAlone: alone.cpuUs, cpuPerSetWithTwo: withTwo.cpuUs }
  } finally {
    for (const r of replicas) await r.stop()
    await master.stop()
  }
}

function measureSets(master: NodeHandle, hooks: BenchHooks): { rate: number; cpuUs: number } {
  const before = cpuSeconds(master.pid)
  const rate = hooks.benchmarkSet(master.port, hooks.requests)
  return { rate, cpuUs: ((cpuSeconds(master.pid) - before) * 1e6) / hooks.requests }
}

/** utime + stime of a process, from /proc (fields 14 and 15, in clock ticks of 1/100 s on Linux). */
function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'latin1')
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
  return (Number(fields[11]) + Number(fields[12])) / 100
}

/** One inline command; resolves with the reply's first line. */
async function command(port: number, line: string): Promise<string> {
  const reply = await inlineCommand('127.0.0.1', port, line, 60_000)
  if (reply === null) throw new Error(`no reply to ${line}`)
  return reply
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
