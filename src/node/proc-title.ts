// The process title, as redis-server sets it from proc-title-template, so `ps` tells nodes apart
// ("rcl-node 127.0.0.1:7000"). The template rules live in config/proc-title.ts.
import { ConfigError } from './config/config.js'
import { INVALID_PROC_TITLE, expandProcTitle, type ProcTitleVars } from './config/proc-title.js'
import type { Server } from './server.js'

/**
 * {title}: Redis puts its argv[0] there. rcl-node's argv[0] is the node executable and argv[1] a path to
 * the script, neither of which names the program, so the title is the program's name.
 */
export const PROGRAM_TITLE = 'rcl-node'

/** Where the title goes: process.title in the real process, a recorder in tests. */
export interface TitleSink {
  set(title: string): void
  /** The title as the OS keeps it (it may have been cut). */
  get(): string
}

const processTitle: TitleSink = {
  set: (t) => { process.title = t },
  get: () => process.title,
}

/** The variables' values for this server, as redisProcTitleGetVariable() computes them. */
export function procTitleVars(server: Server): ProcTitleVars {
  const config = server.config
  const configured = config.getInt('port')
  const unixsocket = config.get('unixsocket')
  // port 0 with no unix socket is rcl-node's "any free port" (redis-server would not listen at all)
  const port = configured !== 0 || unixsocket !== '' ? configured : server.port
  const bind = config.get('bind').split(' ')[0] || '*'
  return {
    title: PROGRAM_TITLE,
    'listen-addr': port !== 0 ? `${bind}:${port}` : `unixsocket:${unixsocket}`,
    'server-mode': server.mode === 'cluster' ? '[cluster]' : '',
    port: String(port),
    'tls-port': config.get('tls-port'),
    unixsocket,
    'config-file': config.configFile ?? '-',
  }
}

/**
 * Sets the title at start-up when set-proc-title is on, and again on every CONFIG SET of the template
 * (Redis does that even with set-proc-title off). A template that gives an empty title with this
 * server's values is refused there, with Redis's reason.
 */
export function installProcTitle(server: Server, sink: TitleSink = processTitle): void {
  const config = server.config
  const apply = (template: string): string | null => {
    const title = expandProcTitle(template, procTitleVars(server))
    if (title === null || title === '') return null
    sink.set(title)
    const kept = sink.get()
    if (kept !== title) {
      // Node can only write the title over the memory its command line occupied
      server.log.notice(`Process title cut to ${kept.length} bytes (the length of the command line): '${kept}' instead of '${title}'`)
    }
    return title
  }
  config.onChange('proc-title-template', (v) => {
    if (apply(v) === null) throw new ConfigError(INVALID_PROC_TITLE)
  })
  if (!config.getBool('set-proc-title')) return
  if (apply(config.get('proc-title-template')) === null) {
    server.log.warning(`proc-title-template '${config.get('proc-title-template')}' gives an empty title: the process title is left as it was`)
  }
}
