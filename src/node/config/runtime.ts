// Makes run-time changes of directives the core honours take effect: loglevel on the server's logger,
// and the clients cron (idle timeout, output buffer limits). The rest read the Config when they need it
// (requirepass, protected-mode, tcp-keepalive, maxclients, the hot numbers, notify flags, encodings).
import type { LogLevelName } from '../util/log.js'
import { clientsCron, type ClientsCronHost } from '../client/clients-cron.js'

export interface ConfigRuntimeHost extends ClientsCronHost {
  readonly cronJobs: Array<(now: number) => void>
}

/** Called once by the Server constructor. */
export function wireConfig(server: ConfigRuntimeHost): void {
  const config = server.config
  server.log.level = config.get('loglevel') as LogLevelName
  config.onChange('loglevel', (v) => { server.log.level = v as LogLevelName })
  server.cronJobs.push(clientsCron(server))
}
