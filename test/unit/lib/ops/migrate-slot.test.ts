import { strict as assert } from 'node:assert'
import { describe, it } from 'node:test'
import { migrateSlot } from '../../../../src/lib/ops/migrate-slot.js'
import type { NodeClient } from '../../../../src/lib/redis-client.js'

/** A node that records its commands and answers them with `answer` (which may throw a node's error). */
function fakeNode(port: number, answer: (args: string[]) => unknown = () => 'OK'): NodeClient & { log: string[] } {
  const log: string[] = []
  const call = async (...args: Array<string | number | Buffer>): Promise<unknown> => {
    const words = args.map(String)
    log.push(words.join(' '))
    return answer(words)
  }
  return { addr: { host: '127.0.0.1', port }, log, call, callBuffer: call, close: () => undefined }
}

const OPTS = { pipeline: 10, timeoutMs: 1000, replace: false }
const emptySlot = (args: string[]): unknown => (args[1] === 'GETKEYSINSLOT' ? [] : 'OK')

describe('migrateSlot', () => {
  it('tells the target, then the source, then the others the new owner', async () => {
    const source = fakeNode(7000, emptySlot)
    const target = fakeNode(7001)
    const other = fakeNode(7002)
    const pending: Array<Promise<unknown>> = []
    await migrateSlot(5, { source: { id: 'S', client: source }, target: { id: 'T', host: '127.0.0.1', port: 7001, client: target }, others: [other] }, OPTS, pending)
    await Promise.all(pending)
    assert.deepEqual(target.log, ['CLUSTER SETSLOT 5 IMPORTING S', 'CLUSTER SETSLOT 5 NODE T'])
    assert.deepEqual(source.log, ['CLUSTER SETSLOT 5 MIGRATING T', 'CLUSTER GETKEYSINSLOT 5 1000', 'CLUSTER SETSLOT 5 NODE T'])
    assert.deepEqual(other.log, ['CLUSTER SETSLOT 5 NODE T'])
  })

  it('accepts a source that became a replica on losing its last slot, and no other refusal', async () => {
    const ends = (refusal: string): Parameters<typeof migrateSlot>[1] => ({
      source: { id: 'S', client: fakeNode(7000, (a) => { if (a[3] === 'NODE') throw new Error(refusal); return emptySlot(a) }) },
      target: { id: 'T', host: '127.0.0.1', port: 7001, client: fakeNode(7001) },
      others: [],
    })
    assert.equal(await migrateSlot(9, ends('ERR Please use SETSLOT only with masters.'), OPTS, []), 0)
    await assert.rejects(migrateSlot(9, ends('ERR Unknown node T'), OPTS, []), /Unknown node T/)
  })
})
