// AOF command files and manifests: what is written reads back, a torn tail is told apart from damage,
// and manifests parse and print as Redis 7.0 writes them.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { readAofCommands } from '../../../../src/node/persistence/aof-commands.js'
import { encodeCommand } from '../../../../src/node/resp/encoder.js'
import { AofManifestError, formatManifest, parseManifest } from '../../../../src/node/persistence/aof-manifest.js'
import { AofBaseWriter } from '../../../../src/node/persistence/aof-base-writer.js'

const read = (buf: Buffer): { cmds: string[][]; ends: number[]; result: ReturnType<typeof readAofCommands> } => {
  const cmds: string[][] = []
  const ends: number[] = []
  const result = readAofCommands(buf, (argv, end) => { cmds.push(argv); ends.push(end) })
  return { cmds, ends, result }
}

describe('AOF commands', () => {
  const text = encodeCommand(['SELECT', '0']) + encodeCommand(['SET', 'k', 'a\r\nb\x00\xff']) + encodeCommand(['DEL', ''])

  it('reads back what it writes, binary-safe, with the offset after each command', () => {
    const { cmds, ends, result } = read(Buffer.from(text, 'latin1'))
    assert.deepEqual(result, { kind: 'done' })
    assert.deepEqual(cmds, [['SELECT', '0'], ['SET', 'k', 'a\r\nb\x00\xff'], ['DEL', '']])
    assert.equal(ends[2], Buffer.byteLength(text, 'latin1'))
  })

  it('calls a file cut anywhere inside its last command truncated at that command, never corrupt', () => {
    const whole = Buffer.from(text, 'latin1')
    const lastStart = Buffer.byteLength(encodeCommand(['SELECT', '0']) + encodeCommand(['SET', 'k', 'a\r\nb\x00\xff']), 'latin1')
    for (let cut = lastStart + 1; cut < whole.length; cut++) {
      const { cmds, result } = read(whole.subarray(0, cut))
      assert.deepEqual(result, { kind: 'truncated', offset: lastStart }, `cut at ${cut}`)
      assert.equal(cmds.length, 2)
    }
  })

  it('skips annotation lines (#TS:) between commands, and calls one cut before its newline truncated', () => {
    const annotated = Buffer.from('#TS:1795460000\r\n' + text + '#TS:1795460001\r\n' + encodeCommand(['PING']), 'latin1')
    const { cmds, result } = read(annotated)
    assert.deepEqual(result, { kind: 'done' })
    assert.equal(cmds.length, 4)
    assert.deepEqual(read(Buffer.from(text + '#TS:17', 'latin1')).result, { kind: 'truncated', offset: Buffer.byteLength(text, 'latin1') })
  })

  it('calls bytes that are not a command corrupt, naming where they start', () => {
    const bad = Buffer.from(encodeCommand(['SET', 'a', '1']) + 'garbage\r\n' + encodeCommand(['SET', 'b', '2']), 'latin1')
    assert.deepEqual(read(bad).result, { kind: 'corrupt', offset: 27 })
    assert.deepEqual(read(Buffer.from('*1\r\n$3\r\nabcd\r\n', 'latin1')).result, { kind: 'corrupt', offset: 0 })
    assert.deepEqual(read(Buffer.from('*x\r\n', 'latin1')).result, { kind: 'corrupt', offset: 0 })
    assert.deepEqual(read(Buffer.from('*0\r\n', 'latin1')).result, { kind: 'corrupt', offset: 0 })
  })
})

describe('AOF manifest', () => {
  it('parses and prints the lines Redis 7.0 writes, base first, then history, then incrs', () => {
    const text = 'file appendonly.aof.2.base.rdb seq 2 type b\nfile appendonly.aof.1.incr.aof seq 1 type h\nfile appendonly.aof.2.incr.aof seq 2 type i\nfile appendonly.aof.3.incr.aof seq 3 type i\n'
    const m = parseManifest(text)
    assert.equal(m.base?.name, 'appendonly.aof.2.base.rdb')
    assert.deepEqual(m.incrs.map((f) => f.seq), [2, 3])
    assert.deepEqual(m.history.map((f) => f.name), ['appendonly.aof.1.incr.aof'])
    assert.equal(formatManifest(m), text)
  })

  it('quotes a file name with a space, and reads it back', () => {
    const m = { base: { name: 'my aof.1.base.rdb', seq: 1, type: 'b' as const }, incrs: [], history: [] }
    assert.equal(formatManifest(m), 'file "my aof.1.base.rdb" seq 1 type b\n')
    assert.deepEqual(parseManifest(formatManifest(m)), m)
  })

  it('refuses what Redis refuses, naming the line', () => {
    const bad = (t: string): string => { try { parseManifest(t); return 'parsed' } catch (e) { assert.ok(e instanceof AofManifestError); return e.message } }
    assert.equal(bad(''), 'Found an empty AOF manifest')
    assert.equal(bad('file a seq 1 type x\n'), 'Invalid AOF manifest file format (line 1)')
    assert.equal(bad('file a seq one type b\n'), 'Invalid AOF manifest file format (line 1)')
    assert.equal(bad('file a seq 1\n'), 'Invalid AOF manifest file format (line 1)')
    assert.equal(bad('file a seq 1 type b\nfile b seq 2 type b\n'), 'Found duplicate base file information (line 2)')
    assert.equal(bad('file a seq 2 type i\nfile b seq 1 type i\n'), 'Found a non-monotonic sequence number (line 2)')
    assert.equal(bad('file ../x seq 1 type i\n'), 'Invalid AOF manifest file format (line 1)')
  })
})

describe('AOF base in command form', () => {
  it('rebuilds each type in batches of 64 items, then the TTL', () => {
    const w = new AofBaseWriter().selectDb(0)
    w.entry('s', { type: 'string', value: 'v' }, 1_800_000_000_000)
    w.entry('l', { type: 'list', items: Array.from({ length: 65 }, (_, i) => String(i)) })
    w.entry('z', { type: 'zset', entries: [['m', 1.5], ['n', -Infinity]] })
    w.entry('h', { type: 'hash', entries: [['f', 'v']] })
    const { cmds } = read(w.finish().take())
    assert.deepEqual(cmds.map((c) => c.slice(0, 2).join(' ')), ['SELECT 0', 'SET s', 'PEXPIREAT s', 'RPUSH l', 'RPUSH l', 'ZADD z', 'HMSET h'])
    assert.equal(cmds[3].length, 66)
    assert.deepEqual(cmds[4], ['RPUSH', 'l', '64'])
    assert.deepEqual(cmds[5], ['ZADD', 'z', '1.5', 'm', '-inf', 'n'])
    assert.deepEqual(cmds[2], ['PEXPIREAT', 's', '1800000000000'])
  })
})
