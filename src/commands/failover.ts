import { Args, Flags } from '@oclif/core'
import { RclCommand } from '../cli/base-command.js'
import { timeoutFlag } from '../cli/flags.js'
import { parseAddr } from '../lib/addr.js'
import { failover, type FailoverResult } from '../lib/ops/failover.js'

export default class Failover extends RclCommand {
  static summary = 'Promote a cluster replica with CLUSTER FAILOVER and wait until it is master and every node agrees.'

  static description = `On a cluster whose replica (or, without --takeover, a master the failover needs) runs rcl-node it
refuses with E_FAILOVER_NOT_BUILT: rcl-node's failover comes with the next issue.`

  static examples = [
    '<%= config.bin %> failover 127.0.0.1:7003',
    '<%= config.bin %> failover 127.0.0.1:7003 --force',
  ]

  static args = {
    addr: Args.string({ description: 'host:port of the replica to promote', required: true }),
  }

  static flags = {
    force: Flags.boolean({ description: 'CLUSTER FAILOVER FORCE: do not wait for the master to agree', exclusive: ['takeover'] }),
    takeover: Flags.boolean({ description: 'CLUSTER FAILOVER TAKEOVER: no election either' }),
    timeout: timeoutFlag('the promotion and the agreement, each', 30_000),
  }

  async run(): Promise<FailoverResult> {
    const { args, flags } = await this.parse(Failover)
    const mode = flags.force ? 'force' : flags.takeover ? 'takeover' : 'default'
    return failover(parseAddr(args.addr), mode, flags.timeout, this.progress)
  }
}
