import { Args, Flags } from '@oclif/core'
import { RclCommand } from '../cli/base-command.js'
import { ask, confirmer, requireTerminal } from '../cli/prompt.js'
import { parseAddr } from '../lib/addr.js'
import { UsageError } from '../lib/errors.js'
import { reshard, type ReshardQuestions, type ReshardResult } from '../lib/ops/reshard.js'

export default class Reshard extends RclCommand {
  static summary = 'Move slots (and their keys) to one master from some or all of the others, as redis-cli --cluster reshard does.'

  static description = `Missing --slots, --to or --from are asked for, as redis-cli asks, when stdin is a terminal; otherwise the
command fails naming the missing flag. A cluster with open slots, uncovered slots, disagreement or unreachable
nodes is refused: rcl fix first. Ctrl-C stops once the slot being moved is done (exit status 130), leaving no
slot open; a second Ctrl-C, or a killed process, leaves at most that one slot open, which rcl fix finishes.`

  static examples = [
    '<%= config.bin %> reshard 127.0.0.1:7000 --slots 1000 --to 3451a979 --from all --yes',
    '<%= config.bin %> reshard 127.0.0.1:7000 --slots 100 --to 3451a979 --from f06fc6a2,639789b4 --pipeline 100',
    '<%= config.bin %> reshard 127.0.0.1:7000',
  ]

  static args = {
    addr: Args.string({ description: 'host:port of any node of the cluster', required: true }),
  }

  static flags = {
    slots: Flags.integer({ description: 'how many slots to move', min: 1, max: 16384, aliases: ['cluster-slots'] }),
    to: Flags.string({ description: 'node ID (or unique prefix) of the receiving master', aliases: ['cluster-to'] }),
    from: Flags.string({ description: "comma-separated source node IDs (or prefixes), or 'all'", aliases: ['cluster-from'] }),
    pipeline: Flags.integer({ description: 'keys per MIGRATE', default: 10, min: 1, aliases: ['cluster-pipeline'] }),
    timeout: Flags.integer({ description: 'MIGRATE timeout, in ms', default: 60_000, min: 1, aliases: ['cluster-timeout'] }),
    replace: Flags.boolean({ description: 'overwrite keys that already exist on the target (MIGRATE REPLACE)', aliases: ['cluster-replace'] }),
    yes: Flags.boolean({ char: 'y', description: 'do not ask for confirmation', aliases: ['cluster-yes'] }),
  }

  async run(): Promise<ReshardResult> {
    const { args, flags } = await this.parse(Reshard)
    const yes = flags.yes || process.env.REDISCLI_CLUSTER_YES === '1'
    // what is missing is asked for after the check is shown; without a terminal, refuse before any work
    for (const flag of ['slots', 'to', 'from'] as const) if (flags[flag] === undefined) requireTerminal(`--${flag}`)
    return this.interruptible((signal) => reshard({
      entry: parseAddr(args.addr), slots: flags.slots, to: flags.to, from: flags.from === undefined ? undefined : parseFrom(flags.from),
      ask: QUESTIONS, onCheck: this.showCheck(), pipeline: flags.pipeline, timeoutMs: flags.timeout, replace: flags.replace, signal,
      confirm: confirmer(yes), progress: this.progress, around: this.liveMoves(),
    }))
  }
}

const QUESTIONS: ReshardQuestions = {
  slots: async () => Number(await ask('How many slots do you want to move (from 1 to 16384)? ', '--slots')),
  to: () => ask('What is the receiving node ID? ', '--to'),
  from: askSources,
}

function parseFrom(text: string): string[] | 'all' {
  if (text.trim() === 'all') return 'all'
  const ids = text.split(',').map((s) => s.trim()).filter((s) => s !== '')
  if (ids.length === 0) throw new UsageError("--from needs node IDs or 'all'")
  return ids
}

async function askSources(): Promise<string[] | 'all'> {
  const first = await ask("Please enter all the source node IDs.\n  Type 'all' to use all the nodes as source nodes for the hash slots.\n  Type 'done' once you entered all the source nodes IDs.\nSource node #1: ", '--from')
  if (first === 'all') return 'all'
  const ids = [first]
  for (let i = 2; i <= 16384; i++) {
    const id = await ask(`Source node #${i}: `, '--from')
    if (id === 'done') break
    ids.push(id)
  }
  return ids.filter((s) => s !== '' && s !== 'done')
}
