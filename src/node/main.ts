// Process entry of rcl-node: command line + config file -> Config -> Server; signals -> graceful shutdown.
// Runs in the process bin/rcl-node.js started (loaded from the bundle by bin/server-bundle.js), so signals sent to its pid reach the server directly.
import { readFileSync, writeFileSync, unlinkSync } from 'node:fs'
import { resolve } from 'node:path'
import { Config } from './config/config.js'
import { parseCommandLine, type CommandLine } from './config/argv.js'
import { ConfigFileOpenError, FatalConfigError, applyConfigText, type RenameCommand } from './config/parse.js'
import { strerror } from './util/errno.js'
import { Server } from './server.js'
import { Logger, type LogLevelName } from './util/log.js'
import { RCL_VERSION, REDIS_VERSION } from './version.js'
import { installProcTitle } from './proc-title.js'
import { installCrashHandlers } from './crash.js'
import { DatasetLoadError } from './persistence/load-errors.js'
import { loadDataAtStart } from './persistence/startup-load.js'
import { ClusterStartError } from './cluster/cluster-mode.js'

const USAGE = `Usage: rcl-node [/path/to/redis.conf] [options] [-]
       rcl-node - (read config from stdin)
       rcl-node -v or --version
       rcl-node -h or --help

Examples:
       rcl-node (run the server with default conf)
       echo 'port 7777' | rcl-node -
       rcl-node /etc/redis/6379.conf
       rcl-node --port 7777
       rcl-node /etc/myredis.conf --loglevel verbose -
       rcl-node /etc/myredis.conf --loglevel verbose
`

type RunLine = Extract<CommandLine, { kind: 'run' }>

function fatal(e: FatalConfigError): never {
  process.stderr.write(e.report(REDIS_VERSION))
  process.exit(1)
}

/** Builds the Config the way redis-server does (file, then stdin, then options); exits 1 on errors. */
export function loadConfig(cl: RunLine | null, log: Logger): { config: Config; renames: RenameCommand[] } {
  const config = new Config({ chdir: true })
  if (cl === null) return { config, renames: [] }
  let text = ''
  if (cl.configFile !== null) {
    const path = resolve(cl.configFile)
    config.configFile = path
    try { text = readFileSync(path, 'latin1') } catch (e) {
      log.warning(`Fatal error, can't open config file '${path}': ${strerror(e)}`)
      process.exit(1)
    }
  }
  if (cl.fromStdin) {
    log.warning('Reading config from stdin')
    text += readFileSync(0, 'latin1')
  }
  try {
    return { config, renames: applyConfigText(config, `${text}\n${cl.options}`).renames }
  } catch (e) {
    if (e instanceof FatalConfigError) fatal(e)
    if (e instanceof ConfigFileOpenError) {
      log.warning(e.message)
      process.exit(1)
    }
    throw e
  }
}

/** rename-command: moves (or, with an empty new name, removes) a command in the table. */
function applyRenames(server: Server, renames: RenameCommand[]): void {
  const registry = server.commands
  for (const r of renames) {
    if (!registry.commands.has(r.from.toLowerCase())) fatal(new FatalConfigError(r.lineNo, r.line, 'No such command in rename-command'))
    if (r.to !== '' && registry.commands.has(r.to.toLowerCase())) fatal(new FatalConfigError(r.lineNo, r.line, 'Target command name already exists'))
    registry.rename(r.from, r.to)
  }
}

function applyLogging(config: Config, log: Logger): void {
  log.level = config.get('loglevel') as LogLevelName
  log.file = config.get('logfile')
  config.onChange('loglevel', (v) => { log.level = v as LogLevelName })
}

function banner(server: Server, log: Logger): void {
  log.notice(`rcl-node ${RCL_VERSION} (Redis ${REDIS_VERSION} compatible), Node.js ${process.version}`)
  log.notice(`Running in ${server.mode} mode`)
  log.notice(`Port: ${server.port}`)
  log.notice(`PID: ${process.pid}`)
}

async function listen(server: Server, log: Logger): Promise<void> {
  try {
    await server.start()
  } catch (e) {
    if (e instanceof ClusterStartError) {
      for (const line of e.lines) log.warning(line)
      process.exit(1)
    }
    const ne = e as NodeJS.ErrnoException & { address?: string; port?: number }
    const port = server.config.get('port')
    log.warning(`Warning: Could not create server TCP listening socket ${ne.address ?? '*'}:${ne.port ?? port}: bind: ${strerror(e)}`)
    log.warning(`Failed listening on port ${port} (TCP), aborting.`)
    process.exit(1)
  }
}

/** SIGTERM/SIGINT start a graceful shutdown; a second SIGINT exits at once, as Redis does. */
function handleSignals(server: Server, log: Logger): void {
  let received = false
  const onSignal = (sig: 'SIGTERM' | 'SIGINT'): void => {
    if (received && sig === 'SIGINT') {
      log.warning('You insist... exiting now.')
      process.exit(1)
    }
    received = true
    log.warning(server.loading.active ? 'Received shutdown signal during loading, scheduling shutdown.' : `Received ${sig} scheduling shutdown...`)
    const flags = server.config.get(sig === 'SIGTERM' ? 'shutdown-on-sigterm' : 'shutdown-on-sigint').split(' ')
    const save = flags.includes('save') ? true : flags.includes('nosave') ? false : undefined
    const refusal = server.shutdown({ save, now: flags.includes('now'), force: flags.includes('force'), reason: 'User requested shutdown...' })
    if (refusal !== null) {
      // as Redis: a signal whose shutdown cannot save leaves the server running; a second signal may try again
      received = false
      log.warning(`${sig} received but errors trying to shut down the server, check the logs for more information`)
    }
  }
  process.on('SIGTERM', () => onSignal('SIGTERM'))
  process.on('SIGINT', () => onSignal('SIGINT'))
}

/**
 * The dataset, loaded while the server already listens (clients get -LOADING meanwhile). A file that
 * cannot be loaded stops the start, untouched, with Redis's log lines and rcl-node's. False when a
 * shutdown came first.
 */
async function loadDataset(server: Server, log: Logger): Promise<boolean> {
  try {
    return await loadDataAtStart(server) === 'loaded'
  } catch (e) {
    if (!(e instanceof DatasetLoadError)) throw e
    for (const line of e.lines) log.warning(line)
    process.exit(1)
  }
}

export async function main(argv: string[]): Promise<void> {
  const cl = parseCommandLine(argv)
  if (cl.kind === 'version') {
    process.stdout.write(`rcl-node v=${RCL_VERSION} redis=${REDIS_VERSION} node=${process.version}\n`)
    return
  }
  if (cl.kind === 'help') {
    process.stderr.write(USAGE)
    process.exit(1)
  }
  const log = new Logger()
  log.role = 'C'
  const { config, renames } = loadConfig(argv.length > 0 ? cl : null, log)
  applyLogging(config, log)
  const server = new Server(config, { log })
  installCrashHandlers(server)
  applyRenames(server, renames)
  log.warning('oO0OoO0OoO0Oo rcl-node is starting oO0OoO0OoO0Oo')
  log.warning(`Redis version=${REDIS_VERSION}, bits=64, commit=00000000, modified=0, pid=${process.pid}, just started`)
  log.warning(argv.length === 0 ? 'Warning: no config file specified, using the default config. In order to specify a config file use rcl-node /path/to/redis.conf' : 'Configuration loaded')
  log.role = 'M'
  // a replica from the start: its link waits for the load
  const master = configuredMaster(config)
  if (master !== null) server.replication.awaitMasterAfterLoad(master.host, master.port)
  await listen(server, log)
  installProcTitle(server)
  const pidfile = config.get('pidfile')
  if (pidfile !== '') { try { writeFileSync(pidfile, `${process.pid}\n`) } catch { /* Redis ignores it too */ } }
  banner(server, log)
  log.warning('Server initialized')
  handleSignals(server, log)
  if (await loadDataset(server, log)) {
    const follow = configuredMaster(config)
    if (follow !== null) server.replication.startReplication(follow.host, follow.port)
    log.notice('Ready to accept connections')
  }
  await server.closed
  if (pidfile !== '') {
    log.notice('Removing the pid file.')
    try { unlinkSync(pidfile) } catch { /* already gone */ }
  }
  process.exit(0)
}

/** The replicaof directive as an address, or null for a node that starts as a master. */
function configuredMaster(config: Config): { host: string; port: number } | null {
  const master = config.get('replicaof')
  if (master === '') return null
  const [host, port] = master.split(' ')
  return { host, port: Number(port) }
}
