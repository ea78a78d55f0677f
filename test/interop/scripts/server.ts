// INFO selection and format, TIME, LASTSAVE, WAIT, and SHUTDOWN's argument errors (never a real shutdown).
import type { Script } from '../script.js'
import { lines } from '../script.js'

const shape = (l: string): { argv: string[]; shapeOnly: true } => ({ argv: l.split(' '), shapeOnly: true })

export const scripts: Script[] = [
  { name: 'INFO unknown sections are empty', steps: lines('INFO foo', 'INFO foo bar', 'INFO modules', 'INFO MODULES foo', 'INFO cluster') },
  { name: 'INFO keyspace', steps: lines('INFO keyspace', 'SET a 1', 'SELECT 3', 'SET b 1', 'SET c 2', 'INFO keyspace', 'INFO Keyspace cluster', 'FLUSHALL', 'INFO keyspace') },
  { name: 'INFO in RESP3 is a verbatim string', steps: [shape('HELLO 3'), ...lines('INFO cluster', 'INFO foo')] },
  { name: 'TIME and LASTSAVE', steps: [shape('TIME'), shape('LASTSAVE'), ...lines('TIME x', 'LASTSAVE x')] },
  { name: 'WAIT without replicas', steps: lines('WAIT 0 0', 'WAIT 0 100', 'WAIT 1 50', 'WAIT x 0', 'WAIT 0 x', 'WAIT 0 -1', 'WAIT 0 1.5', 'WAIT 0', 'MULTI', 'WAIT 1 0', 'EXEC') },
  { name: 'SHUTDOWN argument errors', steps: lines('SHUTDOWN ABORT', 'SHUTDOWN NOSAVE SAVE', 'SHUTDOWN ABORT NOW', 'SHUTDOWN foo', 'SHUTDOWN SAVE abort', 'MULTI', 'SHUTDOWN', 'EXEC', 'PING') },
]
