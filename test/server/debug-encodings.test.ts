import { after, afterEach, before, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import type Redis from 'ioredis'
import { useServer, type InProc } from '../helpers/in-proc-server.js'
import { debugStdout } from '../../src/node/commands/debug-encodings.js'

describe('DEBUG LISTPACK / QUICKLIST / QUICKLIST-PACKED-THRESHOLD / HTSTATS', () => {
  let srv: InProc
  let c: Redis
  let printed = ''
  useServer({ 'enable-debug-command': 'yes' }, (s, cl) => { srv = s; c = cl })
  before(() => { debugStdout.set(srv.server, (t) => { printed += t }) })
  afterEach(async () => { printed = ''; await c.flushall(); await c.call('DEBUG', 'QUICKLIST-PACKED-THRESHOLD', '0') })

  it('LISTPACK prints the listpack Redis holds for a small hash, entry by entry', async () => {
    await c.hset('h', 'a', 'b')
    assert.equal(await c.call('DEBUG', 'LISTPACK', 'h'), 'Listpack structure printed on stdout')
    // Redis 7.0.15 prints the same entries (plus their memory addresses) for HSET h a b
    assert.equal(printed, '{rcl-node hash : a JavaScript Map of 1 field; as a listpack (the layout RDB and DUMP carry):}\n' +
      '{total bytes 13} {num entries 2}\n' +
      '{\n\tindex:  0,\n\toffset: 6,\n\thdr+entrylen+backlen:  3,\n\thdrlen:   1,\n\tbacklen:  1,\n\tpayload: 1\n\tbytes: 81|61|02|\n\t[str]a\n}\n' +
      '{\n\tindex:  1,\n\toffset: 9,\n\thdr+entrylen+backlen:  3,\n\thdrlen:   1,\n\tbacklen:  1,\n\tpayload: 1\n\tbytes: 81|62|02|\n\t[str]b\n}\n' +
      '{end}\n\n')
  })

  it('LISTPACK shows a sorted set\'s scores as Redis stores them (integers as integers)', async () => {
    await c.zadd('z', 1, 'a', 2.5, 'b')
    await c.call('DEBUG', 'LISTPACK', 'z')
    assert.match(printed, /^\{rcl-node zset : a JavaScript Map of 2 members .*\n\{total bytes 20\} \{num entries 4\}\n/)
    assert.deepEqual([...printed.matchAll(/\tbytes: (.*)\n\t\[str\](.*)\n/g)].map((m) => [m[1], m[2]]),
      [['81|61|02|', 'a'], ['01|01|', '1'], ['81|62|02|', 'b'], ['83|32|2e|35|04|', '2.5']])
  })

  it('LISTPACK and QUICKLIST refuse other encodings and missing keys like Redis', async () => {
    await c.rpush('l', 'a')
    await c.hset('h', 'f', 'v')
    await c.set('s', 'x')
    await assert.rejects(c.call('DEBUG', 'LISTPACK', 'l'), /^ReplyError: ERR Not a listpack encoded object\.$/)
    await assert.rejects(c.call('DEBUG', 'LISTPACK', 's'), /ERR Not a listpack encoded object\./)
    await assert.rejects(c.call('DEBUG', 'QUICKLIST', 'h'), /ERR Not a quicklist encoded object\./)
    await assert.rejects(c.call('DEBUG', 'QUICKLIST', 'none'), /ERR no such key/)
    await assert.rejects(c.call('DEBUG', 'LISTPACK', 'none'), /ERR no such key/)
    await assert.rejects(c.call('DEBUG', 'QUICKLIST', 'l', '1', '2'), /unknown subcommand or wrong number of arguments for 'QUICKLIST'/)
    assert.equal(printed, '')
  })

  it('QUICKLIST describes the ring buffer and the quicklist nodes rcl-node writes for it', async () => {
    await c.rpush('l', 'a', 'b', 'c', '12345')
    await c.lpop('l')
    assert.equal(await c.call('DEBUG', 'QUICKLIST', 'l'), 'Quicklist structure printed on stdout')
    assert.equal(printed, '{rcl-node list : a ring buffer of 3 elements in 8 slots, the first in slot 1; as a quicklist (the layout RDB and DUMP carry):}\n' +
      '{count : 3}\n{len : 1}\n{fill : -2}\n{compress : 0}\n{bookmark_count : 0}\n' +
      '{quicklist node(0)\n{container : PACKED, encoding: RAW, size: 17, count: 3, recompress: 0, attempted_compress: 0}\n')
    printed = ''
    await c.call('DEBUG', 'QUICKLIST', 'l', '1')
    assert.match(printed, /\{ listpack:\n\{total bytes 17\} \{num entries 3\}\n[\s\S]*\t\[str\]12345\n\}\n\{end\}\n\n\}\n\}\n$/)
  })

  it('QUICKLIST-PACKED-THRESHOLD gives long elements plain nodes in DEBUG OBJECT, QUICKLIST and DUMP', async () => {
    await c.rpush('l', 'aaaa', 'b', 'cccc')
    const before = String(await c.call('DEBUG', 'OBJECT', 'l'))
    assert.match(before, / ql_nodes:1 /)
    assert.equal(await c.call('DEBUG', 'QUICKLIST-PACKED-THRESHOLD', '4b'), 'OK')
    // redis-server 7.0.15 after the same commands
    assert.match(String(await c.call('DEBUG', 'OBJECT', 'l')), / serializedlength:25 .* ql_nodes:3 ql_avg_node:1\.00 ql_listpack_max:-2 ql_compressed:0 ql_uncompressed_size:18$/)
    await c.call('DEBUG', 'QUICKLIST', 'l')
    assert.deepEqual([...printed.matchAll(/container : (\w+)/g)].map((m) => m[1]), ['PLAIN', 'PACKED', 'PLAIN'])
    // QUICKLIST_2 with plain, packed, plain nodes: the payload redis-server 7.0.15 DUMPs, checksum included
    assert.equal((await c.dumpBuffer('l')).toString('hex'),
      '1203010461616161020a0a000000010081620' + '2ff010463636363' + '0a00e4ac09da83fbb438')
    assert.equal(await c.call('DEBUG', 'QUICKLIST-PACKED-THRESHOLD', '0'), 'OK')
    const ql = (s: string): string => s.slice(s.indexOf(' ql_nodes'))
    assert.equal(ql(String(await c.call('DEBUG', 'OBJECT', 'l'))), ql(before))
  })

  it('QUICKLIST-PACKED-THRESHOLD takes memory units up to just under 4gb, as Redis does', async () => {
    for (const ok of ['1', '1b', '1k', '1gb', '4293918720']) assert.equal(await c.call('DEBUG', 'QUICKLIST-PACKED-THRESHOLD', ok), 'OK', ok)
    assert.equal(srv.server.encodingLimits.listPackedThreshold, 4293918720)
    for (const bad of ['4gb', '4293918721', '-1', 'abc', '1x']) {
      await assert.rejects(c.call('DEBUG', 'QUICKLIST-PACKED-THRESHOLD', bad), /ERR argument must be a memory value bigger than 1 and smaller than 4gb/, bad)
    }
    assert.equal(srv.server.encodingLimits.listPackedThreshold, 4293918720)
  })

  it('HTSTATS reports each db\'s keys and expires in Redis\'s layout', async () => {
    await c.mset('a', '1', 'b', '2', 'c', '3')
    await c.expire('a', 100)
    assert.equal(await c.call('DEBUG', 'HTSTATS', '0'), '[Dictionary HT]\nHash table 0 stats (main hash table):\n' +
      ' number of elements: 3\n table: a JavaScript Map (key -> value); its bucket layout is V8\'s own and not visible\n' +
      '[Expires HT]\nHash table 0 stats (main hash table):\n' +
      ' number of elements: 1\n table: a JavaScript Map (key -> expire time in ms); its bucket layout is V8\'s own and not visible\n')
    assert.equal(await c.call('DEBUG', 'HTSTATS', '1'), '[Dictionary HT]\nHash table 0 stats (main hash table):\nNo stats available for empty dictionaries\n' +
      '[Expires HT]\nHash table 0 stats (main hash table):\nNo stats available for empty dictionaries\n')
    await assert.rejects(c.call('DEBUG', 'HTSTATS', '16'), /ERR Out of range database/)
    await assert.rejects(c.call('DEBUG', 'HTSTATS', '-1'), /ERR Out of range database/)
    await assert.rejects(c.call('DEBUG', 'HTSTATS', 'x'), /ERR value is not an integer or out of range/)
  })

  it('HTSTATS-KEY answers for hash tables only, as OBJECT ENCODING tells them', async () => {
    await c.hset('small', 'f', 'v')
    await c.sadd('ints', '1', '2')
    const members = Array.from({ length: 200 }, (_, i) => `m${i}`)
    await c.sadd('bigset', ...members)
    await c.zadd('bigz', ...members.flatMap((m, i) => [i, m]))
    await c.hset('bighash', Object.fromEntries(members.map((m) => [m, 'x'.repeat(70)])))
    assert.match(String(await c.call('DEBUG', 'HTSTATS-KEY', 'bigset')), /^Hash table 0 stats \(main hash table\):\n number of elements: 200\n table: a JavaScript Map \(member -> slot in a dense member array\)/)
    assert.match(String(await c.call('DEBUG', 'HTSTATS-KEY', 'bigz')), / number of elements: 200\n table: a JavaScript Map \(member -> score, beside a B\+tree ordered by score\)/)
    assert.match(String(await c.call('DEBUG', 'HTSTATS-KEY', 'bighash')), / number of elements: 200\n table: a JavaScript Map \(field -> value\)/)
    for (const k of ['small', 'ints']) {
      await assert.rejects(c.call('DEBUG', 'HTSTATS-KEY', k), /ERR The value stored at the specified key is not represented using an hash table/)
    }
    await assert.rejects(c.call('DEBUG', 'HTSTATS-KEY', 'none'), /ERR no such key/)
  })
})
