import { Args, Flags } from '@oclif/core'
import { RclCommand } from '../cli/base-command.js'
import { addrs, timeoutFlag } from '../cli/flags.js'
import { UsageError } from '../lib/errors.js'
import { stopNodes, type StoppedNode } from '../lib/lifecycle.js'

export default class Stop extends RclCommand {
  static summary = 'Stop nodes started by rcl: SHUTDOWN, then the process tree is killed after a grace period.'

  static examples = [
    '<%= config.bin %> stop 127.0.0.1:7000',
    '<%= config.bin %> stop --all',
  ]

  static strict = false

  static args = {
    addr: Args.string({ description: 'host:port of a node to stop (repeatable)' }),
  }

  static flags = {
    all: Flags.boolean({ description: 'stop every node in the state directory' }),
    timeout: timeoutFlag('a node to exit after SHUTDOWN before it is killed', 10_000),
  }

  async run(): Promise<{ nodes: StoppedNode[] }> {
    const { argv, flags } = await this.parse(Stop)
    if (argv.length === 0 && !flags.all) throw new UsageError('Name the nodes to stop, or pass --all')
    if (argv.length > 0 && flags.all) throw new UsageError('Give either addresses or --all, not both')
    const nodes = await stopNodes(this.stateDirOf(flags), addrs(argv as string[]), flags.timeout)
    for (const n of nodes) {
      const kind = n.outcome === 'not-running' ? 'info' : n.outcome === 'killed' ? 'warn' : 'ok'
      const text = n.outcome === 'not-running' ? `${n.addr} was not running` : n.outcome === 'killed' ? `${n.addr} did not exit in time and was killed` : `${n.addr} stopped`
      this.progress({ kind, text })
    }
    return { nodes }
  }
}
