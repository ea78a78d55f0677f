// The directive table: every parameter Redis 7.0 knows, with its type, default and range, and what
// rcl-node refuses because the feature is not built. The rows live in one file per area; this list
// joins them (a later row with the same name replaces an earlier one). Nobody keeps a second list.
import type { Directive } from './types.js'
import { netDirectives } from './directives-net.js'
import { processDirectives } from './directives-process.js'
import { memoryDirectives } from './directives-memory.js'
import { persistenceDirectives } from './directives-persistence.js'
import { clusterDirectives, replicationDirectives } from './directives-replication.js'

export { onlyDefault, notYet } from './directive-kinds.js'

export const DIRECTIVES: Directive[] = [
  ...netDirectives,
  ...processDirectives,
  ...memoryDirectives,
  ...persistenceDirectives,
  ...replicationDirectives,
  ...clusterDirectives,
]
