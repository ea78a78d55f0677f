// The reshard figure of `npm run bench`: 4096 slots holding 100,000 keys, moved from the second master of
// a 3-master redis-server cluster (its lowest slots, the ones both tools pick) to the first, by
// `rcl reshard` and by `redis-cli --cluster reshard`, each on a fresh identical cluster, both with
// redis-cli's default of 10 keys per MIGRATE.
import { mkdtempSync, rmSync } from 'node:fs'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Redis } from 'ioredis'
import { keySlot } from '../src/common/key-slot.js'
import { cleanState } from '../src/lib/lifecycle.js'
import { createCluster } from '../src/lib/ops/create.js'
import { runProgram, runProgramOk } from '../src/lib/process/run-program.js'
import { freePortRange } from '../test/helpers/free-port.js'

const RCL = fileURLToPath(new URL('../bin/run.js', import.meta.url))
const KEYS = 100_000
const SLOTS = 4096

export interface ReshardFigures {
  rclMs: number
  redisCliMs: number
  keysMoved: number
  /** rcl reshard between rcl-node masters, and the keys it moved. */
  rclNodeMs: number
  rclNodeKeys: number
}

type Server = 'rcl-node' | 'redis-server'

async function rclReshard(base: number, target: string, source: string): Promise<number> {
  const r = await runProgram(process.execPath, [RCL, 'reshard', `127.0.0.1:${base}`, '--slots', String(SLOTS), '--to', target, '--from', source, '--yes', '--json'], { timeoutMs: 600_000 })
  if (r.exitCode !== 0) throw new Error(`rcl reshard failed: ${r.stderr}`)
  return (JSON.parse(r.stdout) as { keys: number }).keys
}

export async function reshardFigures(parent: string): Promise<ReshardFigures> {
  const rcl = await onFreshCluster(parent, 'redis-server', rclReshard)
  const cli = await onFreshCluster(parent, 'redis-server', async (base, target, source) => {
    await runProgramOk('redis-cli', ['--cluster', 'reshard', `127.0.0.1:${base}`, '--cluster-from', source, '--cluster-to', target, '--cluster-slots', String(SLOTS), '--cluster-yes'], { timeoutMs: 600_000 })
    return 0
  })
  const own = await onFreshCluster(parent, 'rcl-node', rclReshard)
  return { rclMs: rcl.ms, redisCliMs: cli.ms, keysMoved: rcl.result, rclNodeMs: own.ms, rclNodeKeys: own.result }
}

async function onFreshCluster(parent: string, server: Server, run: (base: number, targetId: string, sourceId: string) => Promise<number>): Promise<{ ms: number; result: number }> {
  const dir = mkdtempSync(join(parent, 'reshard-'))
  const base = await freePortRange(3)
  try {
    const nodes = [0, 1, 2].map((i) => ({ host: '127.0.0.1', port: base + i }))
    const created = await createCluster({ nodes, replicas: 0, start: { stateDir: dir, server } })
    const id = (port: number): string => created.nodes.find((n) => n.addr === `127.0.0.1:${port}`)?.id as string
    const source = created.nodes.find((n) => n.addr === `127.0.0.1:${base + 1}`)
    const first = source?.slots[0][0] as number
    await load(base + 1, first, first + SLOTS - 1)
    const t0 = performance.now()
    const result = await run(base, id(base), id(base + 1))
    return { ms: performance.now() - t0, result }
  } finally {
    await cleanState(dir, 3000)
    rmSync(dir, { recursive: true, force: true })
  }
}

/** KEYS keys whose slots lie in [first, last], all on the node at `port` (their owner), pipelined. */
async function load(port: number, first: number, last: number): Promise<void> {
  const client = new Redis({ port })
  try {
    const pipe = client.pipeline()
    for (let i = 0, n = 0; n < KEYS; i++) {
      const key = `key:${i}`
      const slot = keySlot(key)
      if (slot < first || slot > last) continue
      pipe.set(key, `value:${i}`)
      n++
    }
    await pipe.exec()
  } finally {
    client.disconnect()
  }
}
