// Dumps and append-only directories written straight to disk, for tests of loading at start-up: many
// keys without a server to make them. Keys are key:<i> holding value:<i>.
import { mkdirSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { writeRdbFile, type RdbEntry } from '../../src/node/persistence/rdb-file.js'
import { encodeCommand } from '../../src/node/resp/encoder.js'

export const keyName = (i: number): string => `key:${i}`
export const valueOf = (i: number): string => `value:${i}`

/** The entries of a dataset of `count` string keys in db 0; the first `expiring` expire at `expireAt`. */
function entries(count: number, expiring = 0, expireAt: number | null = null): RdbEntry[] {
  return Array.from({ length: count }, (_, i) => ({
    db: 0, key: keyName(i), value: { type: 'string' as const, value: valueOf(i) }, expireAt: i < expiring ? expireAt : null, idle: null, freq: null,
  }))
}

/**
 * Writes dir/dump.rdb holding `count` keys, with the AUX fields Redis 7.0 writes; returns its size.
 * `expiring` keys at the front of the file get a TTL ending at `expireAt` (unix ms).
 */
export function writeDump(dir: string, count: number, expiring = 0, expireAt: number | null = null): number {
  const aux: Array<[string, string]> = [['redis-ver', '7.0.15'], ['redis-bits', '64'], ['ctime', String(Math.floor(Date.now() / 1000))], ['used-mem', '1048576'], ['aof-base', '0']]
  const file = writeRdbFile(aux, entries(count, expiring, expireAt))
  writeFileSync(join(dir, 'dump.rdb'), file)
  return file.length
}

/**
 * Writes dir/appendonlydir with a command-form base holding keys 0..baseKeys-1 and an incremental file
 * setting keys baseKeys..baseKeys+incrKeys-1 (the first of them inside MULTI/EXEC); returns the total size.
 */
export function writeAofDir(dir: string, baseKeys: number, incrKeys: number): number {
  const aof = join(dir, 'appendonlydir')
  mkdirSync(aof, { recursive: true })
  const sets = (from: number, to: number): string[] => Array.from({ length: to - from }, (_, k) => encodeCommand(['SET', keyName(from + k), valueOf(from + k)]))
  const base = [encodeCommand(['SELECT', '0']), ...sets(0, baseKeys)].join('')
  const incr = [
    encodeCommand(['SELECT', '0']), encodeCommand(['MULTI']), ...sets(baseKeys, baseKeys + 1), encodeCommand(['EXEC']),
    ...sets(baseKeys + 1, baseKeys + incrKeys),
  ].join('')
  writeFileSync(join(aof, 'appendonly.aof.1.base.aof'), base, 'latin1')
  writeFileSync(join(aof, 'appendonly.aof.1.incr.aof'), incr, 'latin1')
  writeFileSync(join(aof, 'appendonly.aof.manifest'), 'file appendonly.aof.1.base.aof seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n')
  return statSync(join(aof, 'appendonly.aof.1.base.aof')).size + statSync(join(aof, 'appendonly.aof.1.incr.aof')).size
}
