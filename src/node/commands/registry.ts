// The command families rcl-node serves: every family file's table, in one list. This file changes only when a
// family is added; the table machinery (entries, lookup, rename) lives in core/command-table.ts.
import type { CommandSpec } from './core/types.js'
import { connectionCommands } from './connection.js'
import { stringCommands } from './strings.js'
import { bitmapCommands } from './bitmaps.js'
import { keyCommands } from './keys.js'
import { expireCommands } from './expire.js'
import { listCommands } from './lists.js'
import { hashCommands } from './hashes.js'
import { setCommands } from './sets.js'
import { zsetCommands } from './zsets.js'
import { txCommands } from './tx.js'
import { pubsubCommands } from './pubsub.js'
import { serverCommands } from './server.js'
import { replicationCommands } from './replication.js'
import { clientCommands } from './client.js'
import { configCommands } from './config.js'
import { introspectionCommands } from './introspection.js'
import { debugCommands } from './debug.js'
import { dumpCommands } from './dump.js'
import { migrateCommands } from './migrate.js'
import { clusterCommands } from './cluster.js'

/** Every family's rows, in registration order; `new CommandRegistry(FAMILIES)` builds the table. */
export const FAMILIES: CommandSpec[][] = [
  connectionCommands, stringCommands, bitmapCommands, keyCommands, expireCommands, listCommands, hashCommands,
  setCommands, zsetCommands, txCommands, pubsubCommands, serverCommands, replicationCommands, clientCommands, configCommands,
  introspectionCommands, debugCommands, dumpCommands, migrateCommands, clusterCommands,
]
