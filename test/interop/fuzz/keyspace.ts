// The keyspace comparison after a sequence: every database, every key, its TYPE, its TTL (within a
// second), its value (DEBUG DIGEST-VALUE, order-independent where Redis's order is) and OBJECT ENCODING.
import { closeIntegers } from './comparator.js'
import type { RespConn, ReadResult } from './resp-conn.js'

export const DATABASES = 16
const TTL_TOLERANCE_MS = 1000

export interface KeyspaceDiff {
  db: number
  key: string | null
  /** "keys", "type", "ttl", "digest" or "encoding". */
  field: string
  redis: string
  rcl: string
}

const text = (r: ReadResult): string => (typeof r === 'string' ? `(${r})` : r.text ?? r.raw)

/** Sends a batch of commands at once and reads all replies (the control connections are idle otherwise). */
async function batch(conn: RespConn, cmds: string[][]): Promise<ReadResult[]> {
  for (const c of cmds) conn.send(c)
  const out: ReadResult[] = []
  for (let i = 0; i < cmds.length; i++) out.push(await conn.read(10_000))
  return out
}

/** The sorted key names of every database, in one round trip. */
async function allKeys(conn: RespConn): Promise<string[][]> {
  const cmds = Array.from({ length: DATABASES }, (_, db) => [['SELECT', String(db)], ['KEYS', '*']]).flat()
  const replies = await batch(conn, cmds)
  return Array.from({ length: DATABASES }, (_, db) => {
    const keys = replies[db * 2 + 1]
    if (typeof keys === 'string' || !keys.items) throw new Error(`KEYS failed in db ${db}: ${text(keys)}`)
    return keys.items.map((k) => k.text ?? '').sort()
  })
}

const PER_KEY = ['TYPE', 'PTTL', 'DEBUG DIGEST-VALUE', 'OBJECT ENCODING'] as const
const FIELD = ['type', 'ttl', 'digest', 'encoding'] as const

function perKey(key: string): string[][] {
  return [['TYPE', key], ['PTTL', key], ['DEBUG', 'DIGEST-VALUE', key], ['OBJECT', 'ENCODING', key]]
}


/** Every difference between the two keyspaces (empty when equal). Leaves both control connections in db 0. */
export async function compareKeyspaces(redis: RespConn, rcl: RespConn): Promise<KeyspaceDiff[]> {
  const out: KeyspaceDiff[] = []
  try {
    const [all, allB] = await Promise.all([allKeys(redis), allKeys(rcl)])
    for (let db = 0; db < DATABASES; db++) {
      const [ka, kb] = [all[db], allB[db]]
      if (ka.join('\0') !== kb.join('\0')) { out.push({ db, key: null, field: 'keys', redis: JSON.stringify(ka), rcl: JSON.stringify(kb) }); continue }
      if (ka.length === 0) continue
      const cmds = [['SELECT', String(db)], ...ka.flatMap(perKey)]
      const [ra, rb] = await Promise.all([batch(redis, cmds), batch(rcl, cmds)])
      for (let i = 0; i < ka.length; i++) {
        for (let f = 0; f < PER_KEY.length; f++) {
          const a = text(ra[1 + i * PER_KEY.length + f])
          const b = text(rb[1 + i * PER_KEY.length + f])
          const same = FIELD[f] === 'ttl' ? closeIntegers(a, b, TTL_TOLERANCE_MS) : a === b
          if (!same) out.push({ db, key: ka[i], field: FIELD[f], redis: a, rcl: b })
        }
      }
    }
    return out
  } finally {
    await Promise.all([redis, rcl].map((c) => c.call(['SELECT', '0'])))
  }
}
