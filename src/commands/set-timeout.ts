import { Args } from '@oclif/core'
import { RclCommand } from '../cli/base-command.js'
import { parseAddr } from '../lib/addr.js'
import { UsageError } from '../lib/errors.js'
import { setNodeTimeout, type TimeoutResult } from '../lib/ops/set-timeout.js'

export default class SetTimeout extends RclCommand {
  static summary = 'Set cluster-node-timeout on every node of a cluster (persisted where the node has a config file).'

  static examples = ['<%= config.bin %> set-timeout 127.0.0.1:7000 2000']

  static args = {
    addr: Args.string({ description: 'host:port of any node of the cluster', required: true }),
    milliseconds: Args.string({ description: 'the new node timeout, in ms (at least 100)', required: true }),
  }

  async run(): Promise<{ results: TimeoutResult[] }> {
    const { args } = await this.parse(SetTimeout)
    if (!/^\d+$/.test(args.milliseconds)) throw new UsageError(`Node timeout must be a number of milliseconds, got '${args.milliseconds}'`)
    const results = await setNodeTimeout(parseAddr(args.addr), Number(args.milliseconds), this.progress)
    if (results.some((r) => !r.ok)) process.exitCode = 1
    return { results }
  }
}
