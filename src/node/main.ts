// Process entry of rcl-node: argv + config file -> Config -> Server; signals -> graceful shutdown.
// Runs in the process bin/rcl-node.js started, so signals sent to its pid reach the server directly.
import { readFileSync, writeFileSync, unlinkSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { Config } from './config/config.js'
import { FatalConfigError, applyConfigText, argvToConfigText } from './config/parse.js'
import { REDIS_VERSION, Server } from './server.js'
import { Logger, type LogLevelName } from './util/log.js'
import { RCL_VERSION } from './version.js'

const USAGE = `Usage: rcl-node [/path/to/redis.conf] [options] [-]
       rcl-node - (read config from stdin)
       rcl-node -v or --version
       rcl-node -h or --help

Examples:
       rcl-node (run the server with default conf)
       rcl-node /etc/redis/6379.conf
       rcl-node --port 7777
       rcl-node --port 7777 --replicaof 127.0.0.1 8888
       rcl-node /etc/myredis.conf --loglevel verbose --sentinel
`

/** Builds the Config from argv the way redis-server does; exits 1 with the FATAL report on errors. */
export function loadConfig(argv: string[], log: Logger): Config {
  const config = new Config()
  let fileText = ''
  let baseDir = process.cwd()
  let rest = argv
  if (rest.length > 0 && !rest[0].startsWith('--')) {
    const file = rest[0]
    rest = rest.slice(1)
    try {
      fileText = file === '-' ? readFileSync(0, 'latin1') : readFileSync(file, 'latin1')
    } catch (e) {
      log.warning(`Fatal error, can't open config file '${resolve(file)}': ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'No such file or directory' : (e as Error).message}`)
      process.exit(1)
    }
    if (file !== '-') baseDir = dirname(resolve(file))
  }
  try {
    const text = fileText + '\n' + argvToConfigText(rest)
    applyConfigText(config, text, { baseDir })
  } catch (e) {
    if (!(e instanceof FatalConfigError)) throw e
    process.stderr.write(e.report(REDIS_VERSION))
    process.exit(1)
  }
  return config
}

function applyLogging(config: Config, log: Logger): void {
  log.level = config.get('loglevel') as LogLevelName
  log.file = config.get('logfile')
  config.onChange('loglevel', (v) => { log.level = v as LogLevelName })
}

function banner(server: Server, log: Logger): void {
  log.notice(`rcl-node ${RCL_VERSION} (Redis ${REDIS_VERSION} compatible), Node.js ${process.version}`)
  log.notice('Running in standalone mode')
  log.notice(`Port: ${server.port}`)
  log.notice(`PID: ${process.pid}`)
}

export async function main(argv: string[]): Promise<void> {
  if (argv[0] === '-v' || argv[0] === '--version') {
    process.stdout.write(`rcl-node v=${RCL_VERSION} redis=${REDIS_VERSION} node=${process.version}\n`)
    return
  }
  if (argv[0] === '-h' || argv[0] === '--help') {
    process.stdout.write(USAGE)
    return
  }
  const log = new Logger()
  log.role = 'C'
  log.warning('oO0OoO0OoO0Oo rcl-node is starting oO0OoO0OoO0Oo')
  log.warning(`Redis version=${REDIS_VERSION}, bits=64, commit=00000000, modified=0, pid=${process.pid}, just started`)
  const config = loadConfig(argv, log)
  applyLogging(config, log)
  log.warning(argv.length === 0 ? 'Warning: no config file specified, using the default config.' : 'Configuration loaded')
  const dir = config.get('dir')
  if (dir !== '') {
    try { process.chdir(dir) } catch (e) {
      log.warning(`Can't chdir to '${dir}': ${(e as Error).message}`)
      process.exit(1)
    }
  }
  log.role = 'M'
  const server = new Server(config, { log })
  try {
    await server.start()
  } catch (e) {
    log.warning(`Failed listening on port ${config.get('port')} (tcp), aborting: ${(e as Error).message}`)
    process.exit(1)
  }
  const pidfile = config.get('pidfile')
  if (pidfile !== '') writeFileSync(pidfile, `${process.pid}\n`)
  banner(server, log)
  log.notice('Server initialized')
  log.notice('Ready to accept connections')
  const onSignal = (sig: string): void => {
    log.warning(`Received ${sig} scheduling shutdown...`)
    server.shutdown({ reason: 'User requested shutdown...' })
  }
  process.on('SIGTERM', () => onSignal('SIGTERM'))
  process.on('SIGINT', () => onSignal('SIGINT'))
  await server.closed
  if (pidfile !== '') { try { unlinkSync(pidfile) } catch { /* already gone */ } }
  process.exit(0)
}
