import { strict as assert } from 'node:assert'
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, describe, it } from 'node:test'
import {
  writeNodesConfInPlace,
  NodesConfReadError, NodesConfWriteError, readNodesConf, saveClusterConfig, writeNodesConfAtomic,
} from '../../../../src/node/cluster/nodes-conf-file.js'
import { NodesConfError } from '../../../../src/node/cluster/nodes-conf.js'
import { ClusterState } from '../../../../src/node/cluster/state.js'

const A = 'a'.repeat(40)
const dir = mkdtempSync(join(tmpdir(), 'rcl-nodes-conf-'))
after(() => rmSync(dir, { recursive: true, force: true }))
let n = 0
const fresh = (): string => join(dir, `nodes-${++n}.conf`)

describe('readNodesConf', () => {
  it('treats a missing or empty file as a fresh node, as Redis does', () => {
    const p = fresh()
    assert.deepEqual(readNodesConf(p), { kind: 'fresh' })
    writeFileSync(p, '')
    assert.deepEqual(readNodesConf(p), { kind: 'fresh' })
  })

  it('loads a valid file', () => {
    const p = fresh()
    writeFileSync(p, `${A} 127.0.0.1:7000@17000 myself,master - 0 0 2 connected 0-16383\nvars currentEpoch 2 lastVoteEpoch 1\n`)
    const r = readNodesConf(p)
    assert.equal(r.kind, 'loaded')
    if (r.kind === 'loaded') assert.deepEqual([r.conf.nodes[0].id, r.conf.currentEpoch, r.conf.lastVoteEpoch], [A, 2, 1])
  })

  it('refuses a corrupted file and leaves it untouched', () => {
    const p = fresh()
    const text = `${A} 127.0.0.1:7000@17000 myself,bogus - 0 0 0 connected\nvars currentEpoch 0 lastVoteEpoch 0\n`
    writeFileSync(p, text)
    const before = statSync(p)
    assert.throws(() => readNodesConf(p), NodesConfError)
    assert.equal(readFileSync(p, 'latin1'), text)
    assert.equal(statSync(p).mtimeMs, before.mtimeMs)
  })

  it("reports an unreadable file with Redis's words", () => {
    const p = fresh()
    mkdirSync(p)
    assert.throws(() => readNodesConf(p), (e: unknown) => e instanceof NodesConfReadError &&
      e.message === `Loading the cluster node config from ${p}: Is a directory`)
  })
})

describe('writeNodesConfAtomic', () => {
  it('replaces the file through a rename and leaves no temp file', () => {
    const p = fresh()
    writeFileSync(p, 'x'.repeat(500) + '\n')
    const inode = statSync(p).ino
    writeNodesConfAtomic(p, 'short\n')
    assert.equal(readFileSync(p, 'latin1'), 'short\n') // no '\n' padding left from the longer old file
    assert.notEqual(statSync(p).ino, inode)
    assert.deepEqual(readdirSync(dir).filter((f) => f.includes('.tmp-')), [])
    assert.equal(statSync(p).mode & 0o777, 0o644 & ~process.umask())
  })

  it('writes without fsync when not asked to', () => {
    const p = fresh()
    writeNodesConfAtomic(p, 'abc\n', { fsync: false })
    assert.equal(readFileSync(p, 'latin1'), 'abc\n')
  })

  it('saves a cluster state as nodes.conf', () => {
    const p = fresh()
    const s = ClusterState.fresh(A, 0)
    s.currentEpoch = 4
    saveClusterConfig(p, s)
    assert.equal(readFileSync(p, 'latin1'), `${A} :0@0 myself,master - 0 0 0 connected\nvars currentEpoch 4 lastVoteEpoch 0\n`)
  })

  it('fails with the SAVECONFIG error text and cleans up its temp file', () => {
    const p = join(dir, 'missing-dir', 'nodes.conf')
    assert.throws(() => writeNodesConfAtomic(p, 'abc\n'), (e: unknown) => e instanceof NodesConfWriteError &&
      e.message === 'error saving the cluster node config: No such file or directory')
    const target = fresh()
    mkdirSync(target) // rename over a directory fails after the temp file was written
    assert.throws(() => writeNodesConfAtomic(target, 'abc\n'), NodesConfWriteError)
    assert.deepEqual(readdirSync(dir).filter((f) => f.includes('.tmp-')), [])
  })
})

describe('writeNodesConfInPlace', () => {
  it('rewrites the same file, shorter or longer, and creates a missing one whole', () => {
    const dir = mkdtempSync(join(tmpdir(), 'rcl-inplace-'))
    try {
      const path = join(dir, 'nodes.conf')
      writeNodesConfInPlace(path, 'first version, quite long\n', { fsync: false })
      assert.equal(readFileSync(path, 'latin1'), 'first version, quite long\n')
      const inode = statSync(path).ino
      writeNodesConfInPlace(path, 'short\n', { fsync: false })
      assert.equal(readFileSync(path, 'latin1'), 'short\n', 'the padding is truncated away')
      writeNodesConfInPlace(path, 'a longer version than the one before\n')
      assert.equal(readFileSync(path, 'latin1'), 'a longer version than the one before\n')
      assert.equal(statSync(path).ino, inode, 'never replaced, only rewritten')
      assert.deepEqual(readdirSync(dir), ['nodes.conf'])
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
