// Makes run-time changes of directives the core honours take effect: loglevel on the server's logger,
// notify-keyspace-events on the notifier, appendonly on the AOF, and the clients cron (idle timeout,
// output buffer limits). The rest read the Config when they need it (requirepass, protected-mode,
// tcp-keepalive, maxclients, the hot numbers, encodings).
import type { LogLevelName } from '../util/log.js'
import type { Notifier } from '../keyspace/notify.js'
import type { AofPersistence } from '../persistence/aof-persistence.js'
import { clientsCron, type ClientsCronHost } from '../client/clients-cron.js'
import { ConfigError } from './config.js'

export interface ConfigRuntimeHost extends ClientsCronHost {
  readonly cronJobs: Array<(now: number) => void>
  readonly notifications: Notifier
  /** Read only when appendonly changes: the Server builds its AOF after wiring the config. */
  readonly aof: AofPersistence
}

/** Called once by the Server constructor. */
export function wireConfig(server: ConfigRuntimeHost): void {
  const config = server.config
  server.notifications.configure(config.get('notify-keyspace-events'))
  config.onChange('notify-keyspace-events', (v) => server.notifications.configure(v))
  server.log.level = config.get('loglevel') as LogLevelName
  config.onChange('loglevel', (v) => { server.log.level = v as LogLevelName })
  server.cronJobs.push(clientsCron(server))
  config.onChange('appendonly', (v) => setAppendOnly(server, v === 'yes'))
}

/** CONFIG SET appendonly: on starts a rewrite that makes the first base file; off closes the file. */
function setAppendOnly(server: ConfigRuntimeHost, on: boolean): void {
  if (!on) return server.aof.disable()
  try {
    server.aof.enable()
  } catch (e) {
    server.log.warning(`Redis needs to enable the AOF but can't trigger a background AOF rewrite operation: ${(e as Error).message}`)
    throw new ConfigError('Unable to turn on AOF. Check server logs.')
  }
}
