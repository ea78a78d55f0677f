// One full synchronisation: a point-in-time snapshot (persistence/snapshot.ts) sent to the replicas that
// were waiting for it, while the stream that follows its offset is held for each of them. Diskless
// (every replica announced `capa eof` and repl-diskless-sync is on): `$EOF:<mark>` framing, slices go
// out as they are made. Otherwise the RDB is made in memory first and sent with its length, `$<len>`.
import { randomBytes } from 'node:crypto'
import { setTimeout as sleep } from 'node:timers/promises'
import type { Server } from '../server.js'
import { newSnapshot } from '../persistence/rdb-save.js'
import type { KeyspaceSnapshot } from '../persistence/snapshot.js'
import type { Replica } from './replica-client.js'
import type { ReplicationStream } from './stream.js'

const SLICE_MS = 4
/** A replica's unsent output above which the transfer waits for it to drain. */
const OUTPUT_HIGH_WATER = 8 * 1024 * 1024

export class FullSync {
  readonly done: Promise<void>
  private readonly replicas: Set<Replica>
  private snapshot: KeyspaceSnapshot | null = null

  constructor(private readonly server: Server, private readonly stream: ReplicationStream, replicas: Replica[], private readonly diskless: boolean) {
    this.replicas = new Set(replicas)
    this.done = this.run().catch((e: unknown) => {
      server.log.warning(`Full synchronization failed: ${(e as Error).message}`)
      for (const r of this.replicas) r.client.link.kill()
    }).finally(() => this.snapshot?.detach())
  }

  /** A replica went away during the transfer. */
  drop(r: Replica): void {
    this.replicas.delete(r)
  }

  private async run(): Promise<void> {
    const server = this.server
    const stream = this.stream
    // what was fed before this moment is in the snapshot; the replicas must not get it again
    stream.flush()
    stream.forceSelect()
    const offset = stream.offset
    server.log.notice(`Starting BGSAVE for SYNC with target: ${this.diskless ? 'replicas sockets' : 'disk'}`)
    const head = Buffer.from(`+FULLRESYNC ${stream.replid} ${offset}\r\n`, 'latin1')
    for (const r of this.replicas) {
      r.pending = []
      r.state = 'send_bulk'
      if (!r.oldProtocol) r.client.link.sendRaw(head)
    }
    const snapshot = newSnapshot(server, { repl: { streamDb: stream.streamDb, replid: stream.replid, offset } })
    this.snapshot = snapshot
    snapshot.attach(server.dbs)
    if (this.diskless) await this.sendDiskless(snapshot)
    else await this.sendWithLength(snapshot)
    for (const r of this.replicas) this.finish(r)
  }

  private async sendDiskless(snapshot: KeyspaceSnapshot): Promise<void> {
    const mark = randomBytes(20).toString('hex')
    this.sendAll(Buffer.from(`$EOF:${mark}\r\n`, 'latin1'))
    for (let c = snapshot.next(performance.now() + SLICE_MS); c !== null; c = snapshot.next(performance.now() + SLICE_MS)) {
      if (this.replicas.size === 0) return
      if (c.length > 0) this.sendAll(c)
      await this.drained()
    }
    this.sendAll(Buffer.from(mark, 'latin1'))
  }

  private async sendWithLength(snapshot: KeyspaceSnapshot): Promise<void> {
    const chunks: Buffer[] = []
    for (let c = snapshot.next(performance.now() + SLICE_MS); c !== null; c = snapshot.next(performance.now() + SLICE_MS)) {
      if (this.replicas.size === 0) return
      chunks.push(c)
      await new Promise((r) => setImmediate(r))
    }
    const rdb = Buffer.concat(chunks)
    this.sendAll(Buffer.from(`$${rdb.length}\r\n`, 'latin1'))
    this.sendAll(rdb)
  }

  private sendAll(bytes: Buffer): void {
    for (const r of this.replicas) r.client.link.sendRaw(bytes)
  }

  /** Waits while any replica has much unsent output; one that makes no progress for repl-timeout is dropped. */
  private async drained(): Promise<void> {
    const limitMs = this.server.config.getInt('repl-timeout') * 1000
    const started = performance.now()
    await new Promise((r) => setImmediate(r))
    for (;;) {
      const slow = [...this.replicas].filter((r) => r.client.link.outputBufferBytes() > OUTPUT_HIGH_WATER)
      if (slow.length === 0) return
      if (performance.now() - started > limitMs) {
        for (const r of slow) {
          this.server.log.warning(`Disconnecting timedout replica (full sync): ${r.name}`)
          this.replicas.delete(r)
          r.client.link.kill()
        }
        return
      }
      await sleep(2)
    }
  }

  private finish(r: Replica): void {
    const log = this.server.log
    r.state = 'online'
    r.ackTime = this.server.clock.now()
    if (r.announce.rdbOnly) {
      r.client.link.closeAfterReply()
    } else if (this.diskless) {
      // the stream starts once the replica has loaded the RDB and says so with its first ACK
      r.awaitingFirstAck = true
    } else {
      r.release()
    }
    log.notice(`Synchronization with replica ${r.name} succeeded`)
  }
}
