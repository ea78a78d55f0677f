// Directive rows for the process and its housekeeping: logging, pidfile, dir, cron frequency,
// shutdown, notifications, latency and slow log. What rcl-node cannot do here (daemonize, syslog,
// supervised, CPU affinity, oom-score-adj) is refused unless disabled.
import type { Directive } from './types.js'
import { INT_MAX, LONG_MAX, bool, enm, int, onlyDefault, str } from './directive-kinds.js'
import {
  notifyDisplay, parseDir, parseNotify, parseOomScoreAdjValues, parsePercentiles, rewriteDir, rewriteNotify,
  rewriteOomScoreAdjValues, rewritePercentiles,
} from './special.js'
import { validateProcTitle } from './proc-title.js'

const SHUTDOWN_FLAGS = ['default', 'save', 'nosave', 'now', 'force']
const noSaveAndNosave = (v: string): string | null =>
  v.split(' ').includes('save') && v.split(' ').includes('nosave') ? "shutdown options SAVE and NOSAVE can't be used simultaneously" : null
const shutdownOn = (name: string): Directive =>
  ({ name, type: 'flags', default: 'default', values: SHUTDOWN_FLAGS, multiArg: true, validate: noSaveAndNosave })

const cpulist = (name: string): Directive =>
  str(name, '', { immutable: true, emptyIsNull: true, unsupported: onlyDefault(`CPU affinity (${name})`, ['']) })

const clampHz = (v: string): string => String(Math.min(500, Math.max(1, Number(v))))

export const processDirectives: Directive[] = [
  bool('daemonize', 'no', { immutable: true, unsupported: (v) => v === 'no' ? null : 'daemonize is not supported by rcl-node: it always runs in the foreground' }),
  enm('supervised', ['upstart', 'systemd', 'auto', 'no'], 'no', { immutable: true, unsupported: onlyDefault('supervised mode', ['no']) }),
  str('pidfile', '', { immutable: true, emptyIsNull: true }),
  str('logfile', '', { immutable: true }),
  enm('loglevel', ['debug', 'verbose', 'notice', 'warning'], 'notice'),
  bool('syslog-enabled', 'no', { immutable: true, unsupported: onlyDefault('syslog logging', ['no']) }),
  str('syslog-ident', 'redis', { immutable: true }),
  enm('syslog-facility', ['user', 'local0', 'local1', 'local2', 'local3', 'local4', 'local5', 'local6', 'local7'], 'local0', { immutable: true }),
  int('databases', 1, INT_MAX, 16, { immutable: true }),
  bool('always-show-logo', 'no', { immutable: true }),
  bool('set-proc-title', 'yes', { immutable: true }),
  str('proc-title-template', '{title} {listen-addr} {server-mode}', { validate: validateProcTitle }),
  { name: 'dir', type: 'special', default: '', protected: true, parse: parseDir, rewrite: rewriteDir },
  int('hz', 0, INT_MAX, 10, { normalize: clampHz }),
  bool('dynamic-hz', 'yes'),
  bool('crash-log-enabled', 'yes'),
  bool('crash-memcheck-enabled', 'yes'),
  bool('use-exit-on-panic', 'no', { hidden: true }),
  bool('disable-thp', 'yes', { immutable: true }),
  enm('oom-score-adj', ['no', 'yes', 'relative', 'absolute'], 'no', { unsupported: onlyDefault('oom-score-adj', ['no']) }),
  {
    name: 'oom-score-adj-values', type: 'special', default: '0 200 800', multiArg: true,
    parse: parseOomScoreAdjValues, rewrite: rewriteOomScoreAdjValues,
  },
  cpulist('server_cpulist'),
  cpulist('bio_cpulist'),
  cpulist('aof_rewrite_cpulist'),
  cpulist('bgsave_cpulist'),
  bool('jemalloc-bg-thread', 'yes'),
  str('ignore-warnings', ''),
  int('shutdown-timeout', 0, INT_MAX, 10),
  shutdownOn('shutdown-on-sigint'),
  shutdownOn('shutdown-on-sigterm'),
  { name: 'notify-keyspace-events', type: 'special', default: '', parse: parseNotify, rewrite: rewriteNotify, display: notifyDisplay },
  bool('latency-tracking', 'yes'),
  {
    name: 'latency-tracking-info-percentiles', type: 'special', default: '50 99 99.9', multiArg: true,
    parse: parsePercentiles, rewrite: rewritePercentiles,
  },
  int('latency-monitor-threshold', 0, LONG_MAX, 0),
  int('slowlog-log-slower-than', -1, LONG_MAX, 10000),
  int('slowlog-max-len', 0, LONG_MAX, 128, { unsigned: true }),
  int('busy-reply-threshold', 0, LONG_MAX, 5000, { aliases: ['lua-time-limit'] }),
  bool('activerehashing', 'yes'),
  int('active-expire-effort', 1, 10, 1),
  int('tracking-table-max-keys', 0, LONG_MAX, 1000000, { unsigned: true }),
  enm('propagation-error-behavior', ['ignore', 'panic', 'panic-on-replicas'], 'ignore'),
  int('watchdog-period', 0, INT_MAX, 0, { hidden: true, unsupported: onlyDefault('the software watchdog (watchdog-period)', ['0']) }),
  enm('sanitize-dump-payload', ['no', 'yes', 'clients'], 'no'),
]
