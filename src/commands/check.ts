import { Args, Flags } from '@oclif/core'
import { RclCommand } from '../cli/base-command.js'
import { checkLines, infoLines } from '../cli/render-cluster.js'
import { parseAddr } from '../lib/addr.js'
import { checkReport, clusterInfoReport, type CheckReport, type ClusterInfoReport } from '../lib/ops/check.js'
import { loadCluster } from '../lib/ops/load.js'

export default class Check extends RclCommand {
  static summary = 'Check a cluster as redis-cli --cluster check does; exits 1 unless everything is OK.'

  static description = `Beyond redis-cli's checks (slot agreement, open slots, coverage), a node that cannot be reached,
a node flagged fail or fail?, or a node whose cluster_state is not ok is an [ERR] and makes the exit status 1.`

  static examples = [
    '<%= config.bin %> check 127.0.0.1:7000',
    '<%= config.bin %> check 127.0.0.1:7000 --json',
    '<%= config.bin %> check 127.0.0.1:7000 --search-multiple-owners',
  ]

  static args = {
    addr: Args.string({ description: 'host:port of any node of the cluster', required: true }),
  }

  static flags = {
    'search-multiple-owners': Flags.boolean({
      description: 'also look for keys held by masters that do not own their slot (one CLUSTER COUNTKEYSINSLOT per slot and master)',
      aliases: ['cluster-search-multiple-owners'],
    }),
  }

  async run(): Promise<{ info: ClusterInfoReport; check: CheckReport }> {
    const { args, flags } = await this.parse(Check)
    const loaded = await loadCluster(parseAddr(args.addr), { searchOwners: flags['search-multiple-owners'] })
    const info = clusterInfoReport(loaded)
    const check = checkReport(loaded)
    for (const p of [...infoLines(info), ...checkLines(check)]) this.progress(p)
    if (!check.ok) process.exitCode = 1
    return { info, check }
  }
}
