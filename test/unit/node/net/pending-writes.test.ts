import { describe, it } from 'node:test'
import assert from 'node:assert/strict'
import { setImmediate as nextTurn } from 'node:timers/promises'
import { PendingWrites, type PendingWriter } from '../../../../src/node/net/pending-writes.js'

describe('PendingWrites', () => {
  it('writes nothing during the turn, then every queued connection once, in queue order', async () => {
    const pending = new PendingWrites()
    const written: string[] = []
    const writer = (name: string): PendingWriter => ({ writePending: () => { written.push(name) } })
    pending.add(writer('a'))
    pending.add(writer('b'))
    assert.deepEqual(written, [])
    await nextTurn()
    assert.deepEqual(written, ['a', 'b'])
    await nextTurn()
    assert.deepEqual(written, ['a', 'b'], 'a writer is not written again unless queued again')
  })

  it('writes a connection queued while the batch runs (a reply to a client woken by another)', async () => {
    const pending = new PendingWrites()
    const written: string[] = []
    const late: PendingWriter = { writePending: () => { written.push('late') } }
    pending.add({ writePending: () => { written.push('first'); pending.add(late) } })
    await nextTurn()
    await nextTurn()
    assert.deepEqual(written, ['first', 'late'])
  })
})
