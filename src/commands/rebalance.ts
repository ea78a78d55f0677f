import { Args, Flags } from '@oclif/core'
import { RclCommand } from '../cli/base-command.js'
import { parseAddr } from '../lib/addr.js'
import { UsageError } from '../lib/errors.js'
import { rebalance, type RebalanceResult } from '../lib/ops/rebalance.js'

export default class Rebalance extends RclCommand {
  static summary = 'Even out the slots across masters by weight, as redis-cli --cluster rebalance does.'

  static description = 'Nothing moves while every master is within --threshold percent of its share. --simulate prints the moves without making them.'

  static examples = [
    '<%= config.bin %> rebalance 127.0.0.1:7000 --use-empty-masters',
    '<%= config.bin %> rebalance 127.0.0.1:7000 --weight 3451a979=2 --weight f06fc6a2=0 --simulate',
  ]

  static args = {
    addr: Args.string({ description: 'host:port of any node of the cluster', required: true }),
  }

  static flags = {
    weight: Flags.string({ description: 'a master\'s weight, as <node id or prefix>=<weight> (repeatable; default 1, 0 empties it)', multiple: true, aliases: ['cluster-weight'] }),
    'use-empty-masters': Flags.boolean({ description: 'give slots to masters that have none', aliases: ['cluster-use-empty-masters'] }),
    threshold: Flags.string({ description: 'percent off its share a master may be before slots move', default: '2', aliases: ['cluster-threshold'] }),
    simulate: Flags.boolean({ description: 'print the moves, make none', aliases: ['cluster-simulate'] }),
    pipeline: Flags.integer({ description: 'keys per MIGRATE', default: 10, min: 1, aliases: ['cluster-pipeline'] }),
    timeout: Flags.integer({ description: 'MIGRATE timeout, in ms', default: 60_000, min: 1, aliases: ['cluster-timeout'] }),
    replace: Flags.boolean({ description: 'overwrite keys that already exist on the target', aliases: ['cluster-replace'] }),
  }

  async run(): Promise<RebalanceResult> {
    const { args, flags } = await this.parse(Rebalance)
    const threshold = Number(flags.threshold)
    if (!Number.isFinite(threshold) || threshold < 0) throw new UsageError(`--threshold must be a number of percent, got '${flags.threshold}'`)
    return this.interruptible((signal) => rebalance({
      entry: parseAddr(args.addr), weights: (flags.weight ?? []).map(parseWeight), useEmptyMasters: flags['use-empty-masters'],
      thresholdPercent: threshold, simulate: flags.simulate, pipeline: flags.pipeline, timeoutMs: flags.timeout, replace: flags.replace, signal,
      progress: this.progress, around: this.liveMoves(), onCheck: this.showCheck(true),
    }))
  }
}

function parseWeight(text: string): [string, number] {
  const m = /^([0-9a-fA-F]+)=(\d+(?:\.\d+)?)$/.exec(text)
  if (m === null) throw new UsageError(`--weight takes <node id>=<weight>, got '${text}'`)
  return [m[1], Number(m[2])]
}
