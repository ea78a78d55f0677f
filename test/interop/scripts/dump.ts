// DUMP, RESTORE and DEBUG replies compared byte for byte with redis-server 7.0 (payload bytes included).
import { Crc64 } from '../../../src/node/persistence/crc64.js'
import type { Script } from '../script.js'
import { lines } from '../script.js'

/** A DUMP payload (latin1) around hand-written value bytes, with a correct or a broken checksum. */
function payload(hex: string, opts: { version?: number; badCrc?: boolean } = {}): string {
  const body = Buffer.from(hex.replace(/\s+/g, ''), 'hex')
  const out = Buffer.alloc(body.length + 10)
  body.copy(out)
  out.writeUInt16LE(opts.version ?? 10, body.length)
  new Crc64().update(out, 0, body.length + 2).bytesLE().copy(out, body.length + 2)
  if (opts.badCrc) out[out.length - 1] ^= 1
  return out.toString('latin1')
}

const STRING_AB = payload('00 02 6162')
const LIST_PQ = payload('01 02 0170 0171')
const debugOn = { 'enable-debug-command': 'yes' }

export const scripts: Script[] = [
  {
    name: 'DUMP of each small encoding',
    steps: [
      ...lines('SET s hello', 'SET n 12345', 'SET big 99999999999', 'RPUSH l a b c 1 -5 300 70000', 'SADD i 3 1 2',
        'SADD wide 1 70000 5000000000', 'HSET h f1 v1 f2 v2', 'ZADD z 1 a 2.5 b 0.1 c -0 d', 'DUMP s', 'DUMP n', 'DUMP big',
        'DUMP l', 'DUMP i', 'DUMP wide', 'DUMP h', 'DUMP z', 'DUMP nokey', 'DUMP'),
      ['SET', 'lzf', 'a'.repeat(50)], ['DUMP', 'lzf'], ['SET', 'bin', '\x00\x01\xfe\xff\r\n'], ['DUMP', 'bin'],
      ...lines('CONFIG SET rdbcompression no', 'DUMP lzf', 'CONFIG SET rdbcompression yes', 'DUMP lzf'),
    ],
  },
  {
    name: 'RESTORE options and errors',
    steps: [
      ['RESTORE', 'k', '0', STRING_AB], ['GET', 'k'], ['RESTORE', 'k', '0', STRING_AB], ['RESTORE', 'k', 'abc', STRING_AB],
      ['RESTORE', 'k', '-1', STRING_AB, 'REPLACE'], ['RESTORE', 'k', '0', LIST_PQ, 'REPLACE'], ['LRANGE', 'k', '0', '-1'],
      ['RESTORE', 'new', 'abc', STRING_AB], ['RESTORE', 'new', '-5', STRING_AB], ['RESTORE', 'new', '0', 'garbage'],
      ['RESTORE', 'new', '0', payload('00 0161', { badCrc: true })], ['RESTORE', 'new', '0', payload('00 0161', { version: 11 })],
      ['RESTORE', 'new', '0', payload('00 0161', { version: 9 })], ['GET', 'new'],
      ['RESTORE', 'e', '0', payload('04 00')], ['RESTORE', 'e', '0', payload('12 00')], ['RESTORE', 'e', '0', payload('13 00')],
      ['RESTORE', 'e', '0', payload('08 00')], ['RESTORE', 'e', '0', payload('02 02 0161 0161')], ['EXISTS', 'e'],
      ['RESTORE', 'o', '0', STRING_AB, 'IDLETIME', '-1'], ['RESTORE', 'o', '0', STRING_AB, 'IDLETIME', 'x'],
      ['RESTORE', 'o', '0', STRING_AB, 'FREQ', '256'], ['RESTORE', 'o', '0', STRING_AB, 'FREQ', '-1'],
      ['RESTORE', 'o', '0', STRING_AB, 'IDLETIME', '1', 'FREQ', '1'], ['RESTORE', 'o', '0', STRING_AB, 'IDLETIME'],
      ['RESTORE', 'o', '0', STRING_AB, 'BOGUS'], ['RESTORE', 'k', '0', STRING_AB, 'BOGUS'],
      ['RESTORE', 'o', '0', STRING_AB, 'idletime', '1000'], ['OBJECT', 'IDLETIME', 'o'],
      ['RESTORE', 't', '100000', STRING_AB], ['TTL', 't'], ['RESTORE', 't', '1', STRING_AB, 'ABSTTL', 'REPLACE'], ['EXISTS', 't'],
      ['RESTORE', 'a', '4102444800000', STRING_AB, 'ABSTTL'], ['PEXPIRETIME', 'a'], ['RESTORE'], ['RESTORE', 'x', '0'],
    ],
  },
  {
    name: 'DUMP then RESTORE round trip',
    steps: [
      ...lines('RPUSH src x y z', 'HSET hsrc a 1 b 2', 'ZADD zsrc 1 m 2 n', 'SADD ssrc 5 6 7'),
      ...lines('DUMP src', 'DUMP hsrc', 'DUMP zsrc', 'DUMP ssrc', 'OBJECT ENCODING src', 'OBJECT ENCODING ssrc'),
    ],
  },
  {
    name: 'DEBUG refused by default',
    steps: [...lines('DEBUG DIGEST', 'DEBUG', 'DEBUG foo', 'MULTI', 'DEBUG DIGEST', 'EXEC')],
  },
  {
    name: 'DEBUG DIGEST and DIGEST-VALUE',
    config: debugOn,
    steps: lines('FLUSHALL', 'DEBUG DIGEST', 'SET a 1', 'RPUSH l a b', 'SADD s x y 1', 'HSET h f v', 'ZADD z 1.5 m 2 n',
      'PEXPIRE a 100000', 'DEBUG DIGEST', 'DEBUG DIGEST-VALUE a l s h z nokey', 'DEBUG DIGEST-VALUE', 'SELECT 2', 'SET b 2',
      'DEBUG DIGEST', 'FLUSHALL', 'DEBUG DIGEST', 'DEBUG DIGEST x'),
  },
  {
    name: 'DEBUG subcommands',
    config: debugOn,
    steps: [
      ...lines('DEBUG foo', 'DEBUG Foo bar', 'DEBUG SLEEP', 'DEBUG SLEEP 0', 'DEBUG SLEEP 0.01', 'DEBUG SLEEP abc',
        'DEBUG SET-ACTIVE-EXPIRE 0', 'DEBUG SET-ACTIVE-EXPIRE 1', 'DEBUG SET-ACTIVE-EXPIRE', 'DEBUG OBJECT nokey',
        'DEBUG OBJECT a b', 'DEBUG ERROR oops', 'DEBUG ERROR -CODE text', 'DEBUG LOG hello'),
      ...lines('FLUSHALL', 'DEBUG POPULATE 3', 'DEBUG POPULATE -1', 'DEBUG POPULATE x', 'DEBUG POPULATE 2 p 12',
        'DEBUG POPULATE 2 q 3', 'DEBUG POPULATE 1 r -1', 'DBSIZE', 'GET key:2', 'GET p:1', 'GET q:0'),
      ...lines('DEBUG SET-SKIP-CHECKSUM-VALIDATION 1'),
      ['RESTORE', 'skip', '0', payload('00 0161', { badCrc: true })], ['GET', 'skip'],
      ...lines('DEBUG SET-SKIP-CHECKSUM-VALIDATION 0'),
      ['RESTORE', 'skip2', '0', payload('00 0161', { badCrc: true })],
    ],
  },
]
