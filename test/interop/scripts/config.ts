// CONFIG GET / SET / HELP / RESETSTAT / REWRITE against real Redis: values, canonical forms and error texts.
import type { Script, Step } from '../script.js'
import { lines } from '../script.js'

/** A pair of servers of their own: these scripts change settings other scripts would see. */
const own = { 'slowlog-max-len': '128' }

const get = (...names: string[]): string[] => ['CONFIG', 'GET', ...names]
const set = (...pairs: string[]): string[] => ['CONFIG', 'SET', ...pairs]
const unordered = (argv: string[]): Step => ({ argv, unordered: true })

export const scripts: Script[] = [
  {
    name: 'CONFIG GET names, aliases, case and patterns',
    config: own,
    steps: [
      get('timeout'), get('TIMEOUT'), get('slaveof'), get('slave-read-only'), get('nosuch'),
      get('hash-max-ziplist-entries'), get('lua-time-limit'), get('rdb-key-save-delay'),
      unordered(get('timeout', 'maxclients', 'timeout')), unordered(get('tcp-keepalive', 'TCP-KEEPALIVE', 'hz')),
      unordered(get('slave-re*')), unordered(get('*max-*-entries')), unordered(get('MAXMEMORY*')),
      unordered(get('hash-max-zip*', 'hash-max-*')), get('rdb-key-*'),
      ['CONFIG', 'GET'], ['CONFIG'], ['CONFIG', 'FOO'],
    ],
  },
  {
    name: 'CONFIG SET values and canonical forms',
    config: own,
    steps: [
      set('timeout', '5'), get('timeout'), set('Timeout', '0'), get('timeout'),
      set('maxmemory-policy', 'ALLKEYS-LRU'), get('maxmemory-policy'), set('maxmemory-policy', 'noeviction'),
      set('notify-keyspace-events', 'KEA'), get('notify-keyspace-events'),
      set('notify-keyspace-events', 'Ex$'), get('notify-keyspace-events'),
      set('notify-keyspace-events', 'tdmn'), get('notify-keyspace-events'),
      set('notify-keyspace-events', ''), get('notify-keyspace-events'),
      set('proto-max-bulk-len', '5mb'), get('proto-max-bulk-len'), set('proto-max-bulk-len', '512mb'),
      set('client-query-buffer-limit', '1gb'), get('client-query-buffer-limit'),
      set('hz', '0'), get('hz'), set('hz', '1000'), get('hz'), set('hz', '10'),
      set('client-output-buffer-limit', 'normal 1mb 2kb 3 replica 1 2 3'), get('client-output-buffer-limit'),
      set('client-output-buffer-limit', 'normal 0 0 0 slave 256mb 64mb 60'), get('client-output-buffer-limit'),
      set('oom-score-adj-values', '01 +2 3'), get('oom-score-adj-values'), set('oom-score-adj-values', '0 200 800'),
      set('latency-tracking-info-percentiles', '1e1 3.14159265 .5'), get('latency-tracking-info-percentiles'),
      set('latency-tracking-info-percentiles', ''), get('latency-tracking-info-percentiles'),
      set('latency-tracking-info-percentiles', '50 99 99.9'),
      set('shutdown-on-sigint', 'now nosave'), get('shutdown-on-sigint'), set('shutdown-on-sigint', 'default'),
      set('lua-time-limit', '100'), get('busy-reply-threshold'), set('busy-reply-threshold', '5000'),
      set('slave-read-only', 'no'), get('replica-read-only'), set('replica-read-only', 'yes'),
      set('save', ''), get('save'),
      set('timeout', '7', 'tcp-keepalive', '60'), get('timeout'), get('tcp-keepalive'),
      set('timeout', '0', 'tcp-keepalive', '300'),
      set('maxmemory', '0'), set('maxmemory-clients', '0'), set('appendonly', 'no'),
    ],
  },
  {
    name: 'CONFIG SET errors',
    config: own,
    steps: [
      ...lines('CONFIG SET timeout', 'CONFIG SET a b c', 'CONFIG SET maxmemory 1 timeout'),
      set('nosuch', '1'), set('timeout', 'abc'), set('timeout', '01'), set('timeout', '-1'), set('timeout', '2147483648'),
      set('maxclients', '0'), set('maxmemory', '-1'), set('maxmemory', '1.5gb'), set('maxmemory-clients', '101%'),
      set('maxmemory-clients', '-5'), set('proto-max-bulk-len', '1048575'),
      set('slave-read-only', 'maybe'), set('SLAVE-READ-ONLY', 'maybe'), set('loglevel', 'LOUD'),
      set('daemonize', 'no'), set('replicaof', 'no one'), set('slaveof', 'no one'), set('unixsocketperm', '700'),
      set('dir', '/tmp'), set('dbfilename', 'x'), set('timeout', '5', 'daemonize', 'no'),
      set('timeout', '5', 'nosuch', '1', 'daemonize', 'no'), set('timeout', '5', 'port', 'abc'),
      set('timeout', '7', 'protected-mode', 'maybe'), get('timeout'),
      set('maxmemory', '1', 'maxmemory', '2'), set('maxmemory', '1', 'MAXMEMORY', '2'), set('save', '10 1', 'save', '20 2'),
      set('save', '100'), set('save', '100 abc'), set('save', '0 1'), set('save', '100  1'),
      set('notify-keyspace-events', 'Q'), set('client-output-buffer-limit', 'master 1 2 3'),
      set('client-output-buffer-limit', 'normal 1 2'), set('client-output-buffer-limit', 'normal 1 2 -1'),
      set('oom-score-adj-values', '1 2'), set('oom-score-adj-values', '1 2 3000'),
      set('latency-tracking-info-percentiles', '101'), set('latency-tracking-info-percentiles', 'abc'),
      set('shutdown-on-sigint', 'save nosave'), set('shutdown-on-sigint', ''),
      set('proc-title-template', '{unknown}'), set('cluster-announce-hostname', 'a_b'), set('activedefrag', 'yes'),
    ],
  },
  {
    name: 'CONFIG HELP, RESETSTAT and REWRITE without a file',
    config: own,
    steps: [...lines('CONFIG HELP', 'CONFIG HELP x', 'CONFIG RESETSTAT', 'CONFIG RESETSTAT x', 'CONFIG REWRITE', 'CONFIG REWRITE x')],
  },
  {
    name: 'CONFIG GET in RESP3 is a map',
    config: own,
    steps: [{ argv: ['HELLO', '3'], shapeOnly: true }, get('timeout'), get('nosuch'), unordered(get('maxmemory-*'))],
  },
]
