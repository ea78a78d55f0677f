// What the runner needs to read an EXEC reply: each element judged as its own command, the db each queued
// command ran in, and which random pops left the servers apart.
import { compareValues, ruleFor } from './comparator.js'
import { fullNameOf } from './grammar.js'
import type { ReadResult } from './resp-conn.js'
import type { RespValue } from './resp-value.js'

/** One reply (or EXEC element) that differs, named for its command. */
export interface Mismatch {
  name: string
  argv: readonly string[]
  verdict: string
  a: ReadResult
  b: ReadResult
}

/** EXEC's array holds the queued commands' replies: each is compared under its own command's rule. */
export function execMismatches(queued: string[][], a: RespValue, b: RespValue): Mismatch[] {
  const n = queued.length
  if (!a.items || !b.items || a.items.length !== n || b.items.length !== n) {
    const verdict = compareValues(undefined, ['EXEC'], a, b)
    return verdict ? [{ name: 'exec', argv: ['EXEC'], verdict, a, b }] : []
  }
  const out: Mismatch[] = []
  for (let i = 0; i < n; i++) {
    const q = queued[i]
    const verdict = compareValues(ruleFor(fullNameOf(q)), q, a.items[i], b.items[i])
    if (verdict) out.push({ name: fullNameOf(q), argv: q, verdict: `in EXEC, reply ${i + 1} (${q.map((w) => JSON.stringify(w)).join(' ').slice(0, 200)}): ${verdict}`, a: a.items[i], b: b.items[i] })
  }
  return out
}

/** Random pops (SPOP) whose replies differ: -1 for the command itself, or their indexes in EXEC's queue. */
export function randomPops(queued: string[][], name: string, a: RespValue, b: RespValue): number[] {
  const mutates = (n: string): boolean => { const r = ruleFor(n); return r?.mode === 'shape' && r.mutates === true }
  if (name !== 'exec') return mutates(name) && a.raw !== b.raw ? [-1] : []
  if (!a.items || !b.items) return []
  return queued.flatMap((q, i) => (mutates(fullNameOf(q)) && a.items?.[i]?.raw !== b.items?.[i]?.raw ? [i] : []))
}

/** The db each queued command ran in: the client's db at EXEC, moved by the SELECTs Redis ran. */
export function queuedDbs(startDb: number, queued: string[][], execReply: ReadResult): number[] {
  let db = startDb
  return queued.map((q, i) => {
    const here = db
    if (fullNameOf(q) === 'select' && typeof execReply !== 'string' && execReply.items?.[i]?.text === 'OK') db = Number(q[1])
    return here
  })
}
