// CLIENT subcommands: names, errors of LIST/KILL/PAUSE/UNBLOCK, REPLY modes and the tracking answers.
import type { Script } from '../script.js'
import { lines } from '../script.js'

const shape = (l: string): { argv: string[]; shapeOnly: true } => ({ argv: l.split(' '), shapeOnly: true })

export const scripts: Script[] = [
  { name: 'CLIENT SETNAME and GETNAME', steps: [...lines('CLIENT GETNAME', 'CLIENT SETNAME foo', 'CLIENT GETNAME'), ['CLIENT', 'SETNAME', 'a b'], ['CLIENT', 'SETNAME', 'x\ny'], ['CLIENT', 'SETNAME', 'caf\xe9'], ['CLIENT', 'GETNAME'], ['CLIENT', 'SETNAME', ''], ['CLIENT', 'GETNAME'], ...lines('CLIENT SETNAME', 'CLIENT GETNAME x')] },
  { name: 'CLIENT ID and INFO', steps: [shape('CLIENT ID'), shape('CLIENT INFO'), ...lines('CLIENT ID x', 'CLIENT INFO x')] },
  { name: 'CLIENT LIST errors', steps: lines('CLIENT LIST ID abc', 'CLIENT LIST ID 1 2 x', 'CLIENT LIST TYPE foo', 'CLIENT LIST foo', 'CLIENT LIST ID', 'CLIENT LIST TYPE normal x', 'CLIENT LIST ID 999999', 'CLIENT LIST TYPE master', 'CLIENT LIST TYPE replica', 'CLIENT LIST TYPE slave', 'CLIENT LIST TYPE pubsub') },
  {
    name: 'CLIENT KILL errors and counts',
    steps: lines('CLIENT KILL 1.2.3.4:5', 'CLIENT KILL ID abc', 'CLIENT KILL ID 0', 'CLIENT KILL ID 999999', 'CLIENT KILL foo bar', 'CLIENT KILL TYPE foo',
      'CLIENT KILL SKIPME maybe', 'CLIENT KILL addr', 'CLIENT KILL MAXAGE 1', 'CLIENT KILL 1.1.1.1:1 x', 'CLIENT KILL USER bob', 'CLIENT KILL USER default ID 999999',
      'CLIENT KILL TYPE master', 'CLIENT KILL TYPE replica SKIPME no', 'CLIENT KILL ADDR 1.2.3.4:5 LADDR 1.2.3.4:6', 'CLIENT KILL', 'CLIENT KILL ID 1 TYPE'),
  },
  { name: 'CLIENT KILL filters combine', steps: [...lines('PING', 'CLIENT KILL TYPE normal SKIPME yes ID 999999'), { argv: ['CLIENT', 'KILL', 'TYPE', 'normal', 'SKIPME', 'no', 'USER', 'default', 'ID', '999999'] }] },
  {
    name: 'CLIENT REPLY OFF, SKIP and ON',
    steps: [
      ...lines('CLIENT REPLY foo', 'CLIENT REPLY on x'),
      { argv: ['CLIENT', 'REPLY', 'SKIP'], noReply: true }, { argv: ['SET', 'a', '1'], noReply: true }, ['GET', 'a'],
      { argv: ['CLIENT', 'REPLY', 'OFF'], noReply: true }, { argv: ['INCR', 'a'], noReply: true }, { argv: ['CLIENT', 'REPLY', 'SKIP'], noReply: true },
      { argv: ['GET', 'a'], noReply: true }, ['CLIENT', 'REPLY', 'ON'], ['GET', 'a'],
    ],
  },
  { name: 'CLIENT PAUSE and UNBLOCK errors', steps: lines('CLIENT PAUSE abc', 'CLIENT PAUSE -1', 'CLIENT PAUSE 10 foo', 'CLIENT PAUSE abc foo', 'CLIENT PAUSE 1 all x', 'CLIENT PAUSE', 'CLIENT UNPAUSE x', 'CLIENT UNBLOCK abc', 'CLIENT UNBLOCK 1 foo', 'CLIENT UNBLOCK abc foo', 'CLIENT UNBLOCK 1 timeout x', 'CLIENT UNBLOCK 999999', 'CLIENT UNBLOCK 999999 ERROR') },
  { name: 'CLIENT PAUSE WRITE holds writes only', steps: lines('CLIENT PAUSE 100 WRITE', 'GET k', 'PING', 'SET k v', 'GET k', 'CLIENT UNPAUSE') },
  { name: 'CLIENT PAUSE ALL still answers errors at once', steps: lines('CLIENT PAUSE 50 ALL', 'GET', 'FOO', 'PING', 'CLIENT UNPAUSE') },
  { name: 'CLIENT PAUSE WRITE holds writes queued in MULTI', steps: lines('CLIENT PAUSE 60 WRITE', 'MULTI', 'SET a 1', 'GET a', 'EXEC') },
  { name: 'CLIENT NO-EVICT', steps: lines('CLIENT NO-EVICT maybe', 'CLIENT NO-EVICT on', 'CLIENT NO-EVICT OFF', 'CLIENT NO-EVICT') },
  { name: 'tracking answers for a client that does not track', steps: lines('CLIENT TRACKINGINFO', 'CLIENT GETREDIR', 'CLIENT CACHING yes', 'CLIENT CACHING maybe', 'CLIENT TRACKING foo', 'CLIENT TRACKING', 'CLIENT TRACKING off', 'CLIENT GETREDIR x') },
  { name: 'CLIENT HELP and unknown subcommands', steps: lines('CLIENT HELP', 'CLIENT help x', 'CLIENT foo', 'CLIENT') },
]
