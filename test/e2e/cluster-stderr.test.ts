// In cluster mode nothing reaches stderr in normal operation: three rcl-node processes with stderr
// piped form a cluster, serve traffic (writes, reads, redirections, pub/sub over the bus) and shut
// down, and not one byte arrives on any stderr (logs go to stdout, as redis-server's do).
import { strict as assert } from 'node:assert'
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { RCL_NODE_BIN, waitForPing } from '../../src/lib/process/spawn-node.js'
import { keySlot } from '../../src/common/key-slot.js'
import { assignSlots, type ClusterTestNode, closeClusterClients, joinAll, trackedClient } from '../helpers/cluster-spawn.js'
import { freePort } from '../helpers/free-port.js'

interface Piped { child: ChildProcess; exited: Promise<number | null>; stderr: string[]; stdout: string[]; dir: string }
const procs: Piped[] = []
after(async () => {
  closeClusterClients()
  for (const p of procs) if (p.child.exitCode === null && p.child.signalCode === null) p.child.kill('SIGKILL')
  await Promise.all(procs.map((p) => p.exited))
  for (const p of procs) rmSync(p.dir, { recursive: true, force: true })
})

async function startPiped(): Promise<{ p: Piped; n: ClusterTestNode }> {
  const [port, cport] = [await freePort(), await freePort()]
  const dir = mkdtempSync(join(tmpdir(), 'rcl-stderr-'))
  const child = spawn(process.execPath, [RCL_NODE_BIN, '--port', String(port), '--cluster-enabled', 'yes', '--cluster-port', String(cport),
    '--cluster-node-timeout', '3000', '--bind', '127.0.0.1', '--dir', dir, '--save', '', '--appendonly', 'no'], { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] })
  const p: Piped = { child, exited: new Promise((r) => child.once('exit', (code) => r(code))), stderr: [], stdout: [], dir }
  child.stderr?.on('data', (d: Buffer) => p.stderr.push(d.toString('latin1')))
  child.stdout?.on('data', (d: Buffer) => p.stdout.push(d.toString('latin1')))
  procs.push(p)
  await waitForPing(port, 10_000, p.exited)
  const redis = trackedClient(port)
  const n = { node: { port, dir } as ClusterTestNode['node'], cport, redis, id: await redis.cluster('MYID') as string }
  return { p, n }
}

describe('cluster mode and stderr', () => {
  it('a cluster join, traffic and shutdown write nothing to stderr', async () => {
    const started = await Promise.all([startPiped(), startPiped(), startPiped()])
    const nodes = started.map((s) => s.n)
    await assignSlots(nodes)
    await joinAll(nodes)
    for (let i = 0; i < 50; i++) {
      const key = `key:${i}`
      const owner = nodes[Math.floor(keySlot(key) / Math.ceil(16384 / 3))]
      assert.equal(await owner.redis.set(key, String(i)), 'OK')
      assert.equal(await owner.redis.get(key), String(i))
      // and a redirection from the others
      for (const other of nodes) if (other !== owner) await assert.rejects(other.redis.get(key), /^ReplyError: MOVED /)
    }
    const sub = trackedClient(nodes[2].node.port)
    let got = 0
    sub.on('message', () => { got++ })
    await sub.subscribe('c')
    await nodes[0].redis.publish('c', 'm')
    for (let i = 0; i < 100 && got === 0; i++) await new Promise((r) => setTimeout(r, 20))
    assert.equal(got, 1)
    await Promise.all(nodes.map((n) => n.redis.call('SHUTDOWN', 'NOSAVE').catch(() => undefined)))
    const codes = await Promise.all(started.map((s) => s.p.exited))
    assert.deepEqual(codes, [0, 0, 0])
    for (const s of started) {
      assert.equal(s.p.stderr.join(''), '', `stderr of node ${s.n.node.port}`)
      assert.match(s.p.stdout.join(''), /Ready to accept connections/)
    }
  })
})
