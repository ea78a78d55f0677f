import { Args, Flags } from '@oclif/core'
import { RclCommand } from '../cli/base-command.js'
import { timeoutFlag } from '../cli/flags.js'
import { parseAddr } from '../lib/addr.js'
import { stopIfStartedByRcl } from '../lib/lifecycle.js'
import { delNode, emptyNode, type DeletedNode } from '../lib/ops/del-node.js'

export default class DelNode extends RclCommand {
  static summary = 'Remove a node without slots from its cluster; a node rcl started is stopped too unless --keep.'

  static description = `A node that still owns slots is refused, naming them, unless --reshard moves them away first. Its replicas are moved to the master with the
fewest replicas, every other node forgets it, and it gets CLUSTER RESET SOFT. Returns once no remaining node lists it.`

  static examples = [
    '<%= config.bin %> del-node 127.0.0.1:7000 3451a979f2d741a9a983158122d076c29ae20327',
    '<%= config.bin %> del-node 127.0.0.1:7000 3451a979 --reshard',
  ]

  static args = {
    existing: Args.string({ description: 'host:port of any node of the cluster', required: true }),
    nodeId: Args.string({ description: 'node ID (or a unique prefix) of the node to remove', required: true }),
  }

  static flags = {
    keep: Flags.boolean({ description: 'leave the removed node running even if rcl started it' }),
    reshard: Flags.boolean({ description: 'first move its slots (and keys) to the other masters, as rebalance with weight 0 does' }),
    timeout: timeoutFlag('every node to forget it', 30_000),
  }

  async run(): Promise<DeletedNode & { stopped: boolean }> {
    const { args, flags } = await this.parse(DelNode)
    if (flags.reshard) await emptyNode(parseAddr(args.existing), args.nodeId, this.progress)
    const result = await delNode({ existing: parseAddr(args.existing), nodeId: args.nodeId, timeoutMs: flags.timeout, progress: this.progress })
    const addr = parseAddr(result.addr)
    const stateDir = this.stateDirOf(flags)
    const ours = !flags.keep && (await stopIfStartedByRcl(stateDir, addr))
    if (ours) {
      this.progress({ kind: 'ok', text: `${result.addr} stopped (its files stay in ${stateDir}: rcl clean removes them)` })
    }
    return { ...result, stopped: ours }
  }
}
