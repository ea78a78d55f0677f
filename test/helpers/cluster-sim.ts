// Several Cluster instances in one process over FakeBusNetwork and FakeTimers: what each node
// published, replicated and logged is recorded, and time only moves when the test says so.
import { Cluster, type ClusterOptions } from '../../src/node/cluster/cluster.js'
import { type ClusterNode, NodeFlag } from '../../src/node/cluster/node.js'
import { ClusterState } from '../../src/node/cluster/state.js'
import { FakeBusNetwork, seededRandom } from './fake-bus-network.js'
import { FakeTimers } from './fake-timers.js'

export interface SimNode {
  cluster: Cluster
  name: string
  ip: string
  port: number
  cport: number
  published: Array<{ channel: string; message: string; shard: boolean }>
  masterChanges: Array<string | null>
  saves: string[]
  logs: string[]
}

export const START = 1_800_000_000_000

/** `n` nodes at 10.0.0.1.., ports 7001.. (bus 17001..), named 1111..., 2222..., ... */
export class ClusterSim {
  readonly timers = new FakeTimers()
  readonly net = new FakeBusNetwork(this.timers)
  readonly nodes: SimNode[] = []

  constructor(n: number, opts: Partial<ClusterOptions> = {}) {
    this.timers.now = START
    for (let i = 0; i < n; i++) this.nodes.push(this.make(i, opts))
  }

  private make(i: number, opts: Partial<ClusterOptions>): SimNode {
    const ip = `10.0.0.${i + 1}`
    const name = ((i + 1) % 16).toString(16).repeat(40)
    const rec: Omit<SimNode, 'cluster'> = { name, ip, port: 7001 + i, cport: 17001 + i, published: [], masterChanges: [], saves: [], logs: [] }
    const cluster = new Cluster({
      state: ClusterState.fresh(name, START), port: rec.port, cport: rec.cport, nodeTimeoutMs: 2000, skipWritableDelay: true,
      clock: { now: () => this.timers.now }, timers: this.timers, network: this.net.view(ip), random: seededRandom(i + 1),
      log: (level, text) => rec.logs.push(`${level} ${text}`),
      hooks: {
        onPublish: (c, m, shard) => rec.published.push({ channel: c.toString(), message: m.toString(), shard }),
        onMasterChanged: (m) => rec.masterChanges.push(m?.name ?? null),
        onConfigChanged: (reason) => rec.saves.push(reason),
        replOffset: () => 0n,
      },
      ...opts,
    })
    return { ...rec, cluster }
  }

  async listen(): Promise<void> {
    for (const n of this.nodes) await n.cluster.listen(n.ip, n.cport)
  }

  close(): void {
    for (const n of this.nodes) n.cluster.close()
    this.timers.advance(10)
  }

  /** Node j as node i knows it. */
  view(i: number, j: number): ClusterNode | undefined {
    return this.nodes[i].cluster.state.lookupNode(this.nodes[j].name)
  }

  /** Every node knows every other under its real name, with no handshake pending, linked. */
  allKnowAll(): boolean {
    return this.nodes.every((me, i) => me.cluster.state.nodes.size === this.nodes.length &&
      this.nodes.every((_, j) => { const v = this.view(i, j); return v !== undefined && (i === j || (v.linked && (v.flags & NodeFlag.HANDSHAKE) === 0)) }))
  }

  /** Advances in 100 ms steps until `pred` holds; returns the simulated ms it took, throws past `maxMs`. */
  until(what: string, pred: () => boolean, maxMs = 60_000): number {
    const t0 = this.timers.now
    while (!pred()) {
      if (this.timers.now - t0 > maxMs) throw new Error(`timed out after ${maxMs} simulated ms waiting for ${what}`)
      this.timers.advance(100)
    }
    return this.timers.now - t0
  }

  /** Every node's slot table agrees with node 0's. */
  slotsAgree(): boolean {
    const ref = this.nodes[0].cluster.state.slots.map((n) => n?.name ?? null)
    return this.nodes.every((n) => n.cluster.state.slots.every((o, s) => (o?.name ?? null) === ref[s]))
  }
}
