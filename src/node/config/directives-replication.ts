// Directive rows for replication (src/node/replication/) and cluster mode (src/node/cluster/).
import type { Directive } from './types.js'
import { INT_MAX, LONG_MAX, ULLONG_MAX, bool, enm, int, mem, str } from './directive-kinds.js'
import { parseReplicaOf, rewriteReplicaOf } from './special.js'

const validateHostname = (v: string): string | null => {
  if (v.length >= 256) return 'Hostnames must be less than 256 characters'
  return /^[A-Za-z0-9.-]*$/.test(v) ? null : 'Hostnames may only contain alphanumeric characters, hyphens or dots'
}

export const replicationDirectives: Directive[] = [
  {
    name: 'replicaof', aliases: ['slaveof'], type: 'special', default: '', immutable: true, multiArg: true,
    parse: parseReplicaOf, rewrite: rewriteReplicaOf,
  },
  str('masterauth', '', { emptyIsNull: true }),
  str('masteruser', '', { emptyIsNull: true }),
  bool('replica-lazy-flush', 'no', { aliases: ['slave-lazy-flush'] }),
  bool('replica-serve-stale-data', 'yes', { aliases: ['slave-serve-stale-data'] }),
  bool('replica-read-only', 'yes', { aliases: ['slave-read-only'] }),
  bool('replica-ignore-maxmemory', 'yes', { aliases: ['slave-ignore-maxmemory'] }),
  bool('replica-announced', 'yes'),
  bool('replica-ignore-disk-write-errors', 'no'),
  str('replica-announce-ip', '', { aliases: ['slave-announce-ip'], emptyIsNull: true }),
  int('replica-announce-port', 0, 65535, 0, { aliases: ['slave-announce-port'] }),
  int('replica-priority', 0, INT_MAX, 100, { aliases: ['slave-priority'] }),
  bool('repl-diskless-sync', 'yes'),
  int('repl-diskless-sync-delay', 0, INT_MAX, 5),
  int('repl-diskless-sync-max-replicas', 0, INT_MAX, 0),
  enm('repl-diskless-load', ['disabled', 'on-empty-db', 'swapdb'], 'disabled'),
  bool('repl-disable-tcp-nodelay', 'no'),
  int('repl-timeout', 1, INT_MAX, 60),
  int('repl-ping-replica-period', 1, INT_MAX, 10, { aliases: ['repl-ping-slave-period'] }),
  mem('repl-backlog-size', 1, LONG_MAX, 1048576),
  int('repl-backlog-ttl', 0, LONG_MAX, 3600),
  int('min-replicas-to-write', 0, INT_MAX, 0, { aliases: ['min-slaves-to-write'] }),
  int('min-replicas-max-lag', 0, INT_MAX, 10, { aliases: ['min-slaves-max-lag'] }),
]

export const clusterDirectives: Directive[] = [
  bool('cluster-enabled', 'no', { immutable: true }),
  str('cluster-config-file', 'nodes.conf', { immutable: true }),
  int('cluster-node-timeout', 0, LONG_MAX, 15000),
  int('cluster-port', 0, 65535, 0, { immutable: true }),
  int('cluster-announce-bus-port', 0, 65535, 0),
  int('cluster-announce-port', 0, 65535, 0),
  int('cluster-announce-tls-port', 0, 65535, 0),
  str('cluster-announce-ip', '', { emptyIsNull: true }),
  str('cluster-announce-hostname', '', { emptyIsNull: true, validate: validateHostname }),
  enm('cluster-preferred-endpoint-type', ['ip', 'hostname', 'unknown-endpoint'], 'ip'),
  int('cluster-replica-validity-factor', 0, INT_MAX, 10, { aliases: ['cluster-slave-validity-factor'] }),
  bool('cluster-replica-no-failover', 'no', { aliases: ['cluster-slave-no-failover'] }),
  int('cluster-migration-barrier', 0, INT_MAX, 1),
  bool('cluster-require-full-coverage', 'yes'),
  bool('cluster-allow-reads-when-down', 'no'),
  bool('cluster-allow-pubsubshard-when-down', 'yes'),
  bool('cluster-allow-replica-migration', 'yes'),
  mem('cluster-link-sendbuf-limit', 0, ULLONG_MAX, 0, { unsigned: true }),
]
