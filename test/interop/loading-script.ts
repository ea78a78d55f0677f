// The requests the differential loading tests send to a server that is still loading its dataset, and
// how they read the answers: replies byte for byte, INFO persistence by field names.
import assert from 'node:assert/strict'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { client } from '../helpers/client.js'
import { startNode } from '../helpers/node-process.js'
import { cmd, exchange } from '../helpers/resp.js'
import { waitFor } from '../helpers/wait.js'

/** Commands with and without the `loading` flag, a transaction, and a few a monitoring tool sends. */
export const WHILE_LOADING: string[][] = [
  ['PING'], ['ECHO', 'hi'], ['GET', 'key:0'], ['SET', 'x', 'y'], ['DBSIZE'], ['SELECT', '1'], ['SELECT', '0'],
  ['CONFIG', 'GET', 'key-load-delay'], ['CLIENT', 'SETNAME', 'watcher'], ['CLIENT', 'GETNAME'],
  ['MULTI'], ['GET', 'key:0'], ['EXEC'], ['MULTI'], ['ECHO', 'in-tx'], ['EXEC'], ['PUBLISH', 'ch', 'm'],
  ['KEYS', '*'], ['BGSAVE'], ['SAVE'], ['FLUSHALL'], ['EXISTS', 'key:1'], ['REPLICAOF', 'NO', 'ONE'],
  ['SUBSCRIBE', 'ch'], ['PING'],
]

/** Sends WHILE_LOADING in one write and returns every reply byte, with the INFO persistence field names. */
export async function askWhileLoading(port: number): Promise<{ replies: string; infoFields: string[] }> {
  const info = await exchange(port, [cmd('INFO', 'persistence')], { idleMs: 1500, maxMs: 10_000 })
  const replies = await exchange(port, [Buffer.concat(WHILE_LOADING.map((argv) => cmd(...argv)))], { idleMs: 1500, maxMs: 10_000 })
  const infoFields = info.data.split('\r\n').filter((l) => l.includes(':')).map((l) => l.slice(0, l.indexOf(':')))
  return { replies: replies.data, infoFields }
}

type LoadingAnswers = Awaited<ReturnType<typeof askWhileLoading>>

/**
 * redis-server, then rcl-node, each started with `args` on files `write` puts in a fresh directory
 * (kept in `dirs` for the caller to remove): WHILE_LOADING asked during the load, and all `keys` there
 * after it. Returns [redis's answers, rcl-node's].
 */
export async function askBothWhileLoading(write: (dir: string) => void, args: string[], keys: number, dirs: string[]): Promise<[LoadingAnswers, LoadingAnswers]> {
  const seen: LoadingAnswers[] = []
  for (const command of ['redis-server', undefined]) {
    const dir = mkdtempSync(join(tmpdir(), 'rcl-interop-loading-'))
    dirs.push(dir)
    write(dir)
    const n = await startNode(args, command, dir, undefined, true)
    const got = await askWhileLoading(n.port)
    seen.push(got)
    assert.ok(got.infoFields.includes('loading_loaded_bytes'), `${command ?? 'rcl-node'} was still loading: ${got.infoFields.join(' ')}`)
    const c = client(n.port)
    try {
      await waitFor('the load to end', async () => (await c.ping().catch(() => 'LOADING')) === 'PONG', 60_000, 50)
      assert.equal(await c.dbsize(), keys)
    } finally {
      c.disconnect()
    }
  }
  return [seen[0], seen[1]]
}
