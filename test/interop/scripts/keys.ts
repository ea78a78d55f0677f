import type { Script } from '../script.js'
import { lines } from '../script.js'

export const scripts: Script[] = [
  {
    name: 'DEL, UNLINK, EXISTS, TOUCH',
    steps: lines(
      'MSET a 1 b 2 c 3', 'EXISTS a a b nope', 'DEL a a nope', 'UNLINK b c', 'EXISTS a b c', 'DBSIZE',
      'SET x 1', 'TOUCH x y x', 'DEL', 'UNLINK', 'EXISTS', 'TOUCH', 'DBSIZE extra',
    ),
  },
  {
    name: 'TYPE',
    steps: lines('SET s v', 'ZADD z 1 m', 'TYPE s', 'TYPE z', 'TYPE nope', 'TYPE', 'TYPE a b'),
  },
  {
    name: 'RENAME and RENAMENX',
    steps: lines(
      'SET a v EX 100', 'SET b old', 'RENAME a b', 'GET b', 'TTL b', 'EXISTS a', 'RENAME nope x', 'RENAME nope nope',
      'RENAME b b', 'RENAMENX b b', 'SET c 1', 'RENAMENX b c', 'RENAMENX b d', 'GET d', 'TTL d', 'RENAME a', 'RENAMENX a b c',
      'ZADD z 1 m', 'RENAME z z2', 'TYPE z2', 'ZSCORE z2 m',
    ),
  },
  {
    name: 'COPY',
    steps: lines(
      'SET a v EX 100', 'COPY a b', 'GET b', 'TTL b', 'SET a w', 'COPY a b', 'COPY a b REPLACE', 'GET b', 'TTL b',
      'COPY nope b', 'COPY a a', 'COPY a a DB 0', 'COPY a a DB 1', 'SELECT 1', 'GET a', 'SELECT 0',
      'COPY a c DB 16', 'COPY a c DB -1', 'COPY a c DB x', 'COPY a c DB', 'COPY a c FOO', 'COPY a c DB 16 FOO',
      'COPY a c REPLACE REPLACE', 'COPY nope nope', 'COPY a', 'ZADD z 1 m 2 n', 'COPY z z2', 'ZADD z 3 o', 'ZCARD z2', 'ZCARD z',
    ),
  },
  {
    name: 'MOVE',
    steps: lines(
      'SET a v EX 100', 'MOVE a 1', 'EXISTS a', 'SELECT 1', 'GET a', 'TTL a', 'SELECT 0', 'SET a other', 'MOVE a 1',
      'MOVE nope 1', 'MOVE a 0', 'MOVE a 16', 'MOVE a -1', 'MOVE a x', 'MOVE a 99999999999', 'MOVE a', 'GET a',
    ),
  },
  {
    name: 'SWAPDB',
    steps: lines(
      'SET a zero', 'SELECT 1', 'SET b one', 'SWAPDB 0 1', 'GET a', 'GET b', 'SELECT 0', 'GET b', 'SWAPDB 0 0',
      'SWAPDB 0 16', 'SWAPDB -1 0', 'SWAPDB x 0', 'SWAPDB 0 x', 'SWAPDB 0 99999999999', 'SWAPDB 0', 'DBSIZE',
      'SWAPDB 1 0', 'GET a', 'GET b',
    ),
  },
  {
    name: 'FLUSHDB and FLUSHALL',
    steps: lines(
      'SET a 1', 'SELECT 1', 'SET b 1', 'FLUSHDB', 'DBSIZE', 'SELECT 0', 'DBSIZE', 'FLUSHDB ASYNC', 'FLUSHDB sync',
      'FLUSHDB now', 'FLUSHDB async sync', 'SET a 1', 'FLUSHALL SYNC', 'DBSIZE', 'FLUSHALL async', 'FLUSHALL x',
      'FLUSHALL sync async',
    ),
  },
  {
    name: 'FLUSHALL fails a WATCHed transaction',
    steps: lines('SET w 1', 'WATCH w', 'FLUSHALL', 'MULTI', 'GET w', 'EXEC'),
  },
  {
    name: 'KEYS',
    steps: [
      ...lines('MSET user:1 a user:2 b other c u[x] d hello e hallo f'),
      { argv: ['KEYS', '*'], unordered: true },
      { argv: ['KEYS', 'user:*'], unordered: true },
      { argv: ['KEYS', 'h?llo'], unordered: true },
      { argv: ['KEYS', 'h[ae]llo'], unordered: true },
      { argv: ['KEYS', 'h[^e]llo'], unordered: true },
      { argv: ['KEYS', 'u\\[x\\]'], unordered: true },
      ...lines('KEYS nothing*', 'KEYS', 'KEYS a b'),
    ],
  },
  {
    name: 'KEYS skips expired keys',
    steps: [...lines('SET live v', 'SET dead v PX 50'), { argv: ['KEYS', '*'], sleepMs: 150 }],
  },
  {
    name: 'SCAN small keyspaces in one call',
    steps: [
      ...lines('SCAN 0', 'MSET a1 v a2 v b1 v', 'ZADD az 1 m'),
      { argv: ['SCAN', '0'], unordered: 2 },
      { argv: ['SCAN', '0', 'COUNT', '100'], unordered: 2 },
      { argv: ['SCAN', '0', 'MATCH', 'a*'], unordered: 2 },
      { argv: ['SCAN', '0', 'match', 'a*', 'COUNT', '1000', 'TYPE', 'string'], unordered: 2 },
      { argv: ['SCAN', '0', 'TYPE', 'ZSET'], unordered: 2 },
      { argv: ['SCAN', '0', 'TYPE', 'nosuchtype'], unordered: 2 },
      { argv: ['SCAN', '0', 'MATCH', 'a*', 'MATCH', 'b*'], unordered: 2 },
      { argv: ['SCAN', '', 'COUNT', '100'], unordered: 2 },
      { argv: ['SCAN', '00', 'COUNT', '100'], unordered: 2 },
    ],
  },
  {
    name: 'SCAN errors',
    steps: lines(
      'SCAN x', 'SCAN 18446744073709551616', 'SCAN 0 COUNT 0', 'SCAN 0 COUNT -1', 'SCAN 0 COUNT x', 'SCAN 0 MATCH',
      'SCAN 0 TYPE', 'SCAN 0 FOO bar', 'SCAN 0 COUNT', 'SCAN', 'SCAN x COUNT 0', 'SCAN -',
    ),
  },
  {
    name: 'RANDOMKEY and DBSIZE',
    steps: lines('RANDOMKEY', 'DBSIZE', 'SET only v', 'RANDOMKEY', 'DBSIZE', 'RANDOMKEY x', 'DBSIZE x'),
  },
  {
    name: 'OBJECT',
    steps: [
      ...lines(
        'MSET i 123 neg -5 e hello big 123456 r xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx', 'ZADD z 1 m',
        'OBJECT ENCODING i', 'OBJECT ENCODING neg', 'OBJECT ENCODING e', 'OBJECT ENCODING r', 'OBJECT ENCODING z',
        'OBJECT ENCODING nope', 'OBJECT REFCOUNT i', 'OBJECT REFCOUNT neg', 'OBJECT REFCOUNT big', 'OBJECT REFCOUNT e',
        'OBJECT REFCOUNT z', 'OBJECT REFCOUNT nope'),
      // Redis's LRU clock ticks once a second, so 0 or 1 right after the write, on either server
      { argv: ['OBJECT', 'IDLETIME', 'e'], shapeOnly: true },
      ...lines('OBJECT IDLETIME nope', 'OBJECT FREQ e',
        'OBJECT FREQ nope', 'OBJECT HELP', 'object help', 'OBJECT HELP x', 'OBJECT', 'OBJECT FOO', 'OBJECT ENCODING',
        'OBJECT ENCODING a b'),
    ],
  },
  {
    name: 'keyspace events of generic commands (RESP3 push)',
    config: { 'notify-keyspace-events': 'KEA' },
    steps: [
      { argv: ['HELLO', '3'], shapeOnly: true },
      ...lines(
        'PSUBSCRIBE __keyevent@*', 'SET a v', 'RENAME a b', 'COPY b c', 'COPY c c DB 1', 'MOVE b 2', 'DEL c',
        'UNLINK nope', 'SET x 1', 'UNLINK x', 'SWAPDB 0 1', 'FLUSHALL', 'PING',
      ),
      // each push arrives ahead of the replies: extra steps read the queue down so every event is compared
      ...lines(...Array<string>(12).fill('PING')),
    ],
  },
  {
    name: 'generic commands over RESP3',
    steps: [
      { argv: ['HELLO', '3'], shapeOnly: true },
      ...lines('SET a v', 'TYPE a', 'TYPE nope', 'EXISTS a', 'RANDOMKEY', 'OBJECT ENCODING a', 'OBJECT ENCODING nope', 'SCAN 0', 'KEYS *'),
    ],
  },
]
