// Drives one command sequence through real redis-server and rcl-node side by side over raw RESP
// sockets, compares every reply (compare-rules.ts) and then both keyspaces, and reports the first
// difference the allowlist does not cover. Spawning and stopping both servers lives here too.
import { startNode, type TestNode } from '../../helpers/node-process.js'
import { allowed, type Observed } from './allowlist.js'
import { compareReplies, compareValues, ruleFor } from './comparator.js'
import { CONFIG_DEFAULTS, type Sequence } from './generator.js'
import { commandGrammars, fullNameOf, isWriteCommand, keysOf } from './grammar.js'
import { compareKeyspaces, type KeyspaceDiff } from './keyspace.js'
import { RespConn, type ReadResult } from './resp-conn.js'
import { isError, show, type RespValue } from './resp-value.js'

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

const SERVER_ARGS = ['--save', '', '--appendonly', 'no', '--enable-debug-command', 'yes', '--databases', '16']
const REPLY_TIMEOUT_MS = 10_000
const BLOCKED_AFTER_MS = 1000
const LCS_MAX_CELLS = 4_000_000
const RANDOM_COUNT_COMMANDS = new Set(['srandmember', 'zrandmember', 'hrandfield'])
const BLOCKING = new Set([...commandGrammars().filter((g) => g.blocking).map((g) => g.fullName), 'wait'])

interface Side {
  name: 'redis' | 'rcl'
  node: TestNode | null
  control: RespConn | null
  conn: RespConn | null
  clientId: string
}

interface Mismatch {
  name: string
  argv: readonly string[]
  verdict: string
  a: ReadResult
  b: ReadResult
}

const result = (r: ReadResult): string => (typeof r === 'string' ? `(${r})` : show(r))
const rawOf = (r: ReadResult): string => (typeof r === 'string' ? `(${r})` : r.raw)

export class FuzzRunner {
  private readonly sides: [Side, Side] = [
    { name: 'redis', node: null, control: null, conn: null, clientId: '' },
    { name: 'rcl', node: null, control: null, conn: null, clientId: '' },
  ]
  /** Set when a server stopped answering or closed on us: both are restarted before the next run. */
  private needsRestart = false
  private inMulti = false
  private queued: string[][] = []
  private db = 0

  /** Starts both servers with the same configuration. */
  async start(): Promise<void> {
    const [a, b] = await Promise.all([startNode(SERVER_ARGS, 'redis-server'), startNode(SERVER_ARGS)])
    this.sides[0].node = a
    this.sides[1].node = b
    for (const s of this.sides) s.control = await RespConn.open((s.node as TestNode).port)
  }

  async stop(): Promise<void> {
    for (const s of this.sides) {
      s.conn?.close()
      s.control?.close()
      s.conn = s.control = null
      await s.node?.stop(2000)
      s.node = null
    }
  }

  /** Kills and restarts both servers (after a hang or crash leaves one unusable). */
  async restart(): Promise<void> {
    await this.stop()
    await this.start()
  }

  get ports(): { redis: number; rcl: number } {
    return { redis: this.sides[0].node?.port ?? 0, rcl: this.sides[1].node?.port ?? 0 }
  }

  /** Runs one sequence from empty servers with default settings. */
  async run(seq: Sequence, opts: RunOptions = {}): Promise<RunResult> {
    const res: RunResult = { executed: 0, difference: null, allowed: {} }
    await this.reset()
    for (let i = 0; i < seq.steps.length && !res.difference; i++) {
      const argv = seq.steps[i]
      if (!(await this.preconditionHolds(argv))) continue
      res.executed++
      res.difference = await this.step(argv, i, res)
      if (!res.difference && opts.checkEvery && (i + 1) % opts.checkEvery === 0) res.difference = await this.keyspaceCheck(i + 1, res)
    }
    if (!res.difference) res.difference = await this.keyspaceCheck(seq.steps.length, res)
    const d = res.difference
    if (d && [d.redis, d.rcl].some((x) => x === '(timeout)' || x === '(closed)')) this.needsRestart = true
    return res
  }

  private async reset(): Promise<void> {
    const dead = this.sides.some((s) => s.node === null || s.node.process.exitCode !== null || s.node.process.signalCode !== null)
    if (this.needsRestart || dead) {
      this.needsRestart = false
      await this.restart()
    }
    const config = Object.entries(CONFIG_DEFAULTS).flat()
    for (const s of this.sides) {
      const c = s.control as RespConn
      for (const cmd of [['FLUSHALL'], ['CONFIG', 'SET', ...config]]) {
        const r = await c.call(cmd)
        if (typeof r === 'string' || isError(r)) throw new Error(`${s.name}: ${cmd.join(' ')} failed: ${result(r)}`)
      }
    }
    await this.reconnect()
  }

  private async reconnect(): Promise<void> {
    this.inMulti = false
    this.queued = []
    this.db = 0
    for (const s of this.sides) {
      s.conn?.close()
      s.conn = await RespConn.open((s.node as TestNode).port)
      const id = await s.conn.call(['CLIENT', 'ID'])
      s.clientId = typeof id === 'string' ? '' : id.text ?? ''
    }
  }

  /**
   * Commands real Redis cannot survive are skipped: a huge negative count to SRANDMEMBER, ZRANDMEMBER or
   * HRANDFIELD makes it build the reply until memory runs out (or, for HRANDFIELD -LONG_MAX/2 WITHVALUES,
   * crash); LCS is quadratic in memory, so it is skipped on strings whose product is large.
   */
  private async preconditionHolds(argv: string[]): Promise<boolean> {
    const name = fullNameOf(argv)
    if (RANDOM_COUNT_COMMANDS.has(name) && /^-\d{6,19}$/.test(argv[2] ?? '') && argv[2] !== '-9223372036854775808') return false
    if (name !== 'lcs' || argv.length < 3) return true
    const c = this.sides[0].control as RespConn
    await c.call(['SELECT', String(this.db)])
    const lens = [await c.call(['STRLEN', argv[1]]), await c.call(['STRLEN', argv[2]])]
    await c.call(['SELECT', '0'])
    const n = lens.map((l) => (typeof l === 'string' || isError(l) ? 0 : Number(l.text)))
    return (n[0] + 1) * (n[1] + 1) <= LCS_MAX_CELLS
  }

  private async step(argv: string[], index: number, res: RunResult): Promise<Difference | null> {
    const name = fullNameOf(argv)
    const frames = expectedFrames(argv, this.inMulti)
    for (const s of this.sides) (s.conn as RespConn).send(argv)
    const [ra, rb] = await Promise.all(this.sides.map((s) => this.readReplies(s, name, frames)))
    const diverged: Array<readonly string[]> = []
    for (let f = 0; f < frames; f++) {
      const m = await this.mismatch(name, argv, ra[f], rb[f])
      if (!m) continue
      if (!this.allow({ kind: 'reply', name: m.name, argv: m.argv, redis: rawOf(m.a), rcl: rawOf(m.b) }, res)) {
        return { kind: 'reply', step: index, argv, detail: m.verdict, redis: result(m.a), rcl: result(m.b), signature: `reply:${m.name}` }
      }
      if (isWriteCommand(m.argv)) diverged.push(m.argv)
    }
    await this.after(argv, name, ra[frames - 1], rb[frames - 1])
    // an allowed difference in a write may leave the keys different: carry on from Redis's values
    if (!this.inMulti) for (const a of diverged) for (const k of keysOf(a)) await this.resync(k)
    return null
  }

  /** The first mismatch in a reply: the reply itself, or one element of an EXEC array (named for its command). */
  private async mismatch(name: string, argv: string[], a: ReadResult, b: ReadResult): Promise<Mismatch | null> {
    if (typeof a === 'string' || typeof b === 'string') {
      const verdict = compareReplies(name, argv, a, b)
      return verdict ? { name, argv, verdict, a, b } : null
    }
    if (name === 'exec') return this.execMismatch(a, b)
    const verdict = compareValues(ruleFor(name), argv, a, b)
    if (verdict || ruleFor(name)?.mode !== 'dump' || a.raw === b.raw || a.isNull || b.isNull) return verdict ? { name, argv, verdict, a, b } : null
    return (await this.sameRestoredValue(a.text ?? '', b.text ?? '')) ? null : { name, argv, verdict: 'DUMP payloads restore to different values in real Redis', a, b }
  }

  /** EXEC's array holds the queued commands' replies: each is compared under its own command's rule. */
  private execMismatch(a: RespValue, b: RespValue): Mismatch | null {
    const n = this.queued.length
    if (!a.items || !b.items || a.items.length !== n || b.items.length !== n) {
      const verdict = compareValues(undefined, ['EXEC'], a, b)
      return verdict ? { name: 'exec', argv: ['EXEC'], verdict, a, b } : null
    }
    for (let i = 0; i < n; i++) {
      const q = this.queued[i]
      const verdict = compareValues(ruleFor(fullNameOf(q)), q, a.items[i], b.items[i])
      if (verdict) return { name: fullNameOf(q), argv: q, verdict: `in EXEC, reply ${i + 1} (${q.map((w) => JSON.stringify(w)).join(' ').slice(0, 200)}): ${verdict}`, a: a.items[i], b: b.items[i] }
    }
    return null
  }

  /** Restores both DUMP payloads into scratch keys of real Redis and compares their digests. */
  private async sameRestoredValue(pa: string, pb: string): Promise<boolean> {
    const c = this.sides[0].control as RespConn
    const digests: string[] = []
    for (const [key, p] of [['__fuzz_dump_a', pa], ['__fuzz_dump_b', pb]]) {
      const r = await c.call(['RESTORE', key, '0', p, 'REPLACE'])
      const d = await c.call(['DEBUG', 'DIGEST-VALUE', key])
      await c.call(['DEL', key])
      digests.push(typeof r === 'string' || isError(r) ? `restore failed: ${result(r)}` : result(d))
    }
    return digests[0] === digests[1]
  }

  private allow(o: Observed, res: RunResult): boolean {
    const e = allowed(o)
    if (e) res.allowed[e.id] = (res.allowed[e.id] ?? 0) + 1
    return e !== undefined
  }

  /** Reads `frames` replies; a blocking command still blocked after a second is unblocked by the control connection. */
  private async readReplies(s: Side, name: string, frames: number): Promise<ReadResult[]> {
    const conn = s.conn as RespConn
    const out: ReadResult[] = []
    const blocking = BLOCKING.has(name) && !this.inMulti
    let first = await conn.read(blocking ? BLOCKED_AFTER_MS : REPLY_TIMEOUT_MS)
    if (first === 'timeout' && blocking) {
      await (s.control as RespConn).call(['CLIENT', 'UNBLOCK', s.clientId])
      first = await conn.read(REPLY_TIMEOUT_MS)
    }
    out.push(first)
    for (let f = 1; f < frames; f++) out.push(typeof out[f - 1] === 'string' ? out[f - 1] : await conn.read(2000))
    return out
  }

  /** Follows what the command did to the connection: MULTI, SELECT, QUIT, RESET; re-syncs random pops. */
  private async after(argv: string[], name: string, a: ReadResult, b: ReadResult): Promise<void> {
    if (typeof a === 'string' || typeof b === 'string') {
      if (a === 'closed' || b === 'closed' || name === 'quit') await this.reconnect()
      return
    }
    if (name === 'quit') { await this.reconnect(); return }
    if (this.inMulti && !['exec', 'discard', 'multi', 'watch', 'reset', 'quit'].includes(name)) {
      if (a.text === 'QUEUED') this.queued.push(argv)
      return
    }
    switch (name) {
      case 'multi': if (a.text === 'OK') { this.inMulti = true; this.queued = [] } return
      case 'exec': return this.afterExec(a, b)
      case 'discard': this.inMulti = false; this.queued = []; return
      case 'reset': this.inMulti = false; this.queued = []; this.db = 0; return
      case 'select': if (a.text === 'OK') this.db = Number(argv[1]); return
    }
    if (ruleFor(name)?.mode === 'shape' && (ruleFor(name) as { mutates?: boolean }).mutates && a.raw !== b.raw) await this.resync(argv[1])
  }

  private async afterExec(a: RespValue, b: RespValue): Promise<void> {
    const queued = this.queued
    this.inMulti = false
    this.queued = []
    if (!a.items || !b.items) return
    for (let i = 0; i < queued.length && i < a.items.length; i++) {
      const q = queued[i]
      const n = fullNameOf(q)
      if (n === 'select' && a.items[i].text === 'OK') this.db = Number(q[1])
      if (n === 'reset') this.db = 0
      const rule = ruleFor(n)
      if (rule?.mode === 'shape' && rule.mutates && a.items[i].raw !== b.items[i]?.raw) await this.resync(q[1])
    }
  }

  /** After a random pop or an allowed difference: copies the key from Redis to both servers (DUMP + RESTORE ... ABSTTL on the sequence connection). */
  private async resync(key: string | undefined): Promise<void> {
    if (key === undefined) return
    const [redis, rcl] = this.sides.map((s) => s.conn as RespConn)
    const dump = await redis.call(['DUMP', key])
    const at = await redis.call(['PEXPIRETIME', key])
    if (typeof dump === 'string' || typeof at === 'string') return
    const cmd = dump.isNull ? ['DEL', key] : ['RESTORE', key, at.text === '-1' ? '0' : at.text ?? '0', dump.text ?? '', 'REPLACE', 'ABSTTL']
    await Promise.all([redis.call(cmd), rcl.call(cmd)])
  }

  private async keyspaceCheck(step: number, res: RunResult): Promise<Difference | null> {
    const d: KeyspaceDiff | null = await compareKeyspaces(this.sides[0].control as RespConn, this.sides[1].control as RespConn)
    if (!d) return null
    const where = `db ${d.db}${d.key === null ? '' : `, key ${JSON.stringify(d.key)}`}`
    if (this.allow({ kind: 'keyspace', name: d.field, argv: [], redis: d.redis, rcl: d.rcl }, res)) return null
    return { kind: 'keyspace', step, argv: null, detail: `${d.field} differs (${where})`, redis: d.redis, rcl: d.rcl, signature: `keyspace:${d.field}` }
  }
}

/** (P|S)UNSUBSCRIBE answer with one frame per channel (or one when given none), outside MULTI. */
function expectedFrames(argv: string[], inMulti: boolean): number {
  const n = (argv[0] ?? '').toLowerCase()
  if (!inMulti && (n === 'unsubscribe' || n === 'punsubscribe' || n === 'sunsubscribe')) return Math.max(1, argv.length - 1)
  return 1
}
