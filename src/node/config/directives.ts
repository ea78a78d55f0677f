// The directive table: every parameter Redis 7.0 knows, with its type, default and range, and what
// rcl-node refuses because the feature is not built. One row per directive; nobody keeps a second list.
import type { Directive } from './types.js'

const INT_MAX = 2147483647
const LLONG_MAX = Number.MAX_SAFE_INTEGER

/** Refuses everything but the disabled/default value, naming the missing feature. */
export const onlyDefault = (feature: string, ok: string[]) => (v: string): string | null =>
  ok.includes(v) ? null : `${feature} is not supported by rcl-node`

export const DIRECTIVES: Directive[] = [
  { name: 'port', type: 'int', default: '6379', min: 0, max: 65535, immutable: true },
  { name: 'bind', type: 'special', default: '* -::*', immutable: true, parse: (a) => a.join(' ') },
  { name: 'unixsocket', type: 'string', default: '', immutable: true },
  { name: 'unixsocketperm', type: 'int', default: '0', min: 0, max: 0o777, immutable: true },
  { name: 'protected-mode', type: 'bool', default: 'yes' },
  { name: 'requirepass', type: 'string', default: '' },
  { name: 'timeout', type: 'int', default: '0', min: 0, max: INT_MAX },
  { name: 'tcp-keepalive', type: 'int', default: '300', min: 0, max: INT_MAX },
  { name: 'databases', type: 'int', default: '16', min: 1, max: INT_MAX, immutable: true },
  { name: 'maxclients', type: 'int', default: '10000', min: 1, max: LLONG_MAX },
  { name: 'loglevel', type: 'enum', default: 'notice', values: ['debug', 'verbose', 'notice', 'warning'] },
  { name: 'logfile', type: 'string', default: '', immutable: true },
  { name: 'pidfile', type: 'string', default: '', immutable: true },
  { name: 'dir', type: 'string', default: '' },
  { name: 'notify-keyspace-events', type: 'string', default: '' },
  { name: 'proto-max-bulk-len', type: 'memory', default: '536870912', min: 1024 * 1024, max: LLONG_MAX },
  { name: 'client-query-buffer-limit', type: 'memory', default: '1073741824', min: 1024 * 1024, max: LLONG_MAX },
  { name: 'hz', type: 'int', default: '10', min: 0, max: INT_MAX },
  { name: 'slowlog-log-slower-than', type: 'int', default: '10000', min: -1, max: LLONG_MAX },
  { name: 'slowlog-max-len', type: 'int', default: '128', min: 0, max: LLONG_MAX },
  { name: 'save', type: 'special', default: '3600 1 300 100 60 10000', parse: (a) => a.join(' ') },
  { name: 'list-max-listpack-size', aliases: ['list-max-ziplist-size'], type: 'int', default: '-2', min: -5, max: INT_MAX },
  { name: 'list-compress-depth', type: 'int', default: '0', min: 0, max: INT_MAX },
  { name: 'hash-max-listpack-entries', aliases: ['hash-max-ziplist-entries'], type: 'int', default: '128', min: 0, max: LLONG_MAX },
  { name: 'hash-max-listpack-value', aliases: ['hash-max-ziplist-value'], type: 'int', default: '64', min: 0, max: LLONG_MAX },
  { name: 'set-max-intset-entries', type: 'int', default: '512', min: 0, max: LLONG_MAX },
  { name: 'zset-max-listpack-entries', aliases: ['zset-max-ziplist-entries'], type: 'int', default: '128', min: 0, max: LLONG_MAX },
  { name: 'zset-max-listpack-value', aliases: ['zset-max-ziplist-value'], type: 'int', default: '64', min: 0, max: LLONG_MAX },
  { name: 'appendonly', type: 'bool', default: 'no', unsupported: onlyDefault('appendonly', ['no']) },
]
