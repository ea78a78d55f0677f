import type { Script } from '../script.js'
import { lines } from '../script.js'

export const scripts: Script[] = [
  { name: 'MULTI/EXEC runs queued commands', steps: lines('MULTI', 'SET a 1', 'GET a', 'PING', 'EXEC', 'GET a') },
  { name: 'errors outside MULTI', steps: lines('EXEC', 'DISCARD', 'MULTI', 'MULTI', 'EXEC', 'EXEC') },
  { name: 'DISCARD drops the queue', steps: lines('MULTI', 'SET a 1', 'DISCARD', 'GET a', 'DISCARD') },
  { name: 'queuing error aborts with EXECABORT', steps: lines('MULTI', 'SET a', 'NOSUCHCMD x', 'SET a 1', 'EXEC', 'GET a') },
  { name: 'runtime errors stay inside the EXEC reply', steps: lines('SET s x', 'MULTI', 'INCR s', 'SET t 2', 'EXEC', 'GET t') },
  { name: 'WATCH inside MULTI is refused without aborting', steps: lines('MULTI', 'WATCH a', 'SET a 1', 'EXEC') },
  { name: 'WATCH then unchanged key executes', steps: lines('SET w 1', 'WATCH w', 'MULTI', 'INCR w', 'EXEC', 'UNWATCH', 'WATCH') },
  { name: 'WATCH then own change before MULTI aborts', steps: lines('SET w 1', 'WATCH w', 'SET w 2', 'MULTI', 'INCR w', 'EXEC', 'GET w') },
  { name: 'UNWATCH forgets the change', steps: lines('WATCH w', 'SET w 2', 'UNWATCH', 'MULTI', 'GET w', 'EXEC') },
  { name: 'WATCHed key that expires aborts EXEC', steps: [...lines('SET e 1 PX 100', 'WATCH e', 'MULTI', 'GET e'), { argv: ['EXEC'], sleepMs: 250 }] },
  { name: 'blocking command in MULTI answers at once', steps: lines('MULTI', 'BLPOP nolist 0', 'EXEC') },
  { name: 'MULTI wrong arity', steps: lines('MULTI x', 'EXEC x', 'DISCARD x', 'UNWATCH x') },
  { name: 'a refused EXEC discards the transaction with EXECABORT', steps: lines('MULTI', 'SET a 1', 'EXEC x', 'EXEC', 'GET a') },
]
