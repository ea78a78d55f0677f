// Drives one command sequence through real redis-server and rcl-node side by side over raw RESP
// sockets, compares every reply (compare-rules.ts) and then both keyspaces, and reports the first
// difference the allowlist does not cover. Steps starting with "@1" run on a second client, whose
// blocking commands stay parked (on both servers) until the client is next used.
import { allowed, type AllowEntry, type Observed } from './allowlist.js'
import { ClientPair } from './client-pair.js'
import { BLOCKING, expectedFrames, hugeRandomCount, lexRangeKey, shortRelativeTtl } from './command-traits.js'
import { compareReplies, compareValues, ruleFor } from './comparator.js'
import { execMismatches, queuedDbs, randomPops, type Mismatch } from './exec-replies.js'
import { SECOND_CLIENT, type Sequence } from './generator.js'
import { fullNameOf, isWriteCommand, keysOf } from './grammar.js'
import { DATABASES, compareKeyspaces } from './keyspace.js'
import type { RespConn, ReadResult } from './resp-conn.js'
import { isError, show } from './resp-value.js'
import { ServerPair, type Pair } from './server-pair.js'

export interface Difference {
  kind: 'reply' | 'keyspace'
  /** Index of the step whose reply differed, or the number of steps run before the keyspace check. */
  step: number
  argv: string[] | null
  detail: string
  redis: string
  rcl: string
  /** What the shrinker must keep reproducing: "reply:<command>" or "keyspace:<field>". */
  signature: string
}

export interface RunResult {
  /** Commands sent to both servers. */
  executed: number
  difference: Difference | null
  /** Allowlist entry ids met, with counts. */
  allowed: Record<string, number>
}

export interface RunOptions {
  /** Compare the keyspaces after every this many steps as well as at the end. */
  checkEvery?: number
}

const REPLY_TIMEOUT_MS = 10_000
const PARK_WAIT_MS = 5000
const LCS_MAX_CELLS = 4_000_000


const result = (r: ReadResult): string => (typeof r === 'string' ? `(${r})` : show(r))
const rawOf = (r: ReadResult): string => (typeof r === 'string' ? `(${r})` : r.raw)

export class FuzzRunner {
  private readonly servers = new ServerPair()
  private clients: ClientPair[] = []
  /** Set when a server stopped answering or closed on us: both are restarted before the next run. */
  private needsRestart = false

  async start(): Promise<void> { await this.servers.start() }

  async stop(): Promise<void> {
    this.closeClients()
    await this.servers.stop()
  }

  get ports(): { redis: number; rcl: number } {
    const [redis, rcl] = this.servers.ports
    return { redis, rcl }
  }

  /** Runs one sequence from empty servers with default settings. */
  async run(seq: Sequence, opts: RunOptions = {}): Promise<RunResult> {
    const res: RunResult = { executed: 0, difference: null, allowed: {} }
    await this.reset()
    for (let i = 0; i < seq.steps.length && !res.difference; i++) {
      const second = seq.steps[i][0] === SECOND_CLIENT
      const argv = second ? seq.steps[i].slice(1) : seq.steps[i]
      const c = await this.client(second ? 1 : 0)
      if (c.parked) res.difference = await this.unpark(c, i, res)
      if (res.difference || !(await this.preconditionHolds(c, argv))) continue
      res.executed++
      res.difference = await this.step(c, argv, i, res)
      if (!res.difference && opts.checkEvery && (i + 1) % opts.checkEvery === 0) res.difference = await this.keyspaceCheck(i + 1, res)
    }
    for (const c of this.clients) if (!res.difference && c?.parked) res.difference = await this.unpark(c, seq.steps.length, res)
    if (!res.difference) res.difference = await this.keyspaceCheck(seq.steps.length, res)
    const d = res.difference
    if (d && [d.redis, d.rcl].some((x) => x === '(timeout)' || x === '(closed)')) this.needsRestart = true
    return res
  }

  private async reset(): Promise<void> {
    this.closeClients()
    if (this.needsRestart || !this.servers.alive) {
      this.needsRestart = false
      await this.servers.restart()
    }
    await this.servers.reset()
  }

  private closeClients(): void {
    for (const c of this.clients) c?.close()
    this.clients = []
  }

  /** Client `i`, connected on first use (the array may have a hole when "@1" comes first). */
  private async client(i: number): Promise<ClientPair> {
    this.clients[i] ??= await ClientPair.open(this.servers.ports)
    return this.clients[i]
  }

  private async reconnect(c: ClientPair): Promise<void> {
    const i = this.clients.indexOf(c)
    c.close()
    this.clients[i] = await ClientPair.open(this.servers.ports)
  }

  /**
   * Commands real Redis cannot survive are skipped: a huge negative count to SRANDMEMBER, ZRANDMEMBER or
   * HRANDFIELD makes it build the reply until memory runs out (or, for HRANDFIELD -LONG_MAX/2 WITHVALUES,
   * crash); LCS is quadratic in memory, so it is skipped on strings whose product is large. A TTL of a
   * few seconds or less (a mutation can make one) would expire between two commands on one server only.
   */
  private async preconditionHolds(c: ClientPair, argv: string[]): Promise<boolean> {
    const name = fullNameOf(argv)
    if (shortRelativeTtl(name, argv)) return false
    if (hugeRandomCount(name, argv)) return false
    if (name !== 'lcs' || argv.length < 3) return true
    const lens = await this.inDb(c.db, async (ctl) => [await ctl.call(['STRLEN', argv[1]]), await ctl.call(['STRLEN', argv[2]])])
    const n = lens.map((l) => (typeof l === 'string' || isError(l) ? 0 : Number(l.text)))
    return (n[0] + 1) * (n[1] + 1) <= LCS_MAX_CELLS
  }

  /** Runs `f` on Redis's control connection with `db` selected. */
  private async inDb<T>(db: number, f: (ctl: RespConn) => Promise<T>): Promise<T> {
    const ctl = this.servers.control[0]
    await ctl.call(['SELECT', String(db)])
    try {
      return await f(ctl)
    } finally {
      await ctl.call(['SELECT', '0'])
    }
  }

  private async step(c: ClientPair, argv: string[], index: number, res: RunResult): Promise<Difference | null> {
    const name = fullNameOf(argv)
    const facts = await this.factsBefore(c, argv, name)
    c.send(argv)
    if (BLOCKING.has(name) && !c.inMulti) {
      const got = await Promise.all([0, 1].map((i) => this.replyOrParked(c, i)))
      // the second client keeps a command both servers parked, until it is next needed
      if (got[0] === 'parked' && got[1] === 'parked' && c === this.clients[1]) {
        c.parked = { argv, name, facts, step: index }
        return null
      }
      const replies = await Promise.all([0, 1].map((i) => (got[i] === 'parked' ? this.unblock(c, i) : got[i] as ReadResult)))
      return this.judge(c, argv, name, facts, [[replies[0]], [replies[1]]], index, res)
    }
    const frames = expectedFrames(argv, c.inMulti)
    const replies = await Promise.all(c.conns.map((conn) => readFrames(conn, frames)))
    return this.judge(c, argv, name, facts, replies as Pair<ReadResult[]>, index, res)
  }

  /** Waits until the command answered, or the server reports the client blocked. */
  private async replyOrParked(c: ClientPair, i: number): Promise<ReadResult | 'parked'> {
    const deadline = Date.now() + PARK_WAIT_MS
    for (;;) {
      const r = await c.conns[i].read(20)
      if (r !== 'timeout' || Date.now() > deadline) return r
      const list = await this.servers.control[i].call(['CLIENT', 'LIST', 'ID', c.ids[i]])
      const flags = typeof list === 'string' ? '' : /flags=(\S*)/.exec(list.text ?? '')?.[1] ?? ''
      if (flags.includes('b')) return 'parked'
    }
  }

  /** Unblocks a parked client on one server (as a timeout) and reads the reply it then gets. */
  private async unblock(c: ClientPair, i: number): Promise<ReadResult> {
    await this.servers.control[i].call(['CLIENT', 'UNBLOCK', c.ids[i]])
    return c.conns[i].read(REPLY_TIMEOUT_MS)
  }

  /** The second client is needed again: its parked command is unblocked where still parked, and judged. */
  private async unpark(c: ClientPair, index: number, res: RunResult): Promise<Difference | null> {
    const p = c.parked
    if (!p) return null
    c.parked = null
    const replies = await Promise.all([0, 1].map(async (i) => {
      const r = await c.conns[i].read(20)
      return r === 'timeout' ? this.unblock(c, i) : r
    }))
    const d = await this.judge(c, p.argv, p.name, p.facts, [[replies[0]], [replies[1]]], p.step, res)
    return d && { ...d, step: Math.max(d.step, index - 1) }
  }

  /** Compares the replies, applies the allowlist and its repairs, and follows the client's state. */
  private async judge(c: ClientPair, argv: string[], name: string, facts: string[], replies: Pair<ReadResult[]>, index: number, res: RunResult): Promise<Difference | null> {
    const [ra, rb] = replies
    const queued = c.queued
    const db = c.db
    const dbs = name === 'exec' ? queuedDbs(db, queued, ra[ra.length - 1]) : []
    // keys to copy from Redis, each with the db it lives in
    const resyncs: Array<[number, readonly string[]]> = []
    const replays: string[][] = []
    let tainted: string | null = null
    let everything = false
    for (let f = 0; f < ra.length; f++) {
      for (const m of await this.mismatches(queued, name, argv, ra[f], rb[f])) {
        // after an allowed difference in a write, the rest of the transaction ran on different data
        if (tainted) { res.allowed[`${tainted} (later in the same EXEC)`] = (res.allowed[`${tainted} (later in the same EXEC)`] ?? 0) + 1; continue }
        const seen = name === 'exec' ? [...facts, 'in-exec'] : [...facts]
        // a sorted set the transaction itself built is judged as EXEC left it
        if (name === 'exec' && lexRangeKey(m.argv) !== null && (await this.mixedSkiplist(c.db, [m.argv]))) seen.push('lex-on-mixed-skiplist')
        if (m.name === 'object|encoding') seen.push(...(await this.encodingFacts()))
        const entry = this.allow({ kind: 'reply', name: m.name, argv: m.argv, redis: rawOf(m.a), rcl: rawOf(m.b), facts: seen }, res)
        if (!entry) return { kind: 'reply', step: index, argv, detail: m.verdict, redis: result(m.a), rcl: result(m.b), signature: `reply:${m.name}` }
        if (!isWriteCommand(m.argv)) continue
        // inside EXEC a replay would run after the commands queued behind it: copy every written key instead
        if (name === 'exec') {
          queued.forEach((q, i) => { if (isWriteCommand(q)) resyncs.push([dbs[i], q]) })
          // a write without keys (FLUSHALL, SWAPDB, ...) may have changed anything
          everything = queued.some((q) => isWriteCommand(q) && keysOf(q).length === 0)
          tainted = entry.id
        } else if (entry.replayOnRcl) replays.push(entry.replayOnRcl(m.argv))
        else resyncs.push([db, m.argv])
      }
    }
    const [a, b] = [ra[ra.length - 1], rb[rb.length - 1]]
    if (typeof a === 'string' || typeof b === 'string' || name === 'quit') {
      if (a === 'closed' || b === 'closed' || name === 'quit') await this.reconnect(c)
      return null
    }
    c.track(argv, name, a)
    for (const i of randomPops(queued, name, a, b)) resyncs.push(i < 0 ? [db, argv] : [dbs[i], queued[i]])
    // RANDOMKEY and a partial SCAN remove the expired keys they happen to meet, each server its own: remove
    // them all on both (both are kept out of generated transactions, where later commands would see it)
    if (name === 'randomkey' || name === 'scan') await this.sweepExpired(db)
    // an allowed difference in a write may leave the keys different: carry on from Redis's state, by running
    // what Redis understood on rcl-node, or by copying the keys from Redis
    if (!c.inMulti) {
      for (const r of replays) await c.conns[1].call(r, REPLY_TIMEOUT_MS)
      if (everything) await this.resyncAll()
      else for (const [d, w] of resyncs) for (const k of keysOf(w)) await this.resync(d, k)
    }
    return null
  }

  /**
   * What Redis's own state says about a command about to run, for allowlist entries that depend on it:
   * "lex-on-mixed-skiplist" when a lex range will run on a skiplist-encoded sorted set whose scores differ.
   * (judge() adds "in-exec" for the replies inside an EXEC.)
   */
  private async factsBefore(c: ClientPair, argv: string[], name: string): Promise<string[]> {
    const cmds = name === 'exec' ? c.queued : c.inMulti ? [] : [argv]
    return (await this.mixedSkiplist(c.db, cmds)) ? ['lex-on-mixed-skiplist'] : []
  }

  /** Whether any of the lex-range commands reads a skiplist-encoded sorted set whose scores differ (in Redis). */
  private async mixedSkiplist(db: number, cmds: ReadonlyArray<readonly string[]>): Promise<boolean> {
    const keys = cmds.map(lexRangeKey).filter((k): k is string => k !== null)
    if (keys.length === 0) return false
    return this.inDb(db, async (ctl) => {
      let any = false
      for (const key of keys) {
        const enc = await ctl.call(['OBJECT', 'ENCODING', key])
        const lo = await ctl.call(['ZRANGE', key, '0', '0', 'WITHSCORES'])
        const hi = await ctl.call(['ZRANGE', key, '-1', '-1', 'WITHSCORES'])
        const score = (r: ReadResult): string | undefined => (typeof r === 'string' ? undefined : r.items?.[1]?.text)
        if (typeof enc !== 'string' && enc.text === 'skiplist' && score(lo) !== score(hi)) any = true
      }
      return any
    })
  }


  /** The mismatches in a reply: the reply itself, or each differing element of an EXEC array (named for its command). */
  private async mismatches(queued: string[][], name: string, argv: string[], a: ReadResult, b: ReadResult): Promise<Mismatch[]> {
    if (typeof a === 'string' || typeof b === 'string') {
      const verdict = compareReplies(name, argv, a, b)
      return verdict ? [{ name, argv, verdict, a, b }] : []
    }
    if (name === 'exec') return execMismatches(queued, a, b)
    const verdict = compareValues(ruleFor(name), argv, a, b)
    if (verdict || ruleFor(name)?.mode !== 'dump' || a.raw === b.raw || a.isNull || b.isNull) return verdict ? [{ name, argv, verdict, a, b }] : []
    return (await this.sameRestoredValue(a.text ?? '', b.text ?? '')) ? [] : [{ name, argv, verdict: 'DUMP payloads restore to different values in real Redis', a, b }]
  }

  /** Restores both DUMP payloads into scratch keys of real Redis and compares their digests. */
  private async sameRestoredValue(pa: string, pb: string): Promise<boolean> {
    const c = this.servers.control[0]
    const digests: string[] = []
    for (const [key, p] of [['__fuzz_dump_a', pa], ['__fuzz_dump_b', pb]]) {
      const r = await c.call(['RESTORE', key, '0', p, 'REPLACE'])
      const d = await c.call(['DEBUG', 'DIGEST-VALUE', key])
      await c.call(['DEL', key])
      digests.push(typeof r === 'string' || isError(r) ? `restore failed: ${result(r)}` : result(d))
    }
    return digests[0] === digests[1]
  }

  private allow(o: Observed, res: RunResult): AllowEntry | undefined {
    const e = allowed(o)
    if (e) res.allowed[e.id] = (res.allowed[e.id] ?? 0) + 1
    return e
  }

  /** Copies every key of every db from Redis to both servers (and deletes those only rcl-node has). */
  private async resyncAll(): Promise<void> {
    for (let db = 0; db < DATABASES; db++) {
      const keys = new Set<string>()
      for (const ctl of this.servers.control) {
        await ctl.call(['SELECT', String(db)])
        const r = await ctl.call(['KEYS', '*'])
        if (typeof r !== 'string') for (const k of r.items ?? []) keys.add(k.text ?? '')
        await ctl.call(['SELECT', '0'])
      }
      for (const k of keys) await this.resync(db, k)
    }
  }

  /** Walks db `db` with SCAN on both servers, which deletes every key whose TTL has passed. */
  private async sweepExpired(db: number): Promise<void> {
    for (const ctl of this.servers.control) {
      await ctl.call(['SELECT', String(db)])
      let cursor = '0'
      for (let i = 0; i < 10_000; i++) {
        const r = await ctl.call(['SCAN', cursor, 'COUNT', '1000'])
        cursor = typeof r === 'string' ? '0' : r.items?.[0]?.text ?? '0'
        if (cursor === '0') break
      }
      await ctl.call(['SELECT', '0'])
    }
  }

  /** Copies a key of db `db` from Redis to both servers (DUMP + RESTORE ... ABSTTL on the control connections). */
  private async resync(db: number, key: string): Promise<void> {
    const [redis, rcl] = this.servers.control
    for (const ctl of [redis, rcl]) await ctl.call(['SELECT', String(db)])
    try {
      const dump = await redis.call(['DUMP', key])
      const at = await redis.call(['PEXPIRETIME', key])
      if (typeof dump === 'string' || typeof at === 'string') return
      const cmd = dump.isNull ? ['DEL', key] : ['RESTORE', key, at.text === '-1' ? '0' : at.text ?? '0', dump.text ?? '', 'REPLACE', 'ABSTTL']
      for (const ctl of [redis, rcl]) await ctl.call(cmd)
    } finally {
      for (const ctl of [redis, rcl]) await ctl.call(['SELECT', '0'])
    }
  }


  private async keyspaceCheck(step: number, res: RunResult): Promise<Difference | null> {
    for (const d of await compareKeyspaces(...this.servers.control)) {
      if (this.allow({ kind: 'keyspace', name: d.field, argv: [], redis: d.redis, rcl: d.rcl, facts: [] }, res)) continue
      const where = `db ${d.db}${d.key === null ? '' : `, key ${JSON.stringify(d.key)}`}`
      return { kind: 'keyspace', step, argv: null, detail: `${d.field} differs (${where})`, redis: d.redis, rcl: d.rcl, signature: `keyspace:${d.field}` }
    }
    return null
  }

}

/** Reads `frames` replies (the later ones of a multi-frame answer with a shorter wait). */
async function readFrames(conn: RespConn, frames: number): Promise<ReadResult[]> {
  const out: ReadResult[] = [await conn.read(REPLY_TIMEOUT_MS)]
  for (let f = 1; f < frames; f++) out.push(typeof out[f - 1] === 'string' ? out[f - 1] : await conn.read(2000))
  return out
}
