// Directive rows for RDB snapshots and the AOF (persistence/rdb-*.ts and aof-*.ts read them).
import type { Directive } from './types.js'
import { INT_MAX, LONG_MAX, bool, enm, int, mem, str } from './directive-kinds.js'
import { parseSave, rewriteSave } from './special.js'

export const DEFAULT_SAVE = '3600 1 300 100 60 10000'
const INT_MIN = -2147483648
const isBaseName = (v: string): boolean => !v.includes('/') && !v.includes('\\')

const aofName = (what: 'appendfilename' | 'appenddirname', kind: string) => (v: string): string | null => {
  if (v === '') return `${what} can't be empty`
  return isBaseName(v) ? null : `${what} can't be a path, just a ${kind}`
}

export const persistenceDirectives: Directive[] = [
  { name: 'save', type: 'special', default: DEFAULT_SAVE, multiArg: true, parse: parseSave, rewrite: rewriteSave },
  str('dbfilename', 'dump.rdb', { protected: true, validate: (v) => (isBaseName(v) ? null : "dbfilename can't be a path, just a filename") }),
  bool('rdbcompression', 'yes'),
  bool('rdbchecksum', 'yes', { immutable: true }),
  bool('rdb-del-sync-files', 'no'),
  bool('rdb-save-incremental-fsync', 'yes'),
  bool('stop-writes-on-bgsave-error', 'yes'),
  int('rdb-key-save-delay', INT_MIN, INT_MAX, 0, { hidden: true }),
  int('key-load-delay', INT_MIN, INT_MAX, 0, { hidden: true }),
  int('loading-process-events-interval-bytes', 1024, INT_MAX, 2097152, { hidden: true }),
  bool('appendonly', 'no'),
  str('appendfilename', 'appendonly.aof', { immutable: true, validate: aofName('appendfilename', 'filename') }),
  str('appenddirname', 'appendonlydir', { immutable: true, validate: aofName('appenddirname', 'dirname') }),
  enm('appendfsync', ['everysec', 'always', 'no'], 'everysec'),
  bool('no-appendfsync-on-rewrite', 'no'),
  int('auto-aof-rewrite-percentage', 0, INT_MAX, 100),
  mem('auto-aof-rewrite-min-size', 0, LONG_MAX, 67108864),
  bool('aof-rewrite-incremental-fsync', 'yes'),
  bool('aof-load-truncated', 'yes'),
  bool('aof-use-rdb-preamble', 'yes'),
  bool('aof-timestamp-enabled', 'no'),
  bool('aof-disable-auto-gc', 'no'),
]
