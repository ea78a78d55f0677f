import { Args, Flags } from '@oclif/core'
import { RclCommand } from '../cli/base-command.js'
import { confirmer } from '../cli/prompt.js'
import { checkLines } from '../cli/render-cluster.js'
import { parseAddr } from '../lib/addr.js'
import { checkReport, type CheckReport } from '../lib/ops/check.js'
import { fixCluster, type FixResult } from '../lib/ops/fix.js'
import { loadCluster } from '../lib/ops/load.js'

export default class Fix extends RclCommand {
  static summary = 'Repair open slots (an interrupted reshard), uncovered slots and slots with several owners, as redis-cli --cluster fix does; exits 1 unless the cluster is OK afterwards.'

  static description = `Open slots: a move caught half-way is finished; keys imported without a migration go back to the owner;
a one-sided migration is closed. Uncovered slots go to the node holding their keys, or (after confirmation, or
--yes) to the masters with the fewest slots when no node has any, or, when several nodes hold their keys, to the
one with the most, the others' keys moved to it. A slot claimed by several masters, or with keys on masters that
don't own it, gets one owner (the holder of the most keys) and the others' keys are moved to it; a key held on both
sides with different values stops that slot's repair unless --replace. The check, with the search for multiple
owners, runs before and after.`

  static examples = ['<%= config.bin %> fix 127.0.0.1:7000', '<%= config.bin %> fix 127.0.0.1:7000 --yes --json']

  static args = {
    addr: Args.string({ description: 'host:port of any node of the cluster', required: true }),
  }

  static flags = {
    yes: Flags.boolean({ char: 'y', description: 'do not ask before covering slots', aliases: ['cluster-yes'] }),
    'fix-with-unreachable-masters': Flags.boolean({ description: 'also cover the slots of masters that cannot be reached', aliases: ['cluster-fix-with-unreachable-masters'] }),
    pipeline: Flags.integer({ description: 'keys per MIGRATE', default: 10, min: 1, aliases: ['cluster-pipeline'] }),
    timeout: Flags.integer({ description: 'MIGRATE timeout, in ms', default: 60_000, min: 1, aliases: ['cluster-timeout'] }),
    replace: Flags.boolean({ description: 'when a key moved to a slot\'s owner already exists there with another value, overwrite it', aliases: ['cluster-replace'] }),
  }

  async run(): Promise<{ fixed: FixResult; check: CheckReport }> {
    const { args, flags } = await this.parse(Fix)
    const entry = parseAddr(args.addr)
    const before = await loadCluster(entry, { searchOwners: true })
    for (const p of checkLines(checkReport(before))) this.progress(p)
    const fixed = await fixCluster({
      entry, loaded: before, withUnreachableMasters: flags['fix-with-unreachable-masters'], pipeline: flags.pipeline, timeoutMs: flags.timeout,
      replace: flags.replace, confirm: confirmer(flags.yes || process.env.REDISCLI_CLUSTER_YES === '1', { early: false }), progress: this.progress,
    })
    const check = checkReport(await loadCluster(entry, { searchOwners: true }))
    for (const p of checkLines(check)) this.progress(p)
    if (!check.ok || fixed.unfixed.length > 0) process.exitCode = 1
    return { fixed, check }
  }
}
