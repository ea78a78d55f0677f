#!/usr/bin/env node
// rcl-node: the server process. Runs in this very process (no wrapper child), so signals reach it.
import { loadServerBundle } from './server-bundle.js'

loadServerBundle().exports.main(process.argv.slice(2)).catch((e) => {
  process.stderr.write(`rcl-node: ${e && e.stack ? e.stack : e}\n`)
  process.exit(1)
})
