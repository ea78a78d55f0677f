// rcl start / status / stop / logs / clean and rcl replicas create with rcl-node, through the built CLI
// as users run it: detached nodes that outlive the CLI, JSON results, errors with exit status 1.
import { strict as assert } from 'node:assert'
import { existsSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import { Redis } from 'ioredis'
import { inlineCommand } from '../../src/lib/process/probe.js'
import { freePort } from '../helpers/free-port.js'
import { cleanUp, json, runCli, startCli, stateDir } from '../helpers/run-cli.js'
import { waitFor } from '../helpers/wait.js'

after(cleanUp)

interface Started { nodes: Array<{ addr: string; pid: number; alreadyRunning: boolean; dir: string }> }
interface Statuses { nodes: Array<{ addr: string; alive: boolean; role: string | null; master: string | null; linkUp: boolean | null }> }
interface Failure { error: { code: string; message: string; hint?: string } }

const ping = (port: number): Promise<string | null> => inlineCommand('127.0.0.1', port, 'PING')

describe('rcl start, status, stop, logs, clean', () => {
  it('starts detached nodes that outlive the CLI, reports them, and stops and cleans them away', async () => {
    const dir = stateDir()
    const [a, b] = [await freePort(), await freePort()].sort((x, y) => x - y) // status lists by port
    const start = await runCli(['start', `127.0.0.1:${a}`, `127.0.0.1:${b}`, '--dir', dir, '--json'])
    assert.equal(start.status, 0, start.stderr)
    const started = json<Started>(start).nodes
    assert.deepEqual(started.map((n) => n.addr), [`127.0.0.1:${a}`, `127.0.0.1:${b}`])
    assert.equal(await ping(a), '+PONG')
    assert.ok(existsSync(join(started[0].dir, 'node.conf')))

    const again = json<Started>(await runCli(['start', `127.0.0.1:${a}`, '--dir', dir, '--json']))
    assert.equal(again.nodes[0].alreadyRunning, true)
    assert.equal(again.nodes[0].pid, started[0].pid)

    const status = json<Statuses>(await runCli(['status', '--dir', dir, '--json'])).nodes
    assert.deepEqual(status.map((n) => [n.addr, n.alive, n.role]), [[`127.0.0.1:${a}`, true, 'master'], [`127.0.0.1:${b}`, true, 'master']])
    const table = await runCli(['status', '--dir', dir])
    assert.match(table.stdout, /^ADDRESS\s+PID\s+SERVER\s+TEMPLATE\s+ROLE\s+ALIVE/)
    assert.match(table.stdout, new RegExp(`127\\.0\\.0\\.1:${a}\\s+${started[0].pid}\\s+rcl-node\\s+standalone\\s+master\\s+yes`))

    const logs = await runCli(['logs', `127.0.0.1:${a}`, '--dir', dir, '-n', '1'])
    assert.match(logs.stdout, /Ready to accept connections/)
    assert.equal(logs.stdout.trim().split('\n').length, 1)

    const stop = await runCli(['stop', `127.0.0.1:${a}`, '--dir', dir])
    assert.equal(stop.status, 0)
    assert.match(stop.stdout, new RegExp(`\\[OK\\] 127\\.0\\.0\\.1:${a} stopped`))
    assert.equal(await ping(a), null)
    assert.equal(await ping(b), '+PONG')
    const after1 = json<Statuses>(await runCli(['status', '--dir', dir, '--json'])).nodes
    assert.deepEqual(after1.map((n) => n.alive), [false, true])

    const clean = await runCli(['clean', '--dir', dir])
    assert.equal(clean.status, 0, clean.stderr)
    assert.equal(await ping(b), null)
    assert.equal(existsSync(dir), false)
  })

  it('follows a log as the node writes it, until interrupted', async () => {
    const dir = stateDir()
    const port = await freePort()
    assert.equal((await runCli(['start', `127.0.0.1:${port}`, '--dir', dir])).status, 0)
    const follow = startCli(['logs', `127.0.0.1:${port}`, '--dir', dir, '--follow', '-n', '1'])
    let seen = ''
    follow.child.stdout?.on('data', (d) => { seen += d })
    await waitFor('the last line before following', () => seen.includes('Ready to accept connections'), 10_000)
    assert.equal(await inlineCommand('127.0.0.1', port, 'SAVE'), '+OK')
    await waitFor('the SAVE lines', () => seen.includes('DB saved on disk'), 10_000)
    follow.child.kill('SIGINT')
    assert.equal((await follow.done).status, 0)
  })

  it('refuses a port that something else listens on, naming the port', async () => {
    const dir = stateDir()
    const port = await freePort()
    const squatter = createServer().listen(port, '127.0.0.1')
    try {
      const r = await runCli(['start', `127.0.0.1:${port}`, '--dir', dir])
      assert.equal(r.status, 1)
      assert.match(r.stderr, new RegExp(`\\[ERR\\] Port ${port} is already in use by a process rcl did not start`))
    } finally {
      squatter.close()
    }
  })

  it('reports a node that dies during start-up with its log, and stops the others it started', async () => {
    const dir = stateDir()
    const [good, bad] = [await freePort(), await freePort()]
    // the bad node fails on its own config line; --config applies to both, so give the bad one its own start
    const both = await runCli(['start', `127.0.0.1:${good}`, '--dir', dir, '--json', '--config', 'maxmemory=lots'])
    assert.equal(both.status, 1)
    const err = json<Failure>(both).error
    assert.equal(err.code, 'E_NODE_START')
    assert.match(err.message, new RegExp(`Node 127\\.0\\.0\\.1:${good} exited during start-up`))
    assert.match(err.message, /FATAL CONFIG FILE ERROR[\s\S]*'maxmemory lots'[\s\S]*argument must be a memory value/)

    const mixed = await runCli(['start', `127.0.0.1:${good}`, `127.0.0.1:${bad}`, '--dir', dir, '--template', join(dir, 'missing.conf')])
    assert.equal(mixed.status, 2)
    assert.match(mixed.stderr, /Template file .*missing\.conf does not exist/)
    assert.equal(await ping(good), null)
  })

  it('leaves nothing running when one of several nodes fails to start', async () => {
    const dir = stateDir()
    const [good, taken] = [await freePort(), await freePort()]
    const squatter = createServer().listen(taken, '127.0.0.1')
    try {
      const r = await runCli(['start', `127.0.0.1:${good}`, `127.0.0.1:${taken}`, '--dir', dir])
      assert.equal(r.status, 1)
      assert.match(r.stderr, new RegExp(`Port ${taken} is already in use`))
      assert.equal(await ping(good), null)
    } finally {
      squatter.close()
    }
  })

  it('starts an rcl-node cluster node from the cluster template, with DEBUG allowed from this machine', async () => {
    const dir = stateDir()
    const port = await freePort()
    const r = await runCli(['start', `127.0.0.1:${port}`, '--template', 'cluster', '--dir', dir, '--json'])
    assert.equal(r.status, 0, r.stdout + r.stderr)
    const status = json<{ nodes: Array<{ addr: string; server: string; template: string }> }>(await runCli(['status', '--dir', dir, '--json']))
    assert.deepEqual(status.nodes.map((n) => [n.server, n.template]), [['rcl-node', 'cluster']])
    const c = new Redis({ port, lazyConnect: true })
    try {
      assert.match(String(await c.call('INFO', 'cluster')), /^cluster_enabled:1\r$/m)
      assert.match(String(await c.call('CLUSTER', 'MYID')), /^[0-9a-f]{40}$/)
      // enable-debug-command local (Redis 7.0's default is no) lets test harnesses send DEBUG
      assert.equal(await c.call('DEBUG', 'SLEEP', '0'), 'OK')
    } finally {
      c.disconnect()
    }
  })

  it('names the missing placeholder and the flag that fills it', async () => {
    const r = await runCli(['start', `127.0.0.1:${await freePort()}`, '--template', 'replica', '--dir', stateDir(), '--json'])
    assert.equal(r.status, 2)
    assert.deepEqual(json<Failure>(r).error, { code: 'E_TEMPLATE', message: 'The template needs a value for {{masterHost}}, {{masterPort}}', hint: 'give --replicaof host:port' })
  })

  it('returns a restarted node once it has loaded its dump, not while it answers -LOADING', async () => {
    const dir = stateDir()
    const port = await freePort()
    assert.equal((await runCli(['start', `127.0.0.1:${port}`, '--dir', dir])).status, 0)
    const c = new Redis({ port, lazyConnect: true })
    try {
      const pipe = c.pipeline()
      for (let i = 0; i < 3000; i++) pipe.set(`k${i}`, 'v')
      await pipe.exec()
      await c.save()
    } finally {
      c.disconnect()
    }
    assert.equal((await runCli(['stop', `127.0.0.1:${port}`, '--dir', dir])).status, 0)
    // 0.5 ms per key: the dump takes about 1.5 s to load, letting clients in every KB (-LOADING)
    const started = await runCli(['start', `127.0.0.1:${port}`, '--config', 'key-load-delay=500', '--config', 'loading-process-events-interval-bytes=1024', '--dir', dir])
    assert.equal(started.status, 0, started.stdout + started.stderr)
    assert.match(started.stdout, new RegExp(`Waiting for 127\\.0\\.0\\.1:${port} to load`))
    assert.equal(await ping(port), '+PONG')
    assert.equal(await inlineCommand('127.0.0.1', port, 'DBSIZE'), ':3000')
    await runCli(['clean', '--dir', dir])
  })

  it('returns a replica once its link is up; without its master it says so and exits 1, or returns at once with --no-wait', async () => {
    const dir = stateDir()
    const [m, r, orphan] = [await freePort(), await freePort(), await freePort()]
    assert.equal((await runCli(['start', `127.0.0.1:${m}`, '--dir', dir])).status, 0)
    const started = await runCli(['start', `127.0.0.1:${r}`, '--template', 'replica', '--replicaof', `127.0.0.1:${m}`, '--dir', dir])
    assert.equal(started.status, 0, started.stdout + started.stderr)
    assert.match(started.stdout, new RegExp(`Waiting for the link of 127\\.0\\.0\\.1:${r} to its master`))
    // no poll here: the link is up when start returns
    const replica = new Redis({ port: r, lazyConnect: true })
    try {
      assert.match(await replica.info('replication'), /master_link_status:up/)
    } finally {
      replica.disconnect()
    }

    const nowhere = await freePort()
    const t0 = Date.now()
    const stuck = await runCli(['start', `127.0.0.1:${orphan}`, '--template', 'replica', '--replicaof', `127.0.0.1:${nowhere}`, '--timeout', '1500', '--dir', dir])
    assert.equal(stuck.status, 1)
    assert.ok(Date.now() - t0 < 10_000)
    assert.match(stuck.stderr, new RegExp(`1 replica link\\(s\\) not up after 1500 ms:\\n {2}127\\.0\\.0\\.1:${orphan}: link to 127\\.0\\.0\\.1:${nowhere} is down`))
    assert.equal(await ping(orphan), '+PONG') // started, just not ready: it keeps running
    await runCli(['stop', `127.0.0.1:${orphan}`, '--dir', dir])
    const quick = await runCli(['start', `127.0.0.1:${orphan}`, '--template', 'replica', '--replicaof', `127.0.0.1:${nowhere}`, '--no-wait', '--dir', dir])
    assert.equal(quick.status, 0, quick.stderr)
  })

  it('rejects bad addresses, non-local hosts and stop without a target', async () => {
    const dir = stateDir()
    const bad = await runCli(['start', 'localhost', '--dir', dir])
    assert.equal(bad.status, 2)
    assert.match(bad.stderr, /\[ERR\] Invalid address 'localhost': expected host:port/)
    const remote = await runCli(['start', '10.1.2.3:7000', '--dir', dir])
    assert.equal(remote.status, 2)
    assert.match(remote.stderr, /10\.1\.2\.3:7000 is not an address of this machine/)
    const stop = await runCli(['stop', '--dir', dir])
    assert.equal(stop.status, 2)
    assert.match(stop.stderr, /Name the nodes to stop, or pass --all/)
    const unknown = await runCli(['logs', '127.0.0.1:1', '--dir', dir])
    assert.equal(unknown.status, 1)
    assert.match(unknown.stderr, /No node 127\.0\.0\.1:1 was started by rcl in/)
  })
})

describe('rcl replicas create', () => {
  it('starts a master and two replicas and returns once both links are up', async () => {
    const dir = stateDir()
    const [m, r1, r2] = [await freePort(), await freePort(), await freePort()].sort((x, y) => x - y) // status lists by port
    const r = await runCli(['replicas', 'create', `127.0.0.1:${m}`, `127.0.0.1:${r1}`, `127.0.0.1:${r2}`, '--dir', dir, '--json'])
    assert.equal(r.status, 0, r.stderr)
    const statuses = json<Statuses>(await runCli(['status', '--dir', dir, '--json'])).nodes
    assert.deepEqual(statuses.map((s) => [s.role, s.master, s.linkUp]), [
      ['master', null, null], ['slave', `127.0.0.1:${m}`, true], ['slave', `127.0.0.1:${m}`, true],
    ])
    const master = new Redis({ port: m, lazyConnect: true })
    const replica = new Redis({ port: r2, lazyConnect: true })
    try {
      await master.set('k', 'v')
      await master.call('WAIT', '2', '5000')
      assert.equal(await replica.get('k'), 'v')
    } finally {
      master.disconnect()
      replica.disconnect()
    }
  })
})

describe('rcl help', () => {
  it('shows every command with examples, and the version', async () => {
    const help = await runCli(['help', 'start'])
    assert.equal(help.status, 0)
    assert.match(help.stdout, /EXAMPLES[\s\S]*\$ rcl start 127\.0\.0\.1:7000/)
    const version = await runCli(['--version'])
    assert.match(version.stdout, /^rcl\/\d+\.\d+\.\d+ /)
  })
})
