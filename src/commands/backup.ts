import { Args } from '@oclif/core'
import { RclCommand } from '../cli/base-command.js'
import { parseAddr } from '../lib/addr.js'
import { backupCluster, type BackupResult } from '../lib/ops/backup.js'

export default class Backup extends RclCommand {
  static summary = "Save every master's RDB (fetched with SYNC) and the cluster layout (nodes.json) into a directory."

  static examples = ['<%= config.bin %> backup 127.0.0.1:7000 ./backup']

  static args = {
    addr: Args.string({ description: 'host:port of any node of the cluster', required: true }),
    directory: Args.string({ description: 'where to write the files (created if missing)', required: true }),
  }

  async run(): Promise<BackupResult> {
    const { args } = await this.parse(Backup)
    return backupCluster({ entry: parseAddr(args.addr), dir: args.directory, progress: this.progress })
  }
}
