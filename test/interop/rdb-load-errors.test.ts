// A dump that cannot be loaded, rcl-node against redis-server 7.0: for a bad checksum, a cut file, a
// newer version, a wrong signature, an unknown type, a db past `databases` and a duplicate key, rcl-node
// writes every line Redis writes (tools grep logs for them), exits non-zero, and leaves the file alone.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { client } from '../helpers/client.js'
import { startNode, stopAll } from '../helpers/node-process.js'
import { writeRdbFile, type RdbEntry } from '../../src/node/persistence/rdb-file.js'
import { asBuffers, assertRedisLinesKept, refusal, type Files } from './damaged-files.js'

const entry = (key: string, value: string, db = 0): RdbEntry => ({ db, key, value: { type: 'string', value }, expireAt: null, idle: null, freq: null })
const AUX: Array<[string, string]> = [['redis-ver', '7.0.15'], ['redis-bits', '64'], ['ctime', String(Math.floor(Date.now() / 1000))], ['used-mem', '939800'], ['aof-base', '0']]
const GOOD = writeRdbFile(AUX, [entry('greeting', 'hello world'), entry('counter', 'x'.repeat(40))])

function changed(at: number, bytes: Buffer | string): Buffer {
  const b = Buffer.from(GOOD)
  Buffer.from(bytes as string, 'latin1').copy(b, at)
  return b
}

/** Redis panics on a duplicate key: its crash report that follows is not compared. */
const BUG_REPORT = /^# -{10,}$/

const CASES: Array<{ name: string; dump: Buffer; args?: string[] }> = [
  { name: 'a checksum that does not match the trailer', dump: changed(GOOD.length - 4, '\x00') },
  { name: 'a changed byte in a value', dump: changed(GOOD.indexOf('hello'), 'J') },
  { name: 'a file cut inside the AUX fields', dump: GOOD.subarray(0, 60) },
  { name: 'a file cut inside a key', dump: GOOD.subarray(0, GOOD.indexOf('hello') + 2) },
  { name: 'a file cut before its checksum', dump: GOOD.subarray(0, GOOD.length - 3) },
  { name: 'a newer RDB version', dump: changed(5, '0099') },
  { name: 'a wrong signature', dump: changed(0, 'XEDIS') },
  { name: 'an unknown value type', dump: changed(GOOD.indexOf('greeting') - 2, '\x63'), args: ['--rdbchecksum', 'no'] },
  { name: 'a db past `databases`', dump: writeRdbFile(AUX, [entry('k', 'v', 20)]) },
  { name: 'the same key twice', dump: writeRdbFile(AUX, [entry('k', 'v'), entry('k', 'w')]) },
]

describe('dumps that cannot be loaded, compared with redis-server 7.0', () => {
  for (const c of CASES) {
    it(`logs Redis's lines for ${c.name}, exits non-zero and leaves the file alone`, async () => {
      const files: Files = { 'dump.rdb': c.dump }
      const redis = await refusal('redis-server', files, c.args)
      const ours = await refusal('rcl-node', files, c.args)
      assert.notEqual(redis.status, 0, redis.lines.join('\n'))
      assert.equal(ours.status, 1, ours.lines.join('\n'))
      const cut = redis.lines.findIndex((l) => BUG_REPORT.test(l))
      assertRedisLinesKept(cut < 0 ? redis.lines : redis.lines.slice(0, cut), ours.lines)
      assert.deepEqual(ours.after, asBuffers(files))
    })
  }

  it('loads a file whose checksum does not match when rdbchecksum is no, as Redis does', async () => {
    for (const command of ['redis-server', undefined]) {
      const dir = mkdtempSync(join(tmpdir(), 'rcl-nochecksum-'))
      try {
        writeFileSync(join(dir, 'dump.rdb'), changed(GOOD.length - 4, '\x00'))
        const n = await startNode(['--rdbchecksum', 'no'], command, dir)
        const c = client(n.port)
        try {
          assert.equal(await c.get('greeting'), 'hello world')
        } finally {
          c.disconnect()
        }
      } finally {
        await stopAll()
        rmSync(dir, { recursive: true, force: true })
      }
    }
  })
})
