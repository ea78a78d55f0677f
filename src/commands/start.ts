import { Args, Flags } from '@oclif/core'
import { RclCommand } from '../cli/base-command.js'
import { addrs, assignments, configFlag, serverFlag, timeoutFlag } from '../cli/flags.js'
import { parseAddr } from '../lib/addr.js'
import { UsageError } from '../lib/errors.js'
import { startNodes, type StartedNode } from '../lib/lifecycle.js'

export default class Start extends RclCommand {
  static summary = 'Start nodes on this machine, one per address, and wait until each answers PING.'

  static description = `Each node gets a folder in the state directory (named by its port) holding its rendered config,
log, pid file and data. Nodes keep running after rcl exits; rcl stop ends them. A node that is already
running is left alone. If any node fails to start, the others started by this command are stopped again
and the failure is reported with the last lines of the node's log.`

  static examples = [
    '<%= config.bin %> start 127.0.0.1:7000',
    '<%= config.bin %> start 127.0.0.1:7000 127.0.0.1:7001 --server redis-server',
    '<%= config.bin %> start 127.0.0.1:7001 --template replica --replicaof 127.0.0.1:7000',
    '<%= config.bin %> start 127.0.0.1:7000 --config maxmemory=100mb --config "save=60 1000"',
  ]

  static strict = false

  static args = {
    addr: Args.string({ description: 'host:port of a node to start (repeatable)', required: true }),
  }

  static flags = {
    server: serverFlag,
    template: Flags.string({ description: 'template name (standalone, replica, cluster, sentinel) or path to a .conf file', default: 'standalone' }),
    config: configFlag,
    var: Flags.string({ description: 'value for a template placeholder, as name=value (repeatable)', helpValue: '<name=value>', multiple: true }),
    replicaof: Flags.string({ description: 'master address for the replica and sentinel templates', helpValue: '<host:port>' }),
    timeout: timeoutFlag('each node to answer PING', 10_000),
  }

  async run(): Promise<{ nodes: StartedNode[] }> {
    const { argv, flags } = await this.parse(Start)
    const vars = new Map(assignments(flags.var, '--var'))
    if (flags.replicaof !== undefined) {
      const m = parseAddr(flags.replicaof)
      vars.set('masterHost', m.host)
      vars.set('masterPort', String(m.port))
    }
    if (argv.length === 0) throw new UsageError('Give at least one host:port to start')
    const nodes = await startNodes({
      stateDir: this.stateDirOf(flags), addrs: addrs(argv as string[]), server: flags.server, template: flags.template,
      vars, overrides: assignments(flags.config, '--config'), readyTimeoutMs: flags.timeout, progress: this.progress,
    })
    return { nodes }
  }
}
