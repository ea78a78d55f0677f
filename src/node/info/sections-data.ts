// INFO sections about data and activity: persistence, stats, replication, modules, commandstats,
// errorstats, latencystats, cluster and keyspace. Persistence and replication report the honest
// "nothing configured yet" values until those subsystems replace their builders (index.ts).
import type { Server } from '../server.js'
import { fixed, section } from './format.js'
import { migrateCachedSockets } from '../outbound/migrate-sockets.js'

export function persistenceSection(server: Server): string {
  const rdb = server.rdb
  const job = rdb.current
  const processed = job?.keysWritten ?? 0
  const total = job?.keysTotal ?? 0
  return section('Persistence', [
    ['loading', server.loading.active ? 1 : 0], ['async_loading', 0], ['current_cow_peak', 0], ['current_cow_size', 0],
    ['current_cow_size_age', 0], ['current_fork_perc', fixed(total > 0 ? (processed / total) * 100 : 0)],
    ['current_save_keys_processed', processed], ['current_save_keys_total', total],
    ['rdb_changes_since_last_save', server.dirty], ['rdb_bgsave_in_progress', job === null ? 0 : 1],
    ['rdb_last_save_time', Math.floor(rdb.lastSave / 1000)], ['rdb_last_bgsave_status', rdb.lastBgsaveStatus],
    ['rdb_last_bgsave_time_sec', rdb.lastBgsaveSeconds], ['rdb_current_bgsave_time_sec', rdb.currentSeconds],
    ['rdb_saves', server.stats.rdbSaves], ['rdb_last_cow_size', 0],
    ['rdb_last_load_keys_expired', rdb.lastLoad.expired], ['rdb_last_load_keys_loaded', rdb.lastLoad.loaded],
    ...aofFields(server),
    ['module_fork_in_progress', 0], ['module_fork_last_cow_size', 0],
    ...aofFileFields(server),
    ...(server.loading.active ? server.loading.infoFields(server.clock.now()) : []),
  ])
}

function aofFields(server: Server): Array<[string, string | number]> {
  const aof = server.aof
  // Redis turns the AOF off while it replays it, so INFO says 0 until the load is over
  return [
    ['aof_enabled', aof.state === 'off' || server.loading.active ? 0 : 1], ['aof_rewrite_in_progress', aof.rewriteInProgress ? 1 : 0],
    ['aof_rewrite_scheduled', aof.scheduled ? 1 : 0], ['aof_last_rewrite_time_sec', aof.lastRewriteSeconds],
    ['aof_current_rewrite_time_sec', aof.currentRewriteSeconds], ['aof_last_bgrewrite_status', aof.lastRewriteStatus],
    ['aof_rewrites', server.stats.aofRewrites], ['aof_rewrites_consecutive_failures', aof.consecutiveFailures],
    ['aof_last_write_status', aof.writeError === null ? 'ok' : 'err'], ['aof_last_cow_size', 0],
  ]
}

/** The figures of the files, after the module_fork_* fields, when appendonly is yes. */
function aofFileFields(server: Server): Array<[string, string | number]> {
  const aof = server.aof
  if (!server.config.getBool('appendonly')) return []
  return [
    ['aof_current_size', aof.currentSize], ['aof_base_size', aof.baseSize],
    ['aof_pending_rewrite', aof.scheduled ? 1 : 0], ['aof_buffer_length', aof.bufferLength],
    ['aof_pending_bio_fsync', aof.fsyncPending ? 1 : 0], ['aof_delayed_fsync', 0],
  ]
}

/** keyspace_hits/misses: the per-db lookup counters plus any counted server-wide. */
function hitsAndMisses(server: Server): [number, number] {
  let hits = server.stats.keyspaceHits
  let misses = server.stats.keyspaceMisses
  for (const db of server.dbs) { hits += db.hits; misses += db.misses }
  return [hits, misses]
}

export function statsSection(server: Server): string {
  const st = server.stats
  const sampler = server.infoSampler
  const [hits, misses] = hitsAndMisses(server)
  return section('Stats', [
    ['total_connections_received', st.totalConnectionsReceived], ['total_commands_processed', st.totalCommandsProcessed],
    ['instantaneous_ops_per_sec', Math.round(sampler.ops.average)],
    ['total_net_input_bytes', st.totalNetInputBytes], ['total_net_output_bytes', st.totalNetOutputBytes],
    ['total_net_repl_input_bytes', 0], ['total_net_repl_output_bytes', 0],
    ['instantaneous_input_kbps', fixed(sampler.netInput.average / 1024)],
    ['instantaneous_output_kbps', fixed(sampler.netOutput.average / 1024)],
    ['instantaneous_input_repl_kbps', '0.00'], ['instantaneous_output_repl_kbps', '0.00'],
    ['rejected_connections', st.rejectedConnections], ['sync_full', st.syncFull], ['sync_partial_ok', st.syncPartialOk], ['sync_partial_err', st.syncPartialErr],
    ['expired_keys', st.expiredKeys], ['expired_stale_perc', fixed(st.expiredStalePerc)],
    ['expired_time_cap_reached_count', st.expiredTimeCapReachedCount], ['expire_cycle_cpu_milliseconds', 0],
    ['evicted_keys', st.evictedKeys], ['evicted_clients', 0], ['total_eviction_exceeded_time', 0],
    ['current_eviction_exceeded_time', 0], ['keyspace_hits', hits], ['keyspace_misses', misses],
    ['pubsub_channels', server.pubsub.channels.size], ['pubsub_patterns', server.pubsub.patterns.size],
    ['pubsubshard_channels', server.pubsub.shardChannels.size], ['latest_fork_usec', 0], ['total_forks', 0],
    ['migrate_cached_sockets', migrateCachedSockets(server)], ['slave_expires_tracked_keys', server.replicaKeysWithExpire.size], ['active_defrag_hits', 0],
    ['active_defrag_misses', 0], ['active_defrag_key_hits', 0], ['active_defrag_key_misses', 0],
    ['total_active_defrag_time', 0], ['current_active_defrag_time', 0], ['tracking_total_keys', 0],
    ['tracking_total_items', 0], ['tracking_total_prefixes', 0],
    ['unexpected_error_replies', st.unexpectedErrorReplies], ['total_error_replies', st.totalErrorReplies],
    ['dump_payload_sanitizations', st.dumpPayloadSanitizations],
    ['total_reads_processed', st.totalReadsProcessed], ['total_writes_processed', st.totalWritesProcessed],
    ['io_threaded_reads_processed', 0], ['io_threaded_writes_processed', 0],
    ['reply_buffer_shrinks', st.replyBufferShrinks], ['reply_buffer_expands', st.replyBufferExpands],
  ])
}

export function replicationSection(server: Server): string {
  const master = server.replication
  const stream = master.stream
  const backlog = stream.backlog
  const now = server.clock.now()
  const fields: Array<[string, string | number]> = master.link === null ? [['role', 'master']] : replicaFields(server, now)
  fields.push(['connected_slaves', master.replicas.length])
  const good = master.goodReplicas()
  if (good !== null) fields.push(['min_slaves_good_slaves', good])
  master.replicas.forEach((r, i) => {
    const lag = r.state === 'online' ? Math.floor((now - r.ackTime) / 1000) : 0
    fields.push([`slave${i}`, `ip=${r.ip},port=${r.announce.listeningPort},state=${r.state},offset=${r.ackOffset},lag=${lag}`])
  })
  fields.push(
    ['master_failover_state', 'no-failover'], ['master_replid', stream.replid], ['master_replid2', stream.replid2],
    ['master_repl_offset', stream.offset], ['second_repl_offset', stream.secondOffset],
    ['repl_backlog_active', backlog === null ? 0 : 1],
    ['repl_backlog_size', backlog?.size ?? server.config.getInt('repl-backlog-size')],
    ['repl_backlog_first_byte_offset', backlog?.firstByteOffset ?? 0], ['repl_backlog_histlen', backlog?.histlen ?? 0],
  )
  return section('Replication', fields)
}

/** The replica block of INFO replication, in Redis 7.0's order (spec/replication.md §11). */
function replicaFields(server: Server, now: number): Array<[string, string | number]> {
  const link = server.replication.link as NonNullable<typeof server.replication.link>
  const secs = (ms: number): number => Math.floor((now - ms) / 1000)
  const offset = link.reploff >= 0 ? link.reploff : 1
  const fields: Array<[string, string | number]> = [
    ['role', 'slave'], ['master_host', link.host], ['master_port', link.port],
    ['master_link_status', link.up ? 'up' : 'down'], ['master_last_io_seconds_ago', link.up ? secs(link.lastIo) : -1],
    ['master_sync_in_progress', link.state === 'sync' ? 1 : 0], ['slave_read_repl_offset', offset], ['slave_repl_offset', offset],
  ]
  if (link.state === 'sync') {
    const left = Math.max(0, link.syncTotal - link.syncRead)
    fields.push(['master_sync_total_bytes', link.syncTotal], ['master_sync_read_bytes', link.syncRead], ['master_sync_left_bytes', left],
      ['master_sync_perc', fixed(link.syncTotal > 0 ? (link.syncRead * 100) / link.syncTotal : 0)], ['master_sync_last_io_seconds_ago', secs(link.lastIo)])
  }
  if (!link.up) fields.push(['master_link_down_since_seconds', link.downSince < 0 ? -1 : secs(link.downSince)])
  const config = server.config
  fields.push(['slave_priority', config.getInt('replica-priority')], ['slave_read_only', config.getBool('replica-read-only') ? 1 : 0],
    ['replica_announced', config.getBool('replica-announced') ? 1 : 0])
  return fields
}

export function commandstatsSection(server: Server): string {
  const fields: Array<[string, string]> = []
  for (const e of server.commands.all()) {
    const s = e.stats
    if (s.calls === 0 && s.failed === 0 && s.rejected === 0) continue
    const perCall = s.calls === 0 ? 0 : s.usec / s.calls
    fields.push([`cmdstat_${e.fullName}`, `calls=${s.calls},usec=${s.usec},usec_per_call=${fixed(perCall)},rejected_calls=${s.rejected},failed_calls=${s.failed}`])
  }
  return section('Commandstats', fields)
}

/** Error codes in byte order, as Redis's radix tree yields them. */
export function errorstatsSection(server: Server): string {
  const codes = [...server.errorStats.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0))
  return section('Errorstats', codes.map((c) => [`errorstat_${c}`, `count=${server.errorStats.get(c)}`]))
}

export function keyspaceSection(server: Server): string {
  const fields: Array<[string, string]> = []
  for (const db of server.dbs) {
    if (db.size === 0) continue
    fields.push([`db${db.id}`, `keys=${db.size},expires=${db.expires.size},avg_ttl=${Math.round(db.avgTtl)}`])
  }
  return section('Keyspace', fields)
}

export const modulesSection = (): string => section('Modules', [])
/** Per-command latency histograms are not kept (they would cost on every call): the section is empty. */
export const latencystatsSection = (): string => section('Latencystats', [])
export const clusterSection = (server: Server): string => section('Cluster', [['cluster_enabled', server.mode === 'cluster' ? 1 : 0]])
