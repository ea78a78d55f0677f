// An append-only directory that cannot be loaded, rcl-node against redis-server 7.0: for a damaged
// command, an unknown command, a cut file without aof-load-truncated, a damaged or newer RDB base, a
// missing file and bad manifests, rcl-node writes every line Redis writes, exits 1, and leaves the
// files alone.
import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { writeRdbFile } from '../../src/node/persistence/rdb-file.js'
import { encodeCommand } from '../../src/node/resp/encoder.js'
import { asBuffers, assertRedisLinesKept, refusal, type Files } from './damaged-files.js'

const BASE = writeRdbFile(
  [['redis-ver', '7.0.15'], ['redis-bits', '64'], ['ctime', String(Math.floor(Date.now() / 1000))], ['used-mem', '965432'], ['aof-base', '1']],
  [{ db: 0, key: 'a', value: { type: 'string', value: 'from the base' }, expireAt: null, idle: null, freq: null }],
)
const INCR = [['SELECT', '0'], ['SET', 'b', '2'], ['RPUSH', 'l', 'x', 'y'], ['SET', 'c', '3']].map(encodeCommand).join('')
const MANIFEST = 'file appendonly.aof.1.base.rdb seq 1 type b\nfile appendonly.aof.1.incr.aof seq 1 type i\n'

function dir(change: { base?: Buffer; incr?: string | null; manifest?: string } = {}): Files {
  const files: Files = {
    'appendonlydir/appendonly.aof.1.base.rdb': change.base ?? BASE,
    'appendonlydir/appendonly.aof.manifest': change.manifest ?? MANIFEST,
  }
  if (change.incr !== null) files['appendonlydir/appendonly.aof.1.incr.aof'] = Buffer.from(change.incr ?? INCR, 'latin1')
  return files
}

function baseChanged(at: number, bytes: string): Buffer {
  const b = Buffer.from(BASE)
  Buffer.from(bytes, 'latin1').copy(b, at)
  return b
}

const CASES: Array<{ name: string; files: Files; args?: string[] }> = [
  { name: 'a line that is not a command', files: dir({ incr: INCR.replace('*3\r\n$3\r\nSET\r\n$1\r\nb', 'x3\r\n$3\r\nSET\r\n$1\r\nb') }) },
  { name: 'an argument without its length', files: dir({ incr: INCR.replace('$5\r\nRPUSH', 'x5\r\nRPUSH') }) },
  { name: 'an unknown command', files: dir({ incr: INCR.replace('RPUSH', 'RPUXH') }) },
  { name: 'a file cut short without aof-load-truncated', files: dir({ incr: INCR.slice(0, INCR.length - 4) }), args: ['--aof-load-truncated', 'no'] },
  { name: 'a base whose checksum does not match', files: dir({ base: baseChanged(BASE.length - 3, '\x00') }) },
  { name: 'a base cut short', files: dir({ base: BASE.subarray(0, 50) }) },
  { name: 'a base of a newer RDB version', files: dir({ base: baseChanged(5, '0011') }) },
  { name: 'a file the manifest names that is not there', files: dir({ incr: null }) },
  { name: 'a manifest line that is not one', files: dir({ manifest: `${MANIFEST}garbage line here\n` }) },
  { name: 'a manifest with two bases', files: dir({ manifest: `${MANIFEST}file appendonly.aof.2.base.rdb seq 2 type b\n` }) },
]

describe('append-only directories that cannot be loaded, compared with redis-server 7.0', () => {
  for (const c of CASES) {
    it(`logs Redis's lines for ${c.name}, exits 1 and leaves the files alone`, async () => {
      const args = ['--appendonly', 'yes', ...(c.args ?? [])]
      const redis = await refusal('redis-server', c.files, args)
      const ours = await refusal('rcl-node', c.files, args)
      assert.equal(redis.status, 1, redis.lines.join('\n'))
      assert.equal(ours.status, 1, ours.lines.join('\n'))
      assertRedisLinesKept(redis.lines, ours.lines)
      assert.deepEqual(ours.after, asBuffers(c.files))
    })
  }
})
