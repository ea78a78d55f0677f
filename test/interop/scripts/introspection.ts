// COMMAND INFO/DOCS/GETKEYS/LIST, SLOWLOG and MEMORY argument handling, compared with redis-server 7.0.
import type { Script } from '../script.js'
import { lines } from '../script.js'

const shape = (l: string): { argv: string[]; shapeOnly: true } => ({ argv: l.split(' '), shapeOnly: true })

export const scripts: Script[] = [
  { name: 'COMMAND INFO of plain and multi-key commands', steps: lines('COMMAND INFO get', 'COMMAND INFO set', 'COMMAND INFO mset', 'COMMAND INFO zunionstore', 'COMMAND INFO GET nosuch SET', 'COMMAND INFO nosuch') },
  { name: 'COMMAND INFO of a container', steps: [{ argv: ['COMMAND', 'INFO', 'config'], unordered: 3 }, ...lines('COMMAND INFO config|get', 'COMMAND INFO CONFIG|SET config|nosuch')] },
  { name: 'COMMAND INFO in RESP3', steps: [shape('HELLO 3'), ...lines('COMMAND INFO get set mset zunionstore'), { argv: ['COMMAND', 'INFO', 'config'], unordered: 3 }] },
  {
    name: 'COMMAND GETKEYS',
    steps: lines('COMMAND GETKEYS get', 'COMMAND GETKEYS nosuch a', 'COMMAND GETKEYS ping x', 'COMMAND GETKEYS get a b', 'COMMAND GETKEYS get a',
      'COMMAND GETKEYS mset a b c d', 'COMMAND GETKEYS mset a', 'COMMAND GETKEYS zunionstore d 2 a b', 'COMMAND GETKEYS config get x', 'COMMAND GETKEYS config nosuch x', 'COMMAND GETKEYS set'),
  },
  { name: 'COMMAND GETKEYSANDFLAGS', steps: lines('COMMAND GETKEYSANDFLAGS get a', 'COMMAND GETKEYSANDFLAGS set k v', 'COMMAND GETKEYSANDFLAGS set k v GET', 'COMMAND GETKEYSANDFLAGS mset a 1 b 2', 'COMMAND GETKEYSANDFLAGS zunionstore d 2 a b') },
  { name: 'COMMAND LIST filters', steps: [{ argv: ['COMMAND', 'LIST', 'FILTERBY', 'PATTERN', 'zunion*'], unordered: true }, { argv: ['COMMAND', 'LIST', 'FILTERBY', 'pattern', 'CONFIG|*'], unordered: true }, ...lines('COMMAND LIST FILTERBY MODULE x', 'COMMAND LIST FILTERBY foo x', 'COMMAND LIST x', 'COMMAND LIST FILTERBY pattern', 'COMMAND LIST FILTERBY ACLCAT nosuchcat')] },
  { name: 'COMMAND DOCS shape', steps: [...lines('COMMAND DOCS nosuch'), shape('COMMAND DOCS lastsave'), shape('COMMAND DOCS time nosuch')] },
  { name: 'COMMAND HELP and errors', steps: lines('COMMAND HELP', 'COMMAND foo', 'COMMAND COUNT x', 'COMMAND HELP x') },
  { name: 'SLOWLOG arguments', steps: lines('SLOWLOG HELP', 'SLOWLOG GET -2', 'SLOWLOG GET abc', 'SLOWLOG GET 1 2', 'SLOWLOG LEN x', 'SLOWLOG foo', 'SLOWLOG', 'SLOWLOG RESET', 'SLOWLOG GET 0') },
  {
    name: 'SLOWLOG records every command at threshold 0',
    config: { 'slowlog-log-slower-than': '0' },
    steps: [...lines('SLOWLOG RESET', 'CLIENT SETNAME me', 'AUTH x'), shape('SLOWLOG GET 2'), ...lines('SLOWLOG LEN'), shape('SLOWLOG GET -1')],
  },
  { name: 'MEMORY arguments', steps: lines('MEMORY HELP', 'MEMORY USAGE nosuch', 'MEMORY USAGE k SAMPLES -1', 'MEMORY USAGE k x', 'MEMORY USAGE k SAMPLES', 'MEMORY USAGE k SAMPLES abc', 'MEMORY STATS x', 'MEMORY PURGE', 'MEMORY foo', 'MONITOR x') },
]
