// A second client writing while a test breaks and heals replication links: pipelined plain writes, a
// transaction, and writes in another db, until stopped.
import { setTimeout as sleep } from 'node:timers/promises'
import { client } from './client.js'

/** Writes until stopped, in pipelines: SETs, an INCR, list pushes, a hash, a MULTI/EXEC, and writes in db 1. */
export function writeLoad(port: number): { stop: () => Promise<number>; batches: () => number } {
  const c0 = client(port)
  const c1 = client(port, { db: 1 })
  let running = true
  let batches = 0
  const loop = (async (): Promise<void> => {
    while (running) {
      const p = c0.pipeline()
      for (let i = 0; i < 20; i++) p.set(`k:${(batches * 20 + i) % 500}`, `v${batches}`)
      p.incr('counter').rpush('list', String(batches)).hset('h', `f${batches % 50}`, String(batches))
      await p.exec()
      await c0.multi().incr('in-multi').lpush('list2', String(batches)).exec()
      await c1.set(`db1:${batches % 100}`, String(batches))
      batches++
      await sleep(1)
    }
  })()
  return {
    batches: () => batches,
    stop: async () => {
      running = false
      await loop
      c0.disconnect()
      c1.disconnect()
      return batches
    },
  }
}
