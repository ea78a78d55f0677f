// ConfigSaver: background nodes.conf saves that collapse, never go backwards, and finish on close.
import { describe, it, afterEach } from 'node:test'
import assert from 'node:assert/strict'
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ConfigSaver, removeStaleTemps, SAVE_SPACING_MS } from '../../../../src/node/cluster/config-saver.js'
import { statSync, writeFileSync } from 'node:fs'
import { FakeClock } from '../../../helpers/fake-clock.js'

const dirs: string[] = []
afterEach(() => { for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true, maxRetries: 5 }) })

function saver(clock?: FakeClock): { s: ConfigSaver; path: string; set: (t: string) => void; fatal: Error[] } {
  const dir = mkdtempSync(join(tmpdir(), 'rcl-saver-'))
  dirs.push(dir)
  const path = join(dir, 'nodes.conf')
  let text = 'v0\n'
  const fatal: Error[] = []
  const time = clock === undefined ? undefined : { clock, timers: clock }
  return { s: new ConfigSaver(path, () => text, (e) => fatal.push(e), time), path, set: (t) => { text = t }, fatal }
}

const settle = (): Promise<void> => new Promise((r) => setTimeout(r, 50))

describe('ConfigSaver', () => {
  it('writes the newest state once the requests made meanwhile collapse', async () => {
    const { s, path, set, fatal } = saver()
    for (let i = 1; i <= 20; i++) { set(`v${i}\n`); s.request(false) }
    const content = (): string => { try { return readFileSync(path, 'latin1') } catch { return '' } }
    for (let i = 0; i < 20 && content() !== 'v20\n'; i++) await settle()
    assert.equal(readFileSync(path, 'latin1'), 'v20\n')
    assert.deepEqual(readdirSync(join(path, '..')), ['nodes.conf'])
    assert.deepEqual(fatal, [])
  })

  it('lets no background write land over a later synchronous save', async () => {
    const { s, path, set } = saver()
    set('old\n')
    s.request(false)
    set('new\n')
    s.saveNow(false)
    await settle()
    assert.equal(readFileSync(path, 'latin1'), 'new\n')
    assert.deepEqual(readdirSync(join(path, '..')), ['nodes.conf'])
  })

  it('writes a pending save synchronously on close, and the write in flight leaves no temp file', async () => {
    const { s, path, set } = saver()
    s.saveNow(false)
    set('last\n')
    s.request(true)
    s.close()
    assert.equal(readFileSync(path, 'latin1'), 'last\n')
    await s.whenIdle()
    assert.deepEqual(readdirSync(join(path, '..')), ['nodes.conf'])
    assert.equal(readFileSync(path, 'latin1'), 'last\n')
  })

  it('writes a lone change at once, and holds a burst back to one write per spacing', async () => {
    const clock = new FakeClock(1_000_000)
    const { s, path, set } = saver(clock)
    set('first\n')
    s.request(false)
    await s.whenIdle()
    assert.equal(readFileSync(path, 'latin1'), 'first\n', 'a change with no save before it is written without waiting')
    clock.advance(SAVE_SPACING_MS - 1)
    for (let i = 2; i <= 5; i++) { set(`v${i}\n`); s.request(i === 3) }
    await settle()
    assert.equal(readFileSync(path, 'latin1'), 'first\n', 'a save within the spacing of the last one waits')
    clock.advance(1)
    await s.whenIdle()
    assert.equal(readFileSync(path, 'latin1'), 'v5\n', 'the held-back requests collapse into one write of the newest state')
    assert.equal(clock.pending, 0)
  })

  it('writes a save a command asked for at once, in place, even within the spacing, taking what was held back along', async () => {
    const clock = new FakeClock(0)
    const { s, path, set } = saver(clock)
    s.request(false)
    await s.whenIdle()
    set('learnt from the bus\n')
    s.request(false)
    await settle()
    assert.equal(readFileSync(path, 'latin1'), 'v0\n', 'held back by the spacing')
    const inode = statSync(path).ino
    set('a command changed it\n')
    s.request(false, true)
    assert.equal(readFileSync(path, 'latin1'), 'a command changed it\n', 'written before request() returns')
    assert.equal(statSync(path).ino, inode, 'the same file, rewritten in place')
    assert.equal(clock.pending, 0, 'the deferred start was cancelled')
    await settle()
    assert.equal(readFileSync(path, 'latin1'), 'a command changed it\n')
  })

  it('writes a held-back save synchronously on close', async () => {
    const clock = new FakeClock(0)
    const { s, path, set } = saver(clock)
    s.request(false)
    await s.whenIdle()
    set('held\n')
    s.request(false)
    s.close()
    assert.equal(readFileSync(path, 'latin1'), 'held\n')
    assert.equal(clock.pending, 0, 'the deferred start is cancelled')
  })

  it('reports a write that fails', async () => {
    const { fatal } = saver()
    const bad = new ConfigSaver('/nonexistent-dir/nodes.conf', () => 'x\n', (e) => fatal.push(e))
    bad.request(false)
    for (let i = 0; i < 20 && fatal.length === 0; i++) await settle()
    assert.equal(fatal.length, 1)
    assert.match(fatal[0].message, /error saving the cluster node config: No such file or directory/)
  })

  it('removes temp files a stopped node left, and nothing else', () => {
    const { path } = saver()
    const dir = join(path, '..')
    writeFileSync(path, 'x\n')
    writeFileSync(`${path}.tmp-123-4`, 'half')
    writeFileSync(join(dir, 'other.conf.tmp-1-1'), 'keep')
    removeStaleTemps(path)
    assert.deepEqual(readdirSync(dir).sort(), ['nodes.conf', 'other.conf.tmp-1-1'])
  })
})
