// Directive rows for memory: maxmemory and eviction (refused until eviction is built), LFU,
// lazy freeing, active defragmentation and the encoding thresholds the value classes read.
import type { Directive } from './types.js'
import { INT_MAX, LONG_MAX, ULLONG_MAX, bool, enm, int, mem, notYet } from './directive-kinds.js'

const NO_DEFRAG = 'Active defragmentation cannot be enabled: it requires a Redis server compiled with a modified Jemalloc like the one shipped by default with the Redis source distribution'
const INT_MIN = -2147483648

export const memoryDirectives: Directive[] = [
  mem('maxmemory', 0, ULLONG_MAX, 0, { unsigned: true, unsupported: notYet('maxmemory (eviction)', ['0']) }),
  enm('maxmemory-policy', ['volatile-lru', 'volatile-lfu', 'volatile-random', 'volatile-ttl', 'allkeys-lru', 'allkeys-lfu', 'allkeys-random', 'noeviction'], 'noeviction'),
  int('maxmemory-samples', 1, INT_MAX, 5),
  int('maxmemory-eviction-tenacity', 0, 100, 10),
  mem('maxmemory-clients', -100, LONG_MAX, 0, { percent: true, unsupported: notYet('client eviction (maxmemory-clients)', ['0']) }),
  int('lfu-log-factor', 0, INT_MAX, 10),
  int('lfu-decay-time', 0, INT_MAX, 1),
  bool('lazyfree-lazy-eviction', 'no'),
  bool('lazyfree-lazy-expire', 'no'),
  bool('lazyfree-lazy-server-del', 'no'),
  bool('lazyfree-lazy-user-del', 'no'),
  bool('lazyfree-lazy-user-flush', 'no'),
  bool('activedefrag', 'no', { validate: (v) => (v === 'yes' ? NO_DEFRAG : null) }),
  int('active-defrag-cycle-min', 1, 99, 1),
  int('active-defrag-cycle-max', 1, 99, 25),
  int('active-defrag-threshold-lower', 0, 1000, 10),
  int('active-defrag-threshold-upper', 0, 1000, 100),
  mem('active-defrag-ignore-bytes', 1, LONG_MAX, 104857600, { unsigned: true }),
  int('active-defrag-max-scan-fields', 1, LONG_MAX, 1000, { unsigned: true }),
  int('hash-max-listpack-entries', 0, LONG_MAX, 512, { aliases: ['hash-max-ziplist-entries'], unsigned: true }),
  mem('hash-max-listpack-value', 0, LONG_MAX, 64, { aliases: ['hash-max-ziplist-value'], unsigned: true }),
  int('list-max-listpack-size', INT_MIN, INT_MAX, -2, { aliases: ['list-max-ziplist-size'] }),
  int('list-compress-depth', 0, INT_MAX, 0),
  int('set-max-intset-entries', 0, LONG_MAX, 512, { unsigned: true }),
  int('zset-max-listpack-entries', 0, LONG_MAX, 128, { aliases: ['zset-max-ziplist-entries'], unsigned: true }),
  mem('zset-max-listpack-value', 0, LONG_MAX, 64, { aliases: ['zset-max-ziplist-value'], unsigned: true }),
  mem('stream-node-max-bytes', 0, LONG_MAX, 4096, { unsigned: true }),
  int('stream-node-max-entries', 0, LONG_MAX, 100),
  mem('hll-sparse-max-bytes', 0, LONG_MAX, 3000, { unsigned: true }),
]
