// INFO sections about the process: server, clients, memory and cpu, with Redis 7.0's field names.
// Fields for machinery rcl-node does not have (Lua, jemalloc, io threads) report the idle value.
import { arch, machine, release, totalmem, type as osType } from 'node:os'
import type { Server } from '../server.js'
import { RCL_VERSION, REDIS_VERSION } from '../version.js'
import { bytesToHuman, fixed, section, secondsUsec } from './format.js'

/** A directive's value, or `fallback` when this build has no such directive yet. */
export function configOr(server: Server, name: string, fallback: string): string {
  return server.config.directive(name) ? server.config.get(name) : fallback
}

export function serverSection(server: Server): string {
  const now = server.clock.now()
  const uptime = Math.floor((now - server.startTime) / 1000)
  const hz = configOr(server, 'hz', '10')
  return section('Server', [
    ['redis_version', REDIS_VERSION],
    ['redis_git_sha1', '00000000'],
    ['redis_git_dirty', 0],
    ['redis_build_id', '0'],
    ['redis_mode', server.mode],
    ['os', `${osType()} ${release()} ${machine()}`],
    ['arch_bits', arch().endsWith('64') ? 64 : 32],
    ['monotonic_clock', 'POSIX clock_gettime'],
    ['multiplexing_api', process.platform === 'linux' ? 'epoll' : 'kqueue'],
    ['atomicvar_api', 'c11-builtin'],
    ['gcc_version', '0.0.0'],
    ['process_id', process.pid],
    ['process_supervised', 'no'],
    ['run_id', server.runId],
    ['tcp_port', server.port],
    ['server_time_usec', now * 1000],
    ['uptime_in_seconds', uptime],
    ['uptime_in_days', Math.floor(uptime / 86400)],
    ['hz', hz],
    ['configured_hz', hz],
    ['lru_clock', Math.floor(now / 1000) & 0xffffff],
    ['executable', process.argv[1] ?? ''],
    ['config_file', ''],
    ['io_threads_active', 0],
    ['rcl_version', RCL_VERSION],
  ])
}

export function clientsSection(server: Server): string {
  let maxIn = 0
  let maxOut = 0
  let connected = 0
  for (const conn of server.clients.values()) {
    if (!conn.client.isReplica) connected++
    maxIn = Math.max(maxIn, conn.queryBufferBytes())
    maxOut = Math.max(maxOut, conn.outputBufferBytes())
  }
  return section('Clients', [
    ['connected_clients', connected],
    ['cluster_connections', 0],
    ['maxclients', server.config.numbers.maxclients],
    ['client_recent_max_input_buffer', maxIn],
    ['client_recent_max_output_buffer', maxOut],
    ['blocked_clients', server.blocking.blockedCount + server.pause.parkedCount],
    ['tracking_clients', 0],
    ['clients_in_timeout_table', server.blocking.blockedCount],
  ])
}

/** Memory figures from process.memoryUsage(): used = V8 heap in use + off-heap (Buffers). */
export function memorySnapshot(server: Server): { used: number; rss: number; peak: number; startup: number; heapTotal: number; external: number; clients: number } {
  const used = server.infoSampler.usedMemory()
  const m = process.memoryUsage()
  let clients = 0
  for (const conn of server.clients.values()) clients += conn.queryBufferBytes() + conn.outputBufferBytes()
  return { used, rss: m.rss, peak: server.infoSampler.peakMemory, startup: server.infoSampler.startupMemory, heapTotal: m.heapTotal, external: m.external, clients }
}

export function memorySection(server: Server): string {
  const s = memorySnapshot(server)
  const overhead = s.startup + s.clients
  const dataset = Math.max(0, s.used - overhead)
  const maxmemory = Number(configOr(server, 'maxmemory', '0'))
  const allocActive = s.heapTotal + s.external
  const sysmem = totalmem()
  return section('Memory', [
    ['used_memory', s.used], ['used_memory_human', bytesToHuman(s.used)],
    ['used_memory_rss', s.rss], ['used_memory_rss_human', bytesToHuman(s.rss)],
    ['used_memory_peak', s.peak], ['used_memory_peak_human', bytesToHuman(s.peak)],
    ['used_memory_peak_perc', `${fixed((s.used / s.peak) * 100)}%`],
    ['used_memory_overhead', overhead], ['used_memory_startup', s.startup],
    ['used_memory_dataset', dataset],
    ['used_memory_dataset_perc', `${fixed(s.used > s.startup ? (dataset * 100) / (s.used - s.startup) : 0)}%`],
    ['allocator_allocated', s.used], ['allocator_active', allocActive], ['allocator_resident', s.rss],
    ['total_system_memory', sysmem], ['total_system_memory_human', bytesToHuman(sysmem)],
    ['used_memory_lua', 0], ['used_memory_vm_eval', 0], ['used_memory_lua_human', '0B'],
    ['used_memory_scripts_eval', 0], ['number_of_cached_scripts', 0], ['number_of_functions', 0],
    ['number_of_libraries', 0], ['used_memory_vm_functions', 0], ['used_memory_vm_total', 0],
    ['used_memory_vm_total_human', '0B'], ['used_memory_functions', 0], ['used_memory_scripts', 0],
    ['used_memory_scripts_human', '0B'],
    ['maxmemory', maxmemory], ['maxmemory_human', bytesToHuman(maxmemory)],
    ['maxmemory_policy', configOr(server, 'maxmemory-policy', 'noeviction')],
    ['allocator_frag_ratio', fixed(allocActive / s.used)], ['allocator_frag_bytes', allocActive - s.used],
    ['allocator_rss_ratio', fixed(s.rss / allocActive)], ['allocator_rss_bytes', s.rss - allocActive],
    ['rss_overhead_ratio', fixed(1)], ['rss_overhead_bytes', 0],
    ['mem_fragmentation_ratio', fixed(s.rss / s.used)], ['mem_fragmentation_bytes', s.rss - s.used],
    ['mem_not_counted_for_evict', 0], ['mem_replication_backlog', 0], ['mem_total_replication_buffers', 0],
    ['mem_clients_slaves', 0], ['mem_clients_normal', s.clients], ['mem_cluster_links', 0], ['mem_aof_buffer', 0],
    ['mem_allocator', `v8-${process.versions.v8}`],
    ['active_defrag_running', 0], ['lazyfree_pending_objects', 0], ['lazyfreed_objects', 0],
  ])
}

export function cpuSection(): string {
  const cpu = process.cpuUsage()
  return section('CPU', [
    ['used_cpu_sys', secondsUsec(cpu.system)],
    ['used_cpu_user', secondsUsec(cpu.user)],
    ['used_cpu_sys_children', '0.000000'],
    ['used_cpu_user_children', '0.000000'],
    ['used_cpu_sys_main_thread', secondsUsec(cpu.system)],
    ['used_cpu_user_main_thread', secondsUsec(cpu.user)],
  ])
}
