import { Args, Flags } from '@oclif/core'
import { RclCommand } from '../cli/base-command.js'
import { parseAddr } from '../lib/addr.js'
import { UsageError } from '../lib/errors.js'
import { callAll, rawReply, type CallResult } from '../lib/ops/call.js'

export default class Call extends RclCommand {
  static summary = 'Run one command on every node of a cluster (or only its masters or replicas); exits 1 if any node fails it.'

  static examples = [
    '<%= config.bin %> call 127.0.0.1:7000 DBSIZE',
    '<%= config.bin %> call 127.0.0.1:7000 CONFIG SET maxmemory 100mb --only-masters',
  ]

  static strict = false

  static args = {
    addr: Args.string({ description: 'host:port of any node of the cluster', required: true }),
    command: Args.string({ description: 'the command and its arguments', required: true }),
  }

  static flags = {
    'only-masters': Flags.boolean({ description: 'only the masters', aliases: ['cluster-only-masters'], exclusive: ['only-replicas'] }),
    'only-replicas': Flags.boolean({ description: 'only the replicas', aliases: ['cluster-only-replicas'] }),
  }

  async run(): Promise<{ results: CallResult[] }> {
    const { argv, flags } = await this.parse(Call)
    const [addr, ...command] = argv as string[]
    if (command.length === 0) throw new UsageError('Give the command to run')
    const only = flags['only-masters'] ? 'masters' : flags['only-replicas'] ? 'replicas' : 'all'
    this.progress({ kind: 'step', text: `Calling ${command.join(' ')}` })
    const results = await callAll(parseAddr(addr), command, only)
    for (const r of results) {
      this.progress(r.error === undefined ? { kind: 'info', text: `${r.addr}: ${rawReply(r.reply)}` } : { kind: 'err', text: `${r.addr}: ${r.error}` })
    }
    if (results.some((r) => r.error !== undefined)) process.exitCode = 1
    return { results }
  }
}
