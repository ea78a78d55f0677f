// Shrunk sequences the fuzzer found that need its runner to replay (a second client, "@1 ..."): each
// is run by fuzz-regressions.test.ts and must show no difference. Single-client finds live in
// ../scripts/fuzz-found.ts, where the plain differential suite replays them.
import type { Sequence } from './generator.js'
import { readFileSync } from 'node:fs'

const payloads: Record<string, string> = JSON.parse(readFileSync(new URL('./dump-payloads.json', import.meta.url), 'utf8'))

export interface Regression {
  name: string
  steps: string[][]
}

const l = (...lines: string[]): string[][] => lines.map((x) => x.split(' '))

export const REGRESSIONS: Regression[] = [
  {
    name: 'a client blocked on several keys is served from the key made ready first (seed 89)',
    steps: l('MULTI', 'BITFIELD h INCRBY u8 0 5', '@1 BLMPOP 0.0 3 h g d LEFT', 'RPUSH d -2147483648', 'DEL h', 'RPUSH h 9223372036854775808', 'EXEC',
      'LLEN d', 'LLEN h'),
  },
  {
    name: 'a ready key of another type is skipped: the client is served from its other key',
    steps: l('@1 BLPOP a b 0', 'MULTI', 'SET a x', 'RPUSH b 1', 'EXEC', '@1 PING', 'LLEN b',
      '@1 BLPOP c d 0', 'MULTI', 'RPUSH d 1', 'RPUSH c 2', 'EXEC', '@1 PING', 'LLEN c', 'LLEN d'),
  },
  {
    name: 'overwriting an existing key of another type wakes no blocked client (seed 864)',
    steps: l('SADD c 01', 'RPUSH e 0', '@1 BZPOPMAX f 0.0', 'RENAME e f', 'ZUNIONSTORE f 1 c', 'SREM f -1', 'TYPE f'),
  },
  {
    name: 'a STORE over a string a client waits on does not serve it; deleting and re-adding does (seed 1229)',
    steps: l('SADD h 0', 'ZDIFFSTORE b 1 h', 'RENAME b d', '@1 BZPOPMIN a 0', 'SET a \x00', 'ZUNIONSTORE a 1 d', 'ZCARD a',
      '@1 PING', '@1 BZPOPMIN a 0', 'DEL a', 'ZUNIONSTORE a 1 d', 'ZCARD a'),
  },
  {
    name: 'RENAME, COPY REPLACE and RESTORE REPLACE over a key of another type re-create it, which wakes a blocked client',
    steps: [...l('RPUSH src x y z', '@1 BLPOP w 0', 'SET w str', 'RENAME src w', '@1 PING', 'LLEN w',
      '@1 BLPOP v 0', 'SET v str', 'COPY w v REPLACE', '@1 PING', 'LLEN v', '@1 BLPOP u 0', 'SET u str'),
      ['RESTORE', 'u', '0', Buffer.from(payloads['list-small'], 'hex').toString('latin1'), 'REPLACE'], ...l('@1 PING', 'LLEN u')],
  },
]

export const asSequence = (r: Regression): Sequence => ({ seed: 0, steps: r.steps })
