import { RclCommand } from '../cli/base-command.js'
import { cleanState, type StoppedNode } from '../lib/lifecycle.js'

export default class Clean extends RclCommand {
  static summary = "Stop every node rcl started and delete their folders (config, logs, data) from the state directory."

  static description = 'Only the node folders rcl made are deleted; the state directory itself goes when nothing else is left in it.'

  static examples = ['<%= config.bin %> clean', '<%= config.bin %> clean --dir /tmp/my-cluster']

  async run(): Promise<{ stateDir: string; nodes: StoppedNode[] }> {
    const { flags } = await this.parse(Clean)
    const stateDir = this.stateDirOf(flags)
    const nodes = await cleanState(stateDir)
    this.progress({ kind: 'ok', text: `Removed ${nodes.length} node(s) from ${stateDir}` })
    return { stateDir, nodes }
  }
}
