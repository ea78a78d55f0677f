import { Args, Flags } from '@oclif/core'
import { RclCommand } from '../cli/base-command.js'
import { parseAddr } from '../lib/addr.js'
import { followLog, readLog } from '../lib/logs.js'

export default class Logs extends RclCommand {
  static summary = "Print a node's log; --follow keeps printing what it appends until Ctrl-C."

  static examples = ['<%= config.bin %> logs 127.0.0.1:7000', '<%= config.bin %> logs 127.0.0.1:7000 --lines 20 --follow']

  static enableJsonFlag = false

  static args = {
    addr: Args.string({ description: 'host:port of the node', required: true }),
  }

  static flags = {
    lines: Flags.integer({ char: 'n', description: 'only the last N lines (0: all)', default: 0, min: 0 }),
    follow: Flags.boolean({ char: 'f', description: 'keep printing lines as the node writes them' }),
  }

  async run(): Promise<void> {
    const { args, flags } = await this.parse(Logs)
    const stateDir = this.stateDirOf(flags)
    const addr = parseAddr(args.addr)
    const text = readLog(stateDir, addr, flags.lines)
    if (text !== '') this.log(text)
    if (!flags.follow) return
    const stop = new AbortController()
    const onSignal = (): void => stop.abort()
    process.once('SIGINT', onSignal)
    process.once('SIGTERM', onSignal)
    try {
      await followLog(stateDir, addr, (t) => process.stdout.write(t), stop.signal)
    } finally {
      process.off('SIGINT', onSignal)
      process.off('SIGTERM', onSignal)
    }
  }
}
