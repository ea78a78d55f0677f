// Feeds random and mutated RESP to a live rcl-node (bounded in count and time) and checks it neither
// crashes nor stops serving well-formed clients.
import { after, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { createConnection } from 'node:net'
import { startNode, stopAll, type TestNode } from '../helpers/node-process.js'
import { cmd, exchange } from '../helpers/resp.js'

const ROUNDS = 400
const TIME_BUDGET_MS = 20_000

/** Small deterministic PRNG so a failure can be replayed from its seed. */
function rng(seed: number): () => number {
  let s = seed >>> 0
  return () => { s = (s * 1664525 + 1013904223) >>> 0; return s / 2 ** 32 }
}

const SAMPLES = [
  cmd('SET', 'k', 'v'), cmd('GET', 'k'), cmd('LPUSH', 'l', 'a', 'b'), cmd('HSET', 'h', 'f', 'v'), cmd('ZADD', 'z', '1', 'm'),
  cmd('MULTI'), cmd('EXEC'), cmd('SUBSCRIBE', 'c'), cmd('CONFIG', 'GET', '*'), cmd('INCR', 'k'), cmd('HELLO', '3'),
  Buffer.from('PING\r\n'), Buffer.from('SET "a b" \'c\'\r\n'), Buffer.from('*2\r\n$3\r\nGET\r\n$-1\r\n'),
]

function mutate(rand: () => number): Buffer {
  const kind = rand()
  if (kind < 0.25) {
    const len = Math.floor(rand() * 200)
    return Buffer.from(Array.from({ length: len }, () => Math.floor(rand() * 256)))
  }
  const base = Buffer.from(SAMPLES[Math.floor(rand() * SAMPLES.length)])
  const out = Buffer.from(base)
  const edits = 1 + Math.floor(rand() * 4)
  for (let i = 0; i < edits; i++) {
    const pos = Math.floor(rand() * out.length)
    const r = rand()
    if (r < 0.5) out[pos] = Math.floor(rand() * 256)
    else if (r < 0.75) out[pos] = '0123456789*$-\r\n'.charCodeAt(Math.floor(rand() * 15))
    else return Buffer.concat([out.subarray(0, pos), Buffer.from(String(Math.floor(rand() * 2 ** 31))), out.subarray(pos)])
  }
  return kind < 0.6 ? out : Buffer.concat([out, ...SAMPLES.slice(0, Math.floor(rand() * 4))])
}

function sendAndDrop(port: number, payload: Buffer): Promise<void> {
  return new Promise((resolve) => {
    const s = createConnection({ host: '127.0.0.1', port })
    const done = (): void => { s.destroy(); resolve() }
    s.setTimeout(200, done)
    s.on('error', done)
    s.on('close', done)
    s.on('data', () => undefined)
    s.on('connect', () => s.write(payload, () => setTimeout(done, 5)))
  })
}

describe('fuzzing a live rcl-node', () => {
  let node: TestNode
  before(async () => { node = await startNode() })
  after(stopAll)

  it(`survives ${ROUNDS} random and mutated requests and keeps serving`, async () => {
    const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 100000)
    const rand = rng(seed)
    const deadline = Date.now() + TIME_BUDGET_MS
    for (let i = 0; i < ROUNDS && Date.now() < deadline; i++) {
      await sendAndDrop(node.port, mutate(rand))
      if (i % 50 === 0) {
        const r = await exchange(node.port, [cmd('PING')], { expect: 7 })
        assert.equal(r.data, '+PONG\r\n', `node stopped answering after round ${i} (FUZZ_SEED=${seed})`)
      }
    }
    const r = await exchange(node.port, [cmd('SET', 'after', 'fuzz'), cmd('GET', 'after')], { expect: 15 })
    assert.equal(r.data, '+OK\r\n$4\r\nfuzz\r\n', `FUZZ_SEED=${seed}`)
    assert.equal(node.process.exitCode, null, 'the node process exited')
  })
})
