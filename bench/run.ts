// npm run bench: rcl-node and (when installed) real redis-server side by side in one run.
// Throughput with redis-benchmark (50 clients, plain and -P 16), RSS after 1,000,000 keys with
// 16-byte values, SAVE and start-up load of those keys, and start-up time to the first PONG. Prints
// each figure with its ratio to Redis, the worst PING round-trip while a BGSAVE of those keys runs, and
// SET throughput with appendonly yes.
// Throughput is measured in BENCH_ROUNDS rounds that alternate the two servers, and each figure is
// the median of its rounds: on a shared 2-core machine one server measured a minute after the other
// saw different neighbours, and single runs moved ratios by ±0.05.
import { execFileSync, spawnSync } from 'node:child_process'
import { readFileSync, mkdtempSync, rmSync } from 'node:fs'
import { createConnection } from 'node:net'
import { availableParallelism, tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawnNode, type NodeHandle } from '../src/lib/process/spawn-node.js'
import { freePort } from '../test/helpers/free-port.js'
import { bgsaveFigures, type BgsaveFigures } from './bgsave-probe.js'
import { replicationFigures, type ReplicationFigures } from './replication.js'
import { clusterCreateFigures } from './cluster-create.js'
import { reshardFigures } from './cluster-reshard.js'

const TESTS = ['set', 'get', 'incr', 'lpush', 'lpop', 'sadd', 'hset', 'zadd']
const PLAIN_REQUESTS = Number(process.env.BENCH_REQUESTS ?? 200_000)
const PIPELINED_REQUESTS = PLAIN_REQUESTS * 5
// Enough SETs that the master's CPU time (read in 10 ms ticks) is known to about 1%.
const REPLICATION_REQUESTS = Math.max(PLAIN_REQUESTS, 300_000)
const MEMORY_KEYS = Number(process.env.BENCH_KEYS ?? 1_000_000)
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3)

const have = (cmd: string): boolean => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0

interface Server { name: string; handle: NodeHandle }

async function start(name: 'rcl-node' | 'redis-server', dir: string, logFile?: string, appendonly = false, extra: string[] = []): Promise<Server> {
  const port = await freePort()
  const args = ['--bind', '127.0.0.1', '--save', '', '--appendonly', appendonly ? 'yes' : 'no', '--dir', dir, ...extra]
  const handle = await spawnNode({ port, args, command: name === 'redis-server' ? 'redis-server' : undefined, cwd: dir, logFile, readyTimeoutMs: 120_000 })
  return { name, handle }
}

/** requests/second per test from redis-benchmark's CSV output. */
function benchmark(port: number, pipeline: number, requests: number): Map<string, number> {
  const out = execFileSync('redis-benchmark', ['-p', String(port), '-t', TESTS.join(','), '-n', String(requests), '-c', '50', '-P', String(pipeline), '-r', '100000', '--csv', '-q'], { encoding: 'latin1', timeout: 300_000 })
  const rates = new Map<string, number>()
  for (const line of out.split('\n')) {
    const cols = line.replace(/"/g, '').split(',')
    const rps = Number(cols[1])
    if (cols.length > 1 && Number.isFinite(rps)) rates.set(cols[0].split(' ')[0].toLowerCase(), rps)
  }
  return rates
}

function rssBytes(pid: number): number {
  const m = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'latin1'))
  return m ? Number(m[1]) * 1024 : NaN
}

/** Writes `count` SETs of 16-byte values in pipelined batches and waits for every reply. */
function loadKeys(port: number, count: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = createConnection({ host: '127.0.0.1', port })
    let replies = 0
    let sent = 0
    const BATCH = 10_000
    const value = 'v'.repeat(16)
    const sendBatch = (): void => {
      const parts: string[] = []
      for (let i = 0; i < BATCH && sent < count; i++, sent++) {
        const key = `key:${String(sent).padStart(12, '0')}`
        parts.push(`*3\r\n$3\r\nSET\r\n$${key.length}\r\n${key}\r\n$16\r\n${value}\r\n`)
      }
      s.write(parts.join(''))
    }
    s.on('error', reject)
    s.on('data', (d) => {
      for (let i = 0; i < d.length; i++) if (d[i] === 0x0a) replies++
      if (replies === sent && sent < count) sendBatch()
      if (replies >= count) { s.destroy(); resolve() }
    })
    s.on('connect', sendBatch)
  })
}

interface DatasetFigures {
  rss: number
  /** SAVE of the MEMORY_KEYS dataset, ms. */
  saveMs: number
  /** Loading that dump at start-up, from the server's own "DB loaded from disk" log line, ms. */
  loadMs: number
  bgsave: BgsaveFigures
  aof: { plain: number; piped: number }
  replication: ReplicationFigures
}

/**
 * A fresh server of that kind (no benchmark garbage) loaded with MEMORY_KEYS keys: its RSS, the time
 * SAVE takes, and the time a new server of the same kind takes to load the dump.
 */
async function datasetFigures(name: 'rcl-node' | 'redis-server', parent: string): Promise<DatasetFigures> {
  const dir = mkdtempSync(join(parent, `${name}-`))
  const s = await start(name, dir)
  let rss: number
  let saveMs: number
  let bgsave: BgsaveFigures
  try {
    const empty = rssBytes(s.handle.pid)
    await loadKeys(s.handle.port, MEMORY_KEYS)
    await new Promise((r) => setTimeout(r, 1000))
    rss = rssBytes(s.handle.pid)
    console.log(`# ${name}: RSS ${fmt(empty / 1024)} kB empty, ${fmt(rss / 1024)} kB with ${MEMORY_KEYS} keys`)
    const t0 = performance.now()
    await roundTrip(s.handle.port, '*1\r\n$4\r\nSAVE\r\n', '+OK\r\n')
    saveMs = performance.now() - t0
    bgsave = await bgsaveFigures(s.handle.port)
  } finally {
    await s.handle.stop()
  }
  const log = join(dir, 'load.log')
  const loaded = await start(name, dir, log)
  try {
    await untilLoaded(loaded.handle.port)
  } finally {
    await loaded.handle.stop()
  }
  const m = /DB loaded from disk: ([\d.]+) seconds/.exec(readFileSync(log, 'latin1'))
  const replication = await replicationFigures(name, MEMORY_KEYS, {
    start: async (kind, d, extra) => (await start(kind, d, undefined, false, extra)).handle,
    loadKeys,
    benchmarkSet: (port, requests) => benchmarkSet(port, 1, requests),
    requests: REPLICATION_REQUESTS,
    dir: (kind, what) => mkdtempSync(join(parent, `${kind}-${what}-`)),
  })
  return { rss, saveMs, bgsave, loadMs: m ? Number(m[1]) * 1000 : NaN, aof: await aofRates(name, parent), replication }
}

/** SET rates (plain, -P 16) on a fresh server with appendonly yes, appendfsync everysec. */
async function aofRates(name: 'rcl-node' | 'redis-server', parent: string): Promise<{ plain: number; piped: number }> {
  const dir = mkdtempSync(join(parent, `${name}-aof-`))
  const s = await start(name, dir, undefined, true)
  try {
    return { plain: benchmarkSet(s.handle.port, 1, PLAIN_REQUESTS), piped: benchmarkSet(s.handle.port, 16, PIPELINED_REQUESTS) }
  } finally {
    await s.handle.stop()
  }
}

function benchmarkSet(port: number, pipeline: number, requests: number): number {
  const out = execFileSync('redis-benchmark', ['-p', String(port), '-t', 'set', '-n', String(requests), '-c', '50', '-P', String(pipeline), '-r', '100000', '--csv', '-q'], { encoding: 'latin1', timeout: 300_000 })
  const line = out.split('\n').find((l) => l.startsWith('"SET"'))
  return line === undefined ? NaN : Number(line.replace(/"/g, '').split(',')[1])
}

/** Redis answers PING with -LOADING while it loads a dump: wait for +PONG (bounded). */
async function untilLoaded(port: number): Promise<void> {
  const deadline = Date.now() + 300_000
  for (;;) {
    try {
      await roundTrip(port, '*1\r\n$4\r\nPING\r\n', '+PONG\r\n')
      return
    } catch (e) {
      if (Date.now() > deadline) throw e
      await new Promise((r) => setTimeout(r, 20))
    }
  }
}

/** Sends one request and waits for exactly `expect` back (bounded: SAVE of a big dataset takes seconds). */
function roundTrip(port: number, request: string, expect: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const s = createConnection({ host: '127.0.0.1', port })
    const timer = setTimeout(() => { s.destroy(); reject(new Error(`no reply to ${JSON.stringify(request)}`)) }, 300_000)
    let got = ''
    s.on('error', (e) => { clearTimeout(timer); reject(e) })
    s.on('data', (d) => {
      got += d.toString('latin1')
      if (got.length < expect.length) return
      clearTimeout(timer)
      s.destroy()
      if (got === expect) resolve()
      else reject(new Error(`unexpected reply ${JSON.stringify(got)}`))
    })
    s.on('connect', () => s.write(request))
  })
}

/** Milliseconds from spawn to the first PONG, median of `runs`. */
async function startupMs(runs: number, dir: string): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now()
    const s = await start('rcl-node', dir)
    times.push(performance.now() - t0)
    await s.handle.stop()
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)]
}

/** Per test, the median of its rates over several runs. */
function medians(runs: Array<Map<string, number>>): Map<string, number> {
  const out = new Map<string, number>()
  for (const t of TESTS) {
    const rates = runs.map((m) => m.get(t)).filter((v): v is number => v !== undefined).sort((a, b) => a - b)
    if (rates.length > 0) out.set(t, rates[Math.floor(rates.length / 2)])
  }
  return out
}

const fmt = (n: number): string => (Number.isFinite(n) ? Math.round(n).toLocaleString('en-US') : '-')
const ratio = (a: number, b: number): string => (Number.isFinite(a) && Number.isFinite(b) && b > 0 ? (a / b).toFixed(2) : '-')

async function main(): Promise<void> {
  if (!have('redis-benchmark')) {
    console.error('bench: redis-benchmark is not installed (apt-get install redis-tools redis-server)')
    process.exit(1)
  }
  const dir = mkdtempSync(join(tmpdir(), 'rcl-bench-'))
  const servers: Server[] = [await start('rcl-node', dir)]
  if (have('redis-server')) servers.push(await start('redis-server', dir))
  try {
    const rounds = new Map<string, { plain: Array<Map<string, number>>; piped: Array<Map<string, number>> }>()
    for (const s of servers) rounds.set(s.name, { plain: [], piped: [] })
    for (let r = 0; r < ROUNDS; r++) {
      for (const s of servers) {
        const runs = rounds.get(s.name)!
        runs.plain.push(benchmark(s.handle.port, 1, PLAIN_REQUESTS))
        runs.piped.push(benchmark(s.handle.port, 16, PIPELINED_REQUESTS))
      }
    }
    const results = new Map<string, { plain: Map<string, number>; piped: Map<string, number> } & DatasetFigures>()
    for (const s of servers) {
      const runs = rounds.get(s.name)!
      results.set(s.name, { plain: medians(runs.plain), piped: medians(runs.piped), ...await datasetFigures(s.name as 'rcl-node' | 'redis-server', dir) })
    }
    console.log(`throughput: median of ${ROUNDS} alternating rounds per figure`)
    report(results)
    console.log(`\nstart-up to first PONG (rcl-node, median of 5): ${(await startupMs(5, dir)).toFixed(0)} ms (target <= 150)`)
    if (have('redis-server') && have('redis-cli')) {
      const c = await clusterCreateFigures(dir, 5)
      console.log(`6-node cluster (3 masters, 3 replicas, redis-server binaries) from nothing to ready: rcl create ${Math.round(c.rclMs)} ms, redis-server + redis-cli --cluster create ${Math.round(c.redisCliMs)} ms, ratio ${ratio(c.rclMs, c.redisCliMs)} (target <= 0.5)`)
      console.log(`6-node cluster of rcl-node processes (rcl create's default) from nothing to ready: ${Math.round(c.rclNodeMs)} ms, ratio to rcl create on redis-server ${ratio(c.rclNodeMs, c.rclMs)}`)
      const r = await reshardFigures(dir)
      console.log(`reshard of 4096 slots holding ${fmt(r.keysMoved)} keys (3 masters on redis-server, 10 keys per MIGRATE): rcl ${Math.round(r.rclMs)} ms, redis-cli ${Math.round(r.redisCliMs)} ms, ratio ${ratio(r.rclMs, r.redisCliMs)} (target <= 1)`)
    }
  } finally {
    for (const s of servers) await s.handle.stop()
    rmSync(dir, { recursive: true, force: true })
  }
}

function report(results: Map<string, { plain: Map<string, number>; piped: Map<string, number> } & DatasetFigures>): void {
  const rcl = results.get('rcl-node')!
  const redis = results.get('redis-server')
  console.log('\ntest     rcl plain   redis plain  ratio | rcl -P16    redis -P16   ratio')
  for (const t of TESTS) {
    const a = rcl.plain.get(t) ?? NaN; const b = redis?.plain.get(t) ?? NaN
    const c = rcl.piped.get(t) ?? NaN; const d = redis?.piped.get(t) ?? NaN
    console.log(`${t.padEnd(8)} ${fmt(a).padStart(10)} ${fmt(b).padStart(12)} ${ratio(a, b).padStart(6)} | ${fmt(c).padStart(10)} ${fmt(d).padStart(12)} ${ratio(c, d).padStart(6)}`)
  }
  console.log(`\nmemory with ${MEMORY_KEYS} keys: rcl-node ${fmt(rcl.rss / 1048576)} MiB, redis ${fmt((redis?.rss ?? NaN) / 1048576)} MiB, ratio ${ratio(rcl.rss, redis?.rss ?? NaN)} (target <= 2.0)`)
  console.log('targets: ratio >= 0.8 plain, >= 0.5 with -P 16')
  const ms = (n: number | undefined): string => (n !== undefined && Number.isFinite(n) ? `${Math.round(n).toLocaleString('en-US')} ms` : '-')
  console.log(`\nSAVE of ${MEMORY_KEYS} keys: rcl-node ${ms(rcl.saveMs)}, redis ${ms(redis?.saveMs)}, ratio ${ratio(rcl.saveMs, redis?.saveMs ?? NaN)} (target <= 3)`)
  const b = (f: BgsaveFigures | undefined): string => (f === undefined ? '-' : `worst PING ${f.worstPingMs.toFixed(1)} ms over ${fmt(f.pings)} PINGs, save took ${ms(f.bgsaveMs)}`)
  console.log(`BGSAVE of those keys: rcl-node ${b(rcl.bgsave)} (target: worst PING <= 50 ms); redis ${b(redis?.bgsave)}`)
  console.log(`SET with appendonly yes (everysec): rcl-node ${fmt(rcl.aof.plain)}/s, redis ${fmt(redis?.aof.plain ?? NaN)}/s, ratio ${ratio(rcl.aof.plain, redis?.aof.plain ?? NaN)}; -P 16: ${fmt(rcl.aof.piped)}/s vs ${fmt(redis?.aof.piped ?? NaN)}/s, ratio ${ratio(rcl.aof.piped, redis?.aof.piped ?? NaN)}`)
  const rr = rcl.replication
  const rd = redis?.replication
  console.log(`full sync of ${MEMORY_KEYS} keys to a replica: rcl-node ${ms(rr.fullSyncMs)}, redis ${ms(rd?.fullSyncMs)}, ratio ${ratio(rr.fullSyncMs, rd?.fullSyncMs ?? NaN)} (target <= 2)`)
  const loss = (f: ReplicationFigures | undefined): string => (f === undefined ? '-' : `${fmt(f.alone)}/s alone, ${fmt(f.withTwo)}/s with two replicas (${((1 - f.withTwo / f.alone) * 100).toFixed(0)}% lost)`)
  console.log(`master SET rate: rcl-node ${loss(rr)} (target: loses <= 25%); redis ${loss(rd)}`)
  const cpu = (f: ReplicationFigures | undefined): string => (f === undefined ? '-' : `${f.cpuPerSetAlone.toFixed(2)} µs alone, ${f.cpuPerSetWithTwo.toFixed(2)} µs with two replicas`)
  console.log(`master CPU time per SET: rcl-node ${cpu(rr)}; redis ${cpu(rd)} [${availableParallelism()} cores here]`)
  console.log(`load of that dump at start-up: rcl-node ${ms(rcl.loadMs)}, redis ${ms(redis?.loadMs)}, ratio ${ratio(rcl.loadMs, redis?.loadMs ?? NaN)} (target <= 3)`)
}

await main()
