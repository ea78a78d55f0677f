// The cluster side of Redis's clientsCronHandleTimeout: from the server cron, every client blocked on
// keys (BLPOP, BZPOPMIN, ...) is checked against the slot table, and one whose slot this node no longer
// serves is answered at once (MOVED, or CLUSTERDOWN) instead of waiting for a write that cannot come here.
import { keySlot } from '../../common/key-slot.js'
import type { ParkedCommand } from '../keyspace/blocking.js'
import type { Reply } from '../resp/types.js'
import { redirectBlocked, type SlotTable } from './redirect.js'

/** What the job needs of the server: its blocked clients and whether a parked command is a read by a READONLY client. */
export interface BlockedRecheckHost<Ctx> {
  recheck(check: (parked: ParkedCommand<Ctx>) => Reply | null): number
  readonlyRead(parked: ParkedCommand<Ctx>): boolean
}

/**
 * A cron job: each tick checks every key-blocked client (Redis visits each client about once per
 * server-cron pass when there are few, and all within a second when there are many). All keys of a
 * blocked command share one slot (the gate refused it otherwise), so the first key decides.
 */
export function blockedRedirectJob<N, Ctx>(table: SlotTable<N>, host: BlockedRecheckHost<Ctx>): () => void {
  const check = (parked: ParkedCommand<Ctx>): Reply | null =>
    redirectBlocked(table, keySlot(parked.keys[0]), host.readonlyRead(parked))
  return () => { host.recheck(check) }
}
