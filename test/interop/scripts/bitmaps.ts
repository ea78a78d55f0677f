// Differential scripts for the bitmap family: GETBIT/SETBIT, BITCOUNT, BITPOS, BITOP, BITFIELD(_RO),
// with their range forms and error replies. Keys carry a "b<n>:" prefix per script.
import type { Script } from '../script.js'
import { lines } from '../script.js'

export const scripts: Script[] = [
  {
    name: 'GETBIT SETBIT',
    steps: lines(
      'SETBIT b1:k 7 1', 'GET b1:k', 'GETBIT b1:k 7', 'GETBIT b1:k 6', 'GETBIT b1:k 100', 'SETBIT b1:k 7 1', 'SETBIT b1:k 7 0',
      'GET b1:k', 'SETBIT b1:k 15 1', 'STRLEN b1:k', 'SETBIT b1:k 100 0', 'STRLEN b1:k', 'GETBIT b1:none 0', 'SETBIT b1:k -1 1',
      'SETBIT b1:k 1 2', 'SETBIT b1:k 1 -1', 'SETBIT b1:k x 1', 'SETBIT b1:k 1 x', 'SETBIT b1:k 4294967296 1',
      'SETBIT b1:k 4294967295 x', 'GETBIT b1:k x', 'GETBIT b1:k -1', 'GETBIT b1:k 4294967296', 'GETBIT b1:k 4294967295',
      'ZADD b1:z 1 a', 'GETBIT b1:z 0', 'GETBIT b1:z x', 'SETBIT b1:z 0 1', 'SETBIT b1:z 0 2', 'SETBIT b1:k 1', 'GETBIT b1:k',
      'SET b1:s a', 'SETBIT b1:s 6 1', 'GET b1:s', 'SET b1:t v EX 100', 'SETBIT b1:t 0 1', 'TTL b1:t',
    ),
  },
  {
    name: 'BITCOUNT',
    steps: lines(
      'SET b2:k foobar', 'BITCOUNT b2:k', 'BITCOUNT b2:k 0 0', 'BITCOUNT b2:k 1 1', 'BITCOUNT b2:k 1 1 BYTE', 'BITCOUNT b2:k 5 30 BIT',
      'BITCOUNT b2:k 0 -1 bit', 'BITCOUNT b2:k -2 -1', 'BITCOUNT b2:k -1 -2', 'BITCOUNT b2:k -1 -2 foo', 'BITCOUNT b2:k 1 2 foo',
      'BITCOUNT b2:k 2 1', 'BITCOUNT b2:k 0 100', 'BITCOUNT b2:k -100 -50', 'BITCOUNT b2:k -100 100 BIT', 'BITCOUNT b2:k 3 3 BIT',
      'BITCOUNT b2:k 1', 'BITCOUNT b2:k 0 1 2 3', 'BITCOUNT b2:k a 1', 'BITCOUNT b2:k 1 a BIT', 'BITCOUNT b2:none',
      'BITCOUNT b2:none 1', 'BITCOUNT b2:none a b c', 'ZADD b2:z 1 a', 'BITCOUNT b2:z', 'BITCOUNT b2:z 0 a', 'BITCOUNT',
      'SET b2:i 12345', 'BITCOUNT b2:i', 'BITCOUNT b2:k 9223372036854775807 -9223372036854775808',
    ),
  },
  {
    name: 'BITPOS',
    steps: [
      ...lines('SET b3:k foobar', 'BITPOS b3:k 1', 'BITPOS b3:k 0', 'BITPOS b3:k 1 2', 'BITPOS b3:k 1 2 -1', 'BITPOS b3:k 1 2 -1 BYTE',
        'BITPOS b3:k 1 7 15 BIT', 'BITPOS b3:k 0 7 15 bit', 'BITPOS b3:k 1 -1', 'BITPOS b3:k 1 99', 'BITPOS b3:k 0 99',
        'BITPOS b3:k 1 -1 -2', 'BITPOS b3:k 1 -1 -2 foo', 'BITPOS b3:k 1 0 a foo', 'BITPOS b3:k 1 0 -1 byte x', 'BITPOS b3:k 2',
        'BITPOS b3:k -1', 'BITPOS b3:k a', 'BITPOS b3:k 1 a', 'BITPOS b3:k 1 0 a', 'BITPOS b3:k 1 0 1 foo', 'BITPOS b3:none 1',
        'BITPOS b3:none 0', 'BITPOS b3:none 0 1 2 foo', 'BITPOS b3:none 2', 'ZADD b3:z 1 a', 'BITPOS b3:z 1', 'BITPOS b3:z 2',
        'BITPOS b3:k'),
      ['SET', 'b3:ff', '\xff\xff'], ...lines('BITPOS b3:ff 0', 'BITPOS b3:ff 0 0', 'BITPOS b3:ff 0 0 -1', 'BITPOS b3:ff 0 1 0 BIT',
        'BITPOS b3:ff 1 3 12 BIT', 'BITPOS b3:ff 0 3 12 BIT', 'BITPOS b3:ff 0 0 1 BYTE'),
      ['SET', 'b3:zero', '\x00\x00\x00'], ...lines('BITPOS b3:zero 1', 'BITPOS b3:zero 0', 'BITPOS b3:zero 0 1',
        'BITPOS b3:zero 1 0 -1 BIT', 'BITPOS b3:zero 0 5 20 BIT'),
      ['SET', 'b3:e', ''], ...lines('BITPOS b3:e 0', 'BITPOS b3:e 1', 'BITPOS b3:e 0 0'),
      ['SET', 'b3:mix', '\x00\x01\xf0'], ...lines('BITPOS b3:mix 1', 'BITPOS b3:mix 1 2', 'BITPOS b3:mix 1 9 14 BIT',
        'BITPOS b3:mix 1 15 16 BIT', 'BITPOS b3:mix 0 16 19 BIT', 'BITPOS b3:mix 0 16 23 BIT', 'BITPOS b3:mix 0 2'),
    ],
  },
  {
    name: 'BITOP',
    steps: [
      ['SET', 'b4:a', '\xff\x0f\x00'], ['SET', 'b4:b', '\x0f\xf0'],
      ...lines('BITOP AND b4:d b4:a b4:b', 'GET b4:d', 'BITOP OR b4:d b4:a b4:b', 'GET b4:d', 'BITOP XOR b4:d b4:a b4:b', 'GET b4:d',
        'BITOP NOT b4:d b4:b', 'GET b4:d', 'bitop and b4:d b4:a b4:none', 'GET b4:d', 'BITOP OR b4:d b4:a', 'GET b4:d',
        'BITOP AND b4:d b4:none', 'EXISTS b4:d', 'BITOP NOT b4:d b4:a b4:b', 'BITOP FOO b4:d b4:a', 'BITOP AND b4:d', 'BITOP',
        'ZADD b4:z 1 a', 'BITOP AND b4:d b4:a b4:z', 'BITOP OR b4:z b4:a', 'TYPE b4:z', 'SET b4:t v EX 100',
        'BITOP OR b4:t b4:a', 'TTL b4:t', 'BITOP XOR b4:a b4:a b4:b', 'GET b4:a', 'SET b4:i 12', 'BITOP NOT b4:n b4:i', 'GET b4:n'),
    ],
  },
  {
    name: 'BITFIELD',
    steps: lines(
      'BITFIELD b5:k SET i8 0 100 GET i8 0', 'BITFIELD b5:k INCRBY u2 100 1 OVERFLOW SAT INCRBY u2 102 1', 'GET b5:k',
      'BITFIELD b5:k GET u4 0 GET i4 0 GET u8 #1 GET i64 0 GET u63 0', 'BITFIELD b5:k SET u8 #2 255 GET u8 16',
      'BITFIELD b5:k OVERFLOW WRAP INCRBY u8 #2 10 OVERFLOW SAT INCRBY u8 #2 300 OVERFLOW FAIL INCRBY u8 #2 1',
      'BITFIELD b5:k OVERFLOW SAT SET u8 0 -1 GET u8 0 OVERFLOW WRAP SET i8 0 200 GET i8 0',
      'BITFIELD b5:k OVERFLOW SAT INCRBY i8 0 -1000 INCRBY i8 0 1000 OVERFLOW WRAP INCRBY i8 0 1',
      'BITFIELD b5:k SET i64 0 9223372036854775807 INCRBY i64 0 1 OVERFLOW SAT INCRBY i64 0 -1 INCRBY i64 0 9223372036854775807',
      'BITFIELD b5:k OVERFLOW FAIL SET i4 0 8 SET i4 0 -8 SET u3 0 8 INCRBY u3 0 -1', 'BITFIELD b5:k SET u63 0 9223372036854775807',
      'BITFIELD b5:k GET u63 0 GET i64 0', 'BITFIELD b5:k', 'BITFIELD b5:none', 'BITFIELD b5:none GET u8 0', 'EXISTS b5:none',
      'BITFIELD b5:f OVERFLOW FAIL INCRBY u2 100 10', 'EXISTS b5:f', 'STRLEN b5:f', 'BITFIELD b5:k SET u64 0 1',
      'BITFIELD b5:k SET i65 0 1', 'BITFIELD b5:k SET I8 0 1', 'BITFIELD b5:k SET i0 0 1', 'BITFIELD b5:k SET u 0 1',
      'BITFIELD b5:k SET i8 -1 1', 'BITFIELD b5:k GET i8 #', 'BITFIELD b5:k GET i8 #-1', 'BITFIELD b5:k GET i8 4294967296',
      'BITFIELD b5:k GET i8 #536870912', 'BITFIELD b5:k OVERFLOW foo', 'BITFIELD b5:k OVERFLOW', 'BITFIELD b5:k GET',
      'BITFIELD b5:k GET u8', 'BITFIELD b5:k SET u8 0', 'BITFIELD b5:k INCRBY i8 0 x', 'BITFIELD b5:k foo', 'BITFIELD b5:k GET u8 0 foo',
      'BITFIELD b5:k get u8 0 set u8 0 1 incrby u8 0 1 overflow sat', 'ZADD b5:z 1 a', 'BITFIELD b5:z GET u8 0',
      'BITFIELD b5:z SET u8 0 1', 'BITFIELD b5:z SET u8 0 x', 'BITFIELD', 'SET b5:t v EX 100', 'BITFIELD b5:t SET u8 0 1', 'TTL b5:t',
    ),
  },
  {
    name: 'RESP3 replies',
    steps: [
      { argv: ['HELLO', '3'], shapeOnly: true },
      ...lines('BITFIELD b7:k OVERFLOW FAIL INCRBY u2 0 10 SET i8 8 -5 GET i8 8', 'BITFIELD_RO b7:k GET u8 0', 'BITFIELD b7:none',
        'SETBIT b7:k 1 1', 'GETBIT b7:k 1', 'BITCOUNT b7:k', 'BITPOS b7:k 1', 'BITOP NOT b7:d b7:k', 'GET b7:d'),
    ],
  },
  {
    name: 'BITFIELD_RO',
    steps: lines(
      'SET b6:k abc', 'BITFIELD_RO b6:k GET u8 0 GET i16 #1', 'BITFIELD_RO b6:k', 'BITFIELD_RO b6:none GET u8 0',
      'BITFIELD_RO b6:k SET u8 0 1', 'BITFIELD_RO b6:k GET u8 0 INCRBY u8 0 1', 'BITFIELD_RO b6:k OVERFLOW SAT GET u8 0',
      'BITFIELD_RO b6:k SET u8 0 x', 'BITFIELD_RO b6:k GET u64 0', 'BITFIELD_RO b6:k foo', 'ZADD b6:z 1 a', 'BITFIELD_RO b6:z GET u8 0',
      'BITFIELD_RO b6:z SET u8 0 1', 'BITFIELD_RO', 'GET b6:k',
    ),
  },
]
