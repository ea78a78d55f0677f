import { Args, Flags } from '@oclif/core'
import { RclCommand } from '../cli/base-command.js'
import { addrs, assignments, configFlag, serverFlag, timeoutFlag } from '../cli/flags.js'
import { confirmer } from '../cli/prompt.js'
import { checkLines } from '../cli/render-cluster.js'
import type { HostPort } from '../lib/addr.js'
import { UsageError } from '../lib/errors.js'
import { createCluster, type CreatedCluster } from '../lib/ops/create.js'

export default class Create extends RclCommand {
  static summary = 'Create a cluster from empty cluster nodes, starting the local ones that are not running, and wait until it is ready.'

  static description = `Plans masters, slots and replicas as redis-cli --cluster create does, assigns config epochs, joins
the nodes with CLUSTER MEET and sets up the replicas. It returns only when every node reports cluster_state:ok,
all agree on the slot map and every replica's link is up, or fails after --timeout naming what is missing.`

  static examples = [
    '<%= config.bin %> create --masters 3 --replicas 1 --yes',
    '<%= config.bin %> create --masters 3 --replicas 1 --port 7000 --server redis-server --replica-server rcl-node --yes',
    '<%= config.bin %> create 127.0.0.1:7000 127.0.0.1:7001 127.0.0.1:7002 127.0.0.1:7003 127.0.0.1:7004 127.0.0.1:7005 --replicas 1',
  ]

  static strict = false

  static args = {
    addr: Args.string({ description: 'host:port of a node (repeatable); or use --masters and --port' }),
  }

  static flags = {
    replicas: Flags.integer({ char: 'r', description: 'replicas per master', default: 0, min: 0, aliases: ['cluster-replicas'] }),
    masters: Flags.integer({ char: 'm', description: 'shorthand: this many masters on consecutive ports from --port (with --replicas)', min: 3 }),
    port: Flags.integer({ char: 'p', description: 'first port for --masters', default: 7000, min: 1, max: 55535 }),
    yes: Flags.boolean({ char: 'y', description: 'do not ask for confirmation', aliases: ['cluster-yes'] }),
    server: serverFlag,
    'replica-server': Flags.string({
      description: "the replicas' server when it differs from --server (a mixed cluster: rcl-node beside redis-server)",
      helpValue: '<command>',
    }),
    config: configFlag,
    'no-start': Flags.boolean({ description: 'do not start nodes: they must all be running already' }),
    timeout: timeoutFlag('the join and then readiness, each', 60_000),
  }

  async run(): Promise<CreatedCluster> {
    const { argv, flags } = await this.parse(Create)
    const nodes = this.nodesOf(argv as string[], flags.masters, flags.replicas, flags.port)
    const yes = flags.yes || process.env.REDISCLI_CLUSTER_YES === '1'
    const confirm = confirmer(yes)
    // with a question to ask, the plan and the prompt need the plain terminal
    const run = (work: () => Promise<CreatedCluster>): Promise<CreatedCluster> => (yes ? this.withLiveSteps(`Creating a cluster of ${nodes.length} nodes`, work) : work())
    const result = await run(() => createCluster({
      nodes, replicas: flags.replicas, timeoutMs: flags.timeout, progress: this.progress,
      start: flags['no-start'] ? undefined : { stateDir: this.stateDirOf(flags), server: flags.server, replicaServer: flags['replica-server'], overrides: assignments(flags.config, '--config') },
      confirm,
    }))
    for (const p of checkLines(result.check).slice(1)) this.progress(p)
    return result
  }

  private nodesOf(args: string[], masters: number | undefined, replicas: number, port: number): HostPort[] {
    if (masters !== undefined && args.length > 0) throw new UsageError('Give either node addresses or --masters, not both')
    if (masters !== undefined) return Array.from({ length: masters * (replicas + 1) }, (_, i) => ({ host: '127.0.0.1', port: port + i }))
    if (args.length === 0) throw new UsageError('Give the nodes (host:port ...) or --masters N')
    const nodes = addrs(args)
    if (new Set(args).size !== args.length) throw new UsageError('A node is given twice')
    return nodes
  }
}
