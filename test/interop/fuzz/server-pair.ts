// The two servers under comparison: real redis-server and rcl-node started with the same settings,
// each with an idle control connection the runner uses for checks that must not disturb a client.
import { startNode, type TestNode } from '../../helpers/node-process.js'
import { CONFIG_DEFAULTS } from './generator.js'
import { RespConn } from './resp-conn.js'
import { isError, show } from './resp-value.js'

const SERVER_ARGS = ['--save', '', '--appendonly', 'no', '--enable-debug-command', 'yes', '--databases', '16']

/** Index 0 is always real Redis, index 1 rcl-node. */
export type Pair<T> = [T, T]
export const SIDE_NAMES: Pair<string> = ['redis', 'rcl']

export class ServerPair {
  private nodes: Pair<TestNode> | null = null
  private controls: Pair<RespConn> | null = null

  async start(): Promise<void> {
    this.nodes = await Promise.all([startNode(SERVER_ARGS, 'redis-server'), startNode(SERVER_ARGS)])
    this.controls = await Promise.all(this.nodes.map((n) => RespConn.open(n.port))) as Pair<RespConn>
  }

  async stop(): Promise<void> {
    for (const c of this.controls ?? []) c.close()
    this.controls = null
    for (const n of this.nodes ?? []) await n.stop(2000)
    this.nodes = null
  }

  /** Kills and restarts both (after a hang or a crash left one unusable). */
  async restart(): Promise<void> {
    await this.stop()
    await this.start()
  }

  get ports(): Pair<number> {
    return [this.nodes?.[0].port ?? 0, this.nodes?.[1].port ?? 0]
  }

  /** The control connections, idle between the runner's own checks. */
  get control(): Pair<RespConn> {
    if (!this.controls) throw new Error('servers not started')
    return this.controls
  }

  /** True while both processes run. */
  get alive(): boolean {
    return this.nodes !== null && this.nodes.every((n) => n.process.exitCode === null && n.process.signalCode === null)
  }

  /**
   * Empties both servers and puts the settings the fuzzer changes back to their defaults. Active expiry
   * is off: a key whose TTL passed then goes only when a command touches it, on both servers alike,
   * instead of whenever each server's expire cycle happens to run.
   */
  async reset(): Promise<void> {
    const config = Object.entries(CONFIG_DEFAULTS).flat()
    for (let i = 0; i < 2; i++) {
      for (const cmd of [['FLUSHALL'], ['CONFIG', 'SET', ...config], ['DEBUG', 'SET-ACTIVE-EXPIRE', '0']]) {
        const r = await this.control[i].call(cmd)
        if (typeof r === 'string' || isError(r)) throw new Error(`${SIDE_NAMES[i]}: ${cmd.join(' ')} failed: ${typeof r === 'string' ? r : show(r)}`)
      }
    }
  }
}
