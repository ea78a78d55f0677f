// Bundles the server (dist/node/main.js and everything it imports) into one file, dist/rcl-node.js,
// which bin/rcl-node.js loads. Resolving, reading and compiling ~120 separate ES modules took about
// 60 ms of every start; one file takes a few. The bundle is plain, unminified ESM, so stack traces
// still name our functions.
import { build } from 'esbuild'

await build({
  entryPoints: ['dist/node/main.js'],
  outfile: 'dist/rcl-node.js',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
})
