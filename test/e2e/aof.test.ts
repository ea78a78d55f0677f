// The append-only file in real rcl-node processes: acknowledged writes survive kill -9, a torn tail is
// cut back (or refused), damage stops the start naming file and offset, and rewrites keep the data.
import { after, describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { appendFileSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import type Redis from 'ioredis'
import { client } from '../helpers/client.js'
import { freePort } from '../helpers/free-port.js'
import { startNode, stopAll, type TestNode } from '../helpers/node-process.js'
import { runNodeSync } from '../helpers/run-node-sync.js'
import { waitFor } from '../helpers/wait.js'

const AOF = ['--appendonly', 'yes', '--enable-debug-command', 'yes', '--save', '']
const aofDir = (n: TestNode): string => join(n.dir, 'appendonlydir')
const logOf = (n: TestNode): string => readFileSync(join(n.dir, 'node.log'), 'latin1')
const persistence = async (c: Redis, field: string): Promise<string> =>
  (new RegExp(`^${field}:(.*)\r$`, 'm').exec(await c.info('persistence')) ?? [])[1] ?? ''

/** Every type, a TTL, a transaction and another db: what the file has to bring back. */
async function writeMix(c: Redis): Promise<void> {
  await c.set('s', 'hello')
  await c.set('ttl', 'v', 'EX', 100_000)
  await c.rpush('l', 'a', 'b', 'c')
  await c.hset('h', 'f', 'v', 'g', 'w')
  await c.sadd('set', '1', '2', 'x')
  await c.zadd('z', '1.5', 'a', '2', 'b')
  await c.multi().incr('n').incr('n').lpush('l', 'tx').exec()
  await c.select(3)
  await c.set('db3', 'x')
  await c.select(0)
  await c.del('s')
  await c.set('s', 'again')
}

/** A restart over the same directory, the process stopped however the test left it. */
async function restart(n: TestNode, args: string[] = AOF): Promise<{ node: TestNode; c: Redis }> {
  const node = await startNode(args, undefined, n.dir)
  return { node, c: client(node.port) }
}

/** A start expected to fail while loading: run to its exit. */
async function startOver(dir: string, extra: string[] = []): Promise<ReturnType<typeof runNodeSync>> {
  return runNodeSync(['--port', String(await freePort()), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', ...extra])
}

describe('AOF (rcl-node processes)', () => {
  after(stopAll)

  for (const policy of ['always', 'everysec']) {
    it(`keeps every acknowledged write through kill -9 with appendfsync ${policy}`, async () => {
      const n = await startNode([...AOF, '--appendfsync', policy])
      const c = client(n.port)
      await writeMix(c)
      const digest = await c.call('DEBUG', 'DIGEST')
      await c.set('counter', '0')
      let acked = 0
      const writer = client(n.port)
      let stop = false
      const loop = (async () => {
        while (!stop) acked = Number(await writer.incr('counter').catch(() => { stop = true; return acked }))
      })()
      await new Promise((r) => setTimeout(r, 300))
      n.process.kill('SIGKILL')
      stop = true
      await n.exited
      await loop
      c.disconnect()
      writer.disconnect()
      assert.ok(acked > 50, `only ${acked} writes were acknowledged`)
      const { c: d } = await restart(n)
      try {
        const counter = Number(await d.get('counter'))
        assert.ok(counter === acked || counter === acked + 1, `counter ${counter}, acknowledged ${acked}`)
        await d.del('counter')
        assert.equal(await d.call('DEBUG', 'DIGEST'), digest)
        assert.ok((await d.pttl('ttl')) > 90_000_000)
      } finally {
        d.disconnect()
      }
    })
  }

  it('cuts a torn tail back under aof-load-truncated, and refuses it, untouched, without', async () => {
    const n = await startNode(AOF)
    const c = client(n.port)
    await writeMix(c)
    const digest = await c.call('DEBUG', 'DIGEST')
    await c.call('SHUTDOWN', 'NOSAVE').catch(() => undefined)
    c.disconnect()
    await n.exited
    const incr = join(aofDir(n), 'appendonly.aof.1.incr.aof')
    const whole = readFileSync(incr)
    appendFileSync(incr, '*3\r\n$3\r\nSET\r\n$1\r\nz')
    const torn = readFileSync(incr)

    const refused = await startOver(n.dir, ['--aof-load-truncated', 'no'])
    assert.equal(refused.status, 1)
    assert.match(refused.stdout, /# Unexpected end of file reading the append only file appendonly\.aof\.1\.incr\.aof\. You can: 1\) Make a backup/)
    assert.match(refused.stdout, new RegExp(`appendonly\\.aof\\.1\\.incr\\.aof in .*: Unexpected end of file \\(at offset ${whole.length}\\)`))
    assert.deepEqual(readFileSync(incr), torn)

    const { node, c: d } = await restart(n)
    try {
      assert.equal(await d.call('DEBUG', 'DIGEST'), digest)
      assert.deepEqual(readFileSync(incr).subarray(0, whole.length), whole)
      assert.match(logOf(node), /!!! Truncating the AOF appendonly\.aof\.1\.incr\.aof at offset \d+ !!![\s\S]*loaded anyway because aof-load-truncated is enabled/)
      // an unfinished transaction at the end is dropped whole
      await d.call('SHUTDOWN', 'NOSAVE').catch(() => undefined)
    } finally {
      d.disconnect()
    }
    await node.exited
    appendFileSync(incr, '*1\r\n$5\r\nMULTI\r\n*3\r\n$3\r\nSET\r\n$4\r\nhalf\r\n$1\r\n1\r\n')
    const { node: third, c: e } = await restart(n)
    try {
      assert.equal(await e.exists('half'), 0)
      assert.equal(await e.call('DEBUG', 'DIGEST'), digest)
      assert.match(logOf(third), /Revert incomplete MULTI\/EXEC transaction in AOF file appendonly\.aof\.1\.incr\.aof/)
    } finally {
      e.disconnect()
    }
  })

  it('refuses to start on damage in the middle or a bad manifest, naming the file and offset, untouched', async () => {
    const n = await startNode(AOF)
    const c = client(n.port)
    await c.set('a', '1')
    await c.call('SHUTDOWN', 'NOSAVE').catch(() => undefined)
    c.disconnect()
    await n.exited
    const incr = join(aofDir(n), 'appendonly.aof.1.incr.aof')
    const good = readFileSync(incr)
    const damaged = Buffer.concat([good, Buffer.from('not a command\r\n'), Buffer.from('*1\r\n$4\r\nPING\r\n')])
    writeFileSync(incr, damaged)
    const r = await startOver(n.dir)
    assert.equal(r.status, 1)
    assert.match(r.stdout, /# Bad file format reading the append only file appendonly\.aof\.1\.incr\.aof: make a backup of your AOF file, then use \.\/redis-check-aof --fix <filename\.manifest>\n/)
    assert.match(r.stdout, new RegExp(`appendonly\\.aof\\.1\\.incr\\.aof in .*: Bad file format \\(at offset ${good.length}\\)`))
    assert.deepEqual(readFileSync(incr), damaged)

    const legacyDir = join(n.dir, 'legacy')
    mkdirSync(legacyDir)
    writeFileSync(join(legacyDir, 'appendonly.aof'), '*1\r\n$4\r\nPING\r\n')
    const legacy = await startOver(legacyDir)
    assert.equal(legacy.status, 1)
    assert.match(legacy.stdout, /Found the single-file AOF appendonly\.aof of Redis before 7\.0, which rcl-node does not convert/)

    writeFileSync(incr, good)
    const base = join(aofDir(n), 'appendonly.aof.1.base.rdb')
    const baseBytes = readFileSync(base)
    const badBase = Buffer.from(baseBytes)
    badBase[badBase.length - 1] ^= 0xff // the checksum no longer matches
    writeFileSync(base, badBase)
    const b = await startOver(n.dir)
    assert.equal(b.status, 1)
    assert.match(b.stdout, /# Wrong RDB checksum expected: \([0-9a-f]+\) but got \([0-9a-f]+\)\. Aborting now\.\n.*# Internal error in RDB reading offset 0, function at rdb\.c:3225 -> RDB CRC error\n/)
    assert.match(b.stdout, /appendonly\.aof\.1\.base\.rdb in .*: Wrong RDB checksum \(at offset \d+\)/)
    assert.deepEqual(readFileSync(base), badBase)
    writeFileSync(base, baseBytes)

    rmSync(incr)
    const missing = await startOver(n.dir)
    assert.equal(missing.status, 1)
    assert.match(missing.stdout, /# Unable to obtain the AOF file appendonly\.aof\.1\.incr\.aof length\. stat: No such file or directory\n/)
    writeFileSync(incr, good)

    const manifest = join(aofDir(n), 'appendonly.aof.manifest')
    writeFileSync(manifest, 'file appendonly.aof.1.base.rdb seq 1 type q\n')
    const m = await startOver(n.dir)
    assert.equal(m.status, 1)
    assert.match(m.stdout, /# \n\*\*\* FATAL AOF MANIFEST FILE ERROR \*\*\*\n\n.*# Reading the manifest file, at line 1\n\n.*# >>> 'file appendonly\.aof\.1\.base\.rdb seq 1 type q'\n\n.*# Invalid AOF manifest file format\n\n/)
    assert.match(m.stdout, /Invalid AOF manifest file format \(line 1\) in appendonly\.aof\.manifest/)
  })

  for (const preamble of ['yes', 'no']) {
    it(`BGREWRITEAOF (aof-use-rdb-preamble ${preamble}) keeps every write made while it runs and drops the old files`, async () => {
      const n = await startNode([...AOF, '--aof-use-rdb-preamble', preamble])
      assert.ok(existsSync(join(aofDir(n), `appendonly.aof.1.base.${preamble === 'yes' ? 'rdb' : 'aof'}`)), 'the first base has the kind the preamble setting says')
      const c = client(n.port)
      await writeMix(c)
      await c.call('DEBUG', 'POPULATE', '300')
      await c.config('SET', 'rdb-key-save-delay', '2000')
      assert.equal(await c.bgrewriteaof(), 'Background append only file rewriting started')
      assert.equal(await c.bgrewriteaof().catch((e: Error) => e.message), 'ERR Background append only file rewriting already in progress')
      assert.match(await c.bgsave().catch((e: Error) => e.message), /^ERR Another child process is active \(AOF\?\): can't BGSAVE right now/)
      for (let i = 0; i < 100; i++) await c.rpush('l', `during-${i}`)
      await c.del('key:7')
      await c.config('SET', 'rdb-key-save-delay', '0')
      await waitFor('the rewrite to finish', async () => (await persistence(c, 'aof_rewrite_in_progress')) === '0', 10_000)
      assert.equal(await persistence(c, 'aof_last_bgrewrite_status'), 'ok')
      await c.set('after', 'rewrite')
      const digest = await c.call('DEBUG', 'DIGEST')
      await c.call('SHUTDOWN', 'NOSAVE').catch(() => undefined)
      c.disconnect()
      await n.exited
      const ext = preamble === 'yes' ? 'rdb' : 'aof'
      assert.deepEqual(readdirSync(aofDir(n)).sort(), [`appendonly.aof.2.base.${ext}`, 'appendonly.aof.2.incr.aof', 'appendonly.aof.manifest'])
      assert.equal(readFileSync(join(aofDir(n), 'appendonly.aof.manifest'), 'latin1'), `file appendonly.aof.2.base.${ext} seq 2 type b\nfile appendonly.aof.2.incr.aof seq 2 type i\n`)
      const { c: d } = await restart(n)
      try {
        assert.equal(await d.call('DEBUG', 'DIGEST'), digest)
      } finally {
        d.disconnect()
      }
    })
  }

  it('turns on at run time with CONFIG SET appendonly yes, the data so far in its first base', async () => {
    const n = await startNode(['--enable-debug-command', 'yes', '--save', ''])
    const c = client(n.port)
    await writeMix(c)
    assert.equal(await c.config('SET', 'appendonly', 'yes'), 'OK')
    await c.set('while', 'enabling')
    await waitFor('the AOF to be on', async () => (await persistence(c, 'aof_rewrite_in_progress')) === '0' && (await persistence(c, 'aof_rewrites')) === '1')
    await c.set('after', 'on')
    const digest = await c.call('DEBUG', 'DIGEST')
    await c.call('SHUTDOWN', 'NOSAVE').catch(() => undefined)
    c.disconnect()
    await n.exited
    assert.equal(existsSync(join(n.dir, 'dump.rdb')), false)
    const { c: d } = await restart(n)
    try {
      assert.equal(await d.call('DEBUG', 'DIGEST'), digest)
    } finally {
      d.disconnect()
    }
  })

  it('wins over the dump at start-up, under the names appenddirname and appendfilename give it', async () => {
    const args = [...AOF, '--appenddirname', 'my aof dir', '--appendfilename', 'data.aof']
    const n = await startNode(args)
    const c = client(n.port)
    await c.set('a', 'in the dump')
    assert.equal(await c.save(), 'OK')
    await c.set('a', 'in the aof')
    await c.call('SHUTDOWN', 'NOSAVE').catch(() => undefined)
    c.disconnect()
    await n.exited
    assert.deepEqual(readdirSync(join(n.dir, 'my aof dir')).sort(), ['data.aof.1.base.rdb', 'data.aof.1.incr.aof', 'data.aof.manifest'])
    const { c: withAof } = await restart(n, args)
    try {
      assert.equal(await withAof.get('a'), 'in the aof')
      await withAof.call('SHUTDOWN', 'NOSAVE').catch(() => undefined)
    } finally {
      withAof.disconnect()
    }
    const { c: withoutAof } = await restart(n, ['--save', ''])
    try {
      assert.equal(await withoutAof.get('a'), 'in the dump')
    } finally {
      withoutAof.disconnect()
    }
  })

  it('rewrites by itself once the file has grown past auto-aof-rewrite-percentage and min-size', async () => {
    const n = await startNode([...AOF, '--auto-aof-rewrite-min-size', '4096', '--auto-aof-rewrite-percentage', '100'])
    const c = client(n.port)
    try {
      for (let i = 0; i < 100; i++) await c.set(`k${i % 10}`, 'x'.repeat(100))
      // on a loaded machine the first rewrite may start mid-loop and the writes after it grow the file past
      // the threshold again: wait for a rewrite that came after the last write (the file small again)
      await waitFor('an automatic rewrite after the last write', async () =>
        Number(await persistence(c, 'aof_rewrites')) >= 1 && Number(await persistence(c, 'aof_current_size')) < 4096, 20_000)
      assert.match(logOf(n), /Starting automatic rewriting of AOF on \d+% growth/)
    } finally {
      c.disconnect()
    }
  })
})

