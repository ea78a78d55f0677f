// Spawning rcl-node or redis-server for a test, with cleanup guaranteed: every handle started through
// here is stopped by stopAll(), which each test file registers in after().
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { spawnNode, type NodeHandle } from '../../src/lib/process/spawn-node.js'
import { inlineCommand } from '../../src/lib/process/probe.js'
import { freePort } from './free-port.js'
import { waitFor } from './wait.js'

const running = new Set<NodeHandle>()
const dirs: string[] = []

export interface TestNode extends NodeHandle {
  dir: string
}

/**
 * Starts rcl-node (or `command`, e.g. redis-server) on a free port, bound to 127.0.0.1 only, in a fresh
 * directory, or in `reuseDir` (a restart over an earlier node's files), on `samePort` when a restart
 * must come back where its peers look for it. Resolves once the node has loaded its dataset (PING no
 * longer answers -LOADING), unless `whileLoading` asks for it as soon as it answers at all.
 */
export async function startNode(args: string[] = [], command?: string, reuseDir?: string, samePort?: number, whileLoading = false): Promise<TestNode> {
  const port = samePort ?? await freePort()
  const dir = reuseDir ?? mkdtempSync(join(tmpdir(), 'rcl-test-'))
  if (reuseDir === undefined) dirs.push(dir)
  const base = ['--bind', '127.0.0.1', '--dir', dir]
  // real Redis would otherwise snapshot on its own schedule; a test that wants persistence says so
  if (command === 'redis-server') {
    if (!args.includes('--save')) base.push('--save', '')
    if (!args.includes('--appendonly')) base.push('--appendonly', 'no')
  }
  const h = await spawnNode({ port, args: [...args, ...base, '--port', String(port)], command, cwd: dir, logFile: join(dir, 'node.log') })
  running.add(h)
  void h.exited.then(() => running.delete(h))
  if (!whileLoading) {
    await waitFor(`the node on port ${port} to load its dataset`, async () => !(await inlineCommand('127.0.0.1', port, 'PING', 1000) ?? '-LOADING').startsWith('-LOADING'), 60_000, 20)
  }
  return Object.assign(h, { dir })
}

export async function stopAll(): Promise<void> {
  await Promise.all([...running].map((h) => h.stop(3000)))
  running.clear()
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
}
