// Differential scripts for the sorted-set family: every command with its options and error texts, score
// parsing and printing, both encodings, RESP2 and RESP3 shapes, and the blocking pops' immediate answers.
import type { Script } from '../script.js'
import { lines } from '../script.js'

/** ZADD commands building a set big enough to be skiplist-encoded (scores repeat, members differ). */
const bigSet = (key: string, n: number): string[][] =>
  Array.from({ length: n }, (_, i) => ['ZADD', key, `${i % 7}.5`, `m${i}`])

export const scripts: Script[] = [
  {
    name: 'ZADD options and replies',
    steps: lines(
      'ZADD z 1 a 2 b 3 c', 'ZADD z 1 a', 'ZADD z CH 5 a 2 b 9 d', 'ZRANGE z 0 -1 WITHSCORES',
      'ZADD z NX 100 a 4 e', 'ZADD z XX 100 a 4 f', 'ZRANGE z 0 -1 WITHSCORES',
      'ZADD z GT CH 1 a 200 b', 'ZADD z LT CH 1 a 300 c', 'ZADD z GT 7 new', 'ZADD z XX GT CH 0 a 1000 a',
      'ZRANGE z 0 -1 WITHSCORES', 'ZADD nokey XX 1 a', 'EXISTS nokey', 'ZADD nokey XX INCR 1 a',
      'ZADD z nx xx 1 a', 'ZADD z GT LT 1 a', 'ZADD z NX GT 1 a', 'ZADD z NX LT 1 a', 'ZADD z INCR 1 a 2 b',
      'ZADD z 1 a 2', 'ZADD z incr nx 1 zz gt', 'ZADD z FOO 1 a', 'ZADD z', 'ZADD z 1', 'ZADD z NX', 'ZADD z CH CH 1 a',
      'ZADD z abc a', 'ZADD z 1 a abc b', 'ZADD z nan a', 'SET s v', 'ZADD s 1 a', 'ZADD s abc a', 'ZADD s XX NX 1 a',
    ),
  },
  {
    name: 'ZADD INCR and ZINCRBY',
    steps: lines(
      'ZADD z INCR 1.5 m', 'ZADD z INCR 1 m', 'ZADD z NX INCR 1 m', 'ZADD z XX INCR 1 m', 'ZADD z XX INCR 1 other',
      'ZADD z GT INCR -1 m', 'ZADD z LT INCR -1 m', 'ZADD z INCR 0 m', 'ZINCRBY z 0.25 m', 'ZINCRBY z -10 m',
      'ZINCRBY nokey 1.5 m', 'ZINCRBY z abc m', 'ZINCRBY z 1', 'ZINCRBY z 1 a b', 'ZINCRBY z inf m', 'ZINCRBY z -inf m',
      'ZADD z INCR -inf m', 'ZSCORE z m', 'ZADD z INCR +inf m', 'ZADD z INCR -inf x', 'ZADD z INCR inf x',
      'SET s v', 'ZINCRBY s 1 m', 'ZADD s INCR 1 m',
    ),
  },
  {
    name: 'score parsing and printing',
    steps: [
      ...lines(
        'ZADD f 1e400 a', 'ZADD f 1e-400 a', 'ZADD f 1e-330 a', 'ZADD f 0x10 a', 'ZADD f 0x1p3 b', 'ZADD f 0x c',
        'ZADD f 1e c', 'ZADD f 1_0 c', 'ZADD f infx c', 'ZADD f INF c', 'ZADD f -Infinity d', 'ZADD f +5 e',
        'ZADD f .5 g', 'ZADD f 5. h', 'ZADD f -.5e1 i', 'ZADD f 1e-310 j', 'ZADD f 4.9e-324 k', 'ZADD f 1.1 l',
        'ZADD f 0.1 m', 'ZADD f 123456789012345678 n', 'ZADD f 1e300 o', 'ZADD f -0 p', 'ZADD f 3.0000 q',
        'ZRANGE f 0 -1 WITHSCORES', 'ZSCORE f p', 'ZSCORE f l', 'ZSCORE f n', 'ZSCORE f nosuch',
      ),
      ['ZADD', 'f', ' 1', 'x'], ['ZADD', 'f', '1 ', 'x'], ['ZADD', 'f', '', 'x'], ['ZADD', 'f', '1\u0000', 'x'],
    ],
  },
  {
    name: 'negative zero in both encodings',
    steps: [...lines('ZADD z -0 a', 'ZSCORE z a', 'ZADD z INCR -0 b', 'ZSCORE z b'), ...bigSet('big', 130),
      ...lines('ZADD big -0 negz', 'ZSCORE big negz', 'ZRANGESTORE d big 0 10', 'ZUNIONSTORE u 1 big', 'ZSCORE u negz')],
  },
  {
    name: 'ZCARD ZSCORE ZMSCORE ZRANK ZREVRANK',
    steps: lines(
      'ZADD z 1 a 2 b 3 c', 'ZCARD z', 'ZCARD nokey', 'ZSCORE z b', 'ZSCORE z x', 'ZSCORE nokey a',
      'ZMSCORE z a x c', 'ZMSCORE nokey a b', 'ZRANK z a', 'ZRANK z c', 'ZRANK z x', 'ZRANK nokey a',
      'ZREVRANK z a', 'ZREVRANK z c', 'ZREVRANK z x', 'ZCARD', 'ZSCORE z', 'ZMSCORE z', 'ZRANK z a b',
      'SET s v', 'ZCARD s', 'ZSCORE s a', 'ZMSCORE s a', 'ZRANK s a', 'ZREVRANK s a',
    ),
  },
  {
    name: 'ZREM',
    steps: lines(
      'ZADD z 1 a 2 b 3 c', 'ZREM z a x', 'ZREM z x', 'ZREM nokey a', 'ZREM z b c c', 'EXISTS z',
      'ZREM z', 'SET s v', 'ZREM s a',
    ),
  },
  {
    name: 'ZRANGE by rank',
    steps: lines(
      'ZADD z 1 a 2 b 3 c 4 d 5 e', 'ZRANGE z 0 -1', 'ZRANGE z 1 3 WITHSCORES', 'ZRANGE z -2 -1', 'ZRANGE z -100 1',
      'ZRANGE z 3 1', 'ZRANGE z 5 10', 'ZRANGE z 0 100', 'ZRANGE z 0 -1 REV', 'ZRANGE z 0 1 REV WITHSCORES',
      'ZREVRANGE z 0 1', 'ZREVRANGE z 0 -1 WITHSCORES', 'ZREVRANGE z -2 -1', 'ZRANGE z 0 -1 LIMIT 0 -1',
      'ZRANGE z 0 -1 LIMIT 0 1', 'ZRANGE z a 1', 'ZRANGE z 0 b', 'ZRANGE z 0 1 FOO', 'ZRANGE z 0 1 withscores withscores',
      'ZREVRANGE z 0 1 REV', 'ZREVRANGE z 0 1 LIMIT 0 1', 'ZREVRANGE z 0 1 BYSCORE', 'ZRANGE nokey 0 -1', 'ZRANGE z 0',
      'ZRANGE z 0 1 LIMIT 0', 'SET s v', 'ZRANGE s 0 -1', 'ZREVRANGE s 0 1',
    ),
  },
  {
    name: 'ZRANGE BYSCORE and ZRANGEBYSCORE',
    steps: [
      ...lines(
        'ZADD z 1 a 2 b 3 c 4 d 5 e 5 f -inf g inf h', 'ZRANGEBYSCORE z -inf +inf', 'ZRANGEBYSCORE z (1 5 WITHSCORES',
        'ZRANGEBYSCORE z (1 (5', 'ZRANGEBYSCORE z 5 1', 'ZRANGEBYSCORE z 3 3', 'ZRANGEBYSCORE z (3 3',
        'ZRANGEBYSCORE z -inf +inf LIMIT 1 2', 'ZRANGEBYSCORE z -inf +inf LIMIT 1 -1', 'ZRANGEBYSCORE z -inf +inf LIMIT -1 2',
        'ZRANGEBYSCORE z -inf +inf LIMIT 0 0', 'ZRANGEBYSCORE z -inf +inf LIMIT 100 2', 'ZRANGEBYSCORE z 2 4 WITHSCORES LIMIT 1 5',
        'ZREVRANGEBYSCORE z +inf -inf', 'ZREVRANGEBYSCORE z 5 (1 WITHSCORES', 'ZREVRANGEBYSCORE z 1 5',
        'ZREVRANGEBYSCORE z +inf -inf LIMIT 2 3', 'ZRANGE z 1 4 BYSCORE', 'ZRANGE z 4 1 BYSCORE REV WITHSCORES',
        'ZRANGE z (1 +inf BYSCORE LIMIT 1 2', 'ZRANGE z +inf -inf BYSCORE REV LIMIT 1 2', 'ZRANGE z (inf +inf BYSCORE',
        'ZRANGE z -inf (-inf BYSCORE', 'ZRANGEBYSCORE z abc 1', 'ZRANGEBYSCORE z 1 nan', 'ZRANGEBYSCORE z (nan 1',
        'ZRANGEBYSCORE z 0x 1', 'ZRANGEBYSCORE z 1e 1', 'ZRANGEBYSCORE z 1e400 inf', 'ZRANGEBYSCORE z (0x2 5',
        'ZRANGEBYSCORE z ( 3', 'ZRANGEBYSCORE z 1 2 REV', 'ZRANGEBYSCORE z 1 2 BYLEX', 'ZRANGEBYSCORE z 1 2 LIMIT 0',
        'ZRANGEBYSCORE z 1 2 LIMIT a 1', 'ZRANGEBYSCORE nokey 1 2', 'ZRANGE z 1 2 BYSCORE BYLEX', 'ZRANGE z 1 2 BYSCORE BYSCORE',
        'SET s v', 'ZRANGEBYSCORE s 1 2', 'ZRANGEBYSCORE s a 2',
      ),
      ['ZRANGEBYSCORE', 'z', '', ''], ['ZRANGEBYSCORE', 'z', ' 2', '3'], ['ZRANGEBYSCORE', 'z', '\t2', '(4'],
      ['ZRANGEBYSCORE', 'z', ' ', '3'], ['ZRANGEBYSCORE', 'z', '(', '3'], ['ZRANGEBYSCORE', 'z', '-', '3'],
    ],
  },
  {
    name: 'ZRANGE BYLEX and ZRANGEBYLEX',
    steps: lines(
      'ZADD l 0 a 0 b 0 c 0 d 0 e 0 f 0 g', 'ZRANGEBYLEX l - +', 'ZRANGEBYLEX l [b [e', 'ZRANGEBYLEX l (b (e',
      'ZRANGEBYLEX l - (c', 'ZRANGEBYLEX l (e +', 'ZRANGEBYLEX l + -', 'ZRANGEBYLEX l - -', 'ZRANGEBYLEX l [c [c',
      'ZRANGEBYLEX l (c [c', 'ZRANGEBYLEX l [aa (d', 'ZRANGEBYLEX l - + LIMIT 2 3', 'ZRANGEBYLEX l - + LIMIT -1 3',
      'ZREVRANGEBYLEX l + -', 'ZREVRANGEBYLEX l - +', 'ZREVRANGEBYLEX l [e (b', 'ZREVRANGEBYLEX l + - LIMIT 1 2',
      'ZRANGE l [b [d BYLEX', 'ZRANGE l [d [b BYLEX REV', 'ZRANGE l - + BYLEX LIMIT 1 2', 'ZRANGE l - + BYLEX WITHSCORES',
      'ZRANGEBYLEX l - + WITHSCORES', 'ZRANGEBYLEX l a b', 'ZRANGEBYLEX l [a +x', 'ZRANGEBYLEX l -a +', 'ZRANGEBYLEX l [a c',
      'ZRANGEBYLEX nokey - +', 'SET s v', 'ZRANGEBYLEX s - +', 'ZRANGEBYLEX s a b',
    ),
  },
  {
    name: 'ZCOUNT ZLEXCOUNT',
    steps: lines(
      'ZADD z 1 a 2 b 3 c 4 d 5 e', 'ZCOUNT z -inf +inf', 'ZCOUNT z (1 3', 'ZCOUNT z (1 (3', 'ZCOUNT z 3 1',
      'ZCOUNT z 3 (3', 'ZCOUNT z 10 20', 'ZCOUNT nokey 1 2', 'ZCOUNT z a 1', 'ZCOUNT z 1 nan',
      'ZADD l 0 a 0 b 0 c 0 d', 'ZLEXCOUNT l - +', 'ZLEXCOUNT l [b (d', 'ZLEXCOUNT l (a [a', 'ZLEXCOUNT l + -',
      'ZLEXCOUNT nokey - +', 'ZLEXCOUNT l a b', 'ZLEXCOUNT l [a +x', 'SET s v', 'ZCOUNT s 1 2', 'ZLEXCOUNT s - +',
      'ZCOUNT s a 2', 'ZLEXCOUNT s a b', 'ZCOUNT z 1', 'ZLEXCOUNT l - + x',
    ),
  },
  {
    name: 'ZRANGESTORE',
    steps: lines(
      'ZADD z 1 a 2 b 3 c 4 d 5 e', 'ZRANGESTORE d z 0 2', 'ZRANGE d 0 -1 WITHSCORES', 'ZRANGESTORE d z 1 3 BYSCORE LIMIT 1 5',
      'ZRANGE d 0 -1 WITHSCORES', 'ZRANGESTORE d z 5 1 BYSCORE REV LIMIT 0 2', 'ZRANGE d 0 -1 WITHSCORES',
      'ZRANGESTORE d z [a [c BYLEX', 'ZRANGE d 0 -1', 'ZRANGESTORE d z 10 20', 'EXISTS d', 'ZRANGESTORE d nokey 0 -1',
      'SET d v', 'ZRANGESTORE d z 0 0', 'TYPE d', 'ZRANGESTORE d z 0 -1 WITHSCORES', 'ZRANGESTORE d z 0 -1 LIMIT 0 1',
      'ZRANGESTORE d z', 'SET s v', 'ZRANGESTORE d s 0 -1', 'ZRANGESTORE z z 0 1', 'ZRANGE z 0 -1',
    ),
  },
  {
    name: 'ZREMRANGEBYRANK ZREMRANGEBYSCORE ZREMRANGEBYLEX',
    steps: lines(
      'ZADD r 1 a 2 b 3 c 4 d 5 e', 'ZREMRANGEBYRANK r 1 2', 'ZRANGE r 0 -1', 'ZREMRANGEBYRANK r 5 10', 'ZREMRANGEBYRANK r 2 1',
      'ZREMRANGEBYRANK r -1 -1', 'ZRANGE r 0 -1', 'ZREMRANGEBYRANK r -100 100', 'EXISTS r', 'ZREMRANGEBYRANK nokey 0 1',
      'ZADD s 1 a 2 b 3 c 4 d', 'ZREMRANGEBYSCORE s (1 3', 'ZRANGE s 0 -1 WITHSCORES', 'ZREMRANGEBYSCORE s 5 1',
      'ZREMRANGEBYSCORE s -inf +inf', 'EXISTS s', 'ZREMRANGEBYSCORE nokey 1 2',
      'ZADD l 0 a 0 b 0 c 0 d', 'ZREMRANGEBYLEX l [b (d', 'ZRANGE l 0 -1', 'ZREMRANGEBYLEX l + -', 'ZREMRANGEBYLEX l - +',
      'EXISTS l', 'ZREMRANGEBYLEX nokey - +', 'ZREMRANGEBYRANK l a 1', 'ZREMRANGEBYSCORE l a 1', 'ZREMRANGEBYLEX l a b',
      'SET str v', 'ZREMRANGEBYRANK str 0 1', 'ZREMRANGEBYSCORE str 0 1', 'ZREMRANGEBYLEX str - +', 'ZREMRANGEBYRANK str a 1',
      'ZREMRANGEBYRANK r 0',
    ),
  },
  {
    name: 'ZUNION ZINTER ZDIFF',
    steps: lines(
      'ZADD a 1 x 2 y 3 z', 'ZADD b 10 y 20 z 30 w', 'ZUNION 2 a b', 'ZUNION 2 a b WITHSCORES', 'ZUNION 2 a b WEIGHTS 2 0.5 WITHSCORES',
      'ZUNION 2 a b AGGREGATE MIN WITHSCORES', 'ZUNION 2 a b AGGREGATE max WITHSCORES', 'ZINTER 2 a b WITHSCORES',
      'ZINTER 2 a b WEIGHTS 1 -1 AGGREGATE SUM WITHSCORES', 'ZINTER 2 a a WITHSCORES', 'ZINTER 2 a nokey', 'ZUNION 2 a nokey WITHSCORES',
      'ZDIFF 2 a b WITHSCORES', 'ZDIFF 2 b a WITHSCORES', 'ZDIFF 1 a', 'ZDIFF 2 nokey a', 'ZDIFF 2 a a',
      'ZUNION 2 a b WEIGHTS inf 0 WITHSCORES', 'ZINTER 2 a b WEIGHTS inf -inf WITHSCORES', 'ZINTER 2 a b WEIGHTS inf -inf AGGREGATE MAX WITHSCORES',
      'ZUNION 2 a b AGGREGATE SUM AGGREGATE MAX WITHSCORES', 'ZUNION 2 a b WITHSCORES WITHSCORES',
      'ZUNION 0 a', 'ZINTER 0 a', 'ZDIFF 0 a', 'ZUNION -1 a', 'ZUNION abc a', 'ZINTER 3 a b', 'ZUNION 2 a b WEIGHTS 1',
      'ZUNION 2 a b WEIGHTS 1 2 3', 'ZUNION 2 a b WEIGHTS abc 1', 'ZUNION 2 a b WEIGHTS 1e400 1', 'ZUNION 2 a b AGGREGATE',
      'ZUNION 2 a b AGGREGATE foo', 'ZDIFF 2 a b WEIGHTS 1 1', 'ZDIFF 2 a b AGGREGATE SUM', 'ZUNION 2 a b FOO',
      'SET s v', 'ZUNION 2 a s', 'ZINTER 2 nokey s', 'ZDIFF 2 a s', 'ZUNION 2 s a WEIGHTS x',
      'ZADD n1 0.1 m', 'ZADD n2 0.2 m', 'ZADD n3 0.3 m 1 k', 'ZUNION 3 n1 n2 n3 WITHSCORES', 'ZUNION 3 n3 n2 n1 WITHSCORES',
      'ZINTER 3 n3 n1 n2 WITHSCORES',
    ),
  },
  {
    name: 'ZUNIONSTORE ZINTERSTORE ZDIFFSTORE',
    steps: lines(
      'ZADD a 1 x 2 y 3 z', 'ZADD b 10 y 20 z 30 w', 'ZUNIONSTORE d 2 a b', 'ZRANGE d 0 -1 WITHSCORES',
      'ZINTERSTORE d 2 a b WEIGHTS 2 3 AGGREGATE MAX', 'ZRANGE d 0 -1 WITHSCORES', 'ZDIFFSTORE d 2 b a', 'ZRANGE d 0 -1 WITHSCORES',
      'ZINTERSTORE d 2 a nokey', 'EXISTS d', 'ZDIFFSTORE d 2 a a', 'SET d v', 'ZUNIONSTORE d 1 a', 'TYPE d',
      'ZUNIONSTORE d 2 a b WITHSCORES', 'ZDIFFSTORE d 2 a b WEIGHTS 1 1', 'ZUNIONSTORE d 0 a', 'ZINTERSTORE d 0 a',
      'ZDIFFSTORE d 0 a', 'ZUNIONSTORE d 3 a b', 'ZUNIONSTORE a 2 a b', 'ZRANGE a 0 -1 WITHSCORES', 'ZUNIONSTORE d', 'ZUNIONSTORE d 1',
      'SET s v', 'ZUNIONSTORE d 2 a s', 'ZINTERSTORE d 1 s',
    ),
  },
  {
    name: 'sets as inputs',
    steps: lines(
      'ZADD a 1 x 2 y 3 z', 'SADD s y w q', 'SADD si 1 2 3', 'ZADD zi 5 1 6 2 7 9', 'ZUNION 2 a s WITHSCORES',
      'ZINTER 2 a s WITHSCORES', 'ZINTER 2 s s WITHSCORES', 'ZUNION 1 s WITHSCORES', 'ZDIFF 2 s a WITHSCORES', 'ZDIFF 2 a s',
      'ZINTERCARD 2 a s', 'ZINTER 2 si zi WITHSCORES', 'ZUNION 2 si zi WEIGHTS 2 3 WITHSCORES', 'ZDIFF 2 si zi WITHSCORES',
      'ZUNIONSTORE d 2 si s', 'ZRANGE d 0 -1 WITHSCORES', 'OBJECT ENCODING d', 'RPUSH l a', 'ZUNION 2 a l', 'ZINTERCARD 2 l s',
    ),
  },
  {
    name: 'ZINTERCARD',
    steps: lines(
      'ZADD a 1 x 2 y 3 z 4 v', 'ZADD b 10 y 20 z 30 w 40 v', 'ZINTERCARD 2 a b', 'ZINTERCARD 1 a', 'ZINTERCARD 2 a nokey',
      'ZINTERCARD 2 a b LIMIT 1', 'ZINTERCARD 2 a b LIMIT 0', 'ZINTERCARD 2 a b LIMIT 100', 'ZINTERCARD 2 a b LIMIT 1 LIMIT 0',
      'ZINTERCARD 0 a', 'ZINTERCARD abc a', 'ZINTERCARD 3 a b', 'ZINTERCARD 2 a b LIMIT -1', 'ZINTERCARD 2 a b LIMIT abc',
      'ZINTERCARD 2 a b LIMIT', 'ZINTERCARD 2 a b WITHSCORES', 'ZINTERCARD 2 a b WEIGHTS 1 1', 'SET s v', 'ZINTERCARD 2 a s',
      'ZINTERCARD 1',
    ),
  },
  {
    name: 'ZPOPMIN ZPOPMAX ZMPOP',
    steps: lines(
      'ZADD z 1 a 2 b 3 c 4 d 5 e', 'ZPOPMIN z', 'ZPOPMAX z', 'ZPOPMIN z 2', 'ZPOPMAX z 0', 'ZPOPMAX z 10', 'EXISTS z',
      'ZPOPMIN nokey', 'ZPOPMIN nokey 2', 'ZPOPMIN nokey 0', 'ZPOPMIN z -1', 'ZPOPMIN z abc', 'ZPOPMIN z 1 2', 'ZPOPMAX',
      'ZADD z 1 a 2 b 3 c', 'ZMPOP 1 z MIN', 'ZMPOP 2 nokey z max COUNT 5', 'ZMPOP 1 z MIN', 'ZMPOP 1 nokey MIN',
      'ZMPOP abc z MIN', 'ZMPOP 0 z MIN', 'ZMPOP -1 z MIN', 'ZMPOP 1 z foo', 'ZMPOP 2 z MIN', 'ZMPOP 1 z MIN COUNT 0',
      'ZMPOP 1 z MIN COUNT abc', 'ZMPOP 1 z MIN COUNT', 'ZMPOP 1 z MIN COUNT 1 COUNT 1', 'ZMPOP 1 z MIN FOO',
      'SET s v', 'ZPOPMIN s', 'ZPOPMAX s abc', 'ZMPOP 1 s MIN', 'ZMPOP 2 nokey s MIN', 'ZMPOP 1 s foo',
    ),
  },
  {
    name: 'BZPOPMIN BZPOPMAX BZMPOP without waiting',
    steps: lines(
      'ZADD z 1 a 2 b 3 c', 'BZPOPMIN z 0', 'BZPOPMAX nokey z 0', 'BZMPOP 0 2 nokey z MIN COUNT 5', 'EXISTS z',
      'BZPOPMIN nokey 0.01', 'BZPOPMAX nokey 0.01', 'BZMPOP 0.01 1 nokey MAX', 'BZPOPMIN z abc', 'BZPOPMIN z -1',
      'BZPOPMIN z', 'BZMPOP 0 0 z MIN', 'BZMPOP abc 1 z MIN', 'BZMPOP -1 1 z MIN', 'BZMPOP 0 1 z foo', 'BZMPOP 0 1 z MIN COUNT 0',
      'SET s v', 'BZPOPMIN s 0', 'BZPOPMIN s abc', 'BZMPOP 0 1 s MIN',
      'MULTI', 'BZPOPMIN nokey 0', 'BZMPOP 0 1 nokey MIN', 'EXEC',
    ),
  },
  {
    name: 'ZRANDMEMBER deterministic cases',
    steps: lines(
      'ZADD z 1 a 2 b 3 c', 'ZRANDMEMBER z 3', 'ZRANDMEMBER z 10 WITHSCORES', 'ZRANDMEMBER z 0', 'ZRANDMEMBER nokey',
      'ZRANDMEMBER nokey 2', 'ZRANDMEMBER nokey 0', 'ZADD one 5 x', 'ZRANDMEMBER one', 'ZRANDMEMBER one -3 WITHSCORES',
      'ZRANDMEMBER one 1', 'ZRANDMEMBER z abc', 'ZRANDMEMBER z 1 foo', 'ZRANDMEMBER z 1 WITHSCORES x',
      'ZRANDMEMBER z -9223372036854775808', 'ZRANDMEMBER z -9223372036854775807 WITHSCORES', 'ZRANDMEMBER z 9223372036854775807 WITHSCORES',
      'ZRANDMEMBER z 4611686018427387904 WITHSCORES', 'SET s v', 'ZRANDMEMBER s', 'ZRANDMEMBER s 1', 'ZRANDMEMBER s abc',
    ),
  },
  {
    name: 'ZRANDMEMBER over a skiplist returns the whole set highest first',
    steps: [...bigSet('big', 200), ...lines('ZRANDMEMBER big 300', 'ZRANDMEMBER big 200 WITHSCORES')],
  },
  {
    name: 'ZSCAN',
    steps: [
      ...lines(
        'ZADD z 1.5 a 2 b 123456789012345678 c -0 d 1e300 e', 'ZSCAN z 0', 'ZSCAN z 0 MATCH [ab]', 'ZSCAN z 0 COUNT 1',
        'ZSCAN z 5', 'ZSCAN nokey 0', 'ZSCAN nokey 0 foo', 'ZSCAN z abc', 'ZSCAN z -1', 'ZSCAN z 0 COUNT 0', 'ZSCAN z 0 COUNT abc',
        'ZSCAN z 0 COUNT', 'ZSCAN z 0 MATCH', 'ZSCAN z 0 FOO bar', 'ZSCAN z 0 TYPE zset', 'ZSCAN z 18446744073709551616',
        'SET s v', 'ZSCAN s 0', 'ZSCAN s abc',
      ),
      ['ZSCAN', 'z', ''], ...bigSet('big', 150),
      { argv: ['ZSCAN', 'big', '0', 'COUNT', '1000'], unordered: 2 },
      { argv: ['ZSCAN', 'big', '0', 'COUNT', '1000', 'MATCH', 'm1*'], unordered: 2 },
    ],
  },
  {
    name: 'RESP3 shapes',
    steps: [{ argv: ['HELLO', '3'], shapeOnly: true }, ...lines(
      'ZADD z 1 a 2 b 3 c 4 d 5 e 6 f', 'ZSCORE z a', 'ZSCORE z x', 'ZMSCORE z a x', 'ZADD z INCR 1 a', 'ZADD z NX INCR 1 a',
      'ZINCRBY z 0.5 b', 'ZRANK z x', 'ZRANGE z 0 1 WITHSCORES', 'ZRANGE z 0 1', 'ZRANGEBYSCORE z 1 3 WITHSCORES LIMIT 0 2',
      'ZREVRANGE z 0 0 WITHSCORES', 'ZRANGE z 0 -1 BYSCORE REV WITHSCORES', 'ZUNION 1 z WITHSCORES', 'ZDIFF 1 z WITHSCORES',
      'ZINTER 1 z', 'ZRANDMEMBER z 10 WITHSCORES', 'ZRANDMEMBER nokey', 'ZRANDMEMBER nokey 1', 'ZSCAN z 0',
      'ZPOPMIN z', 'ZPOPMIN z 1', 'ZPOPMAX z 2', 'ZPOPMIN z 0', 'ZPOPMIN nokey', 'ZPOPMIN nokey 2', 'ZMPOP 1 z MIN',
      'ZMPOP 1 nokey MIN', 'BZPOPMAX z 0', 'BZMPOP 0 1 z MAX COUNT 2', 'BZPOPMIN nokey 0.01', 'BZMPOP 0.01 1 nokey MIN',
    )],
  },
  {
    name: 'encodings follow the listpack limits',
    config: { 'zset-max-listpack-entries': '4', 'zset-max-listpack-value': '8' },
    steps: [...lines(
      'ZADD z 1 a 2 b 3 c 4 d', 'OBJECT ENCODING z', 'ZADD z 5 e', 'OBJECT ENCODING z', 'ZREM z a b c', 'OBJECT ENCODING z',
      'ZADD long 1 aaaaaaaaa', 'OBJECT ENCODING long', 'ZADD v 1 a', 'ZADD v 2 aaaaaaaaa', 'OBJECT ENCODING v',
      'ZADD w 1 a 2 b 3 c 4 d 5 e', 'ZRANGESTORE d w 0 3', 'OBJECT ENCODING d', 'ZRANGESTORE d w 0 -1', 'OBJECT ENCODING d',
      'ZRANGESTORE d w -inf +inf BYSCORE LIMIT 0 4', 'OBJECT ENCODING d', 'ZUNIONSTORE d 1 w', 'OBJECT ENCODING d',
      'ZINTERSTORE d 2 w z', 'OBJECT ENCODING d', 'ZDIFFSTORE d 2 w long', 'OBJECT ENCODING d', 'ZUNIONSTORE d 2 z long',
      'OBJECT ENCODING d',
    ), { argv: ['ZSCAN', 'w', '0', 'COUNT', '100'], unordered: 2 }],
  },
  {
    name: 'arity errors',
    steps: lines(
      'ZADD', 'ZINCRBY z 1', 'ZCARD', 'ZSCORE z', 'ZMSCORE z', 'ZRANK z', 'ZREVRANK z a b', 'ZREM z', 'ZCOUNT z 1',
      'ZLEXCOUNT z -', 'ZRANGE z 0', 'ZRANGESTORE d z 0', 'ZRANGEBYSCORE z 0', 'ZRANGEBYLEX z -', 'ZREVRANGE z 0',
      'ZREVRANGEBYSCORE z 0', 'ZREVRANGEBYLEX z +', 'ZREMRANGEBYRANK z 0', 'ZREMRANGEBYSCORE z 0', 'ZREMRANGEBYLEX z -',
      'ZUNION 1', 'ZINTER', 'ZDIFF 1', 'ZUNIONSTORE d 1', 'ZINTERSTORE d', 'ZDIFFSTORE d 1', 'ZINTERCARD 1', 'ZPOPMIN',
      'ZPOPMAX', 'ZMPOP 1 z', 'BZPOPMIN z', 'BZPOPMAX', 'BZMPOP 0 1 z', 'ZRANDMEMBER', 'ZSCAN z',
    ),
  },
]
