import { strict as assert } from 'node:assert'
import { type ChildProcess, spawn } from 'node:child_process'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, afterEach, describe, it } from 'node:test'
import {
  acquireNodesConfLock, isNodesConfLocked, lockPathFor, NodesConfLockedError,
} from '../../../../src/node/cluster/nodes-conf-lock.js'

const HOLDER = join(import.meta.dirname, '../../../helpers/hold-nodes-conf-lock.ts')
const dir = mkdtempSync(join(tmpdir(), 'rcl-nodes-lock-'))
after(() => rmSync(dir, { recursive: true, force: true }))
let n = 0
const confPath = (): string => join(dir, `nodes-${++n}.conf`)
const children: ChildProcess[] = []
afterEach(() => {
  for (const c of children.splice(0)) if (c.exitCode === null && c.signalCode === null) c.kill('SIGKILL')
})

/** Starts a child that takes the lock; resolves with its first output line once it has answered. */
function spawnHolder(conf: string): Promise<{ child: ChildProcess; line: string }> {
  const child = spawn(process.execPath, ['--import', 'tsx', HOLDER, conf], { stdio: ['ignore', 'pipe', 'inherit'] })
  children.push(child)
  return new Promise((resolve, reject) => {
    let out = ''
    const timer = setTimeout(() => reject(new Error(`lock holder silent after 15 s: ${out}`)), 15_000)
    child.stdout!.on('data', (d: Buffer) => {
      out += d.toString('latin1')
      if (out.includes('\n')) { clearTimeout(timer); resolve({ child, line: out.split('\n')[0] }) }
    })
    child.once('exit', (code) => { clearTimeout(timer); if (!out.includes('\n')) reject(new Error(`holder exited ${code}`)) })
  })
}

function killAndReap(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) return resolve()
    child.once('exit', () => resolve())
    child.kill('SIGKILL')
  })
}

const message = (file: string): string =>
  `Sorry, the cluster configuration file ${file} is already used by a different Redis Cluster node. ` +
  'Please make sure that different nodes use different cluster configuration files.'

describe('nodes.conf lock', () => {
  it('writes our pid into <file>.lock and removes it on release', () => {
    const conf = confPath()
    const lock = acquireNodesConfLock(conf)
    assert.equal(lock.path, `${conf}.lock`)
    assert.equal(readFileSync(lock.path, 'latin1'), `${process.pid}\n`)
    assert.equal(isNodesConfLocked(conf), true)
    lock.release()
    lock.release()
    assert.equal(existsSync(lock.path), false)
    acquireNodesConfLock(conf).release() // free again
  })

  it('refuses a second lock in the same process (two simulated nodes)', () => {
    const conf = confPath()
    const lock = acquireNodesConfLock(conf)
    try {
      assert.throws(() => acquireNodesConfLock(conf), NodesConfLockedError)
    } finally {
      lock.release()
    }
  })

  it("refuses while another live process holds it, with Redis's message", async () => {
    const conf = confPath()
    const { child, line } = await spawnHolder(conf)
    assert.equal(line, `locked ${child.pid}`)
    assert.equal(readFileSync(lockPathFor(conf), 'latin1'), `${child.pid}\n`)
    assert.throws(() => acquireNodesConfLock(conf), (e: unknown) =>
      e instanceof NodesConfLockedError && e.message === message(conf) && e.holderPid === child.pid)
    const second = await spawnHolder(conf)
    assert.equal(second.line, `refused ${message(conf)}`)
    await killAndReap(child)
  })

  it('takes over the lock of a holder killed with -9', async () => {
    const conf = confPath()
    const { child } = await spawnHolder(conf)
    await killAndReap(child)
    assert.equal(existsSync(lockPathFor(conf)), true) // SIGKILL left it behind
    assert.equal(isNodesConfLocked(conf), false)
    const lock = acquireNodesConfLock(conf)
    assert.equal(readFileSync(lock.path, 'latin1'), `${process.pid}\n`)
    lock.release()
  })

  it('treats a lock file without a pid as stale, and never removes a lock it no longer owns', () => {
    const conf = confPath()
    writeFileSync(lockPathFor(conf), 'garbage')
    const lock = acquireNodesConfLock(conf)
    writeFileSync(lock.path, '1\n') // someone else's now (pid 1 is always alive)
    lock.release()
    assert.equal(readFileSync(lockPathFor(conf), 'latin1'), '1\n')
    assert.throws(() => acquireNodesConfLock(conf), NodesConfLockedError)
  })
})
