// DUMP / RESTORE (and RESTORE-ASKING, its cluster-migration twin): values as Redis 7.0 serialized
// payloads. The byte format lives in persistence/rdb-value*.ts; this file only handles keys and options.
import { BUSYKEY, NOT_INTEGER, SYNTAX, err } from '../resp/errors.js'
import { OK, type Reply } from '../resp/types.js'
import { createDumpPayload, parseDumpPayload, verifyDumpPayload } from '../persistence/rdb-value-keyspace.js'
import { setAccessHint } from '../keyspace/lru.js'
import type { Db } from '../keyspace/db.js'
import type { Server } from '../server.js'
import { INT64_MAX, parseIntStrict } from '../util/int.js'
import { replacedKey } from './keys-common.js'
import type { CommandContext, CommandSpec } from './core/types.js'

export const dumpCommands: CommandSpec[] = [
  { name: 'dump', arity: 2, flags: ['readonly'], keys: [1, 1, 1], handler: dumpCommand, group: 'generic', since: '2.6.0', summary: 'Returns a serialized representation of the value stored at a key', complexity: 'O(1) to access the key and additional O(N*M) to serialize it, where N is the number of Redis objects composing the value and M their average size.' },
  { name: 'restore', arity: -4, flags: ['write', 'denyoom'], keys: [1, 1, 1], handler: restoreCommand, group: 'generic', since: '2.6.0', summary: 'Creates a key from the serialized representation of a value', complexity: 'O(1) to create the new key and additional O(N*M) to reconstruct the serialized value.' },
  { name: 'restore-asking', arity: -4, flags: ['write', 'denyoom', 'asking'], keys: [1, 1, 1], handler: restoreCommand, group: 'server', since: '3.0.0', summary: 'An internal command for migrating keys in a cluster', complexity: 'O(1) to create the new key and additional O(N*M) to reconstruct the serialized value.' },
]

const BAD_PAYLOAD = err('DUMP payload version or checksum are wrong')
const BAD_FORMAT = err('Bad data format')
const BAD_TTL = err('Invalid TTL value, must be >= 0')
const BAD_IDLETIME = err('Invalid IDLETIME value, must be >= 0')
const BAD_FREQ = err('Invalid FREQ value, must be >= 0 and <= 255')

/** DEBUG SET-SKIP-CHECKSUM-VALIDATION: servers whose RESTORE skips the CRC check. */
export const skipChecksumValidation = new WeakSet<Server>()

/** DUMP key */
function dumpCommand(ctx: CommandContext, argv: string[]): Reply {
  const v = ctx.db.lookupRead(argv[1])
  if (v === undefined) return null
  return createDumpPayload(v, ctx.db.limits, rdbCompression(ctx.server)).latin1Slice()
}

/** rdbcompression: LZF for long strings in DUMP payloads (and RDB files), on unless configured off. */
export function rdbCompression(server: Server): boolean {
  return server.config.directive('rdbcompression') ? server.config.getBool('rdbcompression') : true
}

interface RestoreOptions {
  replace: boolean
  absTtl: boolean
  /** -1 when not given. */
  idleSeconds: number
  freq: number
}

/** RESTORE key ttl serialized-value [REPLACE] [ABSTTL] [IDLETIME seconds] [FREQ frequency] */
function restoreCommand(ctx: CommandContext, argv: string[]): Reply {
  const [, key, ttlArg, payloadArg] = argv
  const opts = parseRestoreOptions(argv)
  const db = ctx.db
  if (!opts.replace && db.has(key)) return BUSYKEY
  const ttlParsed = parseIntStrict(ttlArg)
  if (ttlParsed === null) return NOT_INTEGER
  if (ttlParsed < 0) return BAD_TTL
  const payload = Buffer.from(payloadArg, 'latin1')
  if (!verifyDumpPayload(payload, skipChecksumValidation.has(ctx.server))) return BAD_PAYLOAD
  let value
  try {
    value = parseDumpPayload(payload, ctx.db.limits)
  } catch {
    return BAD_FORMAT
  }
  const deleted = opts.replace && db.delete(key)
  if (deleted) replacedKey(ctx.server, db, key)
  const now = ctx.server.clock.now()
  // Redis adds the relative TTL to the clock in a signed 64-bit sum: past LLONG_MAX it wraps negative,
  // so the key counts as already expired
  const wraps = ttlParsed !== 0 && !opts.absTtl && BigInt(ttlArg) > INT64_MAX - BigInt(now)
  const ttl = wraps ? -1 : ttlParsed !== 0 && !opts.absTtl ? ttlParsed + now : ttlParsed
  if (ttl !== 0 && ttl <= now && !ctx.server.expiresDeferred) {
    // already expired: the key is simply gone (and replicas are told so if we removed one)
    if (deleted) {
      ctx.propagateAs = [['DEL', key]]
      ctx.modified(key, 'g', 'del')
    }
    return OK
  }
  db.set(key, value)
  if (ttl !== 0) {
    db.setExpire(key, ttl)
    if (!opts.absTtl) ctx.propagateAs = [[argv[0], key, String(ttl), ...argv.slice(3), 'ABSTTL']]
  }
  applyIdleOrFreq(db, key, opts)
  ctx.modified(key, 'g', 'restore')
  return OK
}

/** The options after the payload, validated in order like Redis (each error ends the command). */
function parseRestoreOptions(argv: string[]): RestoreOptions {
  const opts: RestoreOptions = { replace: false, absTtl: false, idleSeconds: -1, freq: -1 }
  for (let j = 4; j < argv.length; j++) {
    const opt = argv[j].toLowerCase()
    const hasArg = j + 1 < argv.length
    if (opt === 'replace') opts.replace = true
    else if (opt === 'absttl') opts.absTtl = true
    else if (opt === 'idletime' && hasArg && opts.freq === -1) {
      const n = parseIntStrict(argv[++j])
      if (n === null) throw NOT_INTEGER
      if (n < 0) throw BAD_IDLETIME
      opts.idleSeconds = n
    } else if (opt === 'freq' && hasArg && opts.idleSeconds === -1) {
      const n = parseIntStrict(argv[++j])
      if (n === null) throw NOT_INTEGER
      if (n < 0 || n > 255) throw BAD_FREQ
      opts.freq = n
    } else throw SYNTAX
  }
  return opts
}

/** RESTORE's IDLETIME/FREQ options as the key's recorded access. */
function applyIdleOrFreq(db: Db, key: string, opts: RestoreOptions): void {
  setAccessHint(db, key, opts.idleSeconds >= 0 ? opts.idleSeconds : null, opts.freq >= 0 ? opts.freq : null)
}
