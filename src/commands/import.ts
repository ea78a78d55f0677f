import { Args, Flags } from '@oclif/core'
import { RclCommand } from '../cli/base-command.js'
import { parseAddr } from '../lib/addr.js'
import { importKeys, type ImportResult } from '../lib/ops/import.js'

export default class Import extends RclCommand {
  static summary = "Move (or --copy) every key of a standalone node into a cluster, each to its slot's master; exits 1 if any key stays behind."

  static examples = [
    '<%= config.bin %> import 127.0.0.1:7000 --from 127.0.0.1:6379',
    '<%= config.bin %> import 127.0.0.1:7000 --from 127.0.0.1:6379 --copy --replace',
  ]

  static args = {
    addr: Args.string({ description: 'host:port of any node of the cluster', required: true }),
  }

  static flags = {
    from: Flags.string({ description: 'host:port of the standalone node to import from', required: true, aliases: ['cluster-from'] }),
    copy: Flags.boolean({ description: 'leave the keys on the source too (MIGRATE COPY)', aliases: ['cluster-copy'] }),
    replace: Flags.boolean({ description: 'overwrite keys that already exist in the cluster (MIGRATE REPLACE)', aliases: ['cluster-replace'] }),
    timeout: Flags.integer({ description: 'MIGRATE timeout, in ms', default: 60_000, min: 1, aliases: ['cluster-timeout'] }),
  }

  async run(): Promise<ImportResult> {
    const { args, flags } = await this.parse(Import)
    const result = await importKeys({ entry: parseAddr(args.addr), from: parseAddr(flags.from), copy: flags.copy, replace: flags.replace, timeoutMs: flags.timeout, progress: this.progress, onCheck: this.showCheck() })
    if (result.failed.length > 0) process.exitCode = 1
    return result
  }
}
