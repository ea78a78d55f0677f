// An rcl-node Server in the test's own process on a free port (fast, and lets tests inspect state).
import { Config } from '../../src/node/config/config.js'
import { Server } from '../../src/node/server.js'
import { Logger } from '../../src/node/util/log.js'

export interface InProc {
  server: Server
  port: number
  stop(): Promise<void>
}

/** Starts a server on 127.0.0.1:0 with the given directives (e.g. { requirepass: 'x' }). */
export async function startServer(directives: Record<string, string | string[]> = {}): Promise<InProc> {
  const config = new Config()
  config.set('port', ['0'], true)
  config.set('bind', ['127.0.0.1'], true)
  for (const [k, v] of Object.entries(directives)) config.set(k, Array.isArray(v) ? v : [v], true)
  const log = new Logger()
  log.file = '/dev/null'
  const server = new Server(config, { log })
  await server.start()
  return {
    server,
    port: server.port,
    stop: async () => { server.shutdown({ reason: 'test finished' }); await server.closed },
  }
}
