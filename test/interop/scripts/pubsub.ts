import type { Script } from '../script.js'
import { lines } from '../script.js'

export const scripts: Script[] = [
  { name: 'unsubscribe forms with nothing subscribed', steps: lines('UNSUBSCRIBE', 'PUNSUBSCRIBE', 'SUNSUBSCRIBE', 'UNSUBSCRIBE x') },
  {
    name: 'subscribe, restricted context, unsubscribe all',
    // one channel per kind when unsubscribing all: Redis walks its dict in hash order
    steps: lines('SUBSCRIBE a b', 'PSUBSCRIBE p*', 'SSUBSCRIBE c', 'PING', 'PING hi', 'GET x', 'UNSUBSCRIBE b', 'UNSUBSCRIBE', 'PUNSUBSCRIBE', 'PING', 'SUNSUBSCRIBE', 'PING'),
  },
  { name: 'subscribing twice counts once', steps: lines('SUBSCRIBE a', 'SUBSCRIBE a', 'UNSUBSCRIBE a', 'UNSUBSCRIBE a') },
  { name: 'PUBLISH counts receivers (none here)', steps: lines('PUBLISH ch msg', 'SPUBLISH ch msg', 'PUBLISH ch', 'PUBLISH') },
  {
    name: 'PUBSUB introspection',
    steps: [...lines('PUBSUB NUMPAT', 'PUBSUB NUMSUB', 'PUBSUB NUMSUB a b', 'PUBSUB CHANNELS', 'PUBSUB CHANNELS a*', 'PUBSUB CHANNELS a b', 'PUBSUB SHARDCHANNELS', 'PUBSUB SHARDNUMSUB x', 'PUBSUB NUMPAT x', 'PUBSUB FOO', 'PUBSUB', 'PUBSUB HELP')],
  },
  { name: 'subscribe inside MULTI', steps: lines('MULTI', 'SUBSCRIBE x', 'EXEC', 'UNSUBSCRIBE') },
  // pushes are not replies: REPLY OFF/SKIP drop PUBLISH's count but never the confirmations or messages
  {
    name: 'REPLY OFF keeps pushes (RESP3)',
    steps: [{ argv: ['HELLO', '3'], shapeOnly: true }, { argv: ['CLIENT', 'REPLY', 'OFF'], noReply: true }, ['SUBSCRIBE', 'ch'], ['PUBLISH', 'ch', 'hello'], ['CLIENT', 'REPLY', 'ON'], ['PING'], ['UNSUBSCRIBE']],
  },
  {
    name: 'REPLY SKIP keeps pushes (RESP3)',
    steps: [{ argv: ['HELLO', '3'], shapeOnly: true }, { argv: ['CLIENT', 'REPLY', 'SKIP'], noReply: true }, ['SUBSCRIBE', 'ch', 'c2'], ['PUBLISH', 'ch', 'x'], ['CLIENT', 'REPLY', 'SKIP'], ['PUBLISH', 'ch', 'y'], ['PING']],
  },
  {
    name: 'REPLY OFF keeps pushes (RESP2)',
    steps: [{ argv: ['CLIENT', 'REPLY', 'OFF'], noReply: true }, ['SUBSCRIBE', 'ch'], ['PSUBSCRIBE', 'c*'], { argv: ['PING'], noReply: true }, { argv: ['CLIENT', 'REPLY', 'ON'], noReply: true }, ['UNSUBSCRIBE', 'ch']],
  },
  { name: 'subscribe arity', steps: lines('SUBSCRIBE', 'PSUBSCRIBE', 'SSUBSCRIBE') },
]
