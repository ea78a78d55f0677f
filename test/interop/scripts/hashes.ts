import type { Script, Step } from '../script.js'
import { lines } from '../script.js'

const long = 'x'.repeat(65)
const fields = (n: number, prefix = 'f'): string[] => Array.from({ length: n }, (_, i) => [`${prefix}${i}`, `v${i}`]).flat()
const unordered = (l: string, depth = 1): Step => ({ argv: l.split(' '), unordered: depth })
const shape = (l: string): Step => ({ argv: l.split(' '), shapeOnly: true })
const hello3: Step = { argv: ['HELLO', '3'], shapeOnly: true }

export const scripts: Script[] = [
  {
    name: 'HSET, HGET, HMGET, HLEN, HEXISTS, HSTRLEN',
    steps: [
      ...lines('HSET h a 1 b 2', 'HSET h a 10 c 3', 'HGET h a', 'HGET h nope', 'HGET nokey a', 'HMGET h a nope c',
        'HMGET nokey a b', 'HLEN h', 'HLEN nokey', 'HEXISTS h a', 'HEXISTS h nope', 'HEXISTS nokey a',
        'HSTRLEN h a', 'HSTRLEN h nope', 'HSTRLEN nokey a', 'HMSET h d 4 e 5', 'HGETALL h', 'HKEYS h', 'HVALS h',
        'HSET h', 'HSET h a', 'HSET h a 1 b', 'HMSET h a', 'HMSET h a 1 b', 'HGET h', 'HMGET h', 'HLEN', 'HSTRLEN h',
        'HEXISTS h', 'HGETALL', 'HKEYS', 'HVALS a b'),
      ['HSET', 'bin', '\x00\xff', '\r\n'], ['HGET', 'bin', '\x00\xff'], ['HSET', 'h', '', ''], ['HGET', 'h', ''],
      ['HSTRLEN', 'h', ''],
    ],
  },
  {
    name: 'hash commands against the wrong type',
    steps: lines('SET s x', 'HSET s a 1', 'HMSET s a 1', 'HSETNX s a 1', 'HGET s a', 'HMGET s a', 'HDEL s a', 'HLEN s',
      'HEXISTS s a', 'HSTRLEN s a', 'HKEYS s', 'HVALS s', 'HGETALL s', 'HINCRBY s a 1', 'HINCRBYFLOAT s a 1',
      'HRANDFIELD s', 'HRANDFIELD s 2', 'HRANDFIELD s 2 WITHVALUES', 'HSCAN s 0', 'HSCAN s x', 'GET s'),
  },
  {
    name: 'HSETNX and HDEL',
    steps: lines('HSETNX h a 1', 'HSETNX h a 2', 'HGET h a', 'HSETNX h b 3', 'HDEL h a nope a', 'HDEL h nope',
      'HDEL nokey a', 'HGETALL h', 'HDEL h b', 'EXISTS h', 'HDEL h', 'HSETNX h a'),
  },
  {
    name: 'HINCRBY',
    steps: [
      ...lines('HINCRBY h a 5', 'HINCRBY h a -7', 'HGET h a', 'HINCRBY h a abc', 'HINCRBY h a 1.5',
        'HINCRBY h a 9223372036854775808', 'HSET h big 9223372036854775807 neg -9223372036854775808 s abc f 1.5 z 01',
        'HINCRBY h big 1', 'HINCRBY h neg -1', 'HINCRBY h big 0', 'HINCRBY h neg 0', 'HINCRBY h s 1', 'HINCRBY h f 1',
        'HINCRBY h z 1', 'HINCRBY h new -9223372036854775808', 'HINCRBY nokey a 0', 'HGETALL h', 'EXISTS nokey',
        'HINCRBY h a', 'HINCRBY h'),
      ['HSET', 'h', 'sp', ' 1'], ['HINCRBY', 'h', 'sp', '1'], ['HINCRBY', 'h', 'a', ' 1'],
    ],
  },
  {
    name: 'HINCRBYFLOAT',
    steps: [
      ...lines('HINCRBYFLOAT h a 1.5', 'HINCRBYFLOAT h a 0.1', 'HINCRBYFLOAT h a -1.6', 'HINCRBYFLOAT h b 3.0',
        'HINCRBYFLOAT h c 1e3', 'HINCRBYFLOAT h c 0.1', 'HINCRBYFLOAT h d 5', 'HINCRBYFLOAT h d 1e-5',
        'HINCRBYFLOAT h a abc', 'HINCRBYFLOAT h a inf', 'HINCRBYFLOAT h a -inf', 'HINCRBYFLOAT h a nan',
        'HSET h s abc i 10 e 1e400 x 0x10', 'HINCRBYFLOAT h s 1', 'HINCRBYFLOAT h i 0.5', 'HINCRBYFLOAT h e 1',
        'HINCRBYFLOAT h x 1', 'HINCRBYFLOAT h big 1e308', 'HINCRBYFLOAT h big 1e308', 'HINCRBYFLOAT h big 1e4930',
        'HINCRBYFLOAT h y 1.7976931348623157e308', 'HGET h big', 'HGET h e', 'HGET h y', 'HINCRBYFLOAT h a', 'HINCRBYFLOAT nokey a abc',
        'EXISTS nokey', 'HINCRBYFLOAT h z 1e70', 'OBJECT ENCODING h'),
      ['HINCRBYFLOAT', 'h', 'a', ''], ['HINCRBYFLOAT', 'h', 'a', ' 1'],
    ],
  },
  {
    name: 'listpack order survives updates and deletes',
    steps: lines('HSET h c 1 a 2 b 3', 'HSET h a 20', 'HDEL h c', 'HSET h c 4', 'HGETALL h', 'HKEYS h', 'HVALS h',
      'HSCAN h 0', 'HSCAN h 123', 'HSCAN h 0 MATCH [ab]', 'HSCAN h 0 COUNT 1', 'HRANDFIELD h 10', 'HRANDFIELD h 3 WITHVALUES',
      'OBJECT ENCODING h'),
  },
  {
    name: 'hash encoding conversions',
    steps: [
      ['HSET', 'h1', 'a', long], ...lines('OBJECT ENCODING h1'),
      ['HSET', 'h2', 'a', 'x'.repeat(64)], ...lines('OBJECT ENCODING h2'),
      ['HSET', 'h2', long, '1'], ...lines('OBJECT ENCODING h2'),
      ...lines('HSET h3 a 1'), ['HSETNX', 'h3', 'a', long], ...lines('OBJECT ENCODING h3'),
      ['HSETNX', 'h3', 'b', long], ...lines('OBJECT ENCODING h3'),
      ...lines('HSET h4 a 1'), ['HINCRBY', 'h4', long, '1'], ...lines('OBJECT ENCODING h4'),
      ['HSET', 'h5', ...fields(512)], ...lines('OBJECT ENCODING h5', 'HSET h5 f0 new', 'OBJECT ENCODING h5',
        'HSET h5 extra 1', 'OBJECT ENCODING h5', 'HDEL h5 extra f1 f2', 'OBJECT ENCODING h5', 'HLEN h5'),
      ['HMSET', 'h6', ...fields(513)], ...lines('OBJECT ENCODING h6'),
      unordered('HGETALL h6'), unordered('HKEYS h6'), unordered('HVALS h6'),
    ],
  },
  {
    name: 'hash encoding limits follow the config',
    config: { 'hash-max-listpack-entries': '2', 'hash-max-listpack-value': '4' },
    steps: lines('HSET h a 1 b 2', 'OBJECT ENCODING h', 'HSET h c 3', 'OBJECT ENCODING h', 'HSET g a 12345',
      'OBJECT ENCODING g', 'HSET k a 1234', 'OBJECT ENCODING k', 'HINCRBYFLOAT k a 0.5', 'OBJECT ENCODING k'),
  },
  {
    name: 'HRANDFIELD',
    steps: [
      ...lines('HRANDFIELD nokey', 'HRANDFIELD nokey 3', 'HRANDFIELD nokey -3 WITHVALUES', 'HRANDFIELD nokey abc',
        'HRANDFIELD nokey 1 withvalue', 'HRANDFIELD nokey 1 WITHVALUES x', 'HSET h a 1 b 2 c 3', 'HRANDFIELD h 0',
        'HRANDFIELD h 0 WITHVALUES', 'HRANDFIELD h 3', 'HRANDFIELD h 5 withvalues', 'HRANDFIELD h -9223372036854775808',
        'HRANDFIELD h -4611686018427387904 WITHVALUES', 'HRANDFIELD h abc', 'HRANDFIELD h 1.5', 'HRANDFIELD h 1 2'),
      shape('HRANDFIELD h'), shape('HRANDFIELD h 2'), shape('HRANDFIELD h -5'), shape('HRANDFIELD h -5 WITHVALUES'),
      shape('HRANDFIELD h 2 WITHVALUES'),
      ['HSET', 'big', ...fields(200)], shape('HRANDFIELD big 5'), shape('HRANDFIELD big 150 WITHVALUES'),
      shape('HRANDFIELD big -3 WITHVALUES'), { argv: ['HRANDFIELD', 'big', '300'], unordered: true },
    ],
  },
  {
    name: 'HRANDFIELD and HGETALL in RESP3',
    steps: [
      hello3, ...lines('HSET h a 1 b 2', 'HGETALL h', 'HGETALL nokey', 'HRANDFIELD h 2 WITHVALUES', 'HRANDFIELD h 1 withvalues x',
        'HRANDFIELD nokey', 'HRANDFIELD nokey 2', 'HKEYS nokey', 'HMGET nokey a', 'HGET nokey a', 'HSCAN h 0'),
      shape('HRANDFIELD h -3 WITHVALUES'), shape('HRANDFIELD h 1 WITHVALUES'),
    ],
  },
  {
    name: 'HSCAN options and cursors',
    steps: [
      ...lines('HSCAN nokey 0', 'HSCAN nokey 0 COUNT abc', 'HSCAN nokey abc', 'HSET h a 1 b 2 ab 3', 'HSCAN h 0 COUNT abc',
        'HSCAN h 0 COUNT 0', 'HSCAN h 0 COUNT -1', 'HSCAN h 0 TYPE string', 'HSCAN h 0 MATCH', 'HSCAN h 0 match a*',
        'HSCAN h 0 MATCH a* COUNT 1 MATCH b', 'HSCAN h 0 FOO bar', 'HSCAN h -1', 'HSCAN h +1', 'HSCAN h 18446744073709551615',
        'HSCAN h 18446744073709551616', 'HSCAN h 0x1', 'HSCAN h 1.0', 'HSCAN h', 'HSCAN h -', 'HSCAN h -0'),
      ['HSCAN', 'h', ''], ['HSCAN', 'h', ' 1'], ['HSCAN', 'h', '1 '],
      ['HSET', 'big', ...fields(10)], ['HSET', 'big', long, '1'], unordered('HSCAN big 0 COUNT 100', 2),
      unordered('HSCAN big 0 COUNT 100 MATCH f1*', 2),
    ],
  },
]
