import { Args } from '@oclif/core'
import { RclCommand } from '../../cli/base-command.js'
import { addrs, assignments, configFlag, serverFlag, timeoutFlag } from '../../cli/flags.js'
import { parseAddr } from '../../lib/addr.js'
import { UsageError } from '../../lib/errors.js'
import { createReplicaSet, type ReplicaSet } from '../../lib/replicas.js'

export default class ReplicasCreate extends RclCommand {
  static summary = "Start a master and its replicas on this machine and wait until every replica's link is up."

  static examples = [
    '<%= config.bin %> replicas create 127.0.0.1:7000 127.0.0.1:7001 127.0.0.1:7002',
    '<%= config.bin %> replicas create 127.0.0.1:7000 127.0.0.1:7001 --server redis-server --json',
  ]

  static strict = false

  static args = {
    master: Args.string({ description: 'host:port of the master', required: true }),
    replica: Args.string({ description: 'host:port of a replica (repeatable)', required: true }),
  }

  static flags = {
    server: serverFlag,
    config: configFlag,
    timeout: timeoutFlag("every replica's link to come up", 30_000),
  }

  async run(): Promise<ReplicaSet> {
    const { argv, flags } = await this.parse(ReplicasCreate)
    const [master, ...replicas] = argv as string[]
    if (replicas.length === 0) throw new UsageError('Give the master and at least one replica')
    return createReplicaSet({
      stateDir: this.stateDirOf(flags), master: parseAddr(master), replicas: addrs(replicas), server: flags.server,
      overrides: assignments(flags.config, '--config'), timeoutMs: flags.timeout, progress: this.progress,
    })
  }
}
