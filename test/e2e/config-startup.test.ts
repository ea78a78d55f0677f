import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startNode, stopAll } from '../helpers/node-process.js'
import { logText, runNodeSync } from '../helpers/run-node-sync.js'
import { client } from '../helpers/client.js'

const FATAL = '\n*** FATAL CONFIG FILE ERROR (Redis 7.0.15) ***\n'

describe('rcl-node start-up', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rcl-startup-'))
  after(async () => { await stopAll(); rmSync(dir, { recursive: true, force: true }) })

  it('prints the version and exits 0', () => {
    const r = runNodeSync(['--version'])
    assert.equal(r.status, 0)
    assert.match(r.stdout, /v=\S+ redis=7\.0\.15/)
    assert.equal(runNodeSync(['-v']).status, 0)
  })

  it('prints the usage on stderr and exits 1', () => {
    const r = runNodeSync(['--help'])
    assert.equal(r.status, 1)
    assert.match(r.stderr, /^Usage: rcl-node \[\/path\/to\/redis\.conf\] \[options\] \[-\]\n/)
  })

  it('reports a bad directive in the file with its line', () => {
    writeFileSync(join(dir, 'bad.conf'), 'port 1234\nfoo bar\n')
    const r = runNodeSync(['bad.conf'], { cwd: dir })
    assert.equal(r.status, 1)
    assert.equal(r.stderr, `${FATAL}Reading the configuration file, at line 2\n>>> 'foo bar'\nBad directive or wrong number of arguments\n`)
    assert.equal(r.stdout, '')
  })

  it('numbers command-line options after the file, quoted', () => {
    const r = runNodeSync(['--port', 'abc'])
    assert.equal(r.status, 1)
    assert.equal(r.stderr, `${FATAL}Reading the configuration file, at line 2\n>>> 'port "abc"'\nargument couldn't be parsed into an integer\n`)
  })

  it('logs an unreadable config file with its absolute path', () => {
    const r = runNodeSync(['nosuch.conf'], { cwd: dir })
    assert.equal(r.status, 1)
    assert.equal(logText(r.stdout.trim()), `# Fatal error, can't open config file '${join(dir, 'nosuch.conf')}': No such file or directory`)
  })

  it('refuses a feature rcl-node lacks, naming it', () => {
    const r = runNodeSync(['--maxmemory', '100mb'])
    assert.equal(r.status, 1)
    assert.equal(r.stderr, `${FATAL}Reading the configuration file, at line 2\n>>> 'maxmemory "100mb"'\nmaxmemory (eviction) is not supported by rcl-node yet\n`)
  })

  it('refuses replicaof in cluster mode as redis-server does, naming no line', () => {
    const r = runNodeSync(['--cluster-enabled', 'yes', '--replicaof', '127.0.0.1', '6379'])
    assert.equal(r.status, 1)
    assert.equal(r.stderr, `${FATAL}replicaof directive not allowed in cluster mode\n`)
  })

  it('reads config from stdin', () => {
    const r = runNodeSync(['-'], { input: 'port 1\nport abc\n' })
    assert.equal(r.status, 1)
    assert.match(r.stdout, /Reading config from stdin/)
    assert.match(r.stderr, /at line 2\n>>> 'port abc'\n/)
  })

  it('refuses a missing dir and an unwritable log file', () => {
    assert.match(runNodeSync(['--dir', '/nonexistent-rcl']).stderr, /at line 2\n>>> 'dir "\/nonexistent-rcl"'\nNo such file or directory\n$/)
    assert.equal(runNodeSync(['--logfile', '/nonexistent-rcl/x.log']).stderr, `${FATAL}Can't open the log file: No such file or directory\n`)
  })

  it('starts from a file: logfile, pidfile in dir, argv overrides, rename-command, CONFIG REWRITE, SIGTERM', async () => {
    const conf = join(dir, 'node.conf')
    writeFileSync(conf, `# node\ntimeout 3\nlogfile ${join(dir, 'node-file.log')}\npidfile rcl.pid\nrename-command flushall ""\n`)
    const n = await startNode([conf, '--timeout', '4'])
    const data = n.dir
    const c = client(n.port)
    try {
      assert.deepEqual(await c.call('CONFIG', 'GET', 'timeout'), ['timeout', '4'])
      assert.deepEqual(await c.call('CONFIG', 'GET', 'dir'), ['dir', data])
      await assert.rejects(c.call('FLUSHALL'), /unknown command 'FLUSHALL'/)
      assert.equal(readFileSync(join(data, 'rcl.pid'), 'latin1'), `${n.pid}\n`)
      await c.call('CONFIG', 'SET', 'timeout', '5')
      assert.equal(await c.call('CONFIG', 'REWRITE'), 'OK')
      assert.match(readFileSync(conf, 'latin1'), /^# node\ntimeout 5\n/)
    } finally { c.disconnect() }
    process.kill(n.pid, 'SIGTERM')
    assert.equal(await n.exited, 0)
    assert.equal(existsSync(join(data, 'rcl.pid')), false)
    const log = readFileSync(join(dir, 'node-file.log'), 'latin1').split('\n').map(logText)
    assert.ok(log.includes(`* PID: ${n.pid}`), log.join('\n'))
    assert.ok(log.includes('* Ready to accept connections'))
    assert.ok(log.includes('# CONFIG REWRITE executed with success.'))
    assert.ok(log.includes('* Removing the pid file.'))
  })
})
