#!/usr/bin/env node
// Regenerates the differential fuzzer's data from a running redis-server 7.0 (its keyspace is flushed):
// test/interop/fuzz/command-docs.json, the argument trees of COMMAND DOCS (names, types, tokens, flags)
// that the grammar walks, summaries and history left out; and dump-payloads.json, DUMP payloads of values
// of every type and encoding, which RESTORE is fuzzed with. Usage: node scripts/gen-fuzz-data.mjs <port>
import { writeFileSync } from 'node:fs'
import Redis from 'ioredis'

const port = Number(process.argv[2] ?? 6379)
const redis = new Redis({ port, host: '127.0.0.1', lazyConnect: true })
await redis.connect()
const all = await redis.call('COMMAND', 'DOCS')
const payloads = await dumpPayloads()
await redis.quit()

/** One value per type and encoding; hash-table ones stay small enough that one fixed order is stored. */
async function dumpPayloads() {
  const ints = (n, from = 0) => Array.from({ length: n }, (_, i) => String(from + i))
  const values = [
    ['string-int', ['SET', 'k', '12345']], ['string-embstr', ['SET', 'k', 'hello']], ['string-raw', ['SET', 'k', 'r'.repeat(100)]],
    ['string-binary', ['SET', 'k', Buffer.from('00ff0d0a', 'hex')]], ['list-small', ['RPUSH', 'k', 'a', 'b', '3']],
    ['list-large', ['RPUSH', 'k', ...ints(300)]], ['set-intset', ['SADD', 'k', '1', '2', '-3']],
    ['set-hashtable', ['SADD', 'k', 'a', 'b']], ['set-large', ['SADD', 'k', ...ints(600)]],
    ['zset-listpack', ['ZADD', 'k', '1', 'a', '2.5', 'b', '-inf', 'c']], ['zset-skiplist', ['ZADD', 'k', ...ints(150).flatMap((i) => [i, `m${i}`])]],
    ['hash-listpack', ['HSET', 'k', 'f', 'v', 'n', '1']], ['hash-hashtable', ['HSET', 'k', ...ints(150).flatMap((i) => [`f${i}`, i])]],
  ]
  const out = {}
  for (const [name, argv] of values) {
    await redis.call('FLUSHALL')
    await redis.call(...argv)
    out[name] = (await redis.callBuffer('DUMP', 'k')).toString('hex')
  }
  await redis.call('FLUSHALL')
  return out
}

const pairs = (arr) => { const m = new Map(); for (let i = 0; i < arr.length; i += 2) m.set(arr[i], arr[i + 1]); return m }

function arg(a) {
  const m = pairs(a)
  const out = { name: m.get('name'), type: m.get('type') }
  if (m.has('token')) out.token = m.get('token')
  if (m.has('value')) out.value = m.get('value')
  const flags = m.get('flags')
  if (flags && flags.length) out.flags = flags
  if (m.has('arguments')) out.arguments = m.get('arguments').map(arg)
  return out
}

const docs = {}
function add(name, doc) {
  const m = pairs(doc)
  docs[name] = (m.get('arguments') ?? []).map(arg)
  const subs = m.get('subcommands')
  if (subs) { const s = pairs(subs); for (const [sub, d] of s) add(sub, d) }
}
const top = pairs(all)
for (const name of [...top.keys()].sort()) add(name, top.get(name))
const sorted = Object.fromEntries(Object.keys(docs).sort().map((k) => [k, docs[k]]))
// one command per line, so a regeneration diffs readably
const text = `{\n${Object.entries(sorted).map(([k, v]) => `${JSON.stringify(k)}: ${JSON.stringify(v)}`).join(',\n')}\n}\n`
writeFileSync(new URL('../test/interop/fuzz/command-docs.json', import.meta.url), text)
writeFileSync(new URL('../test/interop/fuzz/dump-payloads.json', import.meta.url), `${JSON.stringify(payloads, null, 1)}\n`)
console.log(`wrote ${Object.keys(sorted).length} commands, ${Object.keys(payloads).length} payloads`)
