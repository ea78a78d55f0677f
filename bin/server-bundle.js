// Loads the server: dist/rcl-node.cjs (dist/node/main.js and everything it imports, bundled into one
// CommonJS file by scripts/bundle-node.mjs) compiled with V8's code cache from dist/rcl-node.cache when
// there is one. Six nodes start at once on a two-core machine when rcl creates a cluster; parsing and
// compiling the bundle was ~30% of each start's CPU, and the cache, made by a warmed-up start at build
// time, spares most of it. A cache V8 does not accept (another Node.js version, other flags) is ignored:
// the start is then as slow as without one, never wrong.
import { readFileSync } from 'node:fs'
import Module, { createRequire } from 'node:module'
import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { Script } from 'node:vm'

export const SERVER_BUNDLE = fileURLToPath(new URL('../dist/rcl-node.cjs', import.meta.url))
export const SERVER_CODE_CACHE = fileURLToPath(new URL('../dist/rcl-node.cache', import.meta.url))

/**
 * Compiles and runs the bundle's top level; returns its exports, the compiled script (to make a cache
 * from) and whether a cache was used: 'accepted', 'rejected', or 'none' when there is no cache file.
 */
export function loadServerBundle({ useCache = true } = {}) {
  const cachedData = useCache ? readCache() : undefined
  const script = new Script(Module.wrap(readFileSync(SERVER_BUNDLE, 'utf8')), { filename: SERVER_BUNDLE, cachedData })
  const module = { exports: {} }
  script.runInThisContext().call(module.exports, module.exports, createRequire(SERVER_BUNDLE), module, SERVER_BUNDLE, dirname(SERVER_BUNDLE))
  const cache = cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'accepted'
  return { exports: module.exports, script, cache }
}

function readCache() {
  try {
    return readFileSync(SERVER_CODE_CACHE)
  } catch {
    return undefined
  }
}
