// The requests the differential loading tests send to a server that is still loading its dataset, and
// how they read the answers: replies byte for byte, INFO persistence by field names.
import { cmd, exchange } from '../helpers/resp.js'

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
