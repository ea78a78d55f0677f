// Makes dist/rcl-node.cache, the V8 code cache bin/server-bundle.js compiles the server with: loads the
// bundle, starts a cluster-mode server on free loopback ports, sends it the commands a start and a
// cluster create send (so the functions they run are compiled and cached too), then saves the cache
// and exits. Run by scripts/bundle-node.mjs in a fresh process; exits non-zero on any failure.
import { mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { connect, createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { loadServerBundle, SERVER_CODE_CACHE } from '../bin/server-bundle.js'

const WARM_UP = [['PING'], ['CLUSTER', 'INFO'], ['CLUSTER', 'NODES'], ['CLUSTER', 'MYID'], ['INFO', 'replication'], ['SET', 'k', 'v'], ['GET', 'k'], ['DBSIZE']]

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer()
    s.once('error', reject)
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)) })
  })
}

/** Sends each command in turn over one connection, waiting for a reply to each; bounded. */
function send(port, commands) {
  return new Promise((resolve, reject) => {
    const sock = connect(port, '127.0.0.1')
    const timer = setTimeout(() => { sock.destroy(); reject(new Error('the warm-up server did not answer')) }, 10_000)
    let next = 0
    const write = () => {
      const argv = commands[next++]
      sock.write(`*${argv.length}\r\n${argv.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`)
    }
    sock.on('error', (e) => { clearTimeout(timer); reject(e) })
    sock.on('connect', write)
    // one data event per reply is enough here: every reply is small and sent alone
    sock.on('data', () => {
      if (next < commands.length) return write()
      clearTimeout(timer)
      sock.destroy()
      resolve()
    })
  })
}

const dir = mkdtempSync(join(tmpdir(), 'rcl-code-cache-'))
try {
  const { exports, script } = loadServerBundle({ useCache: false })
  const [port, busPort] = [await freePort(), await freePort()]
  void exports.main(['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', dir,
    '--logfile', join(dir, 'log'), '--cluster-enabled', 'yes', '--cluster-port', String(busPort)])
  const deadline = Date.now() + 10_000
  for (;;) {
    try { await send(port, WARM_UP); break } catch (e) { if (Date.now() > deadline) throw e }
    await new Promise((r) => setTimeout(r, 20))
  }
  const tmp = `${SERVER_CODE_CACHE}.tmp-${process.pid}`
  writeFileSync(tmp, script.createCachedData())
  renameSync(tmp, SERVER_CODE_CACHE)
  rmSync(dir, { recursive: true, force: true })
  process.exit(0)
} catch (e) {
  process.stderr.write(`server-code-cache: ${e.stack ?? e}\n`)
  rmSync(dir, { recursive: true, force: true })
  process.exit(1)
}
