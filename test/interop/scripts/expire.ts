import type { Script } from '../script.js'
import { lines } from '../script.js'

/** 2100-01-01T00:00:00Z: a fixed future time, so absolute expiries read back identically on both servers. */
const T = '4102444800'

export const scripts: Script[] = [
  {
    name: 'EXPIRE family and TTL readers',
    steps: [
      ...lines(
        'SET k v', 'TTL k', 'PTTL k', 'EXPIRETIME k', 'PEXPIRETIME k', 'EXPIRE k 100', 'TTL k', 'PEXPIRE k 100000', 'TTL k',
        `EXPIREAT k ${T}`, 'EXPIRETIME k', 'PEXPIRETIME k', `PEXPIREAT k ${T}123`, 'PEXPIRETIME k', 'EXPIRETIME k',
        'TTL nope', 'PTTL nope', 'EXPIRETIME nope', 'PEXPIRETIME nope', 'EXPIRE nope 10', 'PEXPIREAT nope 10',
      ),
      { argv: ['PTTL', 'k'], shapeOnly: true },
    ],
  },
  {
    name: 'NX XX GT LT',
    steps: lines(
      'SET k v', 'EXPIRE k 100 XX', 'EXPIRE k 100 GT', 'EXPIRE k 100 LT', 'PERSIST k', 'EXPIRE k 100 NX', 'EXPIRE k 200 NX',
      'EXPIRE k 50 GT', 'EXPIRE k 200 gt', 'TTL k', 'EXPIRE k 300 LT', 'EXPIRE k 10 lt xx', 'TTL k', 'EXPIRE k 10 XX XX',
      'EXPIRE k 20 GT XX', 'EXPIRE nope 10 NX', 'PEXPIRE k 5000 LT', 'TTL k', `PEXPIREAT k ${T}000 GT`, 'EXPIRETIME k',
      `EXPIREAT k ${T} LT`,
    ),
  },
  {
    name: 'option and time errors',
    steps: lines(
      'SET k v', 'EXPIRE k 10 NX XX', 'EXPIRE k 10 NX GT', 'EXPIRE k 10 NX LT', 'EXPIRE k 10 GT LT', 'EXPIRE k 10 foo',
      'EXPIRE k abc foo', 'EXPIRE k abc', 'EXPIRE k 1.5', 'EXPIRE k ""', 'EXPIRE k 9223372036854775807',
      'EXPIRE k -9223372036854775808', 'EXPIRE k 9223372036854775', 'PEXPIRE k 9223372036854775807',
      'EXPIREAT k 9223372036854776', 'PEXPIREAT k abc', 'EXPIRE k', 'PEXPIRE', 'EXPIREAT k', 'TTL', 'PTTL a b',
      'EXPIRETIME', 'PEXPIRETIME a b', 'PERSIST', 'PERSIST a b', 'TTL k', 'EXISTS k',
    ),
  },
  {
    name: 'a time in the past deletes the key',
    steps: lines(
      'SET k v', 'EXPIRE k -1', 'EXISTS k', 'SET k v', 'PEXPIRE k 0', 'EXISTS k', 'SET k v', 'EXPIREAT k 1', 'GET k',
      'SET k v', 'PEXPIREAT k 1 NX', 'EXISTS k', 'SET k v EX 100', 'EXPIRE k -5 NX', 'EXPIRE k -5 LT', 'EXISTS k',
    ),
  },
  {
    name: 'PERSIST',
    steps: lines('SET k v EX 100', 'PERSIST k', 'TTL k', 'PERSIST k', 'PERSIST nope', `EXPIREAT k ${T}`, 'PERSIST k', 'EXPIRETIME k'),
  },
  {
    name: 'expiry on access and by the active cycle',
    steps: [
      ...lines('SET a v PX 100', 'SET b v PX 100', 'SET c v PX 100', 'SET keep v', 'DBSIZE'),
      { argv: ['GET', 'a'], sleepMs: 200 },
      { argv: ['TTL', 'a'] },
      { argv: ['DBSIZE'], sleepMs: 1000 },
      ['KEYS', '*'],
    ],
  },
  {
    name: 'SET and GETSET clear a TTL, TTL rounds to the nearest second',
    steps: lines('SET k v EX 100', 'SET k w', 'TTL k', 'PEXPIRE k 1499', 'TTL k', 'PEXPIRE k 2700', 'TTL k'),
  },
  {
    name: 'expire events (RESP3 push)',
    config: { 'notify-keyspace-events': 'KEA' },
    steps: [
      { argv: ['HELLO', '3'], shapeOnly: true },
      ...lines(
        // EXPIRE itself is left out: Redis writes its reply before the "expire" push (see the report)
        'PSUBSCRIBE __keyevent@*', 'SET k v EX 100', 'PERSIST k', 'PERSIST k', 'EXPIRE k -1', 'SET k2 v',
        'EXPIRE k2 5 GT', 'SET k3 v PX 50',
      ),
      { argv: ['PING'], sleepMs: 1000 },
      // each push arrives ahead of the replies: extra steps read the queue down so every event is compared
      ...lines(...Array<string>(10).fill('PING')),
    ],
  },
]
