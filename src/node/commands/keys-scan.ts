// KEYS and SCAN over the selected db. The cursor machinery lives in keyspace/scan.ts, the argument
// readers shared with HSCAN/SSCAN/ZSCAN in scan-args.ts.
import { keyspaceCursors } from '../keyspace/scan.js'
import { typeOf } from '../keyspace/value.js'
import type { Reply } from '../resp/types.js'
import { globMatch } from '../util/glob.js'
import { readNoTouch } from './keys-common.js'
import { readScanCursor, readScanOptions, scanMatches } from './scan-args.js'
import type { CommandContext } from './core/types.js'

/** KEYS pattern — logically expired keys are skipped but left for the expiry machinery to reclaim. */
export function keysCommand(ctx: CommandContext, argv: string[]): Reply {
  const db = ctx.db
  const pattern = argv[1]
  const all = pattern === '*'
  const now = ctx.server.clock.now()
  const checkTtl = db.expires.size !== 0
  const out: string[] = []
  for (const key of db.data.keys()) {
    if (!all && !globMatch(pattern, key)) continue
    if (checkTtl && db.isLogicallyExpired(key, now)) continue
    out.push(key)
  }
  return out
}

/** SCAN cursor [MATCH pattern] [COUNT count] [TYPE type] */
export function scanCommand(ctx: CommandContext, argv: string[]): Reply {
  const cursor = readScanCursor(argv[1])
  const opts = readScanOptions(argv, 2, true)
  // Redis compares type names case-insensitively; an unknown name simply matches nothing
  const type = opts.type === null ? null : opts.type.toLowerCase()
  const db = ctx.db
  const keys: string[] = []
  const visit = (key: string): void => {
    if (!scanMatches(opts, key)) return
    if (type !== null) {
      // Redis looks the key up (stats, lazy expiry) and compares its type name, "none" when gone
      const v = readNoTouch(ctx, key)
      if ((v === undefined ? 'none' : typeOf(v)) !== type) return
    }
    // expired keys are reclaimed on the way (with their "expired" event), as Redis's scan does
    if (db.expires.size !== 0 && db.expireIfNeeded(key)) return
    keys.push(key)
  }
  const server = ctx.server
  const next = keyspaceCursors(server).step(db.data, cursor, opts.count, server.clock.now(), visit)
  return [next, keys]
}
