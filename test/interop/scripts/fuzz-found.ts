// Differences the differential fuzzer (test/interop/fuzz/) found and rcl-node fixed: each script is the
// shrunk reproducing sequence, kept so the difference cannot come back.
import { lines, type Script } from '../script.js'
import { readFileSync } from 'node:fs'

const payloads: Record<string, string> = JSON.parse(readFileSync(new URL('../fuzz/dump-payloads.json', import.meta.url), 'utf8'))
const payload = (name: string): string => Buffer.from(payloads[name], 'hex').toString('latin1')

export const scripts: Script[] = [
  {
    name: 'RESTORE with a relative TTL that overflows the clock sum creates no key',
    steps: [['RESTORE', 'd', '9223372036854775807', payload('list-large')], ['OBJECT', 'REFCOUNT', 'd'], ['EXISTS', 'd'],
      ['RESTORE', 'e', '9223372036854775', payload('string-int')], ['EXISTS', 'e']],
  },
  {
    name: 'SLOWLOG RESET is queued inside MULTI and refused in subscribed mode, unlike the RESET command',
    steps: lines('MULTI', 'SLOWLOG rEset', 'SLOWLOG RESET', 'EXEC', 'SUBSCRIBE ch', 'SLOWLOG RESET', 'RESET', 'SLOWLOG RESET'),
  },
  {
    name: 'SELECT and COPY ... DB read the index as a 32-bit integer, like MOVE and SWAPDB',
    steps: lines('SET a 1', 'SELECT 9223372036854775807', 'SELECT 2147483648', 'SELECT -2147483649', 'SELECT 2147483647', 'SELECT x',
      'COPY a b DB 9223372036854775807', 'COPY a b DB -2147483649', 'COPY a b DB 2147483647', 'COPY a b DB x', 'COPY a b DB 1',
      'MOVE a 2147483648', 'SWAPDB 2147483648 0'),
  },
  {
    name: 'HRANDFIELD reads its count before checking the syntax, and caps WITHVALUES counts at LONG_MAX/2, then looks the key up',
    steps: lines('SET s x', 'HSET h a 1', 'HRANDFIELD d d 1000', 'HRANDFIELD s x 1', 'HRANDFIELD nokey x 1', 'HRANDFIELD h x WITHVALUES y',
      'HRANDFIELD h 1 WITHVALUES y', 'HRANDFIELD s 1 x', 'HRANDFIELD s 9223372036854775807 WITHVALUES', 'HRANDFIELD h 4611686018427387904 WITHVALUES',
      'HRANDFIELD nokey 4611686018427387903 WITHVALUES', 'HRANDFIELD h -4611686018427387904 WITHVALUES', 'HRANDFIELD s -9223372036854775808',
      'HRANDFIELD h 9223372036854775807', 'HRANDFIELD s 1 WITHVALUES'),
  },
  {
    name: 'HELLO applies AUTH and SETNAME as it reads them: a later bad option leaves the earlier ones in effect',
    steps: [['HELLO', '2', 'AUTH', '', 'foo', 'SETNAME'], ['HELLO', '2', 'AUTH', 'x', 'y', 'SETNAME', 'a b'], ['CLIENT', 'GETNAME'],
      ['HELLO', '3', 'SETNAME', 'foo', 'BADOPT'], ['CLIENT', 'GETNAME'], ['PING'],
      ['HELLO', '2', 'SETNAME', 'n1', 'SETNAME', 'a b'], ['CLIENT', 'GETNAME'], ['HELLO', '2', 'SETNAME', 'a b', 'AUTH', 'x', 'y'],
      ['HELLO', '2', 'AUTH', 'default', 'any', 'SETNAME', 'n2', 'x'], ['CLIENT', 'GETNAME']],
  },
  {
    name: 'lex ranges on a listpack sorted set with different scores walk from the head (or tail) as Redis does',
    steps: lines('ZADD f 0 \xff 1 z 2 ab 3 100 4 zzz 5 x', 'ZLEXCOUNT f (c +', 'ZRANGEBYLEX f [b +', 'ZRANGEBYLEX f - [m',
      'ZADD z 1 zz 0 zzz 1 m 0 a 2 100', 'ZREVRANGEBYLEX z [a -', 'ZREVRANGEBYLEX z [a - LIMIT 1 1', 'ZRANGE z [zz + BYLEX',
      'ZRANGE z [zz - BYLEX REV', 'ZLEXCOUNT z - (z', 'ZLEXCOUNT z [m [zz', 'ZREMRANGEBYLEX z [b +', 'ZRANGE z 0 -1 WITHSCORES',
      'ZADD y 3 aa 3 a 3 \xff 0 z 1 x 3 m', 'ZREMRANGEBYLEX y (c [\xff', 'ZRANGE y 0 -1 WITHSCORES'),
  },
  {
    name: 'a key WATCHed after its TTL passed and then deleted by expiry, flushed or swapped away does not abort EXEC',
    steps: lines('FLUSHALL', 'SET a 1 PXAT 4000000000', 'WATCH a', 'EXISTS a', 'MULTI', 'PING', 'EXEC',
      'FLUSHALL', 'SET a 1 PXAT 4000000000', 'WATCH a', 'DEL a', 'MULTI', 'PING', 'EXEC',
      'FLUSHALL', 'SET a 1 PXAT 4000000000', 'WATCH a', 'EXPIRE a 100', 'MULTI', 'PING', 'EXEC',
      'FLUSHALL', 'SET a 1 PXAT 4000000000', 'WATCH a', 'FLUSHDB', 'MULTI', 'PING', 'EXEC',
      'FLUSHALL', 'SET a 1 PXAT 4000000000', 'WATCH a', 'SWAPDB 0 1', 'MULTI', 'PING', 'EXEC',
      'FLUSHALL', 'SET a 1 PXAT 4000000000', 'WATCH a', 'SET a 2', 'MULTI', 'PING', 'EXEC',
      'FLUSHALL', 'SELECT 1', 'SET a 1 PXAT 4000000000', 'SELECT 0', 'WATCH a', 'SWAPDB 0 1', 'MULTI', 'PING', 'EXEC',
      'FLUSHALL', 'SELECT 1', 'SET a 1', 'SELECT 0', 'WATCH a', 'SWAPDB 0 1', 'MULTI', 'PING', 'EXEC',
      'FLUSHALL', 'SET a 1 PXAT 4000000000', 'SELECT 1', 'SET a 1', 'SELECT 0', 'WATCH a', 'SWAPDB 0 1', 'MULTI', 'PING', 'EXEC',
      'FLUSHALL', 'SET a 1', 'SELECT 1', 'SET a 1 PXAT 4000000000', 'SELECT 0', 'WATCH a', 'SWAPDB 0 1', 'MULTI', 'PING', 'EXEC'),
  },
  {
    name: 'a HELLO queued in MULTI switches the protocol for the EXEC replies after it only',
    steps: [['HSET', 'h', 'a', '1'], { argv: ['HELLO', '3'], shapeOnly: true }, ...lines('MULTI', 'MGET e', 'HELLO 2', 'MGET e', 'HGETALL h'),
      { argv: ['EXEC'], shapeOnly: true }, ...lines('MULTI', 'MGET e', 'HELLO 3', 'MGET e', 'HGETALL h', 'HELLO 2', 'GET e'),
      { argv: ['EXEC'], shapeOnly: true }],
  },
  {
    name: 'a SCAN cursor is read as a C string: a NUL byte ends it',
    steps: [['SET', 'k', 'v'], ['HSET', 'h', 'f', 'v'], ['HSCAN', '0', '\x00\xff\r\n'], ['HSCAN', 'h', '\x00x'], ['SSCAN', 'nokey', '5\x00junk'],
      // the keyspace's order is Redis's hash order: the keys are compared unordered
      { argv: ['SCAN', '0\x00x'], unordered: 2 }, { argv: ['SCAN', '\x00'], unordered: 2 }, ['ZSCAN', 'nokey', '18446744073709551616\x001'],
      ['SCAN', ' \x001'], ['SCAN', 'x\x00']],
  },
  {
    name: 'COPY duplicates a string: a small integer copied is no longer a shared object (OBJECT REFCOUNT 1) until rewritten',
    steps: lines('GETSET a 10', 'COPY a c', 'OBJECT REFCOUNT c', 'OBJECT ENCODING c', 'RENAME c d', 'OBJECT REFCOUNT d', 'EXPIRE d 100',
      'OBJECT REFCOUNT d', 'COPY a e DB 1', 'SELECT 1', 'OBJECT REFCOUNT e', 'SELECT 0', 'INCR d', 'OBJECT REFCOUNT d', 'COPY a f',
      'SET f 5', 'OBJECT REFCOUNT f', 'SET big 20000', 'COPY big b2', 'OBJECT REFCOUNT b2', 'OBJECT ENCODING b2', 'OBJECT REFCOUNT a'),
  },
  {
    name: 'updating a field of a listpack hash over a lowered hash-max-listpack-entries converts it to a hashtable',
    config: { 'hash-max-listpack-entries': '2' },
    steps: lines('CONFIG SET hash-max-listpack-entries 128', 'HSET b a 1 c 2 d 3', 'HSET h a 1 c 2 d 3', 'HSET i a 1 c 2 d 3',
      'HSET j a 1 c 2 d 3', 'CONFIG SET hash-max-listpack-entries 2', 'HSET b a 9', 'OBJECT ENCODING b', 'HINCRBY h a 1', 'OBJECT ENCODING h',
      'HSETNX i a 1', 'OBJECT ENCODING i', 'HINCRBYFLOAT j a 1', 'OBJECT ENCODING j'),
  },
  {
    name: "EXPIRE's unsupported-option error ends its word at a NUL byte, as Redis formats it with %s",
    steps: [['EXPIRE', 'NX', 'x', '\x00\xff\r\n'], ['PEXPIRE', 'k', '1', 'ab\x00cd'], ['EXPIRE', 'k', '1', 'nx', 'bogus']],
  },
]
