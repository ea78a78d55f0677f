import { strict as assert } from 'node:assert'
import { describe, it } from 'node:test'
import { joinMembers, type JoinMember } from '../../../../src/lib/ops/join.js'
import type { NodeClient } from '../../../../src/lib/redis-client.js'

/**
 * Nodes without gossip: a MEET leaves a handshake that completes at the sender's next CLUSTER NODES.
 * Between strangers, that makes them known to each other (an introduction). Between nodes that already
 * know each other it is an announcement: the receiver reads the sender's role from it.
 */
class Sim {
  readonly known = new Map<string, Set<string>>()
  /** Per node: the handshakes in progress, with how many more CLUSTER NODES calls each takes. */
  readonly handshakes = new Map<string, Map<string, number>>()
  readonly events: string[] = []
  readonly replicating = new Map<string, string>()

  constructor(readonly ids: string[], readonly masterOf: Map<string, string>) {
    for (const id of ids) { this.known.set(id, new Set()); this.handshakes.set(id, new Map()) }
  }

  member(id: string): JoinMember {
    const port = this.portOf(id)
    const call = async (...args: Array<string | number | Buffer>): Promise<unknown> => this.command(id, args.map(String))
    const client: NodeClient = { addr: { host: '127.0.0.1', port }, call, callBuffer: call, close: () => undefined }
    return { addr: client.addr, id, cport: port + 10000, client, masterId: this.masterOf.get(id) ?? null }
  }

  private portOf(id: string): number { return 7000 + this.ids.indexOf(id) }

  private command(me: string, args: string[]): unknown {
    const [, sub, ...rest] = args
    if (sub === 'NODES') return this.nodes(me)
    if (sub === 'REPLICATE') {
      if (!(this.known.get(me) as Set<string>).has(rest[0])) throw new Error(`ERR Unknown node ${rest[0]}`)
      this.events.push(`${me} replicates ${rest[0]}`)
      this.replicating.set(me, rest[0])
      return 'OK'
    }
    if (sub === 'MEET') {
      const to = this.ids[Number(rest[1]) - 7000]
      const hs = this.handshakes.get(me) as Map<string, number>
      if (hs.has(to)) throw new Error(`ERR Invalid node address specified: ${rest[0]}:${rest[1]}`)
      hs.set(to, this.handshakeRounds(me, to))
      if (!this.knows(me, to) && !this.knows(to, me)) this.events.push(`${me} meets stranger ${to}`)
      if (this.knows(me, to) && this.knows(to, me)) this.events.push(this.announcement(me, to))
      return 'OK'
    }
    throw new Error(`unexpected ${args.join(' ')}`)
  }

  /** Some pairs take longer to shake hands, so nodes come to know each other in a scattered order. */
  private handshakeRounds(a: string, b: string): number {
    return ((this.ids.indexOf(a) + 1) * (this.ids.indexOf(b) + 2)) % 4
  }

  private knows(a: string, b: string): boolean { return (this.known.get(a) as Set<string>).has(b) }

  /** What the receiver learns from the sender's MEET: its role, and its master if it knows that one. */
  private announcement(me: string, to: string): string {
    const master = this.replicating.get(me)
    if (master === undefined) return `${me} announced to ${to}`
    return `${me} announced to ${to} as replica of ${master}${to === master || this.knows(to, master) ? '' : ' (master unknown)'}`
  }

  private nodes(me: string): string {
    const mine = this.known.get(me) as Set<string>
    const hs = this.handshakes.get(me) as Map<string, number>
    for (const [to, rounds] of [...hs]) {
      if (rounds > 0) { hs.set(to, rounds - 1); continue }
      hs.delete(to)
      if (!mine.has(to)) {
        mine.add(to); (this.known.get(to) as Set<string>).add(me)
        this.events.push(`${me} introduced to ${to}`)
      }
    }
    const pending = [...hs.keys()]
    const line = (id: string, flags: string, master: string): string => `${id} 127.0.0.1:${this.portOf(id)}@${this.portOf(id) + 10000} ${flags} ${master} 0 0 1 connected`
    const role = (id: string): [string, string] => (this.replicating.has(id) ? ['slave', this.replicating.get(id) as string] : ['master', '-'])
    return [
      line(me, `myself,${role(me)[0]}`, role(me)[1]),
      ...[...mine].map((id) => line(id, ...role(id))),
      // a handshake shows under a random id until it completes
      ...pending.map((id) => line(`${'f'.repeat(39)}${this.ids.indexOf(id)}`, 'handshake', '-')),
    ].join('\n')
  }
}

describe('joinMembers', () => {
  it('introduces strangers once, replicates once the master is known, and announces every node to every other', async () => {
    const ids = ['a', 'b', 'c', 'd', 'e', 'f'].map((c) => c.repeat(40))
    const masterOf = new Map([[ids[3], ids[0]], [ids[4], ids[1]], [ids[5], ids[2]]])
    const sim = new Sim(ids, masterOf)
    await joinMembers(ids.map((id) => sim.member(id)), 5000)

    // one MEET per unordered pair of strangers: nobody meets a stranger who is meeting them
    assert.equal(sim.events.filter((e) => e.includes('meets stranger')).length, 15)
    for (const [r, m] of masterOf) assert.deepEqual(sim.events.filter((e) => e.startsWith(`${r} replicates`)), [`${r} replicates ${m}`])
    const announced = sim.events.filter((e) => e.includes('announced'))
    assert.equal(new Set(announced.map((e) => e.split(' as ')[0])).size, 30)
    for (const e of announced) assert.doesNotMatch(e, /master unknown/)
    for (const [r] of masterOf) {
      // a replica announces itself only as a replica: what it says in the MEET is what the receiver learns
      const own = announced.filter((e) => e.startsWith(`${r} announced`))
      assert.ok(own.length === 5 && own.every((e) => e.includes('as replica of')), own.join('\n'))
    }
  })

  it('fails within its bound, saying how far it got, when nodes never learn of each other', async () => {
    const ids = ['a', 'b'].map((c) => c.repeat(40))
    const sim = new Sim(ids, new Map())
    const deaf = sim.member(ids[1])
    deaf.client = { ...deaf.client, call: async (...args) => (args[1] === 'MEET' ? 'OK' : `${ids[1]} 127.0.0.1:7001@17001 myself,master - 0 0 1 connected`) }
    await assert.rejects(joinMembers([sim.member(ids[0]), deaf], 300), /only 0 of 2 node pairs met after 300 ms/)
  })
})
