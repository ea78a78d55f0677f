// Differences the differential fuzzer (test/interop/fuzz/) found and rcl-node fixed: each script is the
// shrunk reproducing sequence, kept so the difference cannot come back.
import { lines, type Script } from '../script.js'
import payloads from '../fuzz/dump-payloads.json' with { type: 'json' }

const payload = (name: keyof typeof payloads): string => Buffer.from(payloads[name], 'hex').toString('latin1')

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
]
