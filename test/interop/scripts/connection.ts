import type { Script } from '../script.js'
import { lines } from '../script.js'

export const scripts: Script[] = [
  { name: 'PING and ECHO', steps: [...lines('PING', 'PING hello', 'ECHO hi', 'ECHO', 'PING a b'), ['ECHO', '']] },
  { name: 'SELECT', steps: lines('SELECT 1', 'SELECT 16', 'SELECT -1', 'SELECT abc', 'SELECT 01', 'SELECT') },
  { name: 'unknown commands', steps: [...lines('FOO', 'FOO bar baz', 'foo'), ['FOO', 'a'.repeat(200), 'b']] },
]
