// Differential scripts for the list family: every command, its errors, RESP2 and RESP3 null forms, and
// the blocking commands' immediate, timeout and MULTI answers (cross-client wake-ups are server tests).
import type { Script } from '../script.js'
import { lines } from '../script.js'

/** HELLO's reply carries the connection id, which differs between the servers. */
const HELLO3 = { argv: ['HELLO', '3'], shapeOnly: true }

export const scripts: Script[] = [
  {
    name: 'LPUSH RPUSH LPUSHX RPUSHX LLEN',
    steps: lines(
      'LPUSH l a b c', 'RPUSH l d e', 'LRANGE l 0 -1', 'LLEN l', 'LLEN nokey',
      'LPUSHX nokey a', 'RPUSHX nokey a', 'EXISTS nokey', 'LPUSHX l x y', 'RPUSHX l z', 'LRANGE l 0 -1',
      'SET s v', 'LPUSH s a', 'RPUSH s a', 'LPUSHX s a', 'RPUSHX s a', 'LLEN s',
      'LPUSH l', 'RPUSH', 'LPUSHX l', 'LLEN', 'LLEN a b', 'TYPE l',
    ),
  },
  {
    name: 'LPOP RPOP with and without count',
    steps: lines(
      'RPUSH l a b c d e', 'LPOP l', 'RPOP l', 'LPOP l 2', 'RPOP l 0', 'RPOP l 5', 'EXISTS l',
      'LPOP nokey', 'RPOP nokey', 'LPOP nokey 2', 'LPOP nokey 0', 'RPOP nokey 1',
      'LPOP nokey -1', 'LPOP nokey x', 'RPOP nokey 1.5', 'LPOP nokey 1 2', 'RPOP l 1 2',
      'SET s v', 'LPOP s', 'RPOP s 2', 'LPOP s -1', 'RPUSH one x', 'RPOP one 1', 'EXISTS one',
    ),
  },
  {
    name: 'LPOP count in RESP3',
    steps: [HELLO3, ...lines('LPOP nokey', 'LPOP nokey 2', 'RPUSH l a b', 'LPOP l 0', 'LPOP l 5', 'RPOP l', 'LINDEX l 0', 'LMPOP 1 nokey LEFT')],
  },
  {
    name: 'LINDEX LSET',
    steps: lines(
      'RPUSH l a b c', 'LINDEX l 0', 'LINDEX l -1', 'LINDEX l 3', 'LINDEX l -4', 'LINDEX l x', 'LINDEX nokey x',
      'LINDEX nokey 0', 'LSET l 1 B', 'LSET l -1 C', 'LRANGE l 0 -1', 'LSET l 3 x', 'LSET l -4 x', 'LSET l x y',
      'LSET nokey 0 a', 'LSET nokey x a', 'SET s v', 'LINDEX s 0', 'LINDEX s x', 'LSET s 0 a', 'LSET s x a',
      'LINDEX l 9223372036854775807', 'LINDEX l 9223372036854775808', 'LSET l', 'LINDEX l',
    ),
  },
  {
    name: 'LRANGE',
    steps: lines(
      'RPUSH l a b c d e', 'LRANGE l 0 -1', 'LRANGE l 1 2', 'LRANGE l -2 -1', 'LRANGE l -100 100', 'LRANGE l 3 1',
      'LRANGE l 5 10', 'LRANGE l -1 -2', 'LRANGE l 0 0', 'LRANGE nokey 0 -1', 'LRANGE l a 1', 'LRANGE l 0 b',
      'LRANGE nokey a 1', 'SET s v', 'LRANGE s 0 -1', 'LRANGE s a 1', 'LRANGE l 0',
    ),
  },
  {
    name: 'LTRIM',
    steps: lines(
      'RPUSH l a b c d e', 'LTRIM l 1 -2', 'LRANGE l 0 -1', 'LTRIM l 0 -1', 'LRANGE l 0 -1', 'LTRIM l -2 100',
      'LRANGE l 0 -1', 'LTRIM l 5 1', 'EXISTS l', 'LTRIM nokey 0 1', 'LTRIM nokey a 1', 'SET s v', 'LTRIM s 0 1',
      'LTRIM s x 1', 'RPUSH m a b', 'LTRIM m 0 x', 'LTRIM m 1 0', 'EXISTS m', 'LTRIM m 0',
    ),
  },
  {
    name: 'LREM',
    steps: lines(
      'RPUSH l a b a c a b a', 'LREM l 2 a', 'LRANGE l 0 -1', 'LREM l -1 a', 'LRANGE l 0 -1', 'LREM l 0 b',
      'LRANGE l 0 -1', 'LREM l 0 zz', 'LREM l 0 c', 'LREM l 0 a', 'EXISTS l', 'LREM nokey 0 a', 'LREM nokey x a',
      'SET s v', 'LREM s 0 a', 'LREM s x a', 'RPUSH m a', 'LREM m x a', 'LREM m 1',
    ),
  },
  {
    name: 'LINSERT',
    steps: lines(
      'RPUSH l a b c', 'LINSERT l BEFORE b x', 'LINSERT l after b y', 'LINSERT l before a first', 'LINSERT l AFTER c last',
      'LRANGE l 0 -1', 'LINSERT l before zz v', 'LINSERT l middle a v', 'LINSERT nokey before a v', 'LINSERT nokey middle a v',
      'EXISTS nokey', 'SET s v', 'LINSERT s before a v', 'LINSERT s middle a v', 'LINSERT l before a',
    ),
  },
  {
    name: 'LINSERT keeps order in long lists',
    steps: [
      ['RPUSH', 'l', ...Array.from({ length: 40 }, (_, i) => `e${i}`)],
      ...lines('LINSERT l BEFORE e3 x', 'LINSERT l AFTER e35 y', 'LINSERT l BEFORE e20 z', 'LINSERT l AFTER e0 w', 'LRANGE l 0 -1', 'LLEN l'),
    ],
  },
  {
    name: 'LPOS',
    steps: lines(
      'RPUSH l a b c 1 2 3 c c', 'LPOS l c', 'LPOS l c RANK 2', 'LPOS l c RANK -1', 'LPOS l c RANK -3', 'LPOS l c RANK 4',
      'LPOS l c COUNT 2', 'LPOS l c COUNT 0', 'LPOS l c COUNT 0 RANK -1', 'LPOS l c COUNT 0 RANK 2', 'LPOS l c MAXLEN 3',
      'LPOS l c MAXLEN 2', 'LPOS l c COUNT 0 MAXLEN 7', 'LPOS l c RANK -1 MAXLEN 2', 'LPOS l c RANK -1 MAXLEN 4 COUNT 0',
      'LPOS l zz', 'LPOS l zz COUNT 0', 'LPOS l c rank 1 rank 2', 'LPOS l c RANK 0', 'LPOS l c RANK x', 'LPOS l c COUNT -1',
      'LPOS l c COUNT x', 'LPOS l c MAXLEN -1', 'LPOS l c MAXLEN x', 'LPOS l c FOO 1', 'LPOS l c RANK', 'LPOS l c COUNT',
      'LPOS l a RANK -9223372036854775808', 'LPOS l a RANK 9223372036854775807', 'LPOS nokey a', 'LPOS nokey a COUNT 1',
      'LPOS nokey a RANK 0', 'SET s v', 'LPOS s a', 'LPOS s a RANK 0', 'LPOS l',
    ),
  },
  {
    name: 'RPOPLPUSH LMOVE',
    steps: lines(
      'RPUSH src a b c', 'RPOPLPUSH src dst', 'LMOVE src dst LEFT RIGHT', 'LMOVE src dst right left', 'EXISTS src',
      'LRANGE dst 0 -1', 'LMOVE dst dst LEFT RIGHT', 'LRANGE dst 0 -1', 'RPOPLPUSH dst dst', 'LRANGE dst 0 -1',
      'RPUSH one x', 'LMOVE one one LEFT LEFT', 'LRANGE one 0 -1', 'RPOPLPUSH nokey dst', 'LMOVE nokey dst LEFT LEFT',
      'SET s v', 'RPOPLPUSH s dst', 'RPOPLPUSH dst s', 'LMOVE dst s LEFT LEFT', 'LMOVE nokey s LEFT LEFT', 'LMOVE s dst LEFT LEFT',
      'LMOVE dst x MIDDLE LEFT', 'LMOVE dst x LEFT UP', 'LMOVE nokey x LEFT UP', 'LMOVE s x LEFT UP', 'LMOVE a b LEFT', 'RPOPLPUSH a',
    ),
  },
  {
    name: 'LMPOP',
    steps: lines(
      'RPUSH l1 a b c', 'RPUSH l2 d e', 'LMPOP 2 nokey l1 LEFT', 'LMPOP 2 nokey l1 RIGHT COUNT 10', 'EXISTS l1',
      'LMPOP 2 l1 l2 left count 1', 'LMPOP 1 nokey LEFT', 'LMPOP 1 nokey LEFT COUNT 3',
      'LMPOP 0 l1 LEFT', 'LMPOP -1 l1 LEFT', 'LMPOP x l1 LEFT', 'LMPOP 2 l1 LEFT', 'LMPOP 3 l1 l2 LEFT', 'LMPOP 1 l2 MIDDLE',
      'LMPOP 1 l2 LEFT COUNT 0', 'LMPOP 1 l2 LEFT COUNT -1', 'LMPOP 1 l2 LEFT COUNT x', 'LMPOP 1 l2 LEFT COUNT',
      'LMPOP 1 l2 LEFT COUNT 1 COUNT 2', 'LMPOP 1 l2 LEFT FOO', 'LMPOP 1 l2 LEFT COUNT 99999999999999999999',
      'LMPOP 2147483648 l2 LEFT', 'SET s v', 'LMPOP 2 nokey s LEFT', 'LMPOP 2 l2 s LEFT', 'LMPOP 2 s l2 LEFT', 'LMPOP 1 l2',
      'LMPOP 1 l2 LEFT COUNT 5', 'EXISTS l2',
    ),
  },
  {
    name: 'blocking commands answer at once when data is there',
    steps: lines(
      'RPUSH l1 a b c', 'RPUSH l2 x', 'BLPOP nokey l1 l2 0', 'BRPOP nokey l2 l1 1', 'EXISTS l2', 'BRPOPLPUSH l1 d 0',
      'BLMOVE l1 d RIGHT LEFT 0.5', 'EXISTS l1', 'LRANGE d 0 -1', 'RPUSH l3 1 2 3 4', 'BLMPOP 0 2 nokey l3 LEFT COUNT 3',
      'BLMPOP 0 1 l3 RIGHT', 'EXISTS l3', 'SET s v', 'BLPOP nokey s 0', 'BLPOP s nokey 0', 'RPUSH l4 q', 'BLPOP l4 s 0',
      'BRPOPLPUSH s d 0', 'RPUSH l5 a', 'BRPOPLPUSH l5 s 0', 'BLMOVE l5 s LEFT LEFT 0', 'BLMPOP 0 2 nokey s LEFT',
    ),
  },
  {
    name: 'blocking commands time out with a null array',
    steps: lines(
      'BLPOP nokey 0.05', 'BRPOP nokey other 0.05', 'BRPOPLPUSH nokey d 0.05', 'BLMOVE nokey d LEFT RIGHT 0.05',
      'BLMPOP 0.05 2 nokey other LEFT', 'BLMPOP 0.05 1 nokey RIGHT COUNT 2', 'EXISTS d',
    ),
  },
  {
    name: 'blocking timeouts in RESP3',
    steps: [HELLO3, ...lines('BLPOP nokey 0.02', 'BLMOVE nokey d LEFT RIGHT 0.02', 'BLMPOP 0.02 1 nokey LEFT', 'RPUSH l a', 'BLPOP l 0', 'BLMPOP 0 1 nokey l', 'RPUSH l b c', 'BLMPOP 0 1 l LEFT COUNT 5')],
  },
  {
    name: 'blocking argument errors',
    steps: lines(
      'BLPOP nokey x', 'BLPOP nokey -1', 'BLPOP nokey inf', 'BLPOP nokey -inf', 'BLPOP nokey nan', 'BLPOP nokey 1e100',
      'BLPOP nokey 1e16', 'BLPOP nokey 9223372036854775807', 'BLPOP nokey 0x', "BLPOP nokey 1..2", 'BRPOP nokey abc',
      'BLPOP nokey', 'BRPOP', 'BRPOPLPUSH a b x', 'BRPOPLPUSH a b -1', 'BRPOPLPUSH a b', 'BLMOVE a b LEFT UP 0',
      'BLMOVE a b UP LEFT x', 'BLMOVE a b LEFT LEFT x', 'BLMOVE a b LEFT LEFT -0.5', 'BLMOVE a b LEFT LEFT',
      'BLMPOP x 1 a LEFT', 'BLMPOP -1 1 a LEFT', 'BLMPOP 0 0 a LEFT', 'BLMPOP 0 x a LEFT', 'BLMPOP x 0 a LEFT',
      'BLMPOP 0 2 a LEFT', 'BLMPOP 0 1 a MIDDLE', 'BLMPOP x 1 a MIDDLE', 'BLMPOP x 2 a LEFT', 'BLMPOP x 1 a LEFT COUNT 0', 'BLMPOP 0.01 1 a LEFT COUNT 0', 'BLMPOP 0 1 a LEFT COUNT',
      'BLMPOP 0 1 a LEFT COUNT 1 COUNT 1', 'BLMPOP 0 1 a', 'BLMPOP 0 1',
    ),
  },
  {
    name: 'timeout forms accepted like strtold',
    steps: lines('RPUSH l a b c d e f', 'BLPOP l 0x10', 'BLPOP l +1', 'BLPOP l .5', 'BLPOP l 5.', 'BLPOP l 1e-3', 'BLPOP l -0.0001'),
  },
  {
    name: 'blocking commands inside MULTI do not block',
    steps: [
      ...lines(
        'MULTI', 'BLPOP nokey 0', 'BRPOP nokey 0', 'BRPOPLPUSH nokey d 0', 'BLMOVE nokey d LEFT LEFT 0', 'BLMPOP 0 1 nokey LEFT',
        'RPUSH l a', 'BLPOP l 0', 'EXEC',
      ),
      HELLO3,
      ...lines('MULTI', 'BLPOP nokey 0', 'BLMOVE nokey d LEFT LEFT 0', 'BLMPOP 0 1 nokey LEFT', 'EXEC'),
    ],
  },
  {
    name: 'list encoding is quicklist at any size',
    steps: lines(
      'RPUSH l a', 'OBJECT ENCODING l', 'CONFIG SET list-max-listpack-size 4', 'RPUSH m 1 2 3 4 5', 'OBJECT ENCODING m',
      'LPOP m 4', 'OBJECT ENCODING m', 'CONFIG SET list-max-listpack-size -2', 'TYPE m',
    ),
  },
  {
    name: 'binary-safe elements',
    steps: [
      ['RPUSH', 'bin', '\x00\xff', '', 'a\r\nb', '\x80'],
      ['LRANGE', 'bin', '0', '-1'],
      ['LPOS', 'bin', ''],
      ['LREM', 'bin', '0', '\x00\xff'],
      ['LINSERT', 'bin', 'AFTER', '', '\x01'],
      ['LRANGE', 'bin', '0', '-1'],
    ],
  },
]
