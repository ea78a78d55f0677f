// One logical client of the fuzzed sequence: a connection to each server, and what the runner knows
// of the client's state (MULTI queue, selected db, a blocking command both servers parked).
import { fullNameOf } from './grammar.js'
import { RespConn, type ReadResult } from './resp-conn.js'
import type { RespValue } from './resp-value.js'
import type { Pair } from './server-pair.js'

/** A blocking command both servers parked: its replies are read when the client is next needed. */
export interface Parked {
  argv: string[]
  name: string
  facts: string[]
  /** The step that sent it. */
  step: number
}

export class ClientPair {
  inMulti = false
  /** Commands queued since MULTI (QUEUED on both servers), whose replies EXEC's array holds in order. */
  queued: string[][] = []
  db = 0
  parked: Parked | null = null

  private constructor(readonly conns: Pair<RespConn>, readonly ids: Pair<string>) {}

  static async open(ports: Pair<number>): Promise<ClientPair> {
    const conns = await Promise.all(ports.map((p) => RespConn.open(p))) as Pair<RespConn>
    const ids = await Promise.all(conns.map(async (c) => {
      const r = await c.call(['CLIENT', 'ID'])
      return typeof r === 'string' ? '' : r.text ?? ''
    })) as Pair<string>
    return new ClientPair(conns, ids)
  }

  close(): void {
    for (const c of this.conns) c.close()
  }

  send(argv: readonly string[]): void {
    for (const c of this.conns) c.send(argv)
  }

  /**
   * Follows what a command did to the client (Redis's reply decides): MULTI opens a queue, commands
   * answered QUEUED join it, EXEC/DISCARD/RESET close it, SELECT (direct or in EXEC) moves the db.
   */
  track(argv: readonly string[], name: string, reply: ReadResult): void {
    if (typeof reply === 'string') return
    if (this.inMulti && !['exec', 'discard', 'multi', 'watch', 'reset', 'quit'].includes(name)) {
      if (reply.text === 'QUEUED') this.queued.push([...argv])
      return
    }
    switch (name) {
      case 'multi': if (reply.text === 'OK') { this.inMulti = true; this.queued = [] } return
      case 'exec': this.trackExec(reply); return
      case 'discard': this.inMulti = false; this.queued = []; return
      case 'reset': this.inMulti = false; this.queued = []; this.db = 0; return
      case 'select': if (reply.text === 'OK') this.db = Number(argv[1])
    }
  }

  private trackExec(reply: RespValue): void {
    const queued = this.queued
    this.inMulti = false
    this.queued = []
    queued.forEach((q, i) => {
      const n = fullNameOf(q)
      if (n === 'select' && reply.items?.[i]?.text === 'OK') this.db = Number(q[1])
      if (n === 'reset') this.db = 0
    })
  }
}
