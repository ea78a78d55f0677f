// HELLO, AUTH, RESET and PING across protocol versions, with and without requirepass.
import type { Script } from '../script.js'
import { lines } from '../script.js'

const shape = (l: string): { argv: string[]; shapeOnly: true } => ({ argv: l.split(' '), shapeOnly: true })

export const scripts: Script[] = [
  { name: 'HELLO switches protocol and reports the server', steps: [shape('HELLO 3'), ...lines('GET nosuch', 'PING'), shape('HELLO'), shape('HELLO 2'), ...lines('GET nosuch')] },
  { name: 'HELLO errors', steps: lines('HELLO 4', 'HELLO 1', 'HELLO abc', 'HELLO 3 FOO', 'HELLO 3 AUTH default', 'HELLO 3 SETNAME', 'HELLO 4 SETNAME a', 'HELLO 3 setname a setname b c') },
  { name: 'HELLO SETNAME validates the name before anything else', steps: [['HELLO', '3', 'SETNAME', 'a b'], ['HELLO', '3', 'SETNAME', 'a b', 'FOO'], shape('HELLO 2 SETNAME conn1'), ['CLIENT', 'GETNAME']] },
  { name: 'AUTH without a password configured', steps: lines('AUTH x', 'AUTH default anything', 'AUTH Default x', 'AUTH bob x', 'AUTH a b c', 'AUTH') },
  { name: 'HELLO AUTH with the nopass default user', steps: [shape('HELLO 3 AUTH default whatever'), ...lines('HELLO 3 AUTH bob x', 'PING')] },
  {
    name: 'requirepass: NOAUTH, AUTH and HELLO AUTH',
    config: { requirepass: 'secret' },
    steps: [
      ...lines('PING', 'GET a', 'HELLO', 'HELLO 3', 'HELLO 3 AUTH default nope', 'AUTH nope', 'AUTH default nope', 'AUTH secret', 'PING', 'AUTH default secret'),
      ...lines('RESET', 'PING', 'HELLO 3 SETNAME x'), shape('HELLO 3 AUTH default secret SETNAME x'), ...lines('PING', 'CLIENT GETNAME', 'RESET', 'GET a'),
    ],
  },
  {
    name: 'RESET leaves MULTI, db, name, protocol and CLIENT REPLY',
    steps: [
      ...lines('SELECT 2', 'SET k v', 'CLIENT SETNAME foo'), shape('HELLO 3'), ...lines('MULTI', 'SET a b', 'RESET', 'GET k', 'CLIENT GETNAME', 'EXEC', 'GET nosuch'),
      { argv: ['CLIENT', 'REPLY', 'OFF'], noReply: true }, ...lines('RESET', 'PING', 'SELECT 2', 'WATCH k', 'RESET', 'MULTI', 'EXEC'),
    ],
  },
  { name: 'RESET in RESP2 subscribed mode', steps: lines('SUBSCRIBE ch', 'PING', 'PING hi', 'GET a', 'RESET', 'PING', 'GET a') },
  { name: 'PING in RESP3 subscribed mode', steps: [shape('HELLO 3'), ...lines('SUBSCRIBE ch', 'PING', 'PING hi', 'GET a', 'RESET', 'PING')] },
  { name: 'RESET arity', steps: lines('RESET x', 'PING') },
]
