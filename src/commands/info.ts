import { Args } from '@oclif/core'
import { RclCommand } from '../cli/base-command.js'
import { infoLines } from '../cli/render-cluster.js'
import { parseAddr } from '../lib/addr.js'
import { clusterInfoReport, type ClusterInfoReport } from '../lib/ops/check.js'
import { loadCluster } from '../lib/ops/load.js'

export default class Info extends RclCommand {
  static summary = 'Keys, slots and replicas per master, as redis-cli --cluster info shows them.'

  static examples = ['<%= config.bin %> info 127.0.0.1:7000', '<%= config.bin %> info 127.0.0.1:7000 --json']

  static args = {
    addr: Args.string({ description: 'host:port of any node of the cluster', required: true }),
  }

  async run(): Promise<ClusterInfoReport> {
    const { args } = await this.parse(Info)
    const report = clusterInfoReport(await loadCluster(parseAddr(args.addr)))
    for (const p of infoLines(report)) this.progress(p)
    return report
  }
}
