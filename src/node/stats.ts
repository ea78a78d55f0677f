// Counters behind INFO stats and clients; plain numbers the rest of the server increments.

export class ServerStats {
  totalConnectionsReceived = 0
  rejectedConnections = 0
  totalCommandsProcessed = 0
  totalErrorReplies = 0
  expiredKeys = 0
  expiredStalePerc = 0
  expiredTimeCapReachedCount = 0
  evictedKeys = 0
  keyspaceHits = 0
  keyspaceMisses = 0
  totalNetInputBytes = 0
  totalNetOutputBytes = 0
  unexpectedErrorReplies = 0
  dumpPayloadSanitizations = 0
  /** Socket reads and writes (INFO total_reads_processed / total_writes_processed). */
  totalReadsProcessed = 0
  totalWritesProcessed = 0
  /** SAVE and BGSAVE runs (INFO rdb_saves). */
  rdbSaves = 0
  /** Successful AOF rewrites (INFO aof_rewrites). */
  aofRewrites = 0
  /** Full syncs served, and partial resyncs accepted or refused (INFO sync_full, sync_partial_ok/err). */
  syncFull = 0
  syncPartialOk = 0
  syncPartialErr = 0
  /** Reply buffers the cron shrank, and growths of reply buffers to fit replies (net/reply-buffer.ts). */
  replyBufferShrinks = 0
  replyBufferExpands = 0

  /** CONFIG RESETSTAT */
  reset(): void {
    const fresh = new ServerStats()
    Object.assign(this, fresh)
  }
}
