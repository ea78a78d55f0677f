// A cluster node in this process: SELECT/MOVE/SWAPDB/COPY refusals with Redis 7.0.15's texts (checked
// against redis-server in cluster mode), CLUSTER RESET and SET-CONFIG-EPOCH inside MULTI, and CLUSTER
// ADDSLOTS with all 16384 slots in one call.
import { strict as assert } from 'node:assert'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before, describe, it } from 'node:test'
import type Redis from 'ioredis'
import { client } from '../helpers/client.js'
import { type InProc, startServer } from '../helpers/in-proc-server.js'
import { waitFor } from '../helpers/wait.js'

const dir = mkdtempSync(join(tmpdir(), 'rcl-cluster-db-'))
let srv: InProc
let c: Redis
before(async () => {
  srv = await startServer({ 'cluster-enabled': 'yes', 'cluster-port': '0', 'cluster-config-file': join(dir, 'nodes.conf'), dir })
  c = client(srv.port)
})
after(async () => {
  c.disconnect()
  await srv.stop()
  rmSync(dir, { recursive: true, force: true })
})

describe('databases in cluster mode', () => {
  it('SELECT accepts 0 only; other indexes are refused before any range check, as Redis does', async () => {
    assert.equal(await c.select(0), 'OK')
    for (const db of ['1', '99', '-1']) await assert.rejects(c.call('SELECT', db), /^ReplyError: ERR SELECT is not allowed in cluster mode$/)
    await assert.rejects(c.call('SELECT', 'x'), /^ReplyError: ERR value is not an integer or out of range$/)
  })

  it('MOVE, SWAPDB and COPY ... DB n are refused with Redis words once the slot is served', async () => {
    await c.cluster('ADDSLOTSRANGE', 0, 16383)
    await waitFor('cluster_state:ok', async () => (await c.cluster('INFO') as string).includes('cluster_state:ok'), 5000)
    await assert.rejects(c.call('SWAPDB', '0', '1'), /^ReplyError: ERR SWAPDB is not allowed in cluster mode$/)
    for (const db of ['0', '1', 'x']) await assert.rejects(c.call('MOVE', 'k', db), /^ReplyError: ERR MOVE is not allowed in cluster mode$/)
    await c.set('{a}a', '1')
    await assert.rejects(c.call('COPY', '{a}a', '{a}b', 'DB', '1'), /^ReplyError: ERR Copying to another database is not allowed in cluster mode$/)
    await assert.rejects(c.call('COPY', '{a}a', '{a}b', 'DB', '99'), /^ReplyError: ERR DB index is out of range$/)
    await assert.rejects(c.call('COPY', '{a}a', '{a}b', 'DB', 'x'), /^ReplyError: ERR value is not an integer or out of range$/)
    assert.equal(await c.call('COPY', '{a}a', '{a}b', 'DB', '0'), 1)
    await c.flushall()
  })
})

describe('CLUSTER commands in MULTI and with many arguments', () => {
  it('CLUSTER RESET and SET-CONFIG-EPOCH are queued and run by EXEC', async () => {
    const r = await c.multi().cluster('RESET').cluster('SET-CONFIG-EPOCH', 5).cluster('RESET', 'HARD').cluster('SET-CONFIG-EPOCH', 7).exec()
    assert.deepEqual(r, [[null, 'OK'], [null, 'OK'], [null, 'OK'], [null, 'OK']])
    assert.match(await c.cluster('NODES') as string, / myself,master - 0 0 7 connected\n$/)
    assert.equal((await c.cluster('INFO') as string).match(/cluster_current_epoch:(\d+)/)?.[1], '7')
  })

  it('CLUSTER ADDSLOTS takes all 16384 slots in one call, quickly', async () => {
    const slots = Array.from({ length: 16384 }, (_, i) => i)
    const t0 = performance.now()
    assert.equal(await c.cluster('ADDSLOTS', ...slots), 'OK')
    const ms = performance.now() - t0
    await assert.rejects(c.cluster('ADDSLOTS', ...slots), /^ReplyError: ERR Slot 0 is already busy$/)
    assert.equal(await c.cluster('DELSLOTS', ...slots), 'OK')
    assert.equal((await c.cluster('INFO') as string).match(/cluster_slots_assigned:(\d+)/)?.[1], '0')
    console.log(`# CLUSTER ADDSLOTS of 16384 slots: ${ms.toFixed(1)} ms`)
    assert.ok(ms < 1000, `ADDSLOTS of 16384 slots took ${ms} ms`)
  })
})
