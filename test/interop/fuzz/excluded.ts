// The reviewed list of commands the fuzzer never sends, each with the reason. Everything else in
// rcl-node's command table is fuzzed. Names are COMMAND's full names ("client|kill").

export const EXCLUDED: Readonly<Record<string, string>> = {
  shutdown: 'stops the server',
  debug: 'a testing interface (SLEEP, crashes, reloads, encodings dumps); compared in test/interop/debug.test.ts',
  monitor: 'turns the shared connection into a feed of every later command',
  subscribe: 'subscribed mode on the shared connection: pushes from PUBLISH interleave with replies',
  psubscribe: 'subscribed mode on the shared connection: pushes from PUBLISH interleave with replies',
  ssubscribe: 'subscribed mode on the shared connection: pushes from PUBLISH interleave with replies',
  sync: 'starts a full resynchronisation: the connection becomes a replica link',
  psync: 'starts a resynchronisation: the connection becomes a replica link',
  replconf: 'replica-link protocol (ACK gets no reply); covered by the replication suite',
  replicaof: 'would make the server a replica of some address',
  slaveof: 'would make the server a replica of some address',
  migrate: 'connects to whatever host and port it names and waits up to its timeout there; compared in test/interop/migrate.test.ts',
  save: 'writes the dump file; persistence is covered by its own suites',
  bgsave: 'forks a background save whose start and end are timing-dependent',
  bgrewriteaof: 'background AOF rewrite whose start and end are timing-dependent',
  'client|kill': 'would close connections, the fuzzer\'s own included',
  'client|pause': 'pauses every client, the control connection included',
  'client|reply': 'OFF/SKIP leave the runner without the replies it reads; compared in the differential scripts (pubsub.ts)',
  'client|tracking': 'invalidation pushes interleave with replies',
  'config|rewrite': 'writes a config file; neither server was started from one',
  command: 'lists every command: rcl-node implements a subset (no streams, scripting, cluster, ACL, geo, HLL yet)',
  'command|count': 'counts every command: rcl-node implements a subset',
  'command|list': 'lists every command: rcl-node implements a subset',
}

/** Options of otherwise-fuzzed commands that are left out, as "command TOKEN". */
export const EXCLUDED_TOKENS: Readonly<Record<string, string>> = {
  'flushall ASYNC': 'freeing in the background makes memory and timing differ; the effect on keys is the same as SYNC',
  'flushdb ASYNC': 'freeing in the background makes memory and timing differ; the effect on keys is the same as SYNC',
}

/** Commands excluded only inside MULTI, with the reason. */
export const EXCLUDED_IN_MULTI: Readonly<Record<string, string>> = {
  unsubscribe: 'one reply frame per channel inside the EXEC array: the frame count no longer matches the array length',
  punsubscribe: 'one reply frame per pattern inside the EXEC array: the frame count no longer matches the array length',
  sunsubscribe: 'one reply frame per channel inside the EXEC array: the frame count no longer matches the array length',
  spop: 'a random pop: the commands after it in the same transaction would see different sets (outside MULTI the key is re-synced)',
  randomkey: 'deletes the expired keys its random samples meet: later commands in the same transaction would count different keys',
  scan: 'a partial SCAN deletes the expired keys of the buckets it visits, in each server\'s own order: later commands in the same transaction would count different keys',
}
