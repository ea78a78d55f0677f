import { Args, Flags } from '@oclif/core'
import { RclCommand } from '../cli/base-command.js'
import { assignments, configFlag, serverFlag, timeoutFlag } from '../cli/flags.js'
import { parseAddr } from '../lib/addr.js'
import { addNode, type AddedNode } from '../lib/ops/add-node.js'

export default class AddNode extends RclCommand {
  static summary = 'Add an empty node to a cluster (starting it first if it is local and not running), as a master or a replica.'

  static description = 'Returns once every node knows the new one; a replica also once its link is up and every node agrees on roles.'

  static examples = [
    '<%= config.bin %> add-node 127.0.0.1:7006 127.0.0.1:7000',
    '<%= config.bin %> add-node 127.0.0.1:7006 127.0.0.1:7000 --server redis-server',
    '<%= config.bin %> add-node 127.0.0.1:7007 127.0.0.1:7000 --replica',
    '<%= config.bin %> add-node 127.0.0.1:7007 127.0.0.1:7000 --master-id 3451a979',
  ]

  static args = {
    node: Args.string({ description: 'host:port of the new node', required: true }),
    existing: Args.string({ description: 'host:port of any node of the cluster', required: true }),
  }

  static flags = {
    replica: Flags.boolean({ description: 'join as a replica (of the master with the fewest replicas, or of --master-id)', aliases: ['cluster-slave', 'cluster-replica'] }),
    'master-id': Flags.string({ description: 'node ID (or a unique prefix) of the master to replicate; implies --replica', aliases: ['cluster-master-id'] }),
    server: serverFlag,
    config: configFlag,
    'no-start': Flags.boolean({ description: 'do not start the node: it must be running already' }),
    timeout: timeoutFlag('the join and then readiness, each', 60_000),
  }

  async run(): Promise<AddedNode> {
    const { args, flags } = await this.parse(AddNode)
    return this.withLiveSteps(`Adding ${args.node}`, () => addNode({
      node: parseAddr(args.node), existing: parseAddr(args.existing), replica: flags.replica, masterId: flags['master-id'],
      start: flags['no-start'] ? undefined : { stateDir: this.stateDirOf(flags), server: flags.server, overrides: assignments(flags.config, '--config') },
      timeoutMs: flags.timeout, progress: this.progress,
    }))
  }
}
