// AofWriter against real files: SELECT only when the db changes, a failed write keeps its data for the
// next try and says so once, and a new file starts with its own SELECT.
import { describe, it, after } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, openSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { AofWriter, type FsyncPolicy } from '../../../../src/node/persistence/aof-writer.js'
import { readAofCommands } from '../../../../src/node/persistence/aof-commands.js'

const dir = mkdtempSync(join(tmpdir(), 'rcl-aof-writer-'))
const commandsIn = (path: string): string[] => {
  const out: string[] = []
  readAofCommands(readFileSync(path), (argv) => out.push(argv.join(' ')))
  return out
}

describe('AofWriter', () => {
  after(() => rmSync(dir, { recursive: true, force: true }))

  it('writes SELECT only when the db changes, and a new file starts with one', () => {
    const first = join(dir, 'a.aof')
    const second = join(dir, 'b.aof')
    const w = new AofWriter(openSync(first, 'a'), 0, { policy: () => 'always', annotation: () => null, writeStatus: () => undefined })
    w.feed(0, [['SET', 'a', '1']])
    w.feed(0, [['SET', 'b', '2']])
    w.feed(2, [['DEL', 'c'], ['SET', 'c', '3']])
    w.flush()
    assert.equal(w.fileSize, readFileSync(first).length)
    w.switchTo(openSync(second, 'a'))
    w.feed(2, [['INCR', 'n']])
    w.close()
    assert.deepEqual(commandsIn(first), ['SELECT 0', 'SET a 1', 'SET b 2', 'SELECT 2', 'DEL c', 'SET c 3'])
    assert.deepEqual(commandsIn(second), ['SELECT 2', 'INCR n'])
  })

  it('keeps what a failed write could not put down, reports it, and reports the recovery', () => {
    const path = join(dir, 'ro.aof')
    writeFileSync(path, '')
    const events: string[] = []
    const policy: FsyncPolicy = 'everysec'
    // a descriptor opened read-only makes every write fail (EBADF), as a full disk would
    const w = new AofWriter(openSync(path, 'r'), 0, { policy: () => policy, annotation: () => null, writeStatus: (e) => events.push(e === null ? 'ok' : (e as NodeJS.ErrnoException).code ?? 'err') })
    w.feed(0, [['SET', 'k', 'v']])
    w.flush()
    w.flush()
    assert.deepEqual(events, ['EBADF', 'EBADF'])
    assert.ok(w.bufferLength > 0)
    const good = join(dir, 'good.aof')
    w.switchTo(openSync(good, 'a'))
    assert.deepEqual(events, ['EBADF', 'EBADF', 'EBADF'], 'switching files flushes first, and fails again')
    w.flush()
    assert.deepEqual(events.slice(3), ['ok'])
    assert.equal(w.bufferLength, 0)
    w.close()
    assert.deepEqual(commandsIn(good), ['SELECT 0', 'SET k v'])
  })
})
