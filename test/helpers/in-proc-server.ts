// An rcl-node Server in the test's own process on a free port (fast, and lets tests inspect state).
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { after, before } from 'node:test'
import type Redis from 'ioredis'
import { Config } from '../../src/node/config/config.js'
import { client } from './client.js'
import { Server, type ServerOptions } from '../../src/node/server.js'
import { Logger } from '../../src/node/util/log.js'

export interface InProc {
  server: Server
  port: number
  stop(): Promise<void>
}

/**
 * Starts a server on 127.0.0.1:0 with the given directives (e.g. { requirepass: 'x' }). Save points are
 * off unless given, and `dir` is a fresh temporary directory unless given (removed at stop): a test
 * server must never leave files (dump.rdb, a replica's synced payload) in the working directory.
 * `opts` may hand it a clock and timers (test/helpers/fake-clock.ts) to drive its time by hand.
 */
export async function startServer(directives: Record<string, string | string[]> = {}, opts: Omit<ServerOptions, 'log'> = {}): Promise<InProc> {
  const config = new Config()
  config.set('port', ['0'], true)
  config.set('bind', ['127.0.0.1'], true)
  config.set('save', [''], true)
  const ownDir = directives.dir === undefined ? mkdtempSync(join(tmpdir(), 'rcl-inproc-')) : null
  if (ownDir !== null) config.set('dir', [ownDir], true)
  for (const [k, v] of Object.entries(directives)) config.set(k, Array.isArray(v) ? v : [v], true)
  const log = new Logger()
  log.file = '/dev/null'
  const server = new Server(config, { ...opts, log })
  await server.start()
  return {
    server,
    port: server.port,
    stop: async () => {
      server.shutdown({ save: false, reason: 'test finished' })
      await server.closed
      if (ownDir !== null) rmSync(ownDir, { recursive: true, force: true })
    },
  }
}

/**
 * Registers before/after hooks in the calling describe(): a server with `directives` and one ioredis
 * client to it, handed to `bind` once started, both stopped when the suite ends.
 */
export function useServer(directives: Record<string, string | string[]>, bind: (srv: InProc, c: Redis) => void): void {
  let srv: InProc | undefined
  let c: Redis | undefined
  before(async () => {
    srv = await startServer(directives)
    c = client(srv.port)
    bind(srv, c)
  })
  after(async () => {
    c?.disconnect()
    await srv?.stop()
  })
}
