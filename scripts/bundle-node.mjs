// Bundles the server (dist/node/main.js and everything it imports) into one file, dist/rcl-node.cjs,
// which bin/rcl-node.js loads (bin/server-bundle.js). Resolving, reading and compiling ~120 separate ES
// modules took about 60 ms of every start; one file takes a few. The bundle is plain, unminified
// CommonJS, so stack traces still name our functions, and CommonJS so that it can be compiled through
// node:vm with a code cache, which scripts/server-code-cache.mjs then makes.
import { spawnSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { build } from 'esbuild'

rmSync('dist/rcl-node.js', { force: true }) // the ESM bundle of earlier builds
rmSync('dist/rcl-node.cache', { force: true }) // a cache of another bundle would only be rejected

await build({
  entryPoints: ['dist/node/main.js'],
  outfile: 'dist/rcl-node.cjs',
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
})

// in a fresh process, so the cache holds what a real start compiles
const made = spawnSync(process.execPath, ['scripts/server-code-cache.mjs'], { stdio: 'inherit', timeout: 60_000 })
if (made.status !== 0) process.stderr.write('bundle-node: no code cache made; rcl-node will start without one (slower, not wrong)\n')
