import { Args, Flags } from '@oclif/core'
import { RclCommand } from '../cli/base-command.js'
import { addrs, assignments, configFlag, serverFlag, timeoutFlag } from '../cli/flags.js'
import { parseAddr } from '../lib/addr.js'
import { UsageError } from '../lib/errors.js'
import { startNodes, type StartedNode } from '../lib/lifecycle.js'
import { waitForStartedNodes } from '../lib/start-readiness.js'

export default class Start extends RclCommand {
  static summary = 'Start nodes on this machine, one per address, and wait until they are ready.'

  static description = `Each node gets a folder in the state directory (named by its port) holding its rendered config,
log, pid file and data. Nodes keep running after rcl exits; rcl stop ends them. A node that is already
running is left alone. If any node fails to start, the others started by this command are stopped again
and the failure is reported with the last lines of the node's log.
Ready means answering PING, and also: for a replica, its link to its master is up; for a cluster node that
already belongs to a cluster (a restart), it and every node it knows report cluster_state:ok and agree on
slots and roles. When that does not happen within --timeout the nodes keep running and the command exits 1
saying what is missing; --no-wait returns as soon as every node answers PING.`

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
    timeout: timeoutFlag('each node to answer PING, then the nodes to be ready', 10_000),
    'no-wait': Flags.boolean({ description: 'return once every node answers PING, without waiting for replica links or cluster agreement' }),
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
    if (!flags['no-wait']) await waitForStartedNodes(nodes.map((n) => ({ host: parseAddr(n.addr).host, port: n.port })), flags.timeout, this.progress)
    return { nodes }
  }
}
