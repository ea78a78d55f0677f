#!/usr/bin/env node
// rcl-node: the server process. Runs in this very process (no wrapper child), so signals reach it.
// dist/rcl-node.js is dist/node/main.js bundled into one file by the build (scripts/bundle-node.mjs).
import { main } from '../dist/rcl-node.js'

main(process.argv.slice(2)).catch((e) => {
  process.stderr.write(`rcl-node: ${e && e.stack ? e.stack : e}\n`)
  process.exit(1)
})
