// COMMAND GETKEYS, GETKEYSANDFLAGS and COMMAND INFO's key facts compared byte for byte with redis-server
// 7.0, for every command in rcl-node's table: cluster routing finds keys by the same rows, so a key found
// here differently from Redis would be a MOVED/CROSSSLOT decision made differently. Needs redis-server on PATH.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { CommandRegistry, keyPositions, type CommandEntry } from '../../src/node/commands/core/command-table.js'
import { FAMILIES } from '../../src/node/commands/registry.js'
import { startNode, stopAll } from '../helpers/node-process.js'
import { fullNameOf } from './fuzz/grammar.js'
import { RespConn } from './fuzz/resp-conn.js'
import { show, type RespValue } from './fuzz/resp-value.js'
import { docVectors, MOVABLE_VECTORS } from './getkeys-vectors.js'

/** Random valid vectors per command, on top of its bare words and the hand-written ones. */
const VECTORS_PER_COMMAND = 12
const REGISTRY = new CommandRegistry(FAMILIES)
const ENTRIES = [...REGISTRY.all()]
const NAMES = ENTRIES.map((e) => e.fullName)

/** Connections to [redis, rcl], in RESP2 and in RESP3 (sets and maps are typed only there). */
interface Side { resp2: RespConn; resp3: RespConn }

async function open(port: number): Promise<Side> {
  const resp2 = await RespConn.open(port)
  const resp3 = await RespConn.open(port)
  const hello = await resp3.call(['HELLO', '3'])
  if (typeof hello === 'string') throw new Error(`HELLO 3 on ${port}: ${hello}`)
  return { resp2, resp3 }
}

/** Sends every request pipelined and reads the replies in order (bounded per reply). */
async function callAll(conn: RespConn, requests: readonly string[][]): Promise<RespValue[]> {
  for (const r of requests) conn.send(r)
  const out: RespValue[] = []
  for (let i = 0; i < requests.length; i++) {
    const v = await conn.read(10_000)
    if (typeof v === 'string') throw new Error(`reply ${i} (${requests[i].join(' ')}): ${v}`)
    out.push(v)
  }
  return out
}

interface Difference { command: string; request: string; redis: string; rcl: string }
/** The requests' replies from both servers, and where their bytes differ (`pick` narrows a reply first). */
async function compare(sides: [Side, Side], proto: 'resp2' | 'resp3', requests: string[][], pick = (v: RespValue): string => v.raw): Promise<Difference[]> {
  const [a, b] = await Promise.all(sides.map((s) => callAll(s[proto], requests)))
  const diffs: Difference[] = []
  for (let i = 0; i < requests.length; i++) {
    const [x, y] = [pick(a[i]), pick(b[i])]
    if (x !== y) diffs.push({ command: fullNameOf(requests[i].slice(2)), request: `${proto} ${JSON.stringify(requests[i])}`, redis: show(x), rcl: show(y) })
  }
  return diffs
}

/** The differences grouped by command, two examples each, so one wrong row reads as one line. */
function report(diffs: Difference[]): string {
  const by = new Map<string, Difference[]>()
  for (const d of diffs) by.set(d.command, [...(by.get(d.command) ?? []), d])
  const lines = [`${diffs.length} differences in ${by.size} commands: ${[...by.keys()].join(' ')}`]
  for (const [name, list] of by) {
    lines.push(`${name} (${list.length}):`)
    for (const d of list.slice(0, 2)) lines.push(`  ${d.request}\n    redis: ${d.redis}\n    rcl:   ${d.rcl}`)
  }
  return lines.join('\n')
}

/** The table entry an argv names (the subcommand's for containers). */
function entryOf(argv: readonly string[]): CommandEntry | undefined {
  const e = REGISTRY.lookup(argv[0])
  return e?.subcommands ? e.subcommands.get((argv[1] ?? '').toLowerCase()) : e
}

/** A vector's command exists in rcl-node (commands it lacks, like EVAL, are skipped, not compared). */
function servedByRcl(argv: readonly string[]): boolean {
  return argv[0] === 'NOSUCHCOMMAND' || REGISTRY.lookup(argv[0]) !== undefined
}

/** COMMAND INFO's key facts: first/last/step, the movablekeys flag and the key specs. */
function keyFacts(v: RespValue): string {
  const items = v.items?.[0]?.items
  if (!items) return v.raw
  const movable = items[2].items?.some((f) => f.text === 'movablekeys') ?? false
  return [items[3].raw, items[4].raw, items[5].raw, String(movable), items[8].raw].join(' ')
}

describe('COMMAND GETKEYS / GETKEYSANDFLAGS / INFO key specs agree with redis-server 7.0', () => {
  let sides: [Side, Side]
  const vectors: string[][] = []

  before(async () => {
    const nodes = await Promise.all([startNode([], 'redis-server'), startNode([])])
    sides = await Promise.all(nodes.map((n) => open(n.port))) as [Side, Side]
    for (const e of ENTRIES) {
      // a container alone, or with a subcommand it does not have
      if (e.subcommands) vectors.push([e.spec.name.toUpperCase()], [e.spec.name, 'nosuch', 'k'])
      else vectors.push(...docVectors(e, VECTORS_PER_COMMAND, NAMES))
    }
    vectors.push(...MOVABLE_VECTORS.filter(servedByRcl))
  })

  after(async () => {
    for (const s of sides ?? []) { s.resp2.close(); s.resp3.close() }
    await stopAll()
  })

  for (const sub of ['GETKEYS', 'GETKEYSANDFLAGS']) {
    for (const proto of ['resp2', 'resp3'] as const) {
      it(`COMMAND ${sub} in ${proto}: every command, doc-generated and hand-written vectors`, async () => {
        const diffs = await compare(sides, proto, vectors.map((v) => ['COMMAND', sub, ...v]))
        const commands = new Set(vectors.map((v) => fullNameOf(v))).size
        console.log(`COMMAND ${sub} ${proto}: ${vectors.length} vectors over ${commands} commands, ${diffs.length} differ`)
        assert.equal(diffs.length, 0, report(diffs))
      })
    }
  }

  it('cluster routing finds the keys Redis finds: keyPositions of the table rows against its GETKEYS', async () => {
    const replies = await callAll(sides[0].resp2, vectors.map((v) => ['COMMAND', 'GETKEYS', ...v]))
    const diffs: Difference[] = []
    let compared = 0
    vectors.forEach((v, i) => {
      const e = entryOf(v)
      if (!e || replies[i].type !== '*') return
      compared++
      const redis = (replies[i].items ?? []).map((k) => k.text ?? '')
      const ours = keyPositions(e.spec, v).map((p) => v[p])
      if (JSON.stringify(ours) !== JSON.stringify(redis)) {
        diffs.push({ command: e.fullName, request: JSON.stringify(v), redis: JSON.stringify(redis), rcl: JSON.stringify(ours) })
      }
    })
    console.log(`keyPositions: ${compared} vectors with keys compared, ${diffs.length} differ`)
    assert.ok(compared > 1000)
    assert.equal(diffs.length, 0, report(diffs))
  })

  it('COMMAND INFO: first/last/step, movablekeys and key specs of every command and subcommand', async () => {
    const diffs = await compare(sides, 'resp3', ENTRIES.map((e: CommandEntry) => ['COMMAND', 'INFO', e.fullName]), keyFacts)
    console.log(`COMMAND INFO: ${ENTRIES.length} commands, ${diffs.length} differ`)
    assert.equal(diffs.length, 0, report(diffs))
  })
})
