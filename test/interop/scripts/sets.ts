import type { Script, Step } from '../script.js'
import { lines } from '../script.js'

const ints = (n: number, from = 0): string[] => Array.from({ length: n }, (_, i) => String(from + i))
const unordered = (l: string, depth = 1): Step => ({ argv: l.split(' '), unordered: depth })
const shape = (l: string): Step => ({ argv: l.split(' '), shapeOnly: true })
const hello3: Step = { argv: ['HELLO', '3'], shapeOnly: true }

export const scripts: Script[] = [
  {
    name: 'SADD, SREM, SCARD, SISMEMBER, SMISMEMBER on an intset',
    steps: lines('SADD s 5 -3 10 0 5', 'SMEMBERS s', 'SCARD s', 'SISMEMBER s 10', 'SISMEMBER s 11', 'SISMEMBER s 010',
      'SISMEMBER s a', 'SMISMEMBER s 5 6 -3 a', 'SMISMEMBER nokey a b', 'SISMEMBER nokey a', 'SCARD nokey',
      'SREM s 5 7 -3 a 010', 'SMEMBERS s', 'SREM s 0 10', 'EXISTS s', 'SREM nokey a', 'OBJECT ENCODING s',
      'SADD s', 'SREM s', 'SCARD', 'SISMEMBER s', 'SMISMEMBER s', 'SMEMBERS'),
  },
  {
    name: 'set commands against the wrong type',
    steps: lines('SET str x', 'SADD str a', 'SREM str a', 'SCARD str', 'SISMEMBER str a', 'SMISMEMBER str a',
      'SMEMBERS str', 'SPOP str', 'SPOP str 2', 'SPOP str 0', 'SRANDMEMBER str', 'SRANDMEMBER str 2', 'SSCAN str 0',
      'SSCAN str x', 'SADD a 1', 'SINTER a str', 'SINTER nokey str', 'SINTER str nokey', 'SUNION a str', 'SDIFF str a',
      'SDIFF nokey str', 'SINTERSTORE d a str', 'SUNIONSTORE d str', 'SDIFFSTORE d nokey str', 'SINTERCARD 2 nokey str',
      'SMOVE str a 1', 'SMOVE a str 1', 'SMOVE nokey str 1', 'SMOVE a str 2', 'GET str', 'SMEMBERS a'),
  },
  {
    name: 'intset boundaries and conversions',
    steps: [
      ...lines('SADD s 9223372036854775807 -9223372036854775808', 'OBJECT ENCODING s', 'SMEMBERS s',
        'SADD t 9223372036854775808', 'OBJECT ENCODING t', 'SADD u -0', 'OBJECT ENCODING u', 'SADD v 01', 'OBJECT ENCODING v',
        'SADD w 1 2 a', 'OBJECT ENCODING w', 'SREM w a', 'OBJECT ENCODING w', 'SADD x +1', 'OBJECT ENCODING x',
        'SADD y 1', 'SADD y 1.0', 'OBJECT ENCODING y'),
      ['SADD', 'big', ...ints(512)], ...lines('OBJECT ENCODING big', 'SADD big 512', 'OBJECT ENCODING big', 'SCARD big'),
      ['SADD', 'big2', ...ints(513)], ...lines('OBJECT ENCODING big2'),
      ['SADD', 'bin', '\x00', 'a\r\nb'], unordered('SMEMBERS bin'),
    ],
  },
  {
    name: 'intset limit follows the config',
    config: { 'set-max-intset-entries': '3' },
    steps: lines('SADD s 3 1 2', 'OBJECT ENCODING s', 'SADD s 4', 'OBJECT ENCODING s', 'SADD a 1 2 3 4',
      'OBJECT ENCODING a', 'SADD b 1 2', 'SADD c 3 4', 'SUNIONSTORE d b c', 'OBJECT ENCODING d', 'SUNIONSTORE e b',
      'OBJECT ENCODING e', 'SMEMBERS e'),
  },
  {
    name: 'SMOVE',
    steps: [
      ...lines('SADD a 1 2 x', 'SMOVE a b 1', 'OBJECT ENCODING b', 'SMOVE a c x', 'OBJECT ENCODING c', 'SMOVE a b 9',
        'SMOVE nokey b 1', 'SMOVE a a 2', 'SMOVE a a 9', 'SADD b 2', 'SMOVE a b 2', 'EXISTS a', 'SMEMBERS b',
        'SMOVE b b 1', 'SMOVE b', 'SMOVE b c 1 2'),
    ],
  },
  {
    // keyspace events pushed to the client itself (RESP3): sadd only when the member was really added
    name: 'SMOVE keyspace events',
    config: { 'notify-keyspace-events': 'KEA' },
    steps: [
      { argv: ['HELLO', '3'], shapeOnly: true },
      ...lines('SUBSCRIBE __keyevent@0__:sadd __keyevent@0__:srem __keyevent@0__:del', 'SADD s1 5 x 7', 'SADD s2 5',
        'SMOVE s1 s2 5', 'SMOVE s1 s3 x', 'OBJECT ENCODING s3', 'SMOVE s1 s4 7', 'OBJECT ENCODING s4', 'SMOVE s2 s2 5', 'PING'),
    ],
  },
  {
    name: 'SINTER, SUNION, SDIFF on intsets reply in ascending order',
    steps: lines('SADD a 5 1 3 7 9', 'SADD b 9 3 4 5', 'SADD c 3 5 100', 'SINTER a b', 'SINTER a b c', 'SINTER b a',
      'SINTER a nokey', 'SINTER nokey a', 'SINTER a', 'SUNION a b', 'SUNION a b c nokey', 'SUNION nokey', 'SDIFF a b',
      'SDIFF a b c', 'SDIFF a nokey', 'SDIFF nokey a', 'SDIFF a a', 'SDIFF a b a', 'SINTERCARD 2 a b', 'SINTERCARD 3 a b c',
      'SINTERCARD 3 a b c LIMIT 1', 'SINTERCARD 2 a b limit 0', 'SINTERCARD 1 a', 'SINTERCARD 2 a nokey', 'SINTER',
      'SUNION', 'SDIFF'),
  },
  {
    name: 'set algebra with hashtable sets',
    steps: [
      ...lines('SADD a x y z 1 2', 'SADD b y z w 2', 'SADD c z 2 q'),
      unordered('SINTER a b'), unordered('SINTER a b c'), unordered('SUNION a b'), unordered('SUNION a b c'),
      unordered('SDIFF a b'), unordered('SDIFF a b c'), ...lines('SINTERCARD 2 a b', 'SINTERCARD 3 a b c LIMIT 5'),
      ...lines('SADD t a 3 1 2', 'SREM t a', 'SUNION t', 'SDIFF t', 'OBJECT ENCODING t'),
      unordered('SMEMBERS t'), unordered('SINTER t'),
    ],
  },
  {
    name: 'SINTERSTORE, SUNIONSTORE, SDIFFSTORE',
    steps: [
      ...lines('SADD a x 1 2 3', 'SADD b 1 2 3 y', 'SINTERSTORE d a b', 'OBJECT ENCODING d', 'SMEMBERS d',
        'SUNIONSTORE u a b', 'OBJECT ENCODING u', 'SCARD u', 'SDIFFSTORE f a b', 'OBJECT ENCODING f', 'SMEMBERS f',
        'SET str v', 'EXPIRE d 100', 'SINTERSTORE d a b', 'TTL d', 'SINTERSTORE str a b', 'TYPE str',
        'SINTERSTORE d a nokey', 'EXISTS d', 'SUNIONSTORE d nokey', 'SDIFFSTORE u a a', 'EXISTS u',
        'SINTERSTORE a a b', 'SMEMBERS a', 'SDIFFSTORE d', 'SINTERSTORE d', 'SUNIONSTORE d'),
      // filtering the first set keeps an intset; copying it and removing the others' members keeps a hashtable
      ...lines('SADD p a 1 2', 'SADD q1 a', 'SADD q2 b', 'SADD q3 c', 'SADD q4 d', 'SADD q5 e', 'SDIFFSTORE r1 p q1',
        'OBJECT ENCODING r1', 'SDIFFSTORE r2 p q1 q2 q3 q4 q5', 'OBJECT ENCODING r2', 'SCARD r2'),
      unordered('SMEMBERS r2'), unordered('SDIFF p q1 q2 q3 q4 q5'),
    ],
  },
  {
    name: 'SINTERCARD arguments',
    steps: lines('SINTERCARD 0 a', 'SINTERCARD -1 a', 'SINTERCARD abc a', 'SINTERCARD 2 a', 'SINTERCARD 1 a LIMIT',
      'SINTERCARD 1 a LIMIT -1', 'SINTERCARD 1 a LIMIT abc', 'SINTERCARD 1 a FOO 1', 'SINTERCARD 1 a LIMIT 1 LIMIT 2',
      'SINTERCARD 1', 'SINTERCARD 9223372036854775808 a', 'SINTERCARD 2 a b c'),
  },
  {
    name: 'SPOP',
    steps: [
      ...lines('SPOP nokey', 'SPOP nokey 3', 'SPOP nokey 0', 'SPOP nokey -1', 'SPOP nokey abc', 'SPOP nokey 1 2',
        'SADD s 3 1 2', 'SPOP s 0', 'SPOP s 5', 'EXISTS s', 'SADD s 1', 'SPOP s', 'EXISTS s', 'SADD t a 3 1 2', 'SREM t a',
        'SPOP t 3', 'SADD s 1 2 3 4 5 6 7 8 9 10'),
      shape('SPOP s'), shape('SPOP s 2'), shape('SPOP s 6'), ...lines('SCARD s', 'SPOP'),
    ],
  },
  {
    name: 'SRANDMEMBER',
    steps: [
      ...lines('SRANDMEMBER nokey', 'SRANDMEMBER nokey 5', 'SRANDMEMBER nokey -5', 'SRANDMEMBER nokey abc',
        'SRANDMEMBER nokey -9223372036854775808', 'SADD s 3 1 2', 'SRANDMEMBER s 0', 'SRANDMEMBER s 3', 'SRANDMEMBER s 10',
        'SRANDMEMBER s -9223372036854775808', 'SRANDMEMBER s 1 2', 'SRANDMEMBER s 1.5', 'SCARD s', 'SRANDMEMBER'),
      shape('SRANDMEMBER s'), shape('SRANDMEMBER s 2'), shape('SRANDMEMBER s -5'),
      ['SADD', 'big', ...ints(50), 'x'], shape('SRANDMEMBER big 3'), shape('SRANDMEMBER big 40'), unordered('SRANDMEMBER big 60'),
    ],
  },
  {
    name: 'sets in RESP3',
    steps: [
      hello3, ...lines('SADD s 2 1', 'SMEMBERS s', 'SMEMBERS nokey', 'SINTER s', 'SINTER s nokey', 'SUNION s', 'SDIFF s',
        'SPOP nokey 2', 'SPOP s 0', 'SRANDMEMBER nokey', 'SRANDMEMBER nokey 2', 'SRANDMEMBER s 5', 'SMISMEMBER s 1 3',
        'SSCAN s 0', 'SPOP s 5'),
      ...lines('SADD s 1 2 3 4 5'), shape('SPOP s 2'), shape('SRANDMEMBER s -3'),
    ],
  },
  {
    name: 'SSCAN',
    steps: [
      ...lines('SSCAN nokey 0', 'SSCAN nokey 0 COUNT abc', 'SSCAN nokey abc', 'SADD s 10 2 33 1', 'SSCAN s 0',
        'SSCAN s 99 COUNT 1', 'SSCAN s 0 MATCH 3*', 'SSCAN s 0 MATCH', 'SSCAN s 0 COUNT 0', 'SSCAN s 0 TYPE set',
        'SSCAN s 0 count 1 match *', 'SSCAN s -1', 'SSCAN s 18446744073709551616', 'SSCAN s', 'SADD h a b c 1'),
      unordered('SSCAN h 0', 2), unordered('SSCAN h 0 MATCH [ab]', 2),
    ],
  },
]
