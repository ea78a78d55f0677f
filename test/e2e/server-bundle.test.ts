// The server bundle's loader: the code cache the build makes is one V8 accepts, and a cache it does not
// accept (corrupt, or from another Node.js) is ignored rather than breaking the start.
import { strict as assert } from 'node:assert'
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, it } from 'node:test'

const ROOT = fileURLToPath(new URL('../..', import.meta.url))

/** Loads the bundle through `loader` in a fresh process; prints the cache status and whether main exists. */
function load(loader: string): string {
  const code = `import(${JSON.stringify(loader)}).then((m) => { const b = m.loadServerBundle(); console.log(b.cache, typeof b.exports.main) })`
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', code], { encoding: 'utf8', timeout: 20_000 })
  assert.equal(r.status, 0, r.stderr)
  return r.stdout.trim()
}

describe('server bundle loader', () => {
  it('compiles the server with the code cache the build made', () => {
    assert.equal(load(join(ROOT, 'bin', 'server-bundle.js')), 'accepted function')
  })

  it('ignores a cache V8 rejects, and loads without one', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rcl-bundle-'))
    try {
      mkdirSync(join(dir, 'bin'))
      mkdirSync(join(dir, 'dist'))
      copyFileSync(join(ROOT, 'bin', 'server-bundle.js'), join(dir, 'bin', 'server-bundle.js'))
      copyFileSync(join(ROOT, 'dist', 'rcl-node.cjs'), join(dir, 'dist', 'rcl-node.cjs'))
      writeFileSync(join(dir, 'package.json'), '{"type":"module"}')
      assert.equal(load(join(dir, 'bin', 'server-bundle.js')), 'none function')
      writeFileSync(join(dir, 'dist', 'rcl-node.cache'), Buffer.alloc(4096, 7))
      assert.equal(load(join(dir, 'bin', 'server-bundle.js')), 'rejected function')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
