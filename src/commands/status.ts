import { RclCommand } from '../cli/base-command.js'
import { table } from '../cli/render.js'
import { nodeStatuses, type NodeStatus } from '../lib/lifecycle.js'

export default class Status extends RclCommand {
  static summary = 'List the nodes rcl started: address, pid, server, role, and whether they are alive.'

  static examples = ['<%= config.bin %> status', '<%= config.bin %> status --json']

  async run(): Promise<{ nodes: NodeStatus[] }> {
    const { flags } = await this.parse(Status)
    const stateDir = this.stateDirOf(flags)
    const nodes = await nodeStatuses(stateDir)
    if (!this.jsonEnabled()) this.log(nodes.length === 0 ? `No nodes in ${stateDir}` : this.render(nodes))
    return { nodes }
  }

  private render(nodes: NodeStatus[]): string {
    const c = this.paint
    const rows = nodes.map((n) => [
      n.addr, String(n.pid), n.server, n.template, n.role === 'slave' ? 'replica' : n.role ?? '-',
      n.alive ? c.green('yes') : c.red('no'),
      n.master === null ? '' : `of ${n.master} (link ${n.linkUp ? 'up' : 'down'})`,
    ])
    return table(['ADDRESS', 'PID', 'SERVER', 'TEMPLATE', 'ROLE', 'ALIVE', 'REPLICATION'], rows, c)
  }
}
