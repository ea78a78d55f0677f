// Differential scripts for the string family: every command, its options, and its error replies.
// Keys carry an "s:" prefix per script so scripts never see each other's leftovers.
import type { Script } from '../script.js'
import { lines } from '../script.js'

export const scripts: Script[] = [
  {
    name: 'GET and SET basics',
    steps: [
      ...lines('SET s1:k v', 'GET s1:k', 'GET s1:none', 'SET s1:k', 'GET', 'GET a b', 'set s1:k V2', 'get s1:k'),
      ['SET', 's1:bin', '\x00\xff\r\n ok'], ['GET', 's1:bin'], ['SET', 's1:empty', ''], ['GET', 's1:empty'],
      ...lines('ZADD s1:z 1 a', 'GET s1:z'),
    ],
  },
  {
    name: 'SET NX XX GET',
    steps: lines(
      'SET s2:k 1 NX', 'SET s2:k 2 NX', 'GET s2:k', 'SET s2:k 3 XX', 'SET s2:x 3 XX', 'GET s2:x', 'SET s2:k 4 nx nx',
      'SET s2:k 5 NX XX', 'SET s2:k 5 XX NX', 'SET s2:k 6 GET', 'SET s2:k 7 NX GET', 'SET s2:k 8 XX GET', 'SET s2:new 1 GET',
      'SET s2:new2 1 XX GET', 'GET s2:new2', 'SET s2:k 9 GET GET', 'ZADD s2:z 1 a', 'SET s2:z v GET', 'TYPE s2:z',
      'SET s2:z v', 'TYPE s2:z',
    ),
  },
  {
    name: 'SET expire options',
    steps: lines(
      'SET s3:k v EX 100', 'TTL s3:k', 'SET s3:k v PX 100000', 'TTL s3:k', 'SET s3:k v2 KEEPTTL', 'TTL s3:k', 'SET s3:k v3', 'TTL s3:k',
      'SET s3:k v EXAT 4102444800', 'TTL s3:k', 'SET s3:k v PXAT 4102444800000', 'TTL s3:k', 'SET s3:k v EX 10 EX 20', 'TTL s3:k',
      'SET s3:k v EX', 'SET s3:k v EX 0', 'SET s3:k v EX -1', 'SET s3:k v EX abc', 'SET s3:k v EX 1.5', 'SET s3:k v PX 0',
      'SET s3:k v EX 10 PX 10', 'SET s3:k v EX 10 KEEPTTL', 'SET s3:k v KEEPTTL EX 10', 'SET s3:k v KEEPTTL PXAT 10',
      'SET s3:k v EXAT 0', 'SET s3:k v PXAT -1', 'SET s3:k v PERSIST', 'SET s3:k v foo', 'SET s3:k v EX 9223372036854775807',
      'SET s3:k v PX 9223372036854775807', 'SET s3:k v EX 9223372036854775', 'SET s3:k v EX 9223372036854774',
      'SET s3:k v EXAT 9223372036854775', 'SET s3:k v EX 99999999999999999999', 'SET s3:k v EX abc NX XX',
      'SET s3:old v EXAT 1', 'GET s3:old', 'EXISTS s3:old', 'SET s3:k v GET EX 50', 'TTL s3:k', 'SET s3:k v NX EX 50',
    ),
  },
  {
    name: 'SETNX SETEX PSETEX',
    steps: lines(
      'SETNX s4:k a', 'SETNX s4:k b', 'GET s4:k', 'SETNX s4:k', 'SETEX s4:e 100 v', 'TTL s4:e', 'GET s4:e', 'SETEX s4:e 0 v',
      'SETEX s4:e -5 v', 'SETEX s4:e x v', 'SETEX s4:e 10', 'PSETEX s4:p 100000 v', 'TTL s4:p', 'PSETEX s4:p 0 v',
      'PSETEX s4:p 1.5 v', 'ZADD s4:z 1 a', 'SETNX s4:z v', 'SETEX s4:z 10 v', 'TYPE s4:z',
    ),
  },
  {
    name: 'GETSET GETDEL',
    steps: lines(
      'GETSET s5:k a', 'GETSET s5:k b', 'GET s5:k', 'EXPIRE s5:k 100', 'GETSET s5:k c', 'TTL s5:k', 'GETSET s5:k',
      'ZADD s5:z 1 a', 'GETSET s5:z v', 'GETDEL s5:k', 'GETDEL s5:k', 'EXISTS s5:k', 'GETDEL s5:z', 'GETDEL', 'GETDEL a b',
    ),
  },
  {
    name: 'GETEX',
    steps: lines(
      'SET s6:k v', 'GETEX s6:k', 'TTL s6:k', 'GETEX s6:k EX 100', 'TTL s6:k', 'GETEX s6:k PERSIST', 'TTL s6:k',
      'GETEX s6:k PX 100000', 'TTL s6:k', 'GETEX s6:k EXAT 4102444800', 'TTL s6:k', 'GETEX s6:k PXAT 4102444800000', 'TTL s6:k',
      'GETEX s6:k PERSIST EX 10', 'GETEX s6:k EX 10 PERSIST', 'GETEX s6:k EX 10 PX 10', 'GETEX s6:k NX', 'GETEX s6:k KEEPTTL',
      'GETEX s6:k GET', 'GETEX s6:k EX', 'GETEX s6:k EX 0', 'GETEX s6:k EX abc', 'GETEX s6:k PX -1',
      'GETEX s6:k EX 9223372036854775807', 'GETEX s6:none EX 0', 'GETEX s6:none foo', 'ZADD s6:z 1 a', 'GETEX s6:z',
      'GETEX s6:z EX 0', 'GETEX s6:k EXAT 1', 'EXISTS s6:k', 'SET s6:k v', 'GETEX s6:k PXAT 1', 'EXISTS s6:k', 'GETEX',
    ),
  },
  {
    name: 'MGET MSET MSETNX',
    steps: lines(
      'MSET s7:a 1 s7:b 2', 'MGET s7:a s7:b s7:c', 'MSET s7:a', 'MSET s7:a 1 s7:b', 'MSET', 'ZADD s7:z 1 a', 'MGET s7:a s7:z',
      'MSETNX s7:c 3 s7:d 4', 'MSETNX s7:d 5 s7:e 6', 'MGET s7:c s7:d s7:e', 'MSETNX s7:f 1 s7:f 2', 'GET s7:f', 'MSETNX s7:g',
      'MSETNX s7:g 1 s7:h', 'MSET s7:z v', 'TYPE s7:z', 'MGET', 'EXPIRE s7:a 100', 'MSET s7:a 9', 'TTL s7:a',
    ),
  },
  {
    name: 'APPEND STRLEN',
    steps: [
      ...lines('APPEND s8:k ab', 'APPEND s8:k cd', 'GET s8:k', 'STRLEN s8:k', 'STRLEN s8:none', 'SET s8:n 12', 'APPEND s8:n 3', 'GET s8:n'),
      ['APPEND', 's8:k', ''], ['APPEND', 's8:e', ''], ...lines('EXISTS s8:e', 'STRLEN s8:e', 'ZADD s8:z 1 a', 'APPEND s8:z x', 'STRLEN s8:z', 'APPEND s8:k', 'STRLEN'),
      ...lines('SET s8:t v EX 100', 'APPEND s8:t w', 'TTL s8:t'),
    ],
  },
  {
    name: 'SETRANGE GETRANGE SUBSTR',
    steps: [
      ...lines('SETRANGE s9:k 3 ab', 'GET s9:k', 'SETRANGE s9:k 1 X', 'GET s9:k', 'SETRANGE s9:k 4 long-tail', 'GET s9:k'),
      ['SETRANGE', 's9:k', '100', ''], ['SETRANGE', 's9:none', '100', ''], ...lines('EXISTS s9:none', 'SETRANGE s9:k -1 x',
        'SETRANGE s9:k a x', 'SETRANGE s9:k 536870911 xy', 'SETRANGE s9:k 536870912 x', 'SETRANGE s9:big 9223372036854775807 x',
        'ZADD s9:z 1 a', 'SETRANGE s9:z 0 x'), ['SETRANGE', 's9:z', '0', ''], ['SETRANGE', 's9:z', '-1', ''], ['SETRANGE', 's9:none', '-1', ''],
      ...lines('SET s9:s Hello_World', 'GETRANGE s9:s 0 4', 'GETRANGE s9:s -5 -1', 'GETRANGE s9:s -1 -5', 'GETRANGE s9:s 5 1',
        'GETRANGE s9:s 0 1000', 'GETRANGE s9:s -100 2', 'GETRANGE s9:s -100 -100', 'GETRANGE s9:s 0 -100', 'GETRANGE s9:s 11 20',
        'GETRANGE s9:s 10 10', 'GETRANGE s9:s 0 9223372036854775807', 'GETRANGE s9:s -9223372036854775808 -1', 'SUBSTR s9:s 6 -1',
        'GETRANGE s9:none 0 -1', 'GETRANGE s9:s a 1', 'GETRANGE s9:s 0 b', 'GETRANGE s9:z 0 1', 'GETRANGE s9:z a 1', 'GETRANGE s9:s 0',
        'SUBSTR s9:s 0', 'SET s9:i 12345', 'GETRANGE s9:i 1 -2'),
      ['SET', 's9:e', ''], ['GETRANGE', 's9:e', '0', '-1'], ['GETRANGE', 's9:e', '0', '0'],
    ],
  },
  {
    name: 'INCR DECR INCRBY DECRBY',
    steps: lines(
      'INCR s10:n', 'INCRBY s10:n 41', 'DECR s10:n', 'DECRBY s10:n 50', 'GET s10:n', 'INCRBY s10:n -1', 'DECRBY s10:n -11',
      'SET s10:big 9223372036854775806', 'INCR s10:big', 'INCR s10:big', 'GET s10:big', 'INCRBY s10:big -9223372036854775807',
      'SET s10:small -9223372036854775807', 'DECR s10:small', 'DECR s10:small', 'DECRBY s10:small 1',
      'INCRBY s10:small 9223372036854775807', 'DECRBY s10:n -9223372036854775808', 'DECRBY s10:n 9223372036854775807',
      'INCRBY s10:n 9223372036854775808', 'INCRBY s10:n abc', 'INCRBY s10:n 1.5', 'INCRBY s10:n 01', 'DECRBY s10:n +1',
      'SET s10:s abc', 'INCR s10:s', 'SET s10:s 01', 'INCR s10:s', 'SET s10:s 1.0', 'INCR s10:s', 'SET s10:s -0', 'DECR s10:s',
      'SET s10:s 99999999999999999999', 'INCR s10:s', 'ZADD s10:z 1 a', 'INCR s10:z', 'DECRBY s10:z 1', 'INCR', 'INCRBY s10:n',
      'SET s10:t 5 EX 100', 'INCR s10:t', 'TTL s10:t', 'SET s10:m -5', 'INCRBY s10:m 10', 'DECRBY s10:m 10',
    ),
  },
  {
    name: 'INCRBYFLOAT',
    steps: lines(
      'INCRBYFLOAT s11:f 0.1', 'INCRBYFLOAT s11:f 0.1', 'INCRBYFLOAT s11:f 0.1', 'INCRBYFLOAT s11:f -0.3', 'GET s11:f',
      'SET s11:g 10.50', 'INCRBYFLOAT s11:g 0.1', 'INCRBYFLOAT s11:g 5.0e3', 'INCRBYFLOAT s11:g -5010.6',
      'SET s11:h 1e300', 'INCRBYFLOAT s11:h 1e300', 'SET s11:h 1e308', 'INCRBYFLOAT s11:h 1e308', 'INCRBYFLOAT s11:h -1e308',
      'SET s11:x 0x10', 'INCRBYFLOAT s11:x 1', 'SET s11:x 1e20', 'INCRBYFLOAT s11:x 0.1', 'INCRBYFLOAT s11:i 3',
      'INCRBYFLOAT s11:i 1.5e-7', 'INCRBYFLOAT s11:i -3.00000015', 'INCRBYFLOAT s11:i inf', 'INCRBYFLOAT s11:i -inf',
      'INCRBYFLOAT s11:i nan', 'INCRBYFLOAT s11:i abc', 'INCRBYFLOAT s11:i 1e5000', 'INCRBYFLOAT s11:i 1e-5000',
      'INCRBYFLOAT s11:i 1e-4940', 'INCRBYFLOAT s11:i 1.', 'INCRBYFLOAT s11:i .5', 'INCRBYFLOAT s11:i 1e', 'INCRBYFLOAT s11:i 0x',
      'INCRBYFLOAT s11:i +2', 'INCRBYFLOAT s11:i 123456789.123456789123', 'SET s11:m 1.1e4932', 'INCRBYFLOAT s11:m 1.1e4932',
      'SET s11:m 1.5e4932', 'INCRBYFLOAT s11:m 1', 'SET s11:s abc', 'INCRBYFLOAT s11:s 1', 'SET s11:s inf', 'INCRBYFLOAT s11:s 1',
      'ZADD s11:z 1 a', 'INCRBYFLOAT s11:z 1', 'INCRBYFLOAT s11:f', 'SET s11:t 1 EX 100', 'INCRBYFLOAT s11:t 1', 'TTL s11:t',
      'SET s11:n -1', 'INCRBYFLOAT s11:n 0.5', 'INCRBYFLOAT s11:n 0.5', 'INCRBYFLOAT s11:n -0.00000000000000001',
    ),
  },
  {
    name: 'LCS',
    steps: lines(
      'MSET s12:a ohmytext s12:b mynewtext', 'LCS s12:a s12:b', 'LCS s12:a s12:b LEN', 'LCS s12:a s12:b IDX',
      'LCS s12:a s12:b IDX MINMATCHLEN 4', 'LCS s12:a s12:b IDX WITHMATCHLEN', 'LCS s12:a s12:b IDX MINMATCHLEN 4 WITHMATCHLEN',
      'LCS s12:a s12:b idx minmatchlen -5 withmatchlen', 'LCS s12:a s12:b LEN WITHMATCHLEN', 'LCS s12:a s12:b IDX LEN',
      'LCS s12:a s12:b LEN IDX', 'LCS s12:a s12:b MINMATCHLEN', 'LCS s12:a s12:b MINMATCHLEN x', 'LCS s12:a s12:b foo',
      'LCS s12:a s12:none', 'LCS s12:none s12:none2 IDX', 'LCS s12:a s12:none LEN', 'ZADD s12:z 1 a', 'LCS s12:a s12:z',
      'LCS s12:z s12:a foo', 'LCS s12:a', 'MSET s12:c abcabcabc s12:d cbacbacba', 'LCS s12:c s12:d IDX WITHMATCHLEN',
      'LCS s12:d s12:c IDX', 'LCS s12:c s12:c IDX', 'MSET s12:e 1234567890 s12:f 0987654321abc', 'LCS s12:e s12:f IDX WITHMATCHLEN',
    ),
  },
  {
    name: 'RESP3 replies',
    steps: [
      { argv: ['HELLO', '3'], shapeOnly: true },
      ...lines('SET s14:k v', 'SET s14:k w NX', 'SET s14:k w NX GET', 'GET s14:none', 'MGET s14:k s14:none', 'INCRBYFLOAT s14:f 1.5',
        'INCR s14:n', 'GETDEL s14:none', 'GETEX s14:none', 'SETNX s14:k x', 'GETRANGE s14:none 0 1', 'MSET s14:a ohmytext s14:b mynewtext',
        'LCS s14:a s14:b IDX WITHMATCHLEN', 'LCS s14:a s14:b LEN', 'LCS s14:a s14:b', 'SET s14:k v EX 0'),
    ],
  },
  {
    name: 'string encodings',
    steps: [
      ...lines('SET s13:i 12345', 'OBJECT ENCODING s13:i', 'SET s13:i -9223372036854775808', 'OBJECT ENCODING s13:i',
        'SET s13:i 9223372036854775808', 'OBJECT ENCODING s13:i', 'SET s13:i 0123', 'OBJECT ENCODING s13:i'),
      ['SET', 's13:e', 'a'.repeat(44)], ['OBJECT', 'ENCODING', 's13:e'], ['SET', 's13:r', 'a'.repeat(45)], ['OBJECT', 'ENCODING', 's13:r'],
      ...lines('SET s13:s ab', 'APPEND s13:s c', 'OBJECT ENCODING s13:s', 'SET s13:s abc', 'OBJECT ENCODING s13:s',
        'APPEND s13:new 5', 'OBJECT ENCODING s13:new', 'INCRBYFLOAT s13:f 1', 'OBJECT ENCODING s13:f', 'INCR s13:f',
        'OBJECT ENCODING s13:f', 'SETRANGE s13:sr 0 1', 'OBJECT ENCODING s13:sr', 'SET s13:n 12', 'SETRANGE s13:n 0 3',
        'OBJECT ENCODING s13:n', 'SETBIT s13:b 1 1', 'OBJECT ENCODING s13:b', 'SET s13:b2 a', 'SETBIT s13:b2 1 1',
        'OBJECT ENCODING s13:b2', 'SET s13:b3 a', 'GETBIT s13:b3 1', 'OBJECT ENCODING s13:b3', 'BITOP AND s13:d s13:i',
        'OBJECT ENCODING s13:d', 'GETSET s13:g 5', 'OBJECT ENCODING s13:g', 'MSET s13:m 7 s13:m2 x', 'OBJECT ENCODING s13:m',
        'OBJECT ENCODING s13:m2', 'SET s13:bf 1', 'BITFIELD s13:bf GET u8 0', 'OBJECT ENCODING s13:bf', 'BITFIELD s13:bf SET u8 0 50',
        'OBJECT ENCODING s13:bf', 'SETEX s13:x 100 42', 'OBJECT ENCODING s13:x', 'SETNX s13:y 42', 'OBJECT ENCODING s13:y'),
    ],
  },
]
